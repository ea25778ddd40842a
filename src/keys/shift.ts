import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { NotFound, PolicyViolation } from '../core/errors.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { DEFAULT_SHIFT_HOURS } from './model.ts';
import { enforce, journal } from './journal.ts';
import { queueDelivery } from './outbound.ts';
import { mayAssignKey, mayHoldKey, mayReturnKey, rosterShiftEnd, wentOffDuty, whomToNotify, type Recipient } from './rules.ts';
import * as store from './store.ts';
import type { Actor } from '../core/actor.ts';
import { agencyDate, agencyDateDaysAgo } from '../core/clock.ts';

/** Keys for a shift (O-604 §III.B) and lost keys / missing master keys (§III.I). */
export interface Assignment { officer: string; callSign?: string | undefined; shiftHours?: number | undefined }

async function lockedKey(tx: Tx, number: string) {
  const key = await store.keyForUpdate(tx, number);
  if (!key) throw new NotFound('knox.key_not_found', `There is no key ${number} in the register.`);
  return key;
}

/** The OIC hands a key to a cruiser or bicycle officer for the shift (§III.B). */
export async function assignKey(ctx: AppContext, actor: Actor, number: string, input: Assignment) {
  return inTransaction(ctx.db, async (tx) => {
    const key = await lockedKey(tx, number);
    enforce(mayAssignKey(key.status));
    const officer = await store.person(tx, input.officer);
    if (!officer) throw new NotFound('knox.officer_not_found', `There is no active user ${input.officer}.`);
    const callSign = input.callSign ?? (await store.callSignToday(tx, officer.username));
    const unit = callSign ? await store.unitKind(tx, callSign) : undefined;
    if (callSign && !unit) throw new NotFound('knox.unit_not_found', `There is no unit ${callSign}.`);
    enforce(mayHoldKey(officer.roles, unit?.kind ?? null));
    const shiftEnd = await shiftEndFor(tx, ctx.config.agency.timeZone, officer.username, input.shiftHours);
    const row = await tx.insertInto('knox_assignment').values({
      key_number: number, officer: officer.username, call_sign: callSign, assigned_by: actor.username,
      due_back_at: shiftEnd.at ?? sql<Date>`now() + make_interval(hours => ${shiftEnd.hours})` as unknown as Date, returned_at: null, returned_to: null, lost_at: null,
    }).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('knox_key').set({ status: 'assigned', holder: officer.username, assignment_id: row.id, since: row.assigned_at }).where('number', '=', number).execute();
    await journal(tx, actor, 'knox.key_assigned', { type: 'knox_key', id: number }, {
      clause: 'O-604 §III.B', officer: officer.username, officerName: store.displayName(officer, officer.username), callSign, dueBackAt: row.due_back_at.toISOString(),
      shiftEndFrom: shiftEnd.from, rosterShift: shiftEnd.rosterShift,
    });
    return { ...assignmentView(row), shiftEndFrom: shiftEnd.from, rosterShift: shiftEnd.rosterShift };
  });
}

interface ShiftEnd { from: 'oic' | 'roster' | 'default'; at: Date | null; hours: number; rosterShift: string | null }

/**
 * When the key is due back (§III.B): the hours the OIC typed override; otherwise the end of
 * the officer's shift on today's (or last night's) duty roster, read in the agency's time
 * zone — the first one still ahead; otherwise the default shift length from now.
 */
async function shiftEndFor(tx: Tx, timeZone: string, officer: string, oicHours: number | undefined): Promise<ShiftEnd> {
  if (oicHours !== undefined) return { from: 'oic', at: null, hours: oicHours, rosterShift: null };
  const now = Date.now();
  const shifts = await store.rosterShifts(tx, officer, [agencyDate(timeZone), agencyDateDaysAgo(timeZone, 1)]);
  const ahead = shifts.map((s) => ({ shift: s.shift, end: rosterShiftEnd(s.shift, s.shift_date, timeZone) }))
    .filter((s): s is { shift: string; end: Date } => s.end !== null && s.end.getTime() > now)
    .sort((a, b) => a.end.getTime() - b.end.getTime())[0];
  if (ahead) return { from: 'roster', at: ahead.end, hours: 0, rosterShift: ahead.shift };
  return { from: 'default', at: null, hours: DEFAULT_SHIFT_HOURS, rosterShift: null };
}

