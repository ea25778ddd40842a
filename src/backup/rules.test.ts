import { describe, expect, test } from 'vitest';
import { backupDue, DEFAULT_RETENTION_DAYS, drillDue, expiredArchives, frequencyAllowed, keyApartFromArchives, retentionAllowed } from './rules.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
const archive = (id: string, age: number, good = true, prunedAt: Date | null = null) => ({ id, createdAt: daysAgo(age), good, prunedAt });

describe('backup rules (S-110 §E)', () => {
  test('on-premises backups are kept two months by default (S-110 §E.1)', () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(61);
  });

  test('the prune removes only archives past retention (S-110 §E.1)', () => {
    const list = [archive('new', 1), archive('month', 30), archive('old', 70), archive('older', 90)];
    expect(expiredArchives(list, now, 61).sort()).toEqual(['old', 'older']);
  });

  test('the prune never removes the last good archive, however old (S-110 §E)', () => {
    const list = [archive('failed-new', 1, false), archive('good-old', 100), archive('good-older', 120)];
    expect(expiredArchives(list, now, 61)).toEqual(['good-older']);
    expect(expiredArchives([archive('only', 400)], now, 61)).toEqual([]);
  });

  test('an archive already pruned is not pruned twice', () => {
    expect(expiredArchives([archive('a', 1), archive('b', 90, true, daysAgo(20))], now, 61)).toEqual([]);
  });

  test('retention and frequency are matters of policy the IT Director sets within bounds (S-110 §E.2)', () => {
    expect(retentionAllowed(61).allowed).toBe(true);
    expect(retentionAllowed(3)).toMatchObject({ allowed: false, code: 'backup.retention_out_of_range', clause: 'S-110 §E.2' });
    expect(retentionAllowed(1.5).allowed).toBe(false);
    expect(frequencyAllowed(24).allowed).toBe(true);
    expect(frequencyAllowed(0)).toMatchObject({ allowed: false, code: 'backup.frequency_out_of_range' });
  });

  test('a backup is due when none succeeded within the frequency, a drill when none ran within its interval', () => {
    expect(backupDue(null, now, 24)).toBe(true);
    expect(backupDue(new Date(now.getTime() - 23 * 3_600_000), now, 24)).toBe(false);
    expect(backupDue(new Date(now.getTime() - 25 * 3_600_000), now, 24)).toBe(true);
    expect(drillDue(daysAgo(10), now, 30)).toBe(false);
    expect(drillDue(daysAgo(31), now, 30)).toBe(true);
  });

  test('the key that opens the archives may not sit in a folder that holds them (S-110 §E: fully encrypted)', () => {
    expect(keyApartFromArchives('/srv/backups/identity.txt', ['/srv/backups'])).toMatchObject({ allowed: false, code: 'backup.key_beside_archives' });
    expect(keyApartFromArchives('/mnt/offsite/keys/id.txt', ['/srv/backups', '/mnt/offsite'])).toMatchObject({ allowed: false });
    expect(keyApartFromArchives('/root/safe/identity.txt', ['/srv/backups', '/mnt/offsite']).allowed).toBe(true);
    expect(keyApartFromArchives('/srv/backups-keys/id.txt', ['/srv/backups']).allowed).toBe(true);
  });
});
