/**
 * Motor-vehicle citations (S-110 §A.1.p), crash reports (§A.1.e) and tows (§A.1.w), each
 * filed under a case (§B): the one chosen, the case of the CAD incident (a traffic stop)
 * it started from, or a new one. Violations come from the `mv_violation` code table.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound, PolicyViolation } from '../../core/errors.ts';
import { inTransaction, serverTime, type Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import type { Actor } from '../../core/actor.ts';
import type { CrashUnit } from '../../db/tables/records.ts';
import { codeTable } from '../../agency/service.ts';
import { fileUnder, type Filing } from '../filing.ts';
import { personLabel } from '../people-store.ts';
import { namer } from '../print.ts';
import * as store from './store.ts';

export interface NewCitation extends Filing {
  number: string; violatorId?: string | undefined; vehicleId?: string | undefined; plate?: string | undefined; plateState?: string | undefined;
  location: string; violations: string[]; issuedAt?: string | undefined;
}

async function knownPerson(tx: Tx, id: string | undefined, field: string, clause: string): Promise<void> {
  if (id && !(await personLabel(tx, id))) throw new PolicyViolation('record.unknown_person', `${field}: there is no master name ${id}`, clause, 422, field);
}
async function knownVehicle(tx: Tx, id: string | undefined, field: string, clause: string): Promise<void> {
  if (id && !(await store.vehicleExists(tx, id))) throw new PolicyViolation('record.unknown_vehicle', `${field}: there is no vehicle ${id} in the master index`, clause, 422, field);
}

export async function createCitation(ctx: AppContext, actor: Actor, input: NewCitation): Promise<{ number: string; caseNumber: string }> {
  const codes = new Set((await codeTable(ctx.db, 'mv_violation')).map((c) => c.code));
  const unknown = input.violations.filter((v) => !codes.has(v));
  if (unknown.length > 0) throw new PolicyViolation('citation.unknown_violation', `violations: ${unknown.join(', ')} not in the code table mv_violation (GET /api/v1/code-tables/mv_violation)`, 'S-110 §A.1.p', 422, 'violations');
  return inTransaction(ctx.db, async (tx) => {
    const clause = 'S-110 §A.1.p';
    if (await store.citationByNumber(tx, input.number)) throw new Conflict('citation.number_used', `citation ${input.number} is already recorded; each citation number is used once (${clause})`, { clause, field: 'number' });
    await knownPerson(tx, input.violatorId, 'violatorId', clause);
    await knownVehicle(tx, input.vehicleId, 'vehicleId', clause);
    const vehicle = input.vehicleId ? await store.vehicleLabel(tx, input.vehicleId) : undefined;
    const issuedAt = input.issuedAt ? new Date(input.issuedAt) : await serverTime(tx);
    const caseNumber = await fileUnder(tx, ctx, actor, 'citation', input, { type: 'MV CITATION', address: input.location, occurredAt: issuedAt });
    const inserted = await store.insertCitation(tx, {
      number: input.number, case_number: caseNumber, incident_number: input.incidentNumber ?? null, violator_person_id: input.violatorId ?? null,
      vehicle_id: input.vehicleId ?? null, plate: input.plate?.toUpperCase() ?? vehicle?.plate ?? null, plate_state: input.plateState?.toUpperCase() ?? vehicle?.state ?? null,
      location: input.location.trim(), violations: input.violations, issued_at: issuedAt, officer: actor.username,
    });
    if (!inserted) throw new Conflict('citation.number_used', `citation ${input.number} is already recorded; each citation number is used once (${clause})`, { clause, field: 'number' });
    await appendEvent(tx, { kind: 'records.citation.issued', subject: { type: 'citation', id: input.number }, actor, payload: { caseNumber } });
    return { number: input.number, caseNumber };
  });
}

export async function disposeCitation(ctx: AppContext, actor: Actor, number: string, disposition: string): Promise<{ number: string; disposition: string }> {
  return inTransaction(ctx.db, async (tx) => {
    if (!(await store.setDisposition(tx, number, disposition))) throw new NotFound('citation.not_found', `no citation ${number}`);
    await appendEvent(tx, { kind: 'records.citation.disposition', subject: { type: 'citation', id: number }, actor, payload: { disposition } });
    return { number, disposition };
  });
}

export async function getCitation(ctx: AppContext, number: string) {
  const c = await store.citationByNumber(ctx.db, number);
  if (!c) throw new NotFound('citation.not_found', `no citation ${number}`);
  const names = new Map((await codeTable(ctx.db, 'mv_violation', true)).map((v) => [v.code, v.name]));
  return {
    number: c.number, caseNumber: c.case_number, incidentNumber: c.incident_number, violatorId: c.violator_person_id,
    violator: c.violator_person_id ? await personLabel(ctx.db, c.violator_person_id) : null, vehicleId: c.vehicle_id, plate: c.plate, plateState: c.plate_state,
    location: c.location, violations: c.violations.map((code) => ({ code, name: names.get(code) ?? code })), issuedAt: c.issued_at.toISOString(),
    officer: c.officer, officerName: (await namer(ctx.db, [c.officer]))(c.officer), disposition: c.disposition,
  };
}

export interface NewCrash extends Filing { occurredAt: string; location: string; road: string; light: string; weather: string; units: CrashUnit[] }

/** The crash conditions and the code table each comes from (seeded with the MMUCC values; an administrator edits them). */
export const CONDITION_TABLES = { road: 'crash_road', light: 'crash_light', weather: 'crash_weather' } as const;
type Condition = keyof typeof CONDITION_TABLES;

