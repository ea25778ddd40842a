/**
 * Property and evidence (S-110 §A.1.j, u): items recorded under a case with a tag for
 * the barcode label; every movement an append-only custody entry; release and
 * destruction only on a supervisor's authorization; stolen items found again by serial
 * number or description; shelf audits of the property room.
 */
import type { AppContext } from '../../core/context.ts';
import { NotFound, PolicyViolation } from '../../core/errors.ts';
import { enforce } from '../../core/decision.ts';
import { inTransaction, serverTime, type Tx } from '../../db/index.ts';
import { activePeople, displayName, personByUsername } from '../../identity/people.ts';
import { nextYearlyNumber } from '../../db/numbers.ts';
import { appendEvent } from '../../core/events/log.ts';
import { agencyYear } from '../../core/clock.ts';
import type { Actor } from '../../core/actor.ts';
import type { CustodyAction, PropertyKind } from '../../db/tables/records.ts';
import { ensureCase } from '../filing.ts';
import { finalActAllowed, movementAllowed, statusAfter } from './rules.ts';
import * as store from './store.ts';
import { personLabel } from '../people-store.ts';
import { namer } from '../print.ts';

export interface NewItem {
  caseNumber: string; kind: PropertyKind; category: string; description: string; make?: string | undefined; model?: string | undefined;
  serial?: string | undefined; value?: number | undefined; ownerId?: string | undefined; location?: string | undefined; holder?: string | undefined;
}

const subject = (tag: string) => ({ type: 'property', id: tag });

export async function createItem(ctx: AppContext, actor: Actor, input: NewItem): Promise<{ id: string; tag: string }> {
  return inTransaction(ctx.db, async (tx) => {
    await ensureCase(tx, input.caseNumber, 'property');
    const stolen = input.kind === 'stolen';
    if (!stolen && !input.location?.trim()) throw new PolicyViolation('property.location_required', 'say where the item is kept: its location is always known', 'S-110 §A.1.j');
    if (input.ownerId && !(await personLabel(tx, input.ownerId))) throw new PolicyViolation('property.unknown_owner', `there is no master name ${input.ownerId}`, 'S-110 §A.1.o');
    const now = await serverTime(tx);
    const tag = `P${await nextYearlyNumber(tx, 'property', agencyYear(ctx.config.agency.timeZone, now))}`;
    const location = stolen ? null : input.location!.trim();
    const holder = stolen ? null : input.holder?.trim() || 'Property room';
    const id = await store.insertItem(tx, {
      tag, case_number: input.caseNumber, kind: input.kind, category: input.category.trim(), description: input.description.trim(),
      make: input.make?.trim() || null, model: input.model?.trim() || null, serial: input.serial?.trim() || null,
      value_cents: input.value === undefined ? null : Math.round(input.value * 100), owner_person_id: input.ownerId ?? null,
      status: stolen ? 'outstanding' : 'in_custody', location, holder, created_by: actor.username,
    });
    if (!stolen) {
      await store.recordMovement(tx, { item_id: id, action: 'received', from_location: null, to_location: location, from_holder: actor.username, to_holder: holder, reason: `received as ${input.kind}`, authorized_by: null, recorded_by: actor.username }, 'in_custody');
    }
    await appendEvent(tx, { kind: 'records.property.recorded', subject: subject(tag), actor, payload: { caseNumber: input.caseNumber, kind: input.kind } });
    return { id, tag };
  });
}

/** Who receives an item: one of the agency's people (by login), or an outside recipient as named. */
export type Recipient = { username: string } | { outside: string };
export interface Movement { action: CustodyAction; from: string; to: string; receivedBy: Recipient; reason: string; authorizationId?: string | undefined }

/** The agency's people an item can be handed to: active logins, by name (the "Received by" list). */
export async function recipients(ctx: AppContext) {
  return (await activePeople(ctx.db)).map((p) => ({ username: p.username, name: displayName(p, p.username), unit: p.unit }));
}

/** The holder a movement names: a login of one of the agency's active people, or an outside recipient marked as such. */
async function holderOf(tx: Tx, r: Recipient): Promise<{ holder: string; outside: boolean }> {
  if ('outside' in r) return { holder: r.outside.trim(), outside: true };
  const person = await personByUsername(tx, r.username);
  if (!person || person.disabled) {
    throw new PolicyViolation('property.unknown_recipient', `receivedBy.username: "${r.username}" is not one of the agency's people; choose a person from the list, or name an outside recipient (receivedBy.outside)`, 'S-110 §A.1.j');
  }
  return { holder: person.username, outside: false };
}

