import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction, type Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { findIncident, insertNumberedIncident } from '../incidents/store.ts';
import { knownUnits } from '../units/service.ts';
import { raiseAlert, shiftCommanders, type AlertView } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { agencyDate, agencyDateDaysAgo, agencyYear } from '../../core/clock.ts';
import { agencyUnit } from '../units/store.ts';
import { callSignsOf, rosterEntries } from '../../directory/roster.ts';
import { displayName, personByUsername } from '../../identity/people.ts';
import { lastPosition } from '../../geo/service.ts';
import { distressPosition, emergencyTitle, type DistressPosition, type PositionClues } from './rules.ts';

export const EMERGENCY_TYPE = 'OFFICER_EMERG';

interface Distressed {
  radioId: string;
  known: boolean;
  kind: 'mobile' | 'portable' | null;
  callSign: string | null;
  /** The officer's login: who pressed it from their terminal, the portable's holder, or the unit's rostered officer. */
  officer: string | null;
  officerName: string | null;
  badge: string | null;
  /** The incident the unit was on when the button was pressed. */
  onIncident: string | null;
  clues: PositionClues;
}

/**
 * Whose radio this is (81A §E.6.e "this emergency tone identifies the vehicle unit or
 * individual officer's portable number"): a mobile radio carries its unit's call sign;
 * a portable is registered to an officer or a unit; anything else is unknown. The
 * officer is who pressed it on their own terminal, else the portable's holder, else
 * the officer on the unit's roster.
 */
async function identify(tx: Tx, radioId: string, pressedBy: string | undefined, dates: string[]): Promise<Distressed> {
  const registered = await tx.selectFrom('unit_radio').selectAll().where('radio_id', '=', radioId).executeTakeFirst();
  let callSign = registered?.call_sign ?? null;
  let officer = pressedBy ?? registered?.username ?? null;
  const unit = registered ? undefined : await agencyUnit(tx, radioId);
  if (!registered) callSign = unit?.call_sign ?? null;
  if (!callSign && officer) callSign = (await callSignsOf(tx, officer, dates))[0] ?? null;
  if (!officer && callSign) officer = (await rosterEntries(tx, dates, { callSign })).find((e) => e.username)?.username ?? null;
  const person = officer ? await personByUsername(tx, officer) : undefined;
  const status = callSign ? await tx.selectFrom('unit_status').select(['location', 'location_at', 'incident_number']).where('call_sign', '=', callSign).executeTakeFirst() : undefined;
  const area = callSign ? (unit ?? await agencyUnit(tx, callSign))?.area ?? null : null;
  const assigned = status?.incident_number ? await findIncident(tx, status.incident_number) : undefined;
  return {
    radioId, known: Boolean(registered || callSign), kind: registered?.kind ?? (callSign ? 'mobile' : null), callSign, officer,
    officerName: person ? displayName(person, officer ?? '') : null, badge: person?.badge ?? null, onIncident: assigned?.number ?? null,
    clues: {
      assigned: assigned ? { number: assigned.number, location: assigned.location } : null,
      lastReported: status?.location_at ? status.location : null, area,
    },
  };
}

export interface EmergencyInput {
  radioId: string;
  /** The officer who pressed the button on their own terminal. */
  officer?: string | undefined;
  /** The terminal's geolocation, when the officer allowed it. */
  position?: { lat: number; lon: number; accuracyM?: number | undefined } | undefined;
  /** A location the radio system reported with the activation. */
  location?: { address?: string | undefined; lat?: number | undefined; lon?: number | undefined } | undefined;
}

export interface EmergencyOutcome { alert: AlertView; incident: string; unknownRadio: boolean; position: DistressPosition }

/**
 * The emergency button (81A §E.6.e): the highest-priority alert on every console naming
 * the officer, the unit, the incident it was on and the last known position (and where
 * that position came from); an officer-emergency incident created at that position;
 * and the shift commander notified. An unknown radio id still alerts, flagged unknown.
 */
export async function emergencyActivation(ctx: AppContext, actor: Actor, input: EmergencyInput): Promise<EmergencyOutcome> {
  const type = (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === EMERGENCY_TYPE);
  const tz = ctx.config.agency.timeZone;
  const dates = [agencyDate(tz), agencyDateDaysAgo(tz, 1)];
  return inTransaction(ctx.db, async (tx) => {
    const who = await identify(tx, input.radioId, input.officer, dates);
    const avl = who.callSign ? await lastPosition({ db: tx, clock: ctx.clock }, who.callSign) : null;
    const position = distressPosition({ ...who.clues, terminal: input.position, avl: avl && !avl.stale ? avl : null, radio: input.location });
    // The unit's area stands in for nearness where no coordinates are known (81A §E.2.b).
    const incidentLocation = { address: position.address, lat: position.lat, lon: position.lon, positionSource: position.source, ...(who.clues.area ? { area: who.clues.area } : {}) };
    const required = { minUnits: Number(type?.attrs.minUnits ?? 2), supervisor: Boolean(type?.attrs.supervisor ?? true) };
    const whom = [who.officerName, who.callSign].filter(Boolean).join(', ');
    const narrative = `Emergency button, radio ${input.radioId}${whom ? ` (${whom})` : ' — UNKNOWN RADIO ID'}${who.onIncident ? `, on incident ${who.onIncident}` : ''}. Position: ${position.sourceText}.`;
    // the number and the row in one statement, as for an incident a dispatcher creates
    const { number, reportedAt } = await insertNumberedIncident(tx, agencyYear(tz), {
      callId: null, type: EMERGENCY_TYPE, priority: 1, location: incidentLocation, complainant: null, narrative, reportingParty: null,
      createdBy: actor.username, minUnits: required.minUnits, supervisor: required.supervisor,
    });
    const ev = { actor: { username: actor.username, unit: who.callSign } };
    await appendEvent(tx, { ...ev, kind: 'incident.created', subject: { type: 'incident', id: number }, payload: {
      number, type: EMERGENCY_TYPE, priority: 1, location: incidentLocation, complainant: null, reportedAt: reportedAt.toISOString(),
      requiredResponse: required, callId: null, narrative, source: 'emergency_button', radioId: input.radioId, distressedUnit: who.callSign,
    } });
    const commanders = await shiftCommanders(tx, dates);
    const { clues: _clues, ...identity } = who;
    const alert = await raiseAlert(tx, ev.actor, {
      kind: 'emergency', title: emergencyTitle({ officer: who.officerName, callSign: who.callSign, incident: who.onIncident, radioId: input.radioId }),
      callSign: who.callSign, incident: number, audience: ['dispatchers', 'field_units', 'commanding_officer', ...commanders],
      detail: {
        ...identity, unknownRadio: !who.known, position, lastLocation: { address: position.address, lat: position.lat, lon: position.lon },
        reportedLocation: input.location ?? null, shiftCommanders: commanders, clause: '81A §E.6.e',
      },
    });
    await appendEvent(tx, { ...ev, kind: 'alert.shift_commander_notified', subject: { type: 'alert', id: alert!.id }, payload: { notified: commanders, incident: number } });
    return { alert: alert!, incident: number, unknownRadio: !who.known, position };
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