/** The key comes back to the OIC; a return after the shift ended records that it went off duty (§III.B). */
export async function returnKey(ctx: AppContext, actor: Actor, number: string) {
  return inTransaction(ctx.db, async (tx) => {
    const key = await lockedKey(tx, number);
    enforce(mayReturnKey(key.status));
    const open = await store.openAssignment(tx, number);
    if (!open) throw new PolicyViolation('knox.key_not_assigned', 'No open assignment is recorded for this key.', 'O-604 §III.B', 409);
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(tx);
    const now = rows[0]!.now;
    const late = wentOffDuty(open.due_back_at, now);
    const row = await tx.updateTable('knox_assignment').set({ returned_at: now, returned_to: actor.username, went_off_duty: late })
      .where('id', '=', open.id).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('knox_key').set({ status: 'cabinet', holder: null, assignment_id: null, since: now }).where('number', '=', number).execute();
    await clearAlerts(tx, actor, open.id, 'returned');
    await journal(tx, actor, 'knox.key_returned', { type: 'knox_key', id: number }, {
      clause: 'O-604 §III.B', officer: open.officer, wentOffDuty: late, dueBackAt: open.due_back_at.toISOString(),
    });
    return assignmentView(row);
  });
}

async function clearAlerts(tx: Tx, actor: Actor, assignmentId: string, because: string) {
  await tx.updateTable('knox_alert').set({ cleared_at: sql<Date>`now()`, cleared_by: actor.username, cleared_because: because })
    .where('assignment_id', '=', assignmentId).where('cleared_at', 'is', null).execute();
}

export function assignmentView(row: { id: string; key_number: string; officer: string; call_sign: string | null; assigned_by: string; assigned_at: Date; due_back_at: Date; returned_at: Date | null; returned_to: string | null; went_off_duty: boolean; lost_at: Date | null }) {
  return {
    id: row.id, key: row.key_number, officer: row.officer, callSign: row.call_sign, assignedBy: row.assigned_by,
    assignedAt: row.assigned_at.toISOString(), dueBackAt: row.due_back_at.toISOString(),
    returnedAt: row.returned_at?.toISOString() ?? null, returnedTo: row.returned_to, wentOffDuty: row.went_off_duty,
    lostAt: row.lost_at?.toISOString() ?? null,
  };
}

/**
 * Raise the end-of-shift alert for every key still out after its shift ended (§III.B:
 * "Under no circumstance is the Knox Box key to remain in the possession of an officer
 * when off-duty"). Runs every minute; `at` lets a test stand at the end of a shift.
 */
export async function raiseEndOfShiftAlerts(ctx: AppContext, at: Date = new Date()): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    const overdue = await tx.selectFrom('knox_assignment').selectAll()
      .where('returned_at', 'is', null).where('lost_at', 'is', null).where('due_back_at', '<=', at)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('knox_alert').select('id').whereRef('knox_alert.assignment_id', '=', 'knox_assignment.id').where('kind', '=', 'unreturned_key'))))
      .forUpdate().skipLocked().execute();
    const names = await store.people(tx, overdue.map((a) => a.officer));
    for (const a of overdue) {
      const who = store.displayName(names.get(a.officer), a.officer);
      const message = `Knox key ${a.key_number} is still with ${who}${a.call_sign ? ` (${a.call_sign})` : ''} after the shift ended: it must be returned now (O-604 §III.B).`;
      const inserted = await tx.insertInto('knox_alert').values({
        kind: 'unreturned_key', key_number: a.key_number, assignment_id: a.id, box_id: null, officer: a.officer, message,
        cleared_at: null, cleared_by: null, cleared_because: null,
      }).onConflict((oc) => oc.columns(['assignment_id', 'kind']).doNothing()).returning('id').executeTakeFirst();
      if (inserted) await journal(tx, systemActor(), 'knox.key_unreturned', { type: 'knox_key', id: a.key_number }, { clause: 'O-604 §III.B', officer: a.officer, message });
    }
    return overdue.length;
  });
}