/** One movement of an item, checked against where the item really is; release and destruction spend an authorization. */
export async function moveItem(ctx: AppContext, actor: Actor, id: string, m: Movement): Promise<{ status: string; location: string | null }> {
  return inTransaction(ctx.db, async (tx) => {
    const item = await store.itemForUpdate(tx, id);
    if (!item) throw new NotFound('property.not_found', `no item ${id}`);
    enforce(movementAllowed(item, m.action, m.from));
    let authorizedBy: string | null = null;
    if (m.action === 'release' || m.action === 'destruction') {
      const auth = m.authorizationId ? await store.authorizationForUpdate(tx, m.authorizationId) : undefined;
      enforce(finalActAllowed(m.action, id, actor.username, auth && { action: auth.action, authorizedBy: auth.authorized_by, usedAt: auth.used_at, itemId: auth.item_id }));
      await store.useAuthorization(tx, m.authorizationId!);
      authorizedBy = auth!.authorized_by;
    }
    const status = statusAfter(m.action);
    const to = await holderOf(tx, m.receivedBy);
    await store.recordMovement(tx, {
      item_id: id, action: m.action, from_location: item.location, to_location: m.to.trim(), from_holder: item.holder, to_holder: to.holder,
      from_outside: item.holder_outside, to_outside: to.outside, reason: m.reason.trim(), authorized_by: authorizedBy, recorded_by: actor.username,
    }, status);
    await appendEvent(tx, { kind: `records.property.${m.action}`, subject: subject(item.tag), actor, payload: { to: m.to.trim() } });
    return { status, location: m.to.trim() };
  });
}

export async function authorizeFinalAct(ctx: AppContext, actor: Actor, id: string, input: { action: 'release' | 'destruction'; reason: string }): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const item = await store.itemForUpdate(tx, id);
    if (!item) throw new NotFound('property.not_found', `no item ${id}`);
    enforce(movementAllowed(item, input.action, item.location ?? ''));
    const authId = await store.insertAuthorization(tx, { item_id: id, action: input.action, reason: input.reason.trim(), authorized_by: actor.username });
    await appendEvent(tx, { kind: 'records.property.authorized', subject: subject(item.tag), actor, payload: { action: input.action, authorization: authId } });
    return { id: authId };
  });
}

export type ItemView = Awaited<ReturnType<typeof getItem>>;

export async function getItem(ctx: AppContext, id: string) {
  const item = await store.itemById(ctx.db, id);
  if (!item) throw new NotFound('property.not_found', `no item ${id}`);
  const custody = await store.custodyOf(ctx.db, id);
  const authorizations = await store.openAuthorizations(ctx.db, id);
  const name = await namer(ctx.db, [item.holder, ...custody.flatMap((c) => [c.from_holder, c.to_holder, c.recorded_by, c.authorized_by]), ...authorizations.map((a) => a.authorized_by)]);
  const named = (login: string | null) => (login ? name(login) : null);
  const holding = (holder: string | null, outside: boolean) => (holder ? (outside ? `${holder} (outside recipient)` : name(holder)) : null);
  return {
    id: item.id, tag: item.tag, caseNumber: item.case_number, kind: item.kind, category: item.category, description: item.description,
    make: item.make, model: item.model, serial: item.serial, value: item.value_cents === null ? null : Number(item.value_cents) / 100,
    ownerId: item.owner_person_id, owner: item.owner_person_id ? await personLabel(ctx.db, item.owner_person_id) : null,
    status: item.status, location: item.location, holder: item.holder, holderName: holding(item.holder, item.holder_outside), holderOutside: item.holder_outside, recoveredItemId: item.recovered_item_id,
    createdBy: item.created_by, createdAt: item.created_at.toISOString(),
    authorizations: authorizations.map((a) => ({ id: a.id, action: a.action, reason: a.reason, authorizedBy: a.authorized_by, authorizedByName: name(a.authorized_by) })),
    custody: custody.map((c) => ({
      action: c.action, fromLocation: c.from_location, toLocation: c.to_location, fromHolder: c.from_holder, toHolder: c.to_holder,
      fromHolderName: holding(c.from_holder, c.from_outside), toHolderName: holding(c.to_holder, c.to_outside), fromOutside: c.from_outside, toOutside: c.to_outside,
      reason: c.reason, authorizedBy: c.authorized_by, authorizedByName: named(c.authorized_by), recordedBy: c.recorded_by, recordedByName: name(c.recorded_by), at: c.at.toISOString(),
    })),
  };
}

export async function caseItems(ctx: AppContext, caseNumber: string) {
  return (await store.itemsOfCase(ctx.db, caseNumber)).map((i) => ({ id: i.id, tag: i.tag, kind: i.kind, category: i.category, description: i.description, serial: i.serial, status: i.status, location: i.location }));
}
