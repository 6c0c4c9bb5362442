// Runs the SMTP catcher as its own process (SMTP_PORT, HTTP_PORT, MAIL_DIR from env), so tests can
// kill -9 and restart it independently of the rest of the stack. Prints "ready <smtpUrl> <webUrl>".
// SMTP_ANSWER_DELAY_MS makes it a slow relay (the fault run's slow-relay scenario).
import path from 'node:path';
import { StackError } from './errors';
import { startSmtpCatcher } from './smtpCatcher';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new StackError(`${name}=${raw} is not a port number`);
  return value;
}

async function main(): Promise<void> {
  const catcher = await startSmtpCatcher({
    smtpPort: port('SMTP_PORT', 1025),
    httpPort: port('HTTP_PORT', 8025),
    mailDir: path.resolve(process.env.MAIL_DIR ?? path.join('.data', 'mail')),
    log: (line) => console.log(line),
    answerDelayMs: Number(process.env.SMTP_ANSWER_DELAY_MS ?? 0) || 0,
  });
  console.log(`ready ${catcher.smtpUrl} ${catcher.webUrl}`);
  const shutdown = () => {
    catcher.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