function systemActor(): Actor {
  return { username: 'precinct', roles: [], source: null, remote: false };
}

/** A lost or unaccounted-for access key: status lost, alert cleared, authorities and the Supply Supervisor notified (§III.I). */
export async function reportKeyLost(ctx: AppContext, actor: Actor, number: string, details: string) {
  return inTransaction(ctx.db, async (tx) => {
    const key = await lockedKey(tx, number);
    if (key.status === 'lost') throw new PolicyViolation('knox.key_lost', 'This key is already reported lost.', 'O-604 §III.I', 409);
    if (key.status === 'retired') throw new PolicyViolation('knox.key_retired', 'This key is retired from the register.', 'O-604 §III.A', 409);
    const open = await store.openAssignment(tx, number);
    if (open) {
      await tx.updateTable('knox_assignment').set({ lost_at: sql<Date>`now()` as unknown as Date }).where('id', '=', open.id).execute();
      await clearAlerts(tx, actor, open.id, 'reported lost');
    }
    await tx.updateTable('knox_key').set({ status: 'lost', holder: null, assignment_id: null, note: details, since: new Date() }).where('number', '=', number).execute();
    // The access key opens every box and is registered to the Housing Authority (§I.B): its director is told.
    const housing = (await store.boxes(tx)).filter((b) => b.kind !== 'school');
    const contacts = dedupe(housing.flatMap((b) => b.contacts));
    const notices = await notify(tx, actor, { cause: 'lost_key', keyNumber: number, boxId: null, details, boxKind: 'housing_authority', contacts });
    await journal(tx, actor, 'knox.key_lost', { type: 'knox_key', id: number }, { clause: 'O-604 §III.I', details, holder: open?.officer ?? null, notified: notices });
    return { key: number, status: 'lost' as const, notified: notices };
  });
}

/** Master keys found missing from a box: notify its authority and the Supply Supervisor (§III.I). */
export async function reportMissingMasterKeys(ctx: AppContext, actor: Actor, boxId: string, details: string) {
  return inTransaction(ctx.db, async (tx) => {
    const box = await store.box(tx, boxId);
    if (!box) throw new NotFound('knox.box_not_found', `There is no Knox Box ${boxId}.`);
    const notices = await notify(tx, actor, { cause: 'missing_master_keys', keyNumber: null, boxId, details, boxKind: box.kind, contacts: box.contacts });
    await journal(tx, actor, 'knox.master_keys_missing', { type: 'knox_box', id: boxId }, { clause: 'O-604 §III.I', details, notified: notices });
    return { box: boxId, notified: notices };
  });
}

function dedupe<T extends { name: string; role: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(`${c.role}|${c.name}`) ? false : (seen.add(`${c.role}|${c.name}`), true)));
}

interface NoticeInput {
  cause: 'lost_key' | 'missing_master_keys';
  keyNumber: string | null;
  boxId: string | null;
  details: string;
  boxKind: 'housing_authority' | 'state_housing' | 'school';
  contacts: { role: string; name: string; email?: string | null }[];
}

