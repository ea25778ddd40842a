import type { AppContext } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import { inTransaction } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { raiseAlert, shiftCommanders } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { agencyDate, agencyDateDaysAgo } from '../../core/clock.ts';
import { facilityContacts } from '../../directory/service.ts';

/** 81A §B.2.a.xi: the alarms monitored in the Communication Center. */
export const FACILITIES = ['furnace', 'water_pumping_station', 'generator'] as const;
export type Facility = (typeof FACILITIES)[number];
const NAMES: Record<Facility, string> = { furnace: 'Furnace', water_pumping_station: 'Water pumping station', generator: 'Police station generator' };

export interface FacilityAlarmView {
  id: string; facility: string; receivedAt: string; note: string | null; alertId: string | null;
  notify: Record<string, unknown>[]; told: Record<string, unknown>[];
  /** Whom on the notify list nobody has recorded telling yet. */
  stillToTell: string[];
}

type Row = { id: string; facility: string; received_at: Date; note: string | null; alert_id: string | null; notify: Record<string, unknown>[]; told: Record<string, unknown>[] };

function view(r: Row): FacilityAlarmView {
  const toldWho = new Set(r.told.map((t) => String(t.who)));
  return {
    id: r.id, facility: r.facility, receivedAt: r.received_at.toISOString(), note: r.note, alertId: r.alert_id, notify: r.notify, told: r.told,
    stillToTell: r.notify.map((n) => String(n.who)).filter((w) => !toldWho.has(w)),
  };
}

/**
 * An alarm received through the API alerts the dispatcher with whom to notify: the
 * commanding officer on duty and the facility's contact from the directory (§B.2.a.xi).
 */
export async function receiveFacilityAlarm(ctx: AppContext, actor: Actor, facility: Facility, note: string | undefined): Promise<FacilityAlarmView> {
  const tz = ctx.config.agency.timeZone;
  return inTransaction(ctx.db, async (tx) => {
    const commanders = await shiftCommanders(tx, [agencyDate(tz), agencyDateDaysAgo(tz, 1)]);
    const contacts = await facilityContacts(tx, facility);
    const notify = [
      ...(commanders.length ? commanders.map((u) => ({ who: u, role: 'Commanding Officer' })) : [{ who: 'Commanding Officer on duty', role: 'Commanding Officer' }]),
      ...contacts.map((c) => ({ who: c.name, role: 'Facility contact', phone: c.phone })),
    ];
    const row = await tx.insertInto('facility_alarm').values({ facility, note: note ?? null, notify: JSON.stringify(notify), told: '[]', alert_id: null }).returningAll().executeTakeFirstOrThrow();
    const alert = await raiseAlert(tx, actor, {
      kind: 'facility_alarm', title: `${NAMES[facility]} alarm: notify ${notify.map((n) => n.who).join(', ')}`, audience: ['dispatchers'],
      detail: { alarm: row.id, facility, notify, clause: '81A §B.2.a.xi' },
    });
    const updated = await tx.updateTable('facility_alarm').set({ alert_id: alert!.id }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'facility_alarm.received', subject: { type: 'facility_alarm', id: row.id }, actor, payload: { facility, notify } });
    return view(updated);
  });
}

/** Record who was told of the alarm, how and by whom. */
export async function recordTold(ctx: AppContext, actor: Actor, id: string, who: string, means: string | undefined): Promise<FacilityAlarmView> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.selectFrom('facility_alarm').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('facility_alarm.not_found', `there is no facility alarm ${id}`);
    const entry = { who, means: means ?? 'telephone', at: new Date().toISOString(), by: actor.username };
    const updated = await tx.updateTable('facility_alarm').set({ told: JSON.stringify([...row.told, entry]) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'facility_alarm.told', subject: { type: 'facility_alarm', id }, actor, payload: entry });
    return view(updated);
  });
}

export async function listFacilityAlarms(ctx: AppContext): Promise<FacilityAlarmView[]> {
  return (await ctx.db.selectFrom('facility_alarm').selectAll().orderBy('received_at', 'desc').limit(200).execute()).map(view);
}
