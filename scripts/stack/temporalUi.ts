// The Temporal Web UI for the cluster engine: the UI server compose runs (temporalio/ui), built from its Go
// module, configured by the image's own env-driven template with compose's variables, stopped with the stack.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StackError } from './errors';
import { canConnect } from './ports';
import type { TemporalUiTools } from './temporalBuild';
import { tail } from './temporalDevServer';
import { settlesWithin, sleep } from './timing';

export interface TemporalUiOptions {
  tools: TemporalUiTools;
  temporalAddress: string;
  namespace: string;
  port: number;
  /** The API's payload codec, as `npm start` gives the dev server's UI. */
  codecEndpoint?: string;
  logFile: string;
}

export interface TemporalUi {
  url: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startTemporalUi(opts: TemporalUiOptions): Promise<TemporalUi> {
  const { tools, port, logFile } = opts;
  // The same variables as docker-compose.yml's temporal-ui service.
  const env = {
    PATH: process.env.PATH,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_UI_PORT: String(port),
    TEMPORAL_DEFAULT_NAMESPACE: opts.namespace,
    TEMPORAL_CODEC_ENDPOINT: opts.codecEndpoint ?? '',
    TEMPORAL_CORS_ORIGINS: `http://localhost:${port}`,
  };
  const args = ['--root', tools.configRoot, '--config', 'config', '--env', 'docker', 'start'];
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} ${tools.server} ${args.join(' ')}\n`);
  let child: ChildProcess;
  try {
    child = spawn(tools.server, args, { env, stdio: ['ignore', out, out] });
  } finally {
    fs.closeSync(out);
  }
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exited) return;
    child.kill('SIGTERM');
    if (!(await settlesWithin(exit, 10_000))) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  for (let i = 0; i < 100 && !exited; i++) {
    if (await canConnect(port, HOST)) return { url: `http://${HOST}:${port}`, stop };
    await sleep(200);
  }
  await stop();
  throw new StackError(`the Temporal UI server did not start on port ${port}\n--- last lines of ${logFile} ---\n${await tail(logFile, 10)}`);
}

/** Where the UI's log goes. */
export const uiLogFile = (logsDir: string) => path.join(logsDir, 'temporal-ui.log');
