/**
 * Department inventory (S-110 §A.1.f): the department's equipment by asset tag, who holds
 * it (a person or a unit), where it is, and every movement since it was registered. Every
 * write and its audit row are one transaction; items are retired, never deleted.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest, Conflict, NotFound } from '../core/errors.ts';
import { enforce } from '../core/decision.ts';
import { pageFrom, type Page, type PageRequest } from '../core/paging.ts';
import { permissionsOf, ROLES } from '../core/permissions.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import type { HolderKind } from '../db/tables/inventory.ts';
import { codeTable } from '../agency/service.ts';
import { registerUnits } from '../dispatch/units/register.ts';
import { activePeopleWithRole, displayName, displayNames, personByUsername } from '../identity/people.ts';
import { mediumInService } from '../it/service.ts';
import { CLAUSE, movementAllowed, STATUS_AFTER, type Movement } from './rules.ts';
import * as store from './store.ts';

export const INVENTORY_PAGE = { default: 100, max: 500 } as const;
export const CATEGORY_TABLE = 'inventory_category';

type ItemRow = NonNullable<Awaited<ReturnType<typeof store.itemByTag>>>;

export interface NewItemInput {
  tag: string; category: string; description: string; make?: string | undefined; model?: string | undefined; serial?: string | undefined;
  valueCents?: number | undefined; acquiredOn?: string | undefined; location: string;
}

export interface MovementInput {
  action: Movement; holder?: string | undefined; holderKind?: HolderKind | undefined; location?: string | undefined; reason?: string | undefined;
}

function field(name: string, detail: string): never {
  throw new BadRequest('request.invalid', `body.${name} ${detail}`, { field: `body.${name}` });
}

/** A category from the agency's code table; a drive (a category marked `media`) needs its serial, by which the media register knows it. */
async function checkCategory(ctx: AppContext, category: string, serial: string | null): Promise<void> {
  const code = (await codeTable(ctx.db, CATEGORY_TABLE)).find((c) => c.code === category);
  if (!code) field('category', `must be a code of the ${CATEGORY_TABLE} table (S-110 §A.1.f)`);
  if (code.attrs?.media === true && !serial) field('serial', 'is required for electronic media: the media register knows a drive by its serial (S-110 §G.2)');
}

/** The holder an item is issued to: a person with a login that is not disabled, or a unit of the register that is not retired. */
async function checkHolder(ctx: AppContext, holder: string | undefined, kind: HolderKind | undefined): Promise<{ holder: string; kind: HolderKind }> {
  if (!holder || !kind) field(holder ? 'holderKind' : 'holder', 'is required to issue an item: a person’s login or a unit’s call sign');
  if (kind === 'person') {
    const person = await personByUsername(ctx.db, holder);
    if (!person || person.disabled) field('holder', `names no person who can hold equipment ("${holder}")`);
  } else {
    const unit = (await registerUnits(ctx.db)).find((u) => u.callSign === holder);
    if (!unit || unit.retiredAt) field('holder', `names no unit in service ("${holder}")`);
  }
  return { holder, kind };
}

export async function registerItem(ctx: AppContext, actor: Actor, input: NewItemInput) {
  const serial = input.serial?.trim() || null;
  await checkCategory(ctx, input.category, serial);
  const tag = input.tag.trim().toUpperCase();
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.insertItem(tx, {
      tag, category: input.category, description: input.description.trim(), make: input.make?.trim() || null, model: input.model?.trim() || null,
      serial, valueCents: input.valueCents ?? null, acquiredOn: input.acquiredOn ?? null, location: input.location.trim(), by: actor.username,
    });
    if (!row) throw new Conflict('inventory.tag_used', `Asset tag ${tag} is already on another item.`, { field: 'body.tag' });
    await store.insertMovement(tx, { itemId: row.id, action: 'registered', holder: null, holderKind: null, location: row.location, reason: null, by: actor.username });
    await recordAudit(tx, { actor, action: 'inventory.registered', subject: { type: 'inventory_item', id: tag }, outcome: 'allowed', detail: { category: row.category, serial, clause: CLAUSE } });
    return row.tag;
  });
}

