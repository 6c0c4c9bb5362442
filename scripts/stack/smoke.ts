// Smoke test of the embedded stack: starts every part on free ports, exercises each one for real, stops
// everything and checks nothing is left running. `--data-dir DIR` reuses DIR to prove data persists.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SEARCH_ATTRIBUTES, startStack } from './index';
import { findFreePort } from './ports';

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`smoke check failed: ${what}`);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--data-dir');
  const dataDir = i > 0 ? path.resolve(process.argv[i + 1]) : fs.mkdtempSync(path.join(os.tmpdir(), 'stack-smoke-'));
  const ports = {
    temporal: await findFreePort(),
    temporalUi: await findFreePort(),
    postgres: await findFreePort(),
    smtp: await findFreePort(),
    mailWeb: await findFreePort(),
  };
  // Force the embedded parts even if the caller's shell points at real services.
  const env = { ...process.env, TEMPORAL_ADDRESS: '', DATABASE_URL: '', SMTP_URL: '' };
  const started = Date.now();
  const stack = await startStack({ dataDir, ports, env, log: (l) => console.log(l) });
  console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${dataDir})`);

  try {
    // SMTP: a real delivery through the catcher, read back over its HTTP API.
    const to = `smoke-${Date.now()}@example.test`;
    const transport = nodemailer.createTransport(stack.smtpUrl);
    await transport.sendMail({ from: 'smoke@example.test', to, subject: 'smoke', text: 'hello from smoke' });
    const res = await fetch(`${stack.mailWebUrl}/messages?to=${encodeURIComponent(to)}`);
    const mails = (await res.json()) as Array<{ subject: string; text: string }>;
    check(mails.length === 1 && mails[0].subject === 'smoke' && mails[0].text.includes('hello from smoke'), 'mail round trip');
    console.log('✓ SMTP: sent and read back 1 message');

    // Postgres: a query, plus a table whose rows count the runs on this dataDir.
    const db = new pg.Client(stack.databaseUrl);
    await db.connect();
    try {
      check((await db.query('select 1 as one')).rows[0].one === 1, 'select 1');
      const existed = (await db.query("select to_regclass('public.smoke_runs') is not null as e")).rows[0].e as boolean;
      await db.query('create table if not exists smoke_runs (run serial primary key, at timestamptz not null default now())');
      await db.query('insert into smoke_runs default values');
      const runs = Number((await db.query('select count(*) as n from smoke_runs')).rows[0].n);
      console.log(`✓ Postgres: select 1 ok; smoke_runs ${existed ? 'existed' : 'created'}, now ${runs} run(s)`);
    } finally {
      await db.end();
    }

    // Temporal: connect, and check the namespace setup the service relies on.
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
      const retention = Number(ns.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
      check(retention === 30 * 24 * 3600, `retention 30 days (got ${retention} s)`);
      const attrs = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      for (const name of Object.keys(SEARCH_ATTRIBUTES)) check(name in (attrs.customAttributes ?? {}), `search attribute ${name}`);
      console.log(`✓ Temporal: connected to ${stack.temporalAddress}; retention 30 d; search attributes registered`);
    } finally {
      await connection.close();
    }
    if (stack.temporalUiUrl) {
      const ui = await fetch(stack.temporalUiUrl);
      check(ui.ok, `Temporal UI at ${stack.temporalUiUrl}`);
      console.log(`✓ Temporal UI answers at ${stack.temporalUiUrl}`);
    }
  } finally {
    const stopAt = Date.now();
    await stack.stop();
    await stack.stop(); // idempotent
    console.log(`stack stopped in ${((Date.now() - stopAt) / 1000).toFixed(1)} s`);
  }

  const leftovers = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(dataDir) && !l.includes('smoke.ts'));
  check(leftovers.length === 0, `no process left on ${dataDir}:\n${leftovers.join('\n')}`);
  console.log(`OK (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
