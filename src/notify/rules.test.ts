import { describe, expect, test } from 'vitest';
import { attemptAllowed, closeAllowed, completesByItself, settled, type EntryCalls } from './rules.ts';

const entry = (outcomes: EntryCalls['outcomes'], required = true, name = 'DPW on-call'): EntryCalls => ({ name, required, outcomes });

describe('S-110 §A.1.h call-down rules', () => {
  test.each([
    [[], false],
    [['no_answer'], false],
    [['left_message'], false],
    [['no_answer', 'reached'], true],
    [['wrong_number'], true],
    [['wrong_number', 'no_answer'], false],
  ] as const)('an entry called %j is settled: %s', (outcomes, expected) => {
    expect(settled(entry(outcomes))).toBe(expected);
  });

  test('a call-down completes by itself when every required entry is reached; an optional alternate need not be called', () => {
    expect(completesByItself([entry(['reached']), entry([], false, 'Superintendent')])).toBe(true);
    expect(completesByItself([entry(['reached']), entry(['no_answer'])])).toBe(false);
  });

  test('no call is recorded on a complete call-down', () => {
    expect(attemptAllowed(new Date())).toMatchObject({ allowed: false, code: 'calldown.complete', status: 409 });
    expect(attemptAllowed(null)).toMatchObject({ allowed: true });
  });

  test('the dispatcher closes a call-down only when every required entry was called at least once, and names who was not', () => {
    const refused = closeAllowed(null, [entry(['no_answer']), entry([], true, 'Water superintendent'), entry([], false, 'Alternate')]);
    expect(refused).toMatchObject({ allowed: false, code: 'calldown.not_called' });
    expect(refused.allowed ? '' : refused.detail).toMatch(/Water superintendent/);
    expect(refused.allowed ? '' : refused.detail).not.toMatch(/Alternate/);
    expect(closeAllowed(null, [entry(['no_answer']), entry(['left_message'])])).toMatchObject({ allowed: true });
  });
});
