/**
 * The agency's clock: calendar dates, years and working hours read in the agency's
 * own time zone (a call at 23:59 on Dec 31 belongs to that year, a night shift that
 * began yesterday is still on the roster), and a clock tests can set.
 */

/** Days of the week (0 = Sunday) and a start and end time ('HH:MM'), as the config file gives them. */
export interface Hours {
  days: number[];
  start: string;
  end: string;
}

/** Where "now" comes from for rules that count time (deadlines, retention, shifts). Tests hand in a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that says what it is told: `set()` moves it, `advance()` adds milliseconds. */
export function manualClock(start: Date): Clock & { set(at: Date): void; advance(ms: number): void } {
  let at = start.getTime();
  return { now: () => new Date(at), set: (d) => { at = d.getTime(); }, advance: (ms) => { at += ms; } };
}

/**
 * A formatter for one locale and set of options, made once: building an Intl.DateTimeFormat
 * costs far more than formatting with it, and every roster look-up and access check reads the
 * agency's date (a tenth of a browser test's server CPU went to building them).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * A date or year read in a zone, kept for the UTC minute it was read in: every zone's offset since
 * 1970 is a whole number of minutes, so a local date never changes within one (older moments, whose
 * zones may have kept local mean time to the second, are read each time). Every request that
 * creates or numbers a record reads the agency's year, and formatting it was 1 % of the server's
 * CPU per incident (issue 16 point 2). One entry per zone and reading.
 */
const lastRead = new Map<string, { minute: number; value: string }>();
function readPerMinute(key: string, at: Date, read: () => string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute < 0) return read();
  const kept = lastRead.get(key);
  if (kept && kept.minute === minute) return kept.value;
  const value = read();
  lastRead.set(key, { minute, value });
  return value;
}

/** The agency-local calendar date of a moment ('YYYY-MM-DD'). */
export function agencyDate(timeZone: string, at: Date = new Date()): string {
  return readPerMinute(`date ${timeZone}`, at, () => dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at));
}

/** The agency-local date `days` before a moment: a roster look-up also reads yesterday's night shift. */
export function agencyDateDaysAgo(timeZone: string, days: number, at: Date = new Date()): string {
  return agencyDate(timeZone, new Date(at.getTime() - days * 86_400_000));
}

/** Today and yesterday in the agency's zone: the roster dates a shift on now may have started on. */
export function rosterDates(timeZone: string, at: Date = new Date()): [string, string] {
  return [agencyDate(timeZone, at), agencyDateDaysAgo(timeZone, 1, at)];
}

/** The agency's calendar year of a moment. */
export function agencyYear(timeZone: string, at: Date = new Date()): number {
  return Number(readPerMinute(`year ${timeZone}`, at, () => dateFormat('en-US', { timeZone, year: 'numeric' }).format(at)));
}

/** The weekday (0 = Sunday) and minutes after midnight of an instant in the agency's time zone. */
export function localClock(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = dateFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** True when the instant falls within the working hours, read in the agency's time zone. */
export function withinHours(at: Date, hours: Hours, timeZone: string): boolean {
  const { day, minutes } = localClock(at, timeZone);
  const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  return hours.days.includes(day) && minutes >= toMinutes(hours.start) && minutes < toMinutes(hours.end);
}

/**
 * "2026-05-01 14:02": a moment on the agency's 24-hour clock, as paper and exports print it;
 * "2026-05-01 14:02:07" with `seconds` (the audit trail's exports).
 */
export function agencyStamp(timeZone: string, at: Date | string, { seconds = false } = {}): string {
  const parts = Object.fromEntries(dateFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23',
  }).formatToParts(typeof at === 'string' ? new Date(at) : at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds ? `:${parts.second}` : ''}`;
}