/** Record a movement: issued, returned, moved, sent for repair, lost, found or retired; the item and its history change together. */
export async function recordMovement(ctx: AppContext, actor: Actor, tag: string, input: MovementInput) {
  const issued = input.action === 'assigned' ? await checkHolder(ctx, input.holder, input.holderKind) : null;
  if (input.action !== 'assigned' && (input.holder || input.holderKind)) field('holder', `is only given when the item is issued (action "assigned")`);
  if (['repair', 'lost', 'retired'].includes(input.action) && !input.reason?.trim()) field('reason', `is required when an item is ${input.action === 'repair' ? 'sent for repair' : input.action}`);
  if (['returned', 'moved', 'repair', 'found'].includes(input.action) && !input.location?.trim()) field('location', 'is required: an item’s place is always known (S-110 §A.1.f)');
  const current = await store.itemByTag(ctx.db, tag);
  const inRegister = input.action === 'retired' && current?.serial ? Boolean(await mediumInService(ctx, current.serial)) : false;
  await inTransaction(ctx.db, async (tx) => {
    const item = await store.lockItem(tx, tag);
    if (!item) throw new NotFound('inventory.not_found', `No item has the asset tag ${tag}.`);
    enforce(movementAllowed(item.status, input.action, inRegister));
    const after = STATUS_AFTER[input.action];
    const status = after === 'unchanged' ? item.status : after;
    const holder = status === 'assigned' ? (issued?.holder ?? item.holder) : null;
    const holderKind = status === 'assigned' ? (issued?.kind ?? item.holder_kind) : null;
    const location = input.location?.trim() || item.location;
    await store.moveItem(tx, item.id, { status, holder, holderKind, location });
    await store.insertMovement(tx, { itemId: item.id, action: input.action, holder, holderKind, location, reason: input.reason?.trim() || null, by: actor.username });
    await recordAudit(tx, {
      actor, action: `inventory.${input.action}`, subject: { type: 'inventory_item', id: tag }, outcome: 'allowed',
      detail: { from: { status: item.status, holder: item.holder, location: item.location }, to: { status, holder, location }, clause: CLAUSE },
    });
  });
}

/** How people and units are named on the screen: people by name and badge, units by call sign. */
async function namer(ctx: AppContext, rows: readonly { holder: string | null; holder_kind: string | null; by?: string }[]) {
  const logins = rows.flatMap((r) => [r.holder_kind === 'person' ? r.holder : null, r.by ?? null]);
  const nameOf = await displayNames(ctx.db, logins);
  return (holder: string | null, kind: string | null) => holder === null ? null : kind === 'person' ? nameOf(holder) : `Unit ${holder}`;
}

function itemView(row: ItemRow, name: (holder: string | null, kind: string | null) => string | null) {
  return {
    tag: row.tag, category: row.category, description: row.description, make: row.make, model: row.model, serial: row.serial,
    valueCents: row.value_cents, acquiredOn: row.acquired_on === null ? null : String(row.acquired_on).slice(0, 10), status: row.status,
    holder: row.holder, holderKind: row.holder_kind, holderName: name(row.holder, row.holder_kind), location: row.location,
    registeredBy: row.registered_by, registeredByName: name(row.registered_by, 'person')!, registeredAt: row.registered_at.toISOString(),
  };
}

export async function itemPage(ctx: AppContext, filter: store.ItemFilter, page: PageRequest): Promise<Page<ReturnType<typeof itemView>>> {
  if (filter.category && !(await codeTable(ctx.db, CATEGORY_TABLE, true)).some((c) => c.code === filter.category)) {
    throw new BadRequest('request.invalid', `querystring.category must be a code of the ${CATEGORY_TABLE} table`, { field: 'querystring.category' });
  }
  const rows = await store.itemPage(ctx.db, filter, page, INVENTORY_PAGE.default);
  const name = await namer(ctx, rows.map((r) => ({ holder: r.holder, holder_kind: r.holder_kind, by: r.registered_by })));
  return pageFrom(rows, page, INVENTORY_PAGE.default, (row) => itemView(row, name));
}

/** One item with its whole history; a drive shows its entry in the media register to a reader of the IT records. */
export async function itemRecord(ctx: AppContext, reader: Actor, tag: string) {
  const row = await store.itemByTag(ctx.db, tag);
  if (!row) throw new NotFound('inventory.not_found', `No item has the asset tag ${tag}.`);
  const movements = await store.movementsOf(ctx.db, row.id);
  const name = await namer(ctx, [{ holder: row.holder, holder_kind: row.holder_kind, by: row.registered_by }, ...movements.map((m) => ({ holder: m.holder, holder_kind: m.holder_kind, by: m.by_user }))]);
  const media = row.serial && permissionsOf(reader.roles).has('it.read') ? await mediumInService(ctx, row.serial) ?? null : null;
  return {
    ...itemView(row, name),
    mediaRegister: media,
    movements: movements.map((m) => ({
      at: m.at.toISOString(), action: m.action, holder: m.holder, holderKind: m.holder_kind, holderName: name(m.holder, m.holder_kind),
      location: m.location, reason: m.reason, by: m.by_user, byName: name(m.by_user, 'person')!,
    })),
  };
}

/** Who an item can be issued to: the people with a login that is not disabled, by name, and the units in service. */
export async function holders(ctx: AppContext) {
  const [people, units] = await Promise.all([activePeopleWithRole(ctx.db, ROLES), registerUnits(ctx.db)]);
  return {
    people: people.map((p) => ({ login: p.username, name: displayName(p, p.username) })),
    units: units.filter((u) => !u.retiredAt).map((u) => ({ callSign: u.callSign, description: u.description })),
  };
}