/** Each condition's code is an active code of its table: otherwise a 400 naming the field, before anything is written. */
async function checkConditions(ctx: AppContext, input: Record<Condition, string>): Promise<void> {
  for (const [field, table] of Object.entries(CONDITION_TABLES) as [Condition, string][]) {
    const codes = (await codeTable(ctx.db, table)).map((c) => c.code);
    if (!codes.includes(input[field])) {
      throw new BadRequest('crash.unknown_condition', `${field}: "${input[field]}" is not an active code of the code table ${table} (GET /api/v1/code-tables/${table}) (S-110 §A.1.e)`, { field });
    }
  }
}

/** The words of each condition's code, from its code table (a deactivated code keeps its words; an unknown one shows as itself). */
export async function conditionNamer(db: AppContext['db']): Promise<(field: Condition, code: string) => string> {
  const tables = new Map<Condition, Map<string, string>>();
  for (const [field, table] of Object.entries(CONDITION_TABLES) as [Condition, string][]) tables.set(field, new Map((await codeTable(db, table, true)).map((c) => [c.code, c.name])));
  return (field, code) => tables.get(field)?.get(code) ?? code;
}

export async function createCrash(ctx: AppContext, actor: Actor, input: NewCrash): Promise<{ id: string; caseNumber: string }> {
  await checkConditions(ctx, input);
  return inTransaction(ctx.db, async (tx) => {
    const clause = 'S-110 §A.1.e';
    for (const [i, u] of input.units.entries()) {
      await knownVehicle(tx, u.vehicleId, `units[${i}].vehicleId`, clause);
      await knownPerson(tx, u.driverId, `units[${i}].driverId`, clause);
      for (const [j, o] of u.occupants.entries()) await knownPerson(tx, o.personId, `units[${i}].occupants[${j}].personId`, clause);
    }
    const occurredAt = new Date(input.occurredAt);
    if (occurredAt.getTime() > (await serverTime(tx)).getTime() + 60_000) throw new PolicyViolation('crash.future', 'occurredAt: the crash cannot be in the future', clause, 422, 'occurredAt');
    const caseNumber = await fileUnder(tx, ctx, actor, 'crash', input, { type: 'MV CRASH', address: input.location, occurredAt });
    const id = await store.insertCrash(tx, {
      case_number: caseNumber, incident_number: input.incidentNumber ?? null, occurred_at: occurredAt, location: input.location.trim(),
      road: input.road, light: input.light, weather: input.weather, units: input.units, created_by: actor.username,
    });
    await appendEvent(tx, { kind: 'records.crash.reported', subject: { type: 'crash', id }, actor, payload: { caseNumber } });
    return { id, caseNumber };
  });
}

export async function attachDiagram(ctx: AppContext, actor: Actor, id: string, type: string, bytes: Buffer): Promise<{ sha256: string }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await inTransaction(ctx.db, async (tx) => {
    if (!(await store.setDiagram(tx, id, bytes, type, sha256))) throw new NotFound('crash.not_found', `no crash report ${id}`);
    await appendEvent(tx, { kind: 'records.crash.diagram', subject: { type: 'crash', id }, actor, payload: { sha256 } });
  });
  return { sha256 };
}

