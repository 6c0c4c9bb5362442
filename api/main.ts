// `npm run api`: one API process; SIGINT/SIGTERM stop accepting requests and close connections.
import { loadConfig } from '../infra/config';
import { startApi } from './server';

async function main() {
  const api = await startApi(loadConfig());
  console.log(JSON.stringify({ level: 'info', msg: 'api listening', url: api.url }));
  const stop = () => void api.shutdown().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`api failed: ${(err as Error).message}`);
  process.exit(1);
});
