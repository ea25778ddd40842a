/** Master names (S-110 §A.1.o): one person, many records; aliases, identifiers, addresses; merge and undo. */
import { actorReadsJuvenileLinked, personFacts } from './read-rules.ts';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { Conflict, NotFound, Problem } from '../core/errors.ts';
import { inTransaction, serverTime, type Db, type Tx } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { auditJuvenileRead, may } from './access.ts';
import type { Actor } from '../core/actor.ts';
import { agencyDate } from '../core/clock.ts';
import { namer } from './print.ts';

export interface NameInput { first: string; last: string; middle?: string | undefined }
export interface PersonDetails {
  aliases?: NameInput[] | undefined;
  identifiers?: { kind: string; value: string; state?: string | undefined }[] | undefined;
  addresses?: { address: string; kind?: string | undefined }[] | undefined;
  phones?: { number: string; kind?: string | undefined }[] | undefined;
}
export interface NewPerson extends NameInput, PersonDetails {
  dob?: string | undefined;
  sex?: string | undefined;
  race?: string | undefined;
  heightIn?: number | undefined;
  weightLb?: number | undefined;
}

async function addDetails(tx: Tx, personId: string, details: PersonDetails): Promise<void> {
  for (const a of details.aliases ?? []) {
    await tx.insertInto('person_name').values({ person_id: personId, kind: 'alias', first_name: a.first.trim(), middle_name: a.middle?.trim() || null, last_name: a.last.trim() }).execute();
  }
  for (const i of details.identifiers ?? []) {
    await tx.insertInto('person_identifier').values({ person_id: personId, kind: i.kind, value: i.value.trim(), state: i.state ?? null }).execute();
  }
  for (const a of details.addresses ?? []) {
    await tx.insertInto('person_address').values({ person_id: personId, address: a.address.trim(), ...(a.kind ? { kind: a.kind } : {}) }).execute();
  }
  for (const p of details.phones ?? []) {
    await tx.insertInto('person_phone').values({ person_id: personId, number: p.number.trim(), ...(p.kind ? { kind: p.kind } : {}) }).execute();
  }
}

/** Add a master name. A date of birth in the future is refused before anything is written. */
export async function createPerson(ctx: AppContext, actor: Actor, input: NewPerson): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const today = agencyDate(ctx.config.agency.timeZone, await serverTime(tx));
    if (input.dob && input.dob > today) throw new Problem(422, 'person.dob_in_future', 'Impossible date', `date of birth ${input.dob} is after today`);
    const person = await tx.insertInto('person').values({
      dob: input.dob ?? null, sex: input.sex ?? null, race: input.race ?? null,
      height_in: input.heightIn ?? null, weight_lb: input.weightLb ?? null, merged_into: null, created_by: actor.username,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('person_name').values({ person_id: person.id, kind: 'primary', first_name: input.first.trim(), middle_name: input.middle?.trim() || null, last_name: input.last.trim() }).execute();
    await addDetails(tx, person.id, input);
    await appendEvent(tx, { kind: 'records.person.created', subject: { type: 'person', id: person.id }, actor });
    return { id: person.id };
  });
}

export async function addPersonDetails(ctx: AppContext, actor: Actor, id: string, details: PersonDetails): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const person = await tx.selectFrom('person').select(['id', 'merged_into']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!person) throw new NotFound('person.not_found', `no master name ${id}`);
    if (person.merged_into) throw new Conflict('person.merged', `this entry was merged into ${person.merged_into}; add to that one`, { mergedInto: person.merged_into });
    await addDetails(tx, id, details);
    await appendEvent(tx, { kind: 'records.person.updated', subject: { type: 'person', id }, actor });
  });
}