export async function getCrash(ctx: AppContext, id: string) {
  const c = await store.crashById(ctx.db, id);
  if (!c) throw new NotFound('crash.not_found', `no crash report ${id}`);
  const condition = await conditionNamer(ctx.db);
  return {
    id: c.id, caseNumber: c.case_number, incidentNumber: c.incident_number, occurredAt: c.occurred_at.toISOString(), location: c.location,
    road: c.road, light: c.light, weather: c.weather, roadName: condition('road', c.road), lightName: condition('light', c.light), weatherName: condition('weather', c.weather), diagram: c.diagram_sha256 ? { sha256: c.diagram_sha256, contentType: c.diagram_type ?? '' } : null,
    createdBy: c.created_by, createdByName: (await namer(ctx.db, [c.created_by]))(c.created_by),
    // each unit with its vehicle and the people in it as a person reads them, occupants by their master name when one is linked
    units: await Promise.all(c.units.map(async (u) => ({
      ...u, ...(u.vehicleId ? { vehicle: (await store.vehicleLabel(ctx.db, u.vehicleId))?.label ?? '' } : {}),
      ...(u.driverId ? { driver: (await personLabel(ctx.db, u.driverId)) ?? '' } : {}),
      occupants: await Promise.all(u.occupants.map(async (o) => (o.personId ? { ...o, name: (await personLabel(ctx.db, o.personId)) ?? o.name } : o))),
    }))),
  };
}

export interface NewTow extends Filing { vehicleId: string; company: string; reason: string; storageLocation: string; towedAt?: string | undefined }

export async function createTow(ctx: AppContext, actor: Actor, input: NewTow): Promise<{ id: string; caseNumber: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const vehicle = await store.vehicleLabel(tx, input.vehicleId);
    if (!vehicle) throw new PolicyViolation('record.unknown_vehicle', `vehicleId: there is no vehicle ${input.vehicleId} in the master index`, 'S-110 §A.1.w', 422, 'vehicleId');
    const towedAt = input.towedAt ? new Date(input.towedAt) : await serverTime(tx);
    const caseNumber = await fileUnder(tx, ctx, actor, 'tow', input, { type: 'TOW', address: input.storageLocation, occurredAt: towedAt });
    const id = await store.insertTow(tx, { case_number: caseNumber, vehicle_id: input.vehicleId, company: input.company.trim(), reason: input.reason.trim(), storage_location: input.storageLocation.trim(), towed_at: towedAt, created_by: actor.username });
    await appendEvent(tx, { kind: 'records.tow.logged', subject: { type: 'tow', id }, actor, payload: { caseNumber, vehicle: vehicle.label } });
    return { id, caseNumber };
  });
}

/** The owner told (how and when), then the release (to whom): a tow is released only after its owner was notified. */
export async function towStep(ctx: AppContext, actor: Actor, id: string, step: { notified: { how: string; at?: string | undefined } } | { released: { to: string; at?: string | undefined } }) {
  return inTransaction(ctx.db, async (tx) => {
    const tow = await store.towForUpdate(tx, id);
    if (!tow) throw new NotFound('tow.not_found', `no tow ${id}`);
    if (tow.released_at) throw new Conflict('tow.released', 'the vehicle was already released', { clause: 'S-110 §A.1.w' });
    if ('notified' in step) {
      await store.updateTow(tx, id, { owner_notified_at: step.notified.at ? new Date(step.notified.at) : await serverTime(tx), owner_notified_how: step.notified.how.trim() });
    } else {
      if (!tow.owner_notified_at) throw new PolicyViolation('tow.owner_not_notified', 'record how the owner was notified before the vehicle is released', 'S-110 §A.1.w');
      await store.updateTow(tx, id, { released_at: step.released.at ? new Date(step.released.at) : await serverTime(tx), released_to: step.released.to.trim() });
    }
    await appendEvent(tx, { kind: `records.tow.${'notified' in step ? 'owner_notified' : 'released'}`, subject: { type: 'tow', id }, actor });
    return getTow(ctx, id, tx);
  });
}

export async function getTow(ctx: AppContext, id: string, tx?: Tx) {
  const t = await store.towById(tx ?? ctx.db, id);
  if (!t) throw new NotFound('tow.not_found', `no tow ${id}`);
  const vehicle = await store.vehicleLabel(tx ?? ctx.db, t.vehicle_id);
  return {
    id: t.id, caseNumber: t.case_number, vehicleId: t.vehicle_id, vehicle: vehicle?.label ?? '', company: t.company, reason: t.reason, storageLocation: t.storage_location,
    towedAt: t.towed_at.toISOString(), ownerNotifiedAt: t.owner_notified_at?.toISOString() ?? null, ownerNotifiedHow: t.owner_notified_how,
    releasedAt: t.released_at?.toISOString() ?? null, releasedTo: t.released_to,
  };
}
