/**
 * The server room (S-110 §G.1): access is recorded by the department's access-control
 * system, whose log is imported here as CSV; unauthorized persons are escorted at all
 * times, and each such visit is recorded with its escort.
 */
import { parse } from 'csv-parse/sync';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { NotFound, PolicyViolation } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import { CLAUSE } from './model.ts';
import { visitAllowed } from './rules.ts';
import * as store from './store.ts';
import { instant } from './input.ts';

const COLUMNS = { at: ['time', 'timestamp', 'date_time', 'datetime'], badge: ['badge', 'card', 'credential'], person: ['name', 'person', 'holder'], door: ['door', 'reader', 'location'], result: ['result', 'event', 'status'] } as const;

export interface AccessLine { at: Date; badge: string; person: string; door: string; result: 'granted' | 'denied' }

function bad(line: number, field: string, rule: string): PolicyViolation {
  return new PolicyViolation('it.access_log_invalid', `Line ${line}, ${field}: ${rule}. Nothing was imported.`, CLAUSE.room);
}

/** Read the access-control system's CSV export: a header naming time, badge, name, door and result. */
export function parseAccessLog(text: string): AccessLine[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, '_')), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new PolicyViolation('it.access_log_invalid', `The file is not readable CSV: ${(error as Error).message.split('\n')[0]}. Nothing was imported.`, CLAUSE.room);
  }
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const column = Object.fromEntries(Object.entries(COLUMNS).map(([key, names]) => [key, names.find((n) => header.includes(n))])) as Record<keyof typeof COLUMNS, string | undefined>;
  const missing = Object.entries(column).filter(([, v]) => !v).map(([k]) => k);
  if (rows.length && missing.length) throw bad(1, 'header', `the columns ${missing.join(', ')} are missing (expected time, badge, name, door, result)`);
  return rows.map((row, i) => {
    const line = i + 2;
    const at = new Date(row[column.at!] ?? '');
    if (Number.isNaN(at.getTime()) || !/\d{4}-\d{2}-\d{2}/.test(row[column.at!] ?? '')) throw bad(line, 'time', 'must be an ISO 8601 date and time, e.g. 2026-12-01T08:15:00-05:00');
    const raw = (row[column.result!] ?? '').toLowerCase();
    const result = /grant|allow|ok|valid/.test(raw) ? 'granted' : /den|reject|invalid|refus/.test(raw) ? 'denied' : undefined;
    if (!result) throw bad(line, 'result', 'must say granted or denied');
    const badge = (row[column.badge!] ?? '').slice(0, 64);
    const door = (row[column.door!] ?? '').slice(0, 120);
    if (!badge) throw bad(line, 'badge', 'is empty');
    if (!door) throw bad(line, 'door', 'is empty');
    return { at, badge, person: (row[column.person!] ?? '').slice(0, 200) || '(unknown)', door, result };
  });
}

export async function importAccessLog(ctx: AppContext, actor: Actor, name: string, text: string): Promise<{ lines: number; added: number }> {
  const lines = parseAccessLog(text);
  return inTransaction(ctx.db, async (tx) => {
    const added = await store.insertRoomAccess(tx, lines.map((l) => ({ ...l, importName: name, by: actor.username })));
    await recordAudit(tx, { actor, action: 'it.room_access_imported', subject: { type: 'it_room_access_log', id: name }, outcome: 'allowed', detail: { lines: lines.length, added, clause: CLAUSE.room } });
    return { lines: lines.length, added };
  });
}

export function roomAccess(ctx: AppContext, from: Date, to: Date) {
  return store.roomAccess(ctx.db, from, to);
}

export function visitors(ctx: AppContext) {
  return store.visitors(ctx.db);
}

export async function recordVisit(ctx: AppContext, actor: Actor, input: { visitor: string; organization?: string | undefined; purpose: string; escort: string; enteredAt: string; leftAt?: string | undefined }) {
  const enteredAt = instant(input.enteredAt, 'enteredAt');
  const leftAt = input.leftAt ? instant(input.leftAt, 'leftAt') : undefined;
  enforce(visitAllowed({ escort: input.escort, enteredAt, leftAt }));
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.insertVisitor(tx, { visitor: input.visitor, organization: input.organization ?? null, purpose: input.purpose, escort: input.escort, enteredAt, leftAt: leftAt ?? null, by: actor.username });
    await recordAudit(tx, { actor, action: 'it.room_visit', subject: { type: 'it_room_visit', id: row.id }, outcome: 'allowed', detail: { visitor: row.visitor, escort: row.escort, clause: CLAUSE.room } });
    return row;
  });
}

export async function visitEnded(ctx: AppContext, actor: Actor, id: string, leftAt: string) {
  const visit = await store.visitor(ctx.db, id);
  if (!visit || visit.left_at) throw new NotFound('it.visit_not_found', 'No open visit has that id.');
  const left = instant(leftAt, 'leftAt');
  enforce(visitAllowed({ escort: visit.escort, enteredAt: visit.entered_at, leftAt: left }));
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.visitorLeft(tx, id, left);
    if (!row) throw new NotFound('it.visit_not_found', 'No open visit has that id.');
    await recordAudit(tx, { actor, action: 'it.room_visit_ended', subject: { type: 'it_room_visit', id }, outcome: 'allowed', detail: { clause: CLAUSE.room } });
    return row;
  });
}