/** The person an id stands for now: the survivor when it was merged. */
export async function masterOf(db: Db | Tx, id: string): Promise<{ id: string; dob: string | null } | undefined> {
  const row = await db.selectFrom('person').select(['id', 'merged_into', 'dob']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  if (!row.merged_into) return { id: row.id, dob: row.dob };
  return db.selectFrom('person').select(['id', 'dob']).where('id', '=', row.merged_into).executeTakeFirst();
}

export interface LinkedRecord {
  reportId: string; kind: string; caseNumber: string | null; status: string; role: string; eventDate: string; juvenile: boolean; personId: string;
}

/** Records linked to any of these entities, newest first. */
export async function linkedRecords(db: Db | Tx, entityType: 'person' | 'vehicle' | 'business', ids: string[]): Promise<LinkedRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('report_party as rp').innerJoin('report as r', 'r.id', 'rp.report_id')
    .select(['r.id', 'r.kind', 'r.case_number', 'r.status', 'rp.role', 'r.event_date', 'r.juvenile', 'rp.entity_id'])
    .where('rp.entity_type', '=', entityType).where('rp.entity_id', 'in', ids)
    .orderBy('r.event_date', 'desc').orderBy('r.created_at', 'desc').execute();
  return rows.map((r) => ({ reportId: r.id, kind: r.kind, caseNumber: r.case_number, status: r.status, role: r.role, eventDate: r.event_date, juvenile: r.juvenile, personId: r.entity_id }));
}

/**
 * One master name with everything about it and every linked record, including the
 * records of entries merged into it. Juvenile records are left out for users without
 * records.juvenile; for those with it they come separately, and the read is audited.
 */
export async function getPerson(ctx: AppContext, actor: Actor, id: string) {
  return inTransaction(ctx.db, async (tx) => {
    const person = await tx.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
    // A person known only from juvenile records is not there for those who may not read it, as in search (S-110 §B.1).
    if (!person || !actorReadsJuvenileLinked(actor, (await personFacts(tx, [id])).get(id))) throw new NotFound('person.not_found', `no master name ${id}`);
    const merged = await tx.selectFrom('person').select('id').where('merged_into', '=', id).execute();
    const cluster = [id, ...merged.map((m) => m.id)];
    const names = await tx.selectFrom('person_name').select(['id', 'person_id', 'kind', 'first_name', 'middle_name', 'last_name']).where('person_id', 'in', cluster).orderBy('id').execute();
    const identifiers = await tx.selectFrom('person_identifier').select(['id', 'person_id', 'kind', 'value', 'state']).where('person_id', 'in', cluster).orderBy('id').execute();
    const addresses = await tx.selectFrom('person_address').select(['id', 'person_id', 'kind', 'address', 'added_at']).where('person_id', 'in', cluster).orderBy('id').execute();
    const phones = await tx.selectFrom('person_phone').select(['id', 'person_id', 'kind', 'number']).where('person_id', 'in', cluster).orderBy('id').execute();
    const photos = await tx.selectFrom('photo').select(['id', 'caption', 'content_type', 'sha256', 'uploaded_at']).where('person_id', 'in', cluster).orderBy('uploaded_at').execute();
    const merges = await tx.selectFrom('person_merge').selectAll().where((eb) => eb.or([eb('survivor_id', '=', id), eb('merged_id', '=', id)])).orderBy('merged_at').execute();
    const records = await linkedRecords(tx, 'person', cluster);
    const seesJuvenile = may(actor, 'records.juvenile');
    const juvenile = records.filter((r) => r.juvenile);
    if (seesJuvenile && juvenile.length > 0) await auditJuvenileRead(tx, actor, { type: 'person', id }, { records: juvenile.map((r) => r.reportId) });
    const primary = names.find((n) => n.person_id === id && n.kind === 'primary')!;
    // A merge names the people who made and undid it, and the other entry, as a reader says them (never a login or an id).
    const name = await namer(tx, merges.flatMap((m) => [m.merged_by, m.undone_by]));
    const others = merges.map((m) => (m.survivor_id === id ? m.merged_id : m.survivor_id));
    const otherNames = new Map(others.length === 0 ? [] : (await tx.selectFrom('person_name').select(['person_id', 'first_name', 'last_name']).where('person_id', 'in', others).where('kind', '=', 'primary').execute())
      .map((n) => [n.person_id, `${n.last_name}, ${n.first_name}`]));
    return {
      id, mergedInto: person.merged_into,
      name: { first: primary.first_name, middle: primary.middle_name, last: primary.last_name },
      dob: person.dob, sex: person.sex, race: person.race, heightIn: person.height_in, weightLb: person.weight_lb,
      aliases: names.filter((n) => n !== primary).map((n) => ({ id: Number(n.id), first: n.first_name, middle: n.middle_name, last: n.last_name, fromMerged: n.person_id !== id })),
      identifiers: identifiers.map((i) => ({ id: Number(i.id), kind: i.kind, value: i.value, state: i.state, fromMerged: i.person_id !== id })),
      addresses: addresses.map((a) => ({ id: Number(a.id), kind: a.kind, address: a.address, fromMerged: a.person_id !== id })),
      phones: phones.map((p) => ({ id: Number(p.id), kind: p.kind, number: p.number, fromMerged: p.person_id !== id })),
      photos: photos.map((p) => ({ id: p.id, caption: p.caption, contentType: p.content_type, sha256: p.sha256 })),
      merges: merges.map((m) => ({ id: m.id, survivorId: m.survivor_id, mergedId: m.merged_id, reason: m.reason, by: m.merged_by, byName: name(m.merged_by), at: m.merged_at.toISOString(), undoneAt: m.undone_at?.toISOString() ?? null, undoReason: m.undo_reason,
        undoneByName: m.undone_by ? name(m.undone_by) : null, otherName: otherNames.get(m.survivor_id === id ? m.merged_id : m.survivor_id) ?? '' })),
      records: records.filter((r) => !r.juvenile),
      ...(seesJuvenile ? { juvenileRecords: juvenile } : {}),
    };
  });
}

