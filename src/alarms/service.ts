/**
 * Alarm premises (S-110 §A.1.a): the premises with an alarm, its company, its permit and the
 * key holders to call, with its false alarms counted from the CAD's closed alarm incidents.
 * The records clerk and the commanding officer keep it; dispatchers and officers read it at
 * call time. Every write and its audit row are one transaction; entries are made inactive,
 * never deleted.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest, Conflict, NotFound } from '../core/errors.ts';
import { agencyDate } from '../core/clock.ts';
import { pageFrom, type Page, type PageRequest } from '../core/paging.ts';
import { permissionsOf } from '../core/permissions.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import type { KeyHolder } from '../db/tables/alarms.ts';
import { codeTable } from '../agency/service.ts';
import { displayNames } from '../identity/people.ts';
import { verifyLocation } from '../geo/service.ts';
import { closedIncidentsAs } from '../dispatch/incidents/service.ts';
import { ALARM_TYPE_TABLE, CLAUSE, countFalseAlarms, countSince, FALSE_ALARM, isAlarmIncidentType, permitStatus, premisesKey, type Permit } from './rules.ts';
import * as store from './store.ts';

export const PREMISES_PAGE = { default: 100, max: 500 } as const;

type PremisesRow = NonNullable<Awaited<ReturnType<typeof store.premisesById>>>;

export interface PremisesInput {
  name: string; address: string; alarmTypes: string[];
  company?: { name: string; phone: string; account?: string | undefined } | undefined;
  permit?: Permit | undefined;
  keyHolders: KeyHolder[];
  notes?: string | undefined;
  active?: boolean | undefined;
}

/** Refuse the input, naming the field as the schema's refusals do ("keyHolders.0.name"). */
function field(name: string, detail: string): never {
  throw new BadRequest('alarms.invalid', `body.${name} ${detail} (${CLAUSE})`, { field: name, clause: CLAUSE });
}

const today = (ctx: AppContext) => agencyDate(ctx.config.agency.timeZone, ctx.clock.now());
const blankless = (text: string | undefined) => text?.trim() || null;

/** What the register stores for this input: checked against the code table and the town's files. */
async function premisesRow(ctx: AppContext, input: PremisesInput, active: boolean): Promise<store.PremisesRow> {
  const name = input.name.trim();
  if (!name) field('name', 'is required: the premises as a dispatcher would say it');
  const known = new Set((await codeTable(ctx.db, ALARM_TYPE_TABLE)).map((c) => c.code));
  const unknown = input.alarmTypes.findIndex((t) => !known.has(t));
  if (unknown >= 0) field(`alarmTypes.${unknown}`, `"${input.alarmTypes[unknown]}" is not a code of the ${ALARM_TYPE_TABLE} table`);
  if (input.company && !input.company.name.trim()) field('company.name', 'is required when an alarm company is given');
  const permit = input.permit ? { number: input.permit.number.trim(), issuedOn: input.permit.issuedOn, expiresOn: input.permit.expiresOn } : null;
  if (permit && !permit.number) field('permit.number', 'is required when a permit is given');
  if (permit && permit.expiresOn < permit.issuedOn) field('permit.expiresOn', `(${permit.expiresOn}) is before the permit was issued (${permit.issuedOn})`);
  const keyHolders = input.keyHolders.map((k, i) => {
    // the schema asks for at least one number that has a digit (a key holder the dispatcher cannot call is no use)
    if (!k.name.trim()) field(`keyHolders.${i}.name`, 'is required: a key holder is called by name');
    return { name: k.name.trim(), phones: k.phones.map((p) => p.trim()), canRespond: k.canRespond };
  });
  const where = await verifyLocation(ctx, input.address);
  const address = where.verified ? where.label : input.address.trim();
  const key = premisesKey(address);
  if (!key) field('address', 'names no street: give the premises’ number and street');
  return {
    name, address, address_key: key, verified: where.verified, lat: where.lat, lon: where.lon, alarm_types: [...new Set(input.alarmTypes)],
    company_name: blankless(input.company?.name), company_phone: blankless(input.company?.phone), company_account: blankless(input.company?.account),
    permit_number: permit?.number ?? null, permit_issued_on: permit?.issuedOn ?? null, permit_expires_on: permit?.expiresOn ?? null,
    key_holders: keyHolders, notes: blankless(input.notes), active,
  };
}

