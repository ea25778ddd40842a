import { sql } from 'kysely';
import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound } from '../../core/errors.ts';
import { inTransaction, serverTime } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import type { CallView } from './model.ts';
import { getCall } from './service.ts';
import { lockCall, updateCall } from './store.ts';
import type { Actor } from '../../core/actor.ts';

export interface Referral {
  medium: 'mail' | 'email' | 'telephone';
  summary: string;
}

/**
 * 81A §D.4: a crime or incident report received by mail, e-mail or other alternate
 * means that needs a police response goes to the commanding officer on duty, who
 * screens it. The call leaves the call-taker's hands and waits in the screening queue.
 */
export async function referToScreening(ctx: AppContext, actor: Actor, id: string, referral: Referral): Promise<CallView> {
  if (!referral.summary.trim()) throw new BadRequest('screening.summary_required', 'Summarise the report for the commanding officer.');
  await inTransaction(ctx.db, async (tx) => {
    const call = await lockCall(tx, id);
    if (!call) throw new NotFound('call.not_found', `There is no call ${id}.`);
    if (call.line !== 'report') throw new Conflict('screening.not_a_report', 'Only reports received by mail, e-mail or telephone go to screening (81A §D.4); take other calls as incidents.');
    if (call.outcome) throw new Conflict('call.closed', `Call ${call.id} already has an outcome (${call.outcome}).`);
    const screening = { ...referral, status: 'waiting', referredBy: actor.username, referredAt: (await serverTime(tx)).toISOString() };
    const updated = await updateCall(tx, id, { outcome: 'screening', screening: JSON.stringify(screening), status: 'ended', ...(call.ended_at ? {} : { ended_at: sql<Date>`now()` }) });
    await appendEvent(tx, { kind: 'call.referred_to_screening', subject: { type: 'call', id }, actor, payload: { line: updated.line, ...screening } });
  });
  return getCall(ctx, id);
}

export interface ScreeningDecision {
  decision: 'respond' | 'no_response';
  note?: string | undefined;
}

/**
 * The commanding officer's screening (81A §D.4). "respond" leaves the report ready to
 * become an incident (POST /incidents with its callId); "no_response" closes it, kept.
 */
export async function decideScreening(ctx: AppContext, actor: Actor, id: string, decision: ScreeningDecision): Promise<CallView> {
  await inTransaction(ctx.db, async (tx) => {
    const call = await lockCall(tx, id);
    if (!call) throw new NotFound('call.not_found', `There is no call ${id}.`);
    const screening = call.screening as Record<string, unknown> | null;
    if (call.outcome !== 'screening' || !screening || screening.status !== 'waiting') {
      throw new Conflict('screening.not_waiting', `Call ${id} is not waiting for screening.`);
    }
    const decided = { ...screening, status: decision.decision, note: decision.note ?? null, decidedBy: actor.username, decidedAt: (await serverTime(tx)).toISOString() };
    const updated = await updateCall(tx, id, {
      screening: JSON.stringify(decided),
      ...(decision.decision === 'no_response' ? { outcome: 'no_response', no_response_type: 'SCREENED_OUT' } : {}),
    });
    await appendEvent(tx, { kind: 'call.screened', subject: { type: 'call', id }, actor, payload: { line: updated.line, ...decided } });
  });
  return getCall(ctx, id);
}
