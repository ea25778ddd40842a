/** Dates and times a client sends, checked before they reach the database: a clear 400 naming the field, never a 500. */
import { BadRequest } from '../core/errors.ts';

/** A calendar day YYYY-MM-DD that exists (not 2026-02-31). */
export function day(value: string, field: string): string {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || date.getUTCFullYear() !== y || date.getUTCMonth() !== m! - 1 || date.getUTCDate() !== d) {
    throw new BadRequest('it.bad_date', `${field} must be a real date YYYY-MM-DD, not "${value}".`, { field });
  }
  return value;
}

/** An instant with its offset that the calendar has. */
export function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 9999) {
    throw new BadRequest('it.bad_time', `${field} must be an ISO 8601 time with its offset, not "${value}".`, { field });
  }
  return at;
}
