import { sameAddress } from '../dispatch/incidents/rules.ts';
import type { AppContext } from '../core/context.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { inTransaction } from '../db/index.ts';
import { journal } from './journal.ts';
import * as store from './store.ts';
import type { BoxKind, KnoxContact } from '../db/tables/keys.ts';
import type { Actor } from '../core/actor.ts';

/** The register of boxes and numbered access keys kept by the Supply Supervisor (O-604 §I.B, §III.A). */
export interface NewBox {
  id: string;
  building: string;
  address: string;
  lat?: number | undefined;
  lon?: number | undefined;
  kind: BoxKind;
  authority: string;
  contacts: KnoxContact[];
  reportTo: string;
  units: string[];
}

export function boxView(row: Awaited<ReturnType<typeof store.box>> & object) {
  return {
    id: row.id,
    location: { building: row.building, address: row.address, lat: row.lat, lon: row.lon },
    kind: row.kind,
    authority: row.authority,
    contacts: row.contacts,
    reportTo: row.report_to,
    units: row.units,
    active: row.active,
  };
}

/** The register, or only the boxes at one address (officer safety at call time: a Knox Box where the call is). */
export async function listBoxes(ctx: AppContext, atAddress?: string) {
  const all = (await store.boxes(ctx.db)).map(boxView);
  if (!atAddress) return all;
  return all.filter((b) => sameAddress(b.location.address, atAddress));
}

export async function addBox(ctx: AppContext, actor: Actor, input: NewBox) {
  return inTransaction(ctx.db, async (tx) => {
    if (await store.box(tx, input.id)) throw new Conflict('knox.box_exists', `There is already a Knox Box ${input.id} in the register.`);
    const row = await tx.insertInto('knox_box').values({
      id: input.id, building: input.building, address: input.address, lat: input.lat ?? null, lon: input.lon ?? null,
      kind: input.kind, authority: input.authority, contacts: JSON.stringify(input.contacts), report_to: input.reportTo, units: input.units,
    }).returningAll().executeTakeFirstOrThrow();
    await journal(tx, actor, 'knox.box_registered', { type: 'knox_box', id: input.id }, { clause: 'O-604 §III.A', building: input.building, kind: input.kind, authority: input.authority });
    return boxView(row);
  });
}

/** The Supply Supervisor corrects a box's location, contacts, form address or units; the change is journaled. */
export async function updateBox(ctx: AppContext, actor: Actor, id: string, input: Omit<NewBox, 'id'> & { active?: boolean | undefined }) {
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('knox_box').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new NotFound('knox.box_not_found', `There is no Knox Box ${id} in the register.`);
    const row = await tx.updateTable('knox_box').set({
      building: input.building, address: input.address, lat: input.lat ?? null, lon: input.lon ?? null, kind: input.kind,
      authority: input.authority, contacts: JSON.stringify(input.contacts), report_to: input.reportTo, units: input.units,
      active: input.active ?? before.active,
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await journal(tx, actor, 'knox.box_changed', { type: 'knox_box', id }, {
      clause: 'O-604 §III.A', before: boxView(before), after: boxView(row),
    });
    return boxView(row);
  });
}

/** A numbered access key handed to the Department by the Housing Authority goes into the key cabinet (§III.A). */
export async function addKey(ctx: AppContext, actor: Actor, input: { number: string; note?: string | undefined }) {
  return inTransaction(ctx.db, async (tx) => {
    const existing = await tx.selectFrom('knox_key').select('number').where('number', '=', input.number).executeTakeFirst();
    if (existing) throw new Conflict('knox.key_exists', `Key ${input.number} is already in the register.`);
    await tx.insertInto('knox_key').values({ number: input.number, holder: null, assignment_id: null, issued_by: actor.username, note: input.note ?? null }).execute();
    await journal(tx, actor, 'knox.key_registered', { type: 'knox_key', id: input.number }, { clause: 'O-604 §III.A', note: input.note ?? null });
    return keyView((await store.keys(tx)).find((k) => k.number === input.number)!, new Map());
  });
}

/** A key back to the Housing Authority leaves the register's active list but keeps its history. */
export async function retireKey(ctx: AppContext, actor: Actor, number: string, why: string) {
  return inTransaction(ctx.db, async (tx) => {
    const key = await store.keyForUpdate(tx, number);
    if (!key) throw new NotFound('knox.key_not_found', `There is no key ${number} in the register.`);
    if (key.status === 'assigned') throw new Conflict('knox.key_out', 'This key is out with an officer; record its return first.', { clause: 'O-604 §III.B' });
    await tx.updateTable('knox_key').set({ status: 'retired', holder: null, assignment_id: null, note: why, since: new Date() }).where('number', '=', number).execute();
    await journal(tx, actor, 'knox.key_retired', { type: 'knox_key', id: number }, { clause: 'O-604 §III.A', why });
  });
}

export function keyView(row: Awaited<ReturnType<typeof store.keys>>[number], names: Map<string, store.Person>) {
  return {
    number: row.number, status: row.status, holder: row.holder,
    holderName: row.holder ? store.displayName(names.get(row.holder), row.holder) : null,
    assignmentId: row.assignment_id, note: row.note, since: row.since.toISOString(),
  };
}

export async function listKeys(ctx: AppContext) {
  const rows = await store.keys(ctx.db);
  const names = await store.people(ctx.db, rows.map((r) => r.holder));
  return rows.map((r) => keyView(r, names));
}
