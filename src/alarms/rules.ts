/**
 * Alarm premises (S-110 §A.1.a; 81A §G refers alarm response to policy 41F): pure rules on
 * addresses, permits and the false-alarm count. The service reads, asks here, then writes.
 */
import { addressKey } from '../dispatch/incidents/rules.ts';

export const CLAUSE = 'S-110 §A.1.a';
/** The agency's code table of alarm types (burglar, hold-up/panic, fire, medical…). */
export const ALARM_TYPE_TABLE = 'alarm_type';
/** The disposition an incident closes with when the alarm was false (the `disposition` code table). */
export const FALSE_ALARM = 'FALSE_ALARM';
/** Incident types whose code begins so are alarm incidents (ALARM_COMM, ALARM_PANIC: 81A §E). */
export const ALARM_INCIDENT_PREFIX = 'ALARM_';

export function isAlarmIncidentType(code: string): boolean {
  return code.startsWith(ALARM_INCIDENT_PREFIX);
}

/**
 * The address as the CAD compares addresses: number and street, however each is spelled
 * ("12 Elm Street, Millbrook" and "12 elm st." are one place). Empty when there is no street.
 */
export function premisesKey(address: string): string {
  const key = addressKey(address);
  return key.street ? [key.number, key.street].filter(Boolean).join(' ') : '';
}

/** A calendar date ("YYYY-MM-DD") moved by whole years; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface Permit { number: string; issuedOn: string; expiresOn: string }
export type PermitStatus = 'none' | 'not_yet' | 'valid' | 'expired';

export function permitStatus(permit: Permit | null, today: string): PermitStatus {
  if (!permit) return 'none';
  if (today < permit.issuedOn) return 'not_yet';
  return today > permit.expiresOn ? 'expired' : 'valid';
}

/**
 * The permit year the count is kept for: the year from the issue date or one of its
 * anniversaries that holds today, cut at the expiry; a permit already expired counts its
 * last year, one not yet in force its first.
 */
export function permitYear(permit: Permit | null, today: string): { from: string; to: string } | null {
  if (!permit) return null;
  const at = today < permit.issuedOn ? permit.issuedOn : today > permit.expiresOn ? permit.expiresOn : today;
  let from = permit.issuedOn;
  for (let n = 1; addYears(permit.issuedOn, n) <= at; n += 1) from = addYears(permit.issuedOn, n);
  const end = addDays(addYears(from, 1), -1);
  return { from, to: end < permit.expiresOn ? end : permit.expiresOn };
}

/** The last twelve months up to today: after the same date a year ago, through today. */
export function last12Months(today: string): { from: string; to: string } {
  return { from: addDays(addYears(today, -1), 1), to: today };
}

export interface FalseAlarm { number: string; date: string }

/** The false alarms counted in each window, and the ones to list (those in either window), newest first. */
export function countFalseAlarms(alarms: readonly FalseAlarm[], permit: Permit | null, today: string) {
  const rolling = last12Months(today);
  const year = permitYear(permit, today);
  const within = (w: { from: string; to: string } | null, d: string) => w !== null && d >= w.from && d <= w.to;
  const listed = alarms.filter((a) => within(rolling, a.date) || within(year, a.date))
    .map((a) => ({ ...a, inLast12Months: within(rolling, a.date), inPermitYear: within(year, a.date) }))
    .sort((a, b) => (a.date === b.date ? b.number.localeCompare(a.number) : b.date.localeCompare(a.date)));
  return {
    last12Months: listed.filter((a) => a.inLast12Months).length,
    permitYear: year ? { ...year, count: listed.filter((a) => a.inPermitYear).length } : null,
    listed,
  };
}

/** The earliest date the count of these permits looks back to. */
export function countSince(permits: readonly (Permit | null)[], today: string): string {
  return permits.reduce((since, p) => {
    const year = permitYear(p, today);
    return year && year.from < since ? year.from : since;
  }, last12Months(today).from);
}
