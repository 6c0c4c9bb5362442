// The alarm mechanism's order must not depend on the machine: replaying a case on a worker with
// another ICU or locale must fire simultaneous alarms in the same order.
import { unfiredAlarms } from '../../../domain/kernel/alarms';

test('simultaneous alarms are ordered by their keys code unit by code unit, not by locale', () => {
  // A locale compare puts 'a' before 'B' and ignores the '-' in 'a-c'; code units put 'B' (0x42) first and '-' before letters.
  const alarms = ['ac', 'a-c', 'a', 'B'].map((key) => ({ key, at: 1000 }));
  expect(unfiredAlarms(alarms, []).map((a) => a.key)).toEqual(['B', 'a', 'a-c', 'ac']);
});

test('earlier alarms come first, fired ones are left out', () => {
  const alarms = [
    { key: 'z', at: 1 },
    { key: 'a', at: 2 },
    { key: 'm', at: 1 },
  ];
  expect(unfiredAlarms(alarms, ['m']).map((a) => a.key)).toEqual(['z', 'a']);
});