/** One active entry per address: a second would split the false-alarm count and the key holders. */
async function refuseSecondAtAddress(tx: Tx, row: store.PremisesRow, self?: string): Promise<void> {
  if (!row.active) return;
  const other = (await store.activeAt(tx, row.address_key)).find((p) => p.id !== self);
  if (other) throw new Conflict('alarms.duplicate_address', `"${other.name}" is already registered at ${other.address}: edit that entry, or make it inactive first.`, { field: 'address', clause: CLAUSE });
}

/** The unique index decides when two clerks register one address at once. */
async function unlessDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new Conflict('alarms.duplicate_address', 'Another active entry was registered at this address at the same time.', { field: 'address', clause: CLAUSE });
    throw err;
  }
}

export async function registerPremises(ctx: AppContext, actor: Actor, input: PremisesInput): Promise<string> {
  const row = await premisesRow(ctx, input, true);
  return inTransaction(ctx.db, async (tx) => {
    await refuseSecondAtAddress(tx, row);
    const made = await unlessDuplicate(() => store.insertPremises(tx, row, actor.username));
    await recordAudit(tx, {
      actor, action: 'alarms.registered', subject: { type: 'alarm_premises', id: made.id }, outcome: 'allowed',
      detail: { name: row.name, address: row.address, verified: row.verified, permit: row.permit_number, keyHolders: row.key_holders.length, clause: CLAUSE },
    });
    return made.id;
  });
}

/** Change an entry (the whole of it, as the form shows it), or make it inactive or active again. */
export async function updatePremises(ctx: AppContext, actor: Actor, id: string, input: PremisesInput): Promise<void> {
  const current = await store.premisesById(ctx.db, id);
  if (!current) throw new NotFound('alarms.not_found', `No alarm premises ${id}.`);
  const row = await premisesRow(ctx, input, input.active ?? current.active);
  await inTransaction(ctx.db, async (tx) => {
    const before = await store.lockPremises(tx, id);
    if (!before) throw new NotFound('alarms.not_found', `No alarm premises ${id}.`);
    await refuseSecondAtAddress(tx, row, id);
    await unlessDuplicate(() => store.updatePremises(tx, id, row, actor.username));
    const changed = (Object.keys(row) as (keyof store.PremisesRow)[]).filter((k) => JSON.stringify(row[k]) !== JSON.stringify(before[k]));
    await recordAudit(tx, {
      actor, action: row.active === before.active ? 'alarms.changed' : row.active ? 'alarms.reactivated' : 'alarms.deactivated',
      subject: { type: 'alarm_premises', id }, outcome: 'allowed', detail: { name: row.name, address: row.address, changed, clause: CLAUSE },
    });
  });
}

const permitOf = (row: PremisesRow): Permit | null => row.permit_number && row.permit_issued_on && row.permit_expires_on
  ? { number: row.permit_number, issuedOn: String(row.permit_issued_on).slice(0, 10), expiresOn: String(row.permit_expires_on).slice(0, 10) }
  : null;

/**
 * The false alarms at each of these premises: alarm incidents closed FALSE_ALARM at the same
 * address (as the CAD compares addresses), counted for the permit year and the last twelve
 * months. A confidential incident is counted for everyone but named only to a reader who
 * may read it, and that read is audited like any listing of it (81A §E.2.c).
 */
