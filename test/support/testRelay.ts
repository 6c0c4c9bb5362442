// A tiny in-process SMTP relay for email-delivery tests: counts messages by Message-ID and can be
// slow (answers DATA after a delay), refuse recipients (550) or fail temporarily (451) on demand.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One accepted message. */
export interface RelayedMessage {
  messageId: string | null;
  to: string[];
  subject: string;
  at: number;
}

/** A running test relay; its knobs may be changed while it runs. */
export interface TestRelay {
  url: string;
  messages: RelayedMessage[];
  /** Milliseconds to wait before answering each DATA (a slow relay). */
  delayMs: number;
  /** Recipients answered 550 (permanent). */
  refuse: (address: string) => boolean;
  /** Recipient → how many more times to answer 451 (temporary) before accepting. */
  tempFailures: Map<string, number>;
  /** Messages whose DATA is being answered right now. */
  readonly inProgress: number;
  /** How many times a Message-ID arrived. */
  count(messageId: string): number;
  stop(): Promise<void>;
}

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

export async function startTestRelay(): Promise<TestRelay> {
  let inProgress = 0;
  const relay: TestRelay = {
    url: '',
    messages: [],
    delayMs: 0,
    refuse: () => false,
    tempFailures: new Map(),
    get inProgress() {
      return inProgress;
    },
    count: (id) => relay.messages.filter((m) => m.messageId === id).length,
    stop: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Enough for every connection a test's senders open at once.
    maxClients: 100,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (relay.refuse(to)) return callback(smtpError(550, `5.1.1 <${to}>: Recipient address rejected: User unknown`));
      const left = relay.tempFailures.get(to) ?? 0;
      if (left > 0) {
        relay.tempFailures.set(to, left - 1);
        return callback(smtpError(451, `4.3.0 <${to}>: Temporary local problem, try again later`));
      }
      callback();
    },
    onData(stream, session, callback) {
      inProgress++;
      simpleParser(stream)
        .then(async (parsed) => {
          if (relay.delayMs > 0) await new Promise((r) => setTimeout(r, relay.delayMs));
          relay.messages.push({
            messageId: parsed.messageId ?? null,
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            at: Date.now(),
          });
          callback();
        })
        .catch((err: Error) => callback(err))
        .finally(() => inProgress--);
    },
  });
  // A sender killed mid-session resets its connection; unhandled, that 'error' event would end the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  relay.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  relay.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return relay;
}
