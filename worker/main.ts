// `npm run worker`: one worker process; SIGINT/SIGTERM drain it gracefully.
import { loadConfig } from '../infra/config';
import { startWorker } from './run';

async function main() {
  const running = await startWorker(loadConfig());
  console.log(JSON.stringify({ level: 'info', msg: 'worker started' }));
  const stop = () => void running.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.done;
}

main().catch((err) => {
  console.error(`worker failed: ${(err as Error).message}`);
  process.exit(1);
});
