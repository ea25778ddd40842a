/**
 * Caution flags (officer safety at call time): a hazard at an address or on a person,
 * entered by supervisors and records staff with its source and an optional expiry. A
 * flag past its expiry is no longer shown; a flag is removed with a reason, never deleted.
 */
import type { AppContext } from '../../core/context.ts';
import type { Actor } from '../../core/actor.ts';
import { BadRequest, NotFound } from '../../core/errors.ts';
import { appendEvent } from '../../core/events/log.ts';
import { agencyDate } from '../../core/clock.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { personAndMerged } from '../case-store.ts';
import { personLabel } from '../people-store.ts';
import { addressKey } from '../orders/rules.ts';
import { searchNames } from '../search.ts';
import { verifyLocation } from '../../geo/service.ts';
import * as store from './store.ts';

export interface NewFlag {
  address?: string | undefined; personId?: string | undefined; kind: string; note: string; source: string; expiresOn?: string | undefined;
}

const today = (ctx: AppContext) => agencyDate(ctx.config.agency.timeZone, ctx.clock.now());

export async function flagCaution(ctx: AppContext, actor: Actor, input: NewFlag): Promise<{ id: string }> {
  const key = input.address ? addressKey(input.address) : '';
  if (!key && !input.personId) throw new BadRequest('caution.subject_required', 'A caution is about an address or a person: give address or personId.', { field: 'address' });
  if (input.expiresOn && input.expiresOn < today(ctx)) throw new BadRequest('caution.expired', `expiresOn ${input.expiresOn} is already past: a caution is shown until the end of that day.`, { field: 'expiresOn' });
  return inTransaction(ctx.db, async (tx) => {
    if (input.personId && !(await personLabel(tx, input.personId))) throw new BadRequest('caution.unknown_person', `personId: there is no master name ${input.personId}.`, { field: 'personId' });
    const id = await store.insertFlag(tx, {
      address: input.address?.trim() || null, address_key: key || null, person_id: input.personId ?? null, kind: input.kind,
      note: input.note.trim(), source: input.source.trim(), expires_on: input.expiresOn ?? null, created_by: actor.username,
    });
    await appendEvent(tx, { kind: 'records.caution.flagged', subject: { type: 'caution', id }, actor, payload: { kind: input.kind } });
    return { id };
  });
}

export async function removeCaution(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    if (!(await store.removeFlag(tx, id, actor.username, reason.trim()))) throw new NotFound('caution.not_found', `There is no caution ${id} in force.`);
    // the reason stays on the row: the event only says that it was removed
    await appendEvent(tx, { kind: 'records.caution.removed', subject: { type: 'caution', id }, actor });
  });
}

async function view(db: Db | Tx, f: Awaited<ReturnType<typeof store.flagById>> & object) {
  return {
    id: f.id, address: f.address, personId: f.person_id, person: f.person_id ? (await personLabel(db, f.person_id)) ?? null : null, kind: f.kind, note: f.note,
    source: f.source, expiresOn: f.expires_on, createdBy: f.created_by, createdAt: f.created_at.toISOString(),
  };
}

/** A name given at call time matches a master name this closely (0–1, src/records/rules.ts) before its flags are shown. */
const NAME_MATCH = 0.85;

/**
 * The master names a caution is looked up for: this person and the names merged into them, and
 * the names a name typed at call time matches closely (typos, order and nicknames forgiven as in
 * the name search, juvenile-only names hidden as there: S-110 §B.1).
 */
export async function cautionPeople(ctx: AppContext, actor: Actor, q: { personId?: string | undefined; name?: string | undefined }): Promise<string[]> {
  const named = q.name && q.name.trim().length >= 2
    ? (await searchNames(ctx, actor, q.name, undefined, 5).catch(() => [])).filter((h) => h.score >= NAME_MATCH).map((h) => h.id)
    : [];
  const given = q.personId ? await personAndMerged(ctx.db, q.personId) : [];
  const merged = (await Promise.all(named.map((id) => personAndMerged(ctx.db, id)))).flat();
  return [...new Set([...given, ...merged])];
}

/**
 * Flags in force at this address, on this person (and the entries merged into them), or on
 * the master names a name typed at call time matches closely (typos, order and nicknames
 * forgiven as in the name search, juvenile-only names hidden as there: S-110 §B.1).
 */
export async function cautionFlags(ctx: AppContext, actor: Actor, q: { address?: string | undefined; personId?: string | undefined; name?: string | undefined }) {
  const key = q.address ? addressKey(q.address) : '';
  const personIds = await cautionPeople(ctx, actor, q);
  const rows = await store.activeFlags(ctx.db, today(ctx), { addressKey: key || undefined, personIds: personIds.length ? personIds : undefined });
  return Promise.all(rows.map((r) => view(ctx.db, r)));
}

/**
 * The addresses with a caution in force, placed from the town's address file, for the
 * map (who may read cautions may see them; the map shows the kinds, not the notes):
 * an address the file does not know is left off the map, never guessed.
 */
export async function cautionedAddresses(ctx: AppContext): Promise<{ address: string; kinds: string[]; lat: number; lon: number }[]> {
  const byKey = new Map<string, { address: string; kinds: Set<string> }>();
  for (const f of await store.activeAddressFlags(ctx.db, today(ctx))) {
    const at = byKey.get(f.address_key!) ?? { address: f.address ?? f.address_key!, kinds: new Set<string>() };
    at.kinds.add(f.kind);
    byKey.set(f.address_key!, at);
  }
  const placed = await Promise.all([...byKey.values()].map(async (a) => ({ a, where: await verifyLocation(ctx, a.address) })));
  return placed.filter(({ where }) => where.verified && where.lat !== null && where.lon !== null)
    .map(({ a, where }) => ({ address: a.address, kinds: [...a.kinds].sort(), lat: where.lat!, lon: where.lon! }));
}
