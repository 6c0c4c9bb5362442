// The outbox's rules without I/O: which SMTP failures are permanent, which addresses are not worth
// offering to a relay, and the one Message-ID of a key.
import { classifySendFailure, isPlausibleAddress, messageIdFor } from '../../../activities/email';

test('5xx replies and a refused envelope are permanent; 4xx, connection errors and timeouts are temporary', () => {
  const reply = (responseCode: number, response: string, code = 'EENVELOPE') => Object.assign(new Error(`Can't send mail - ${response}`), { responseCode, response, code });
  expect(classifySendFailure(reply(550, '550 5.1.1 <x@y.dk>: Recipient address rejected: User unknown'))).toEqual({
    permanent: true,
    reason: '550 5.1.1 <x@y.dk>: Recipient address rejected: User unknown',
  });
  expect(classifySendFailure(reply(553, '553 5.1.3 Bad recipient address syntax')).permanent).toBe(true);
  expect(classifySendFailure(reply(554, '554 5.7.1 Message rejected', 'EMESSAGE')).permanent).toBe(true);
  expect(classifySendFailure(reply(451, '451 4.3.0 Temporary local problem')).permanent).toBe(false);
  expect(classifySendFailure(reply(421, '421 4.7.0 Try again later', 'EPROTOCOL')).permanent).toBe(false);
  expect(classifySendFailure(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' }))).toEqual({ permanent: true, reason: 'No recipients defined' });
  expect(classifySendFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })).permanent).toBe(false);
  expect(classifySendFailure(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })).permanent).toBe(false);
});

test('addresses without an @, a domain or with spaces are never offered to the relay', () => {
  for (const ok of ['karen@fastholdelse.dk', 'a.b+c@sub.example.test', 'skade@forsikring.invalid']) expect(isPlausibleAddress(ok)).toBe(true);
  for (const bad of ['karen.fastholdelse.dk', 'karen@', '@fastholdelse.dk', 'karen@fastholdelse', 'karen @fastholdelse.dk', 'karen@fastholdelse.d']) {
    expect(isPlausibleAddress(bad)).toBe(false);
  }
});

test('one stable Message-ID per outbox key', () => {
  expect(messageIdFor('case-accepted:c1')).toBe(messageIdFor('case-accepted:c1'));
  expect(messageIdFor('case-accepted:c1')).not.toBe(messageIdFor('case-accepted:c2'));
  expect(messageIdFor('case-accepted:c1')).toMatch(/^<[0-9a-f]{32}@retention\.local>$/);
});
