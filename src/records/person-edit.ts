/**
 * Editing a master name (S-110 §A.1.o): the name and physical description change in
 * place; an alias, identifier, address or phone is removed one at a time. Each change
 * is an event on the person and one audit row. A merged entry is edited through its master.
 */
import type { AppContext } from '../core/context.ts';
import { Conflict, NotFound, Problem } from '../core/errors.ts';
import { inTransaction, serverTime, type Tx } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { agencyDate } from '../core/clock.ts';
import type { Actor } from '../core/actor.ts';

export interface PersonChange {
  first?: string | undefined; middle?: string | undefined; last?: string | undefined; dob?: string | null | undefined;
  sex?: string | null | undefined; race?: string | null | undefined; heightIn?: number | null | undefined; weightLb?: number | null | undefined;
}

async function editable(tx: Tx, id: string): Promise<void> {
  const person = await tx.selectFrom('person').select(['id', 'merged_into']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!person) throw new NotFound('person.not_found', `no master name ${id}`);
  if (person.merged_into) throw new Conflict('person.merged', `this entry was merged into ${person.merged_into}; edit that one`, { mergedInto: person.merged_into });
}

export async function changePerson(ctx: AppContext, actor: Actor, id: string, change: PersonChange): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await editable(tx, id);
    const today = agencyDate(ctx.config.agency.timeZone, await serverTime(tx));
    if (change.dob && change.dob > today) throw new Problem(422, 'person.dob_in_future', 'Impossible date', `dob: ${change.dob} is after today`);
    const set = {
      ...(change.dob !== undefined ? { dob: change.dob } : {}), ...(change.sex !== undefined ? { sex: change.sex } : {}),
      ...(change.race !== undefined ? { race: change.race } : {}), ...(change.heightIn !== undefined ? { height_in: change.heightIn } : {}),
      ...(change.weightLb !== undefined ? { weight_lb: change.weightLb } : {}),
    };
    if (Object.keys(set).length > 0) await tx.updateTable('person').set(set).where('id', '=', id).execute();
    const name = {
      ...(change.first ? { first_name: change.first.trim() } : {}), ...(change.last ? { last_name: change.last.trim() } : {}),
      ...(change.middle !== undefined ? { middle_name: change.middle.trim() || null } : {}),
    };
    if (Object.keys(name).length > 0) await tx.updateTable('person_name').set(name).where('person_id', '=', id).where('kind', '=', 'primary').execute();
    await appendEvent(tx, { kind: 'records.person.changed', subject: { type: 'person', id }, actor, payload: { fields: Object.keys(change) } });
  });
}

const DETAIL_TABLES = { alias: 'person_name', identifier: 'person_identifier', address: 'person_address', phone: 'person_phone' } as const;

export async function removeDetail(ctx: AppContext, actor: Actor, id: string, kind: keyof typeof DETAIL_TABLES, detailId: number): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await editable(tx, id);
    let q = tx.deleteFrom(DETAIL_TABLES[kind]).where('id', '=', detailId).where('person_id', '=', id);
    if (kind === 'alias') q = q.where('kind', '=', 'alias');
    const result = await q.executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFound('person.detail_not_found', `master name ${id} has no ${kind} ${detailId}`);
    await appendEvent(tx, { kind: 'records.person.changed', subject: { type: 'person', id }, actor, payload: { removed: kind } });
  });
}