/**
 * Merge a duplicate into the master entry, with a reason. Nothing is moved: the
 * duplicate points at the survivor, so an undo gives both their own histories back.
 */
export async function mergePersons(ctx: AppContext, actor: Actor, survivorId: string, duplicateId: string, reason: string) {
  if (survivorId === duplicateId) throw new Problem(422, 'person.merge_self', 'Cannot merge', 'an entry cannot be merged into itself');
  return inTransaction(ctx.db, async (tx) => {
    const rows = await tx.selectFrom('person').select(['id', 'merged_into']).where('id', 'in', [survivorId, duplicateId]).orderBy('id').forUpdate().execute();
    const survivor = rows.find((r) => r.id === survivorId);
    const duplicate = rows.find((r) => r.id === duplicateId);
    if (!survivor || !duplicate) throw new NotFound('person.not_found', `no master name ${survivor ? duplicateId : survivorId}`);
    if (survivor.merged_into || duplicate.merged_into) throw new Conflict('person.already_merged', 'one of the two entries is already merged into another; undo that merge first');
    const into = await tx.selectFrom('person').select('id').where('merged_into', '=', duplicateId).executeTakeFirst();
    if (into) throw new Conflict('person.has_merged', 'other entries are merged into the duplicate; merge into it or undo those first');
    await tx.updateTable('person').set({ merged_into: survivorId }).where('id', '=', duplicateId).execute();
    const merge = await tx.insertInto('person_merge').values({ survivor_id: survivorId, merged_id: duplicateId, reason, merged_by: actor.username, undone_by: null, undone_at: null, undo_reason: null })
      .returning('id').executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'records.person.merged', subject: { type: 'person', id: survivorId }, actor, payload: { mergeId: merge.id, merged: duplicateId } });
    return { mergeId: merge.id, survivorId, mergedId: duplicateId };
  });
}

export async function undoMerge(ctx: AppContext, actor: Actor, mergeId: string, reason: string) {
  return inTransaction(ctx.db, async (tx) => {
    const merge = await tx.selectFrom('person_merge').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!merge) throw new NotFound('merge.not_found', `no merge ${mergeId}`);
    if (merge.undone_at) throw new Conflict('merge.already_undone', `this merge was undone by ${merge.undone_by}`);
    await tx.updateTable('person').set({ merged_into: null }).where('id', '=', merge.merged_id).where('merged_into', '=', merge.survivor_id).execute();
    await tx.updateTable('person_merge').set({ undone_by: actor.username, undone_at: sql<Date>`now()`, undo_reason: reason }).where('id', '=', mergeId).execute();
    await appendEvent(tx, { kind: 'records.person.merge_undone', subject: { type: 'person', id: merge.survivor_id }, actor, payload: { mergeId, merged: merge.merged_id } });
    return { mergeId, survivorId: merge.survivor_id, mergedId: merge.merged_id };
  });
}
