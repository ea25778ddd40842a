import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction, type Tx } from '../../db/index.ts';
import { nextYearlyNumber } from '../../db/numbers.ts';
import { appendEvent } from '../../core/events/log.ts';
import { insertIncident } from '../incidents/store.ts';
import { knownUnits } from '../units/service.ts';
import { raiseAlert, shiftCommanders, type AlertView } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { agencyDate, agencyDateDaysAgo, agencyYear } from '../../core/clock.ts';
import { agencyUnit } from '../units/store.ts';
import { callSignsOf } from '../../directory/roster.ts';
import { personByUsername } from '../../identity/people.ts';

export const EMERGENCY_TYPE = 'OFFICER_EMERG';

interface Distressed {
  radioId: string;
  known: boolean;
  kind: 'mobile' | 'portable' | null;
  callSign: string | null;
  officer: string | null;
  lastLocation: Record<string, unknown> | null;
  locationAt: string | null;
}

/**
 * Whose radio this is (81A §E.6.e "this emergency tone identifies the vehicle unit or
 * individual officer's portable number"): a mobile radio carries its unit's call sign;
 * a portable is registered to an officer or a unit; anything else is unknown.
 */
async function identify(tx: Tx, radioId: string, dates: string[]): Promise<Distressed> {
  const registered = await tx.selectFrom('unit_radio').selectAll().where('radio_id', '=', radioId).executeTakeFirst();
  let callSign = registered?.call_sign ?? null;
  const officer = registered?.username ?? null;
  if (!registered) {
    const unit = await agencyUnit(tx, radioId);
    callSign = unit?.call_sign ?? null;
  }
  if (!callSign && officer) {
    callSign = (await callSignsOf(tx, officer, dates))[0] ?? null;
  }
  const status = callSign ? await tx.selectFrom('unit_status').select(['location', 'location_at']).where('call_sign', '=', callSign).executeTakeFirst() : undefined;
  return {
    radioId, known: Boolean(registered || callSign), kind: registered?.kind ?? (callSign ? 'mobile' : null), callSign, officer,
    lastLocation: status?.location ?? null, locationAt: status?.location_at?.toISOString() ?? null,
  };
}

/**
 * The emergency button (81A §E.6.e): the highest-priority alert on every console with
 * the unit's identity and last location, an officer-emergency incident, and the shift
 * commander notified. An unknown radio id still alerts, flagged unknown.
 */
export async function emergencyActivation(ctx: AppContext, actor: Actor, input: { radioId: string; location?: { address?: string | undefined; lat?: number | undefined; lon?: number | undefined } | undefined }): Promise<{ alert: AlertView; incident: string; unknownRadio: boolean }> {
  const type = (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === EMERGENCY_TYPE);
  const tz = ctx.config.agency.timeZone;
  const dates = [agencyDate(tz), agencyDateDaysAgo(tz, 1)];
  return inTransaction(ctx.db, async (tx) => {
    const who = await identify(tx, input.radioId, dates);
    const location = input.location?.address || input.location?.lat !== undefined ? input.location : who.lastLocation;
    const incidentLocation = { address: typeof location?.address === 'string' ? location.address : `Unknown — locate radio ${input.radioId}`, ...(location ?? {}) };
    const number = await nextYearlyNumber(tx, 'incident', agencyYear(tz));
    const required = { minUnits: Number(type?.attrs.minUnits ?? 2), supervisor: Boolean(type?.attrs.supervisor ?? true) };
    const narrative = `Emergency button, radio ${input.radioId}${who.callSign ? ` (${who.callSign})` : ' — UNKNOWN RADIO ID'}`;
    const reportedAt = await insertIncident(tx, {
      number, callId: null, type: EMERGENCY_TYPE, priority: 1, location: incidentLocation, complainant: null, narrative, reportingParty: null,
      createdBy: actor.username, minUnits: required.minUnits, supervisor: required.supervisor,
    });
    const ev = { actor: { username: actor.username, unit: who.callSign } };
    await appendEvent(tx, { ...ev, kind: 'incident.created', subject: { type: 'incident', id: number }, payload: {
      number, type: EMERGENCY_TYPE, priority: 1, location: incidentLocation, complainant: null, reportedAt: reportedAt.toISOString(),
      requiredResponse: required, callId: null, narrative, source: 'emergency_button', radioId: input.radioId,
    } });
    const commanders = await shiftCommanders(tx, dates);
    const title = who.callSign ? `EMERGENCY — ${who.callSign}${who.officer ? ` (${who.officer})` : ''}` : `EMERGENCY — unknown radio ${input.radioId}`;
    const alert = await raiseAlert(tx, ev.actor, {
      kind: 'emergency', title, callSign: who.callSign, incident: number, audience: ['dispatchers', 'field_units', 'commanding_officer', ...commanders],
      detail: { ...who, unknownRadio: !who.known, reportedLocation: input.location ?? null, shiftCommanders: commanders, clause: '81A §E.6.e' },
    });
    await appendEvent(tx, { ...ev, kind: 'alert.shift_commander_notified', subject: { type: 'alert', id: alert!.id }, payload: { notified: commanders, incident: number } });
    return { alert: alert!, incident: number, unknownRadio: !who.known };
  });
}

/** Register a radio: a portable to an officer (§E.5.c.iii) or a radio to a unit. */
export async function registerRadio(ctx: AppContext, actor: Actor, input: { radioId: string; kind: 'mobile' | 'portable'; callSign?: string | undefined; username?: string | undefined }) {
  if (!input.callSign === !input.username) throw new BadRequest('radio.owner_required', 'a radio belongs to exactly one of a unit (callSign) or an officer (username)');
  if (input.callSign) await knownUnits(ctx, [input.callSign]);
  if (input.username) {
    const user = await personByUsername(ctx.db, input.username);
    if (!user) throw new BadRequest('radio.unknown_user', `there is no user "${input.username}"`);
  }
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.insertInto('unit_radio').values({ radio_id: input.radioId, kind: input.kind, call_sign: input.callSign ?? null, username: input.username ?? null })
      .onConflict((oc) => oc.column('radio_id').doNothing()).returning(['radio_id']).executeTakeFirst();
    if (!row) throw new Conflict('radio.exists', `radio ${input.radioId} is already registered`);
    await appendEvent(tx, { kind: 'radio.registered', subject: { type: 'radio', id: input.radioId }, actor, payload: { ...input } });
    return { radioId: input.radioId, kind: input.kind, callSign: input.callSign ?? null, username: input.username ?? null };
  });
}
