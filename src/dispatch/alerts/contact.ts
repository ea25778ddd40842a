import type { AppContext } from '../../core/context.ts';
import { inTransaction } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { knownUnits } from '../units/service.ts';
import { unitView } from '../units/status.ts';
import type { UnitView } from '../units/model.ts';
import { nonResponsePrompt, type NonResponsePrompt } from './rules.ts';
import type { Actor } from '../../core/actor.ts';

const by = (actor: Actor) => ({ username: actor.username, unit: actor.unit ?? null });

/** 81A §E.5.d: put a unit on standby; the dispatcher is reminded to re-establish contact. */
export async function putOnStandby(ctx: AppContext, actor: Actor, callSign: string, reason: string): Promise<UnitView> {
  await knownUnits(ctx, [callSign]);
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('unit_status').set({ standby_since: new Date(), standby_reason: reason }).where('call_sign', '=', callSign).execute();
    await appendEvent(tx, { kind: 'unit.standby', subject: { type: 'unit', id: callSign }, actor: by(actor), payload: { reason } });
  });
  return unitView(ctx, actor, callSign);
}

/** Contact with the unit is (re-)established: standby ends and unanswered calls are reset. */
export async function contactMade(ctx: AppContext, actor: Actor, callSign: string, via: string | undefined): Promise<UnitView> {
  await knownUnits(ctx, [callSign]);
  await inTransaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('unit_status').select(['standby_since', 'unanswered_calls']).where('call_sign', '=', callSign).forUpdate().executeTakeFirstOrThrow();
    await tx.updateTable('unit_status').set({ standby_since: null, standby_reason: null, unanswered_calls: 0, first_unanswered_at: null }).where('call_sign', '=', callSign).execute();
    await appendEvent(tx, { kind: 'unit.contact_made', subject: { type: 'unit', id: callSign }, actor: by(actor), payload: {
      via: via ?? 'radio', endedStandby: Boolean(before.standby_since), afterUnansweredCalls: before.unanswered_calls,
    } });
  });
  return unitView(ctx, actor, callSign);
}

/**
 * 81A §E.6: the dispatcher called the unit and got no answer. After two, the answer
 * prompts another channel and, for an incident needing an immediate response,
 * dispatching another unit. The timer for §E.6.c starts at the first unanswered call.
 */
export async function callUnanswered(ctx: AppContext, actor: Actor, callSign: string): Promise<{ unit: UnitView; unansweredCalls: number; prompt: NonResponsePrompt }> {
  await knownUnits(ctx, [callSign]);
  const count = await inTransaction(ctx.db, async (tx) => {
    const row = await tx.updateTable('unit_status')
      .set((eb) => ({ unanswered_calls: eb('unanswered_calls', '+', 1), first_unanswered_at: eb.fn.coalesce('first_unanswered_at', eb.val(new Date())) }))
      .where('call_sign', '=', callSign).returning(['unanswered_calls', 'incident_number']).executeTakeFirstOrThrow();
    const incident = row.incident_number
      ? await tx.selectFrom('incident').select(['priority', 'confidential']).where('number', '=', row.incident_number).executeTakeFirst() : undefined;
    const prompt = nonResponsePrompt(row.unanswered_calls, incident?.priority ?? null);
    await appendEvent(tx, { kind: 'unit.call_unanswered', subject: { type: 'unit', id: callSign }, actor: by(actor), payload: {
      unansweredCalls: row.unanswered_calls, incident: incident?.confidential ? null : row.incident_number, prompt,
    } });
    return { count: row.unanswered_calls, prompt };
  });
  return { unit: await unitView(ctx, actor, callSign), unansweredCalls: count.count, prompt: count.prompt };
}