async function falseAlarmsAt(ctx: AppContext, reader: Actor, rows: readonly PremisesRow[]) {
  const day = today(ctx);
  const zone = ctx.config.agency.timeZone;
  const types = await codeTable(ctx.db, 'incident_type', true);
  const alarmTypes = types.filter((t) => isAlarmIncidentType(t.code)).map((t) => t.code);
  // a day's margin for the agency's zone: each incident's own agency date decides below
  const since = new Date(Date.parse(`${countSince(rows.map(permitOf), day)}T00:00:00Z`) - 86_400_000);
  const incidents = rows.length ? await closedIncidentsAs(ctx.db, alarmTypes, FALSE_ALARM, since) : [];
  const seesConfidential = permissionsOf(reader.roles).has('dispatch.confidential');
  const byKey = new Map<string, typeof incidents>();
  for (const i of incidents) {
    const key = premisesKey(String(i.location?.address ?? ''));
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), i]);
  }
  return (row: PremisesRow) => {
    const here = byKey.get(row.address_key) ?? [];
    const counted = countFalseAlarms(here.map((i) => ({ number: i.number, date: agencyDate(zone, i.reported_at) })), permitOf(row), day);
    const of = new Map(here.map((i) => [i.number, i]));
    return {
      last12Months: counted.last12Months,
      permitYear: counted.permitYear,
      incidents: counted.listed.map((a) => {
        const incident = of.get(a.number)!;
        const named = !incident.confidential || seesConfidential;
        if (incident.confidential && named) auditThisRead({ type: 'incident', id: a.number }, 'incident.read_confidential');
        return {
          number: named ? a.number : null, date: a.date, reportedAt: incident.reported_at.toISOString(), type: incident.type,
          typeName: types.find((t) => t.code === incident.type)?.name ?? incident.type, inLast12Months: a.inLast12Months, inPermitYear: a.inPermitYear,
        };
      }),
    };
  };
}

function premisesView(row: PremisesRow, day: string, falseAlarms: ReturnType<Awaited<ReturnType<typeof falseAlarmsAt>>>, nameOf: (login: string) => string) {
  const permit = permitOf(row);
  return {
    id: row.id, name: row.name, address: row.address, verified: row.verified, lat: row.lat, lon: row.lon, alarmTypes: row.alarm_types,
    company: row.company_name ? { name: row.company_name, phone: row.company_phone, account: row.company_account } : null,
    permit: permit ? { ...permit, status: permitStatus(permit, day) } : null,
    keyHolders: row.key_holders, notes: row.notes, active: row.active, falseAlarms,
    updatedByName: nameOf(row.updated_by), updatedAt: row.updated_at.toISOString(),
  };
}

async function views(ctx: AppContext, reader: Actor, rows: readonly PremisesRow[]) {
  const [counted, nameOf] = await Promise.all([falseAlarmsAt(ctx, reader, rows), displayNames(ctx.db, rows.map((r) => r.updated_by))]);
  const day = today(ctx);
  return (row: PremisesRow) => premisesView(row, day, counted(row), nameOf);
}

export type PremisesView = ReturnType<typeof premisesView>;

export async function premisesPage(ctx: AppContext, reader: Actor, filter: store.PremisesFilter, page: PageRequest): Promise<Page<PremisesView>> {
  const rows = await store.premisesPage(ctx.db, filter, page, PREMISES_PAGE.default);
  const view = await views(ctx, reader, rows);
  return pageFrom(rows, page, PREMISES_PAGE.default, view);
}

export async function premisesRecord(ctx: AppContext, reader: Actor, id: string): Promise<PremisesView> {
  const row = await store.premisesById(ctx.db, id);
  if (!row) throw new NotFound('alarms.not_found', `No alarm premises ${id}.`);
  return (await views(ctx, reader, [row]))(row);
}

/** At call time: the active alarm premises at the address a dispatcher typed (none when the text names no street). */
export async function premisesAt(ctx: AppContext, reader: Actor, address: string): Promise<PremisesView[]> {
  const key = premisesKey(address);
  if (!key) return [];
  const rows = await store.activeAt(ctx.db, key);
  const view = await views(ctx, reader, rows);
  return rows.map(view);
}
