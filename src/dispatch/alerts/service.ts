import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { permissionsOf } from '../../core/permissions.ts';
import { acknowledgmentRefusal, overdue, SELF_CLEARING, statusCheckLimit, type Timers } from './rules.ts';
import { raiseAlert, readTimers, TIMERS, toAlertView, type AlertView, type NewAlert } from './store.ts';
import type { Tx } from '../../db/index.ts';
import type { Actor } from '../../core/actor.ts';
import type { Job } from '../../core/jobs.ts';
import { writeSetting } from '../../core/settings.ts';

const SYSTEM = { username: 'system' };

/** Alerts a user must see: dispatchers all; others those addressed to field units, their role or themselves. */
export async function listAlerts(ctx: AppContext, actor: Actor, includeAcknowledged: boolean): Promise<AlertView[]> {
  let query = ctx.db.selectFrom('alert').selectAll();
  if (!includeAcknowledged) query = query.where('acknowledged_at', 'is', null);
  const rows = await query.orderBy('priority').orderBy('raised_at', 'desc').limit(500).execute();
  const held = permissionsOf(actor.roles);
  const mine = (audience: string[]) => held.has('dispatch.dispatch') || audience.includes(actor.username)
    || (held.has('dispatch.own_unit') && audience.includes('field_units'))
    || (actor.roles.includes('commanding_officer') && audience.includes('commanding_officer'));
  return rows.filter((r) => mine(r.audience)).map(toAlertView);
}

/** Acknowledge an alert; who and when are recorded, and an emergency needs a note (81A §E.6.e). */
export async function acknowledgeAlert(ctx: AppContext, actor: Actor, id: string, note: string | undefined): Promise<AlertView> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.selectFrom('alert').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('alert.not_found', `there is no alert ${id}`);
    if (row.acknowledged_at) throw new Conflict('alert.already_acknowledged', `acknowledged by ${row.acknowledged_by} at ${row.acknowledged_at.toISOString()}`);
    const selfClearing = SELF_CLEARING[row.kind];
    if (selfClearing) throw new Conflict('alert.clears_itself', `This alert stays until ${selfClearing.until}; it cannot be acknowledged away.`, { clause: selfClearing.clause });
    const refusal = acknowledgmentRefusal(row.kind, note);
    if (refusal) throw new BadRequest('alert.acknowledgment_required', refusal);
    const updated = await tx.updateTable('alert').set({ acknowledged_at: new Date(), acknowledged_by: actor.username, acknowledgment: note ?? null })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'alert.acknowledged', subject: { type: 'alert', id }, actor: { username: actor.username, unit: actor.unit ?? null }, payload: { kind: row.kind, note: note ?? null } });
    return toAlertView(updated);
  });
}

/**
 * Raise an alert for another capability inside its transaction (the Knox custody check
 * raises one when the OIC closes an incident with master keys out, O-604 §III.F).
 * Null when an alert with the same dedupe key was raised before.
 */
export function raiseAlertIn(tx: Tx, actor: { username: string; unit?: string | null }, alert: NewAlert): Promise<AlertView | null> {
  return raiseAlert(tx, actor, alert);
}

/**
 * Clear the open alert raised with this dedupe key, because what it was about is done
 * (master keys returned, O-604 §III.G): who and why are recorded as its acknowledgment,
 * and `alert.cleared` tells every console. Returns the alerts cleared.
 */
export async function clearAlertsIn(tx: Tx, actor: { username: string; unit?: string | null }, dedupeKey: string, because: string): Promise<AlertView[]> {
  const rows = await tx.updateTable('alert').set({ acknowledged_at: new Date(), acknowledged_by: actor.username, acknowledgment: because })
    .where('dedupe_key', '=', dedupeKey).where('acknowledged_at', 'is', null).returningAll().execute();
  for (const row of rows) {
    await appendEvent(tx, {
      kind: 'alert.cleared', subject: { type: 'alert', id: row.id }, actor: { username: actor.username, unit: actor.unit ?? null },
      confidential: false, payload: { kind: row.kind, because, incident: row.incident_number },
    });
  }
  return rows.map(toAlertView);
}

