/** Times on the console: the agency's time zone, 24-hour clock. */
const formats = new Map<string, { clock: Intl.DateTimeFormat; stamp: Intl.DateTimeFormat }>();

function formatsFor(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = {
      clock: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
      stamp: new Intl.DateTimeFormat('en-CA', {
        timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      }),
    };
    formats.set(timeZone, f);
  }
  return f;
}

/** "14:05:09" in the agency's zone. */
export function clock(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatsFor(timeZone).clock.format(d);
}

/** "2026-11-25 14:05:09" in the agency's zone. */
export function stamp(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatsFor(timeZone).stamp.format(d).replace(',', '');
}

/** Elapsed time since `iso`: "0:42", "12:05", "1:02:03". */
export function elapsed(iso: string | null | undefined, now: number): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "2026-11-25": the agency-local calendar date of a moment. */
export function day(iso: string | null | undefined, timeZone: string): string {
  return stamp(iso, timeZone).slice(0, 10);
}

/** "2026-11-25 14:05": a stamp without seconds, for lists and records. */
export function minute(iso: string | null | undefined, timeZone: string): string {
  return stamp(iso, timeZone).slice(0, 16);
}

/** Today's agency-local date ("2026-11-25"), for a date field's starting value. */
export function today(timeZone: string): string {
  return day(new Date().toISOString(), timeZone);
}

/**
 * The moment a wall-clock time in the agency's zone names ("2026-11-25T14:05", as a
 * datetime field gives it, read on the agency's clock and not the workstation's), as ISO.
 */
export function agencyInstant(local: string, timeZone: string): string {
  const wall = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`); // the wall time as if it were UTC
  if (Number.isNaN(wall)) return '';
  let at = wall;
  // the zone's offset at the moment, found again once near a change of offset (daylight saving)
  for (let i = 0; i < 2; i++) at = wall - (Date.parse(`${stamp(new Date(at).toISOString(), timeZone).replace(' ', 'T')}Z`) - at);
  return new Date(at).toISOString();
}
