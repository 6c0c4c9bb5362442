// `npm run demo`: fills a running `npm start` with a dozen demo cases in different phases, through the
// HTTP API as the demo consultant and insurer (tokens from .data/demo-tokens.json, which npm start writes).
// API_URL (default http://localhost:$PORT, PORT default 3000) points it at another API.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_ACTORS } from './demoTokens';
import { fetchCall, seedDemo } from './demo/scenarios';

async function main() {
  const file = path.resolve(__dirname, '..', '.data', 'demo-tokens.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: start the service with \`npm start\` first (it creates the demo tokens).`);
  const tokens = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const baseUrl = process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const health = await fetch(`${baseUrl}/api/health`).catch(() => null);
  if (!health) throw new Error(`no API at ${baseUrl}: start it with \`npm start\` (or set API_URL)`);
  const caseworker = DEMO_ACTORS.find((a) => a.role === 'caseworker')!;
  const insurer = DEMO_ACTORS.find((a) => a.role === 'insurer')!;
  console.log(`» creating demo cases through ${baseUrl}/api …`);
  const made = await seedDemo(fetchCall(baseUrl), {
    consultant: tokens.consultant,
    insurer: tokens.insurer,
    insurerId: insurer.organisation,
    caseworker: { name: caseworker.name, email: caseworker.email },
  });
  console.log(`✔ ${Object.keys(made).length} new demo case(s). Sign in at ${baseUrl}/ with the demo tokens npm start printed.`);
}

main().catch((err) => {
  console.error(`✖ ${(err as Error).message}`);
  process.exit(1);
});
