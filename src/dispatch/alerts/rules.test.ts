import { describe, expect, test } from 'vitest';
import { acknowledgmentRefusal, DEFAULT_TIMERS, nonResponsePrompt, overdue, statusCheckLimit } from './rules.ts';

describe('81A §E.6.a–b non-response: "after calling a unit twice … another unit will be dispatched"', () => {
  test.each<[number, number | null, boolean, boolean]>([
    [1, 1, false, false],
    [2, 3, true, false], // §E.6.a keep trying, alternative methods such as cell phone or laptop
    [2, 1, true, true], // §E.6.b "If the call requires an immediate response, another unit will be dispatched"
    [3, null, true, false],
  ])('%i unanswered calls on a priority %s incident: other channel %s, another unit %s', (calls, priority, channel, another) => {
    const prompt = nonResponsePrompt(calls, priority);
    expect([prompt.tryAnotherChannel, prompt.dispatchAnother]).toEqual([channel, another]);
  });
});

describe('timers (81A §E.5.d standby re-contact; unit status checks)', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  test.each<[string, number, boolean]>([
    ['2026-11-25T11:57:00Z', 3, true],
    ['2026-11-25T11:58:00Z', 3, false],
  ])('since %s, %i minutes: overdue %s', (since, minutes, due) => {
    expect(overdue(new Date(since), minutes, now)).toBe(due);
  });
  test.each<[string, unknown, number | null]>([
    ['arrived', undefined, DEFAULT_TIMERS.onSceneMinutes],
    ['arrived', 20, 20], // an incident type's own limit
    ['out_of_service', undefined, DEFAULT_TIMERS.outOfServiceMinutes],
    ['out_of_service', 90, 90], // e.g. court
    ['available', 5, null],
    ['dispatched', undefined, null],
  ])('%s with override %s → %s minutes', (status, override, limit) => {
    expect(statusCheckLimit(status, DEFAULT_TIMERS, override)).toBe(limit);
  });
});

describe('81A §E.6.e emergency alerts need a recorded acknowledgment', () => {
  test.each<[string, string | undefined, boolean]>([
    ['emergency', undefined, false],
    ['emergency', 'ok', false],
    ['emergency', '414 and 412 dispatched; contact made, officer safe', true],
    ['status_check', undefined, true],
  ])('%s with %j accepted: %s', (kind, text, accepted) => {
    expect(acknowledgmentRefusal(kind, text) === null).toBe(accepted);
  });
});
