/**
 * The response deadline of a public records request: ten business days following its receipt
 * (M.G.L. c.66 §10(a)), counted on the agency's business days (the weekdays of its business
 * hours), skipping the Commonwealth's legal holidays (M.G.L. c.4 §7; a holiday falling on a
 * Sunday is kept the Monday after) and any day the agency records as closed. Pure: dates in,
 * dates out ('YYYY-MM-DD').
 */

const DAY = 86_400_000;
const toDate = (day: string) => new Date(`${day}T12:00:00Z`);
const toDay = (at: Date) => at.toISOString().slice(0, 10);
const weekday = (day: string) => toDate(day).getUTCDay();

/** The nth (1-based) given weekday of a month, or the last when n is -1. */
function nthWeekday(year: number, month: number, dayOfWeek: number, n: number): string {
  if (n === -1) {
    const last = new Date(Date.UTC(year, month, 0, 12));
    while (last.getUTCDay() !== dayOfWeek) last.setUTCDate(last.getUTCDate() - 1);
    return toDay(last);
  }
  const first = new Date(Date.UTC(year, month - 1, 1, 12));
  const offset = (dayOfWeek - first.getUTCDay() + 7) % 7;
  return toDay(new Date(first.getTime() + (offset + 7 * (n - 1)) * DAY));
}

/** A fixed-date holiday, kept on the Monday after when it falls on a Sunday (M.G.L. c.4 §7). */
function fixed(year: number, month: number, day: number): string {
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return weekday(date) === 0 ? toDay(new Date(toDate(date).getTime() + DAY)) : date;
}

/** The Commonwealth's legal holidays of a year, each with its name. */
export function massachusettsHolidays(year: number): { date: string; name: string }[] {
  return [
    { date: fixed(year, 1, 1), name: 'New Year’s Day' },
    { date: nthWeekday(year, 1, 1, 3), name: 'Martin Luther King Jr. Day' },
    { date: nthWeekday(year, 2, 1, 3), name: 'Washington’s Birthday' },
    { date: nthWeekday(year, 4, 1, 3), name: 'Patriots’ Day' },
    { date: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
    { date: fixed(year, 6, 19), name: 'Juneteenth' },
    { date: fixed(year, 7, 4), name: 'Independence Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 10, 1, 2), name: 'Columbus Day' },
    { date: fixed(year, 11, 11), name: 'Veterans Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
    { date: fixed(year, 12, 25), name: 'Christmas Day' },
  ];
}

export interface BusinessCalendar {
  /** Weekdays the agency is open (0 = Sunday), from its business hours. */
  businessDays: readonly number[];
  /** Days the agency records as closed besides the legal holidays. */
  closedDays?: readonly string[];
}

/** The days the agency is closed in the given years besides its weekly closed days: legal holidays and its own closures. */
function closures(calendar: BusinessCalendar, fromYear: number, toYear: number): Map<string, string> {
  const closed = new Map<string, string>();
  for (let y = fromYear; y <= toYear; y += 1) for (const h of massachusettsHolidays(y)) closed.set(h.date, h.name);
  for (const d of calendar.closedDays ?? []) if (!closed.has(d)) closed.set(d, 'closed by the agency');
  return closed;
}

const nextDay = (day: string) => toDay(new Date(toDate(day).getTime() + DAY));
const yearOf = (day: string) => Number(day.slice(0, 4));

/** The tenth business day following the day a request was received, and the days skipped on the way. */
export function responseDeadline(received: string, calendar: BusinessCalendar, businessDays = 10): { deadline: string; skipped: { date: string; why: string }[] } {
  const closed = closures(calendar, yearOf(received), yearOf(received) + 1);
  const skipped: { date: string; why: string }[] = [];
  let day = received;
  let counted = 0;
  while (counted < businessDays) {
    day = nextDay(day);
    if (!calendar.businessDays.includes(weekday(day))) continue;
    const why = closed.get(day);
    if (why) { skipped.push({ date: day, why }); continue; }
    counted += 1;
  }
  return { deadline: day, skipped };
}

/**
 * Business days left before a deadline, counted as the deadline was: the open days after today up to
 * and including the deadline (0 on the deadline itself). After the deadline the answer is negative:
 * the open days after it up to and including today, and at least one (the Saturday after a Friday
 * deadline is a day overdue).
 */
export function businessDaysLeft(deadline: string, today: string, calendar: BusinessCalendar): number {
  if (today === deadline) return 0;
  const [from, to] = today < deadline ? [today, deadline] : [deadline, today];
  const closed = closures(calendar, yearOf(from), yearOf(to));
  let open = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) {
    if (calendar.businessDays.includes(weekday(day)) && !closed.has(day)) open += 1;
  }
  return today < deadline ? open : -Math.max(1, open);
}