async function notify(tx: Tx, actor: Actor, input: NoticeInput) {
  const supply = (await store.supplySupervisors(tx)).map((p): Recipient => ({ role: 'Supply Supervisor', name: store.displayName(p, p.username), contact: null }));
  const recipients = whomToNotify(input.boxKind, input.contacts, supply);
  const what = input.cause === 'lost_key' ? `Knox Box access key ${input.keyNumber} is lost or unaccounted for` : `Master keys are missing from Knox Box ${input.boxId}`;
  const out = [];
  for (const r of recipients) {
    const deliveryId = r.contact ? await queueDelivery(tx, {
      purpose: input.cause === 'lost_key' ? 'lost_key_notice' : 'missing_keys_notice', recipient: r.contact, recipientName: `${r.name}, ${r.role}`,
      subject: `URGENT: ${what}`, body: `${what}.\n\n${input.details}\n\nReported by ${actor.username} under AOM O-604 §III.I.`,
    }) : null;
    const row = await tx.insertInto('knox_notice').values({
      cause: input.cause, key_number: input.keyNumber, box_id: input.boxId, details: input.details, notified_role: r.role,
      notified_name: r.name, contact: r.contact, delivery_id: deliveryId, reported_by: actor.username,
    }).returning(['notified_at']).executeTakeFirstOrThrow();
    out.push({ role: r.role, name: r.name, contact: r.contact, channel: r.contact ? 'smtp' : 'console', notifiedAt: row.notified_at.toISOString() });
  }
  {
    await tx.insertInto('knox_alert').values({
      kind: input.cause === 'lost_key' ? 'key_lost' : 'master_keys_missing', key_number: input.keyNumber, assignment_id: null, box_id: input.boxId, officer: null,
      message: `${what}: ${input.details} (for the Supply Supervisor, O-604 §III.I)`, cleared_at: null, cleared_by: null, cleared_because: null,
    }).execute();
  }
  return out;
}

/**
 * A notice alert (lost key, missing master keys) is acknowledged by the Supply
 * Supervisor or the OIC; an unreturned-key alert is not: it clears only when the key
 * is returned or reported lost (§III.B).
 */
export async function acknowledgeAlert(ctx: AppContext, actor: Actor, id: string) {
  return inTransaction(ctx.db, async (tx) => {
    const alert = await tx.selectFrom('knox_alert').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!alert) throw new NotFound('knox.alert_not_found', 'There is no such alert.');
    if (alert.kind === 'unreturned_key') {
      throw new PolicyViolation('knox.alert_needs_return', 'This alert stays until the key is returned or reported lost.', 'O-604 §III.B', 409);
    }
    if (alert.cleared_at) return;
    await tx.updateTable('knox_alert').set({ cleared_at: sql<Date>`now()` as unknown as Date, cleared_by: actor.username, cleared_because: 'acknowledged' }).where('id', '=', id).execute();
    await journal(tx, actor, 'knox.alert_acknowledged', { type: 'knox_alert', id }, { kind: alert.kind, message: alert.message });
  });
}

/** Open alerts: all of them for the OIC and Supply Supervisor; an officer sees the ones about their own keys. */
export async function alertsFor(ctx: AppContext, actor: Actor, seesAll: boolean) {
  const rows = await store.openAlerts(ctx.db);
  return rows.filter((a) => seesAll || a.officer === actor.username).map((a) => ({
    id: a.id, kind: a.kind, key: a.key_number, box: a.box_id, officer: a.officer, message: a.message, raisedAt: a.raised_at.toISOString(),
  }));
}

/** The OIC's board: every key with where it is, and for those out, with whom and until when (§III.B). */
export async function keyBoard(ctx: AppContext) {
  const keys = await store.keys(ctx.db);
  const open = await ctx.db.selectFrom('knox_assignment').selectAll().where('returned_at', 'is', null).where('lost_at', 'is', null).execute();
  const names = await store.people(ctx.db, open.map((a) => a.officer));
  const alerts = await store.openAlerts(ctx.db);
  return keys.map((k) => {
    const a = open.find((x) => x.key_number === k.number);
    return {
      number: k.number, status: k.status, note: k.note,
      out: a ? {
        assignmentId: a.id, officer: a.officer, officerName: store.displayName(names.get(a.officer), a.officer), callSign: a.call_sign,
        assignedBy: a.assigned_by, assignedAt: a.assigned_at.toISOString(), dueBackAt: a.due_back_at.toISOString(),
        overdue: alerts.some((al) => al.assignment_id === a.id && al.kind === 'unreturned_key'),
      } : null,
    };
  });
}