export async function setTimers(ctx: AppContext, actor: Actor, timers: Partial<Timers>): Promise<Timers> {
  return inTransaction(ctx.db, async (tx) => {
    const merged = { ...(await readTimers(tx)), ...timers };
    await writeSetting(tx, TIMERS, merged);
    await appendEvent(tx, { kind: 'dispatch.timers_changed', subject: { type: 'setting', id: TIMERS.key }, actor, payload: { ...merged } });
    return merged;
  });
}

/**
 * Raise the alerts whose time has come (run every few seconds, and by tests with a
 * chosen `now`): standby re-contact (§E.5.d), units unreachable too long (§E.6.c), and
 * units on scene or out of service past their limit. Each fires once per occurrence.
 */
export async function sweep(ctx: AppContext, now: Date = new Date()): Promise<AlertView[]> {
  const timers = await readTimers(ctx.db);
  const types = new Map((await codeTable(ctx.db, 'incident_type')).map((c) => [c.code, c.attrs.statusCheckMinutes]));
  const reasons = new Map((await codeTable(ctx.db, 'out_of_service_reason')).map((c) => [c.code, c.attrs.statusCheckMinutes]));
  const units = await ctx.db.selectFrom('unit_status as s').leftJoin('incident as i', 'i.number', 's.incident_number')
    .select(['s.call_sign', 's.status', 's.since', 's.reason', 's.incident_number', 's.standby_since', 's.standby_reason', 's.first_unanswered_at', 's.unanswered_calls', 'i.type', 'i.confidential'])
    .execute();
  const raised: AlertView[] = [];
  await inTransaction(ctx.db, async (tx) => {
    const raise = async (alert: Parameters<typeof raiseAlert>[2]) => { const a = await raiseAlert(tx, SYSTEM, alert); if (a) raised.push(a); };
    for (const u of units) {
      const base = { callSign: u.call_sign, incident: u.incident_number, confidential: Boolean(u.confidential) };
      if (overdue(u.standby_since, timers.standbyMinutes, now)) {
        await raise({ ...base, kind: 'standby_recontact', title: `Re-contact ${u.call_sign}: on standby since ${u.standby_since!.toISOString()}`, audience: ['dispatchers'],
          detail: { reason: u.standby_reason, since: u.standby_since!.toISOString(), clause: '81A §E.5.d' }, dedupeKey: `standby:${u.call_sign}:${u.standby_since!.toISOString()}` });
      }
      if (overdue(u.first_unanswered_at, timers.nonResponseMinutes, now)) {
        await raise({ ...base, kind: 'non_response', title: `${u.call_sign} not answering — field units and the commanding officer to locate and contact`,
          audience: ['dispatchers', 'field_units', 'commanding_officer'], detail: { unansweredCalls: u.unanswered_calls, since: u.first_unanswered_at!.toISOString(), clause: '81A §E.6.c' },
          dedupeKey: `non_response:${u.call_sign}:${u.first_unanswered_at!.toISOString()}` });
      }
      const limit = statusCheckLimit(u.status, timers, u.status === 'arrived' ? types.get(u.type ?? '') : reasons.get(u.reason ?? ''));
      if (limit !== null && overdue(u.since, limit, now)) {
        await raise({ ...base, kind: 'status_check', title: `Status check: ${u.call_sign} ${u.status.replace(/_/g, ' ')} for over ${limit} min`, audience: ['dispatchers'],
          detail: { status: u.status, reason: u.reason, since: u.since.toISOString(), limitMinutes: limit }, dedupeKey: `status_check:${u.call_sign}:${u.status}:${u.since.toISOString()}` });
      }
    }
  });
  return raised;
}

/** The timers of 81A §E.5.d and §E.6.c and the status checks, looked at every 15 seconds. */
export const alertSweepJob: Job = { name: 'dispatch.alert-sweep', everyMs: 15_000, run: async (ctx) => { await sweep(ctx); } };
