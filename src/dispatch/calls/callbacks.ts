import { Type, type Static } from 'typebox';
import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound } from '../../core/errors.ts';
import { inTransaction, serverTime, type Db, type Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import type { Actor } from '../../core/actor.ts';
import { displayNames } from '../../identity/people.ts';
import { needsCallback } from './rules.ts';
import { lockCall, type CallRow } from './store.ts';
import type { CallOutcome } from './model.ts';

/** 81A §C.2.f: what came of one attempt to call an abandoned E-911 caller back. */
export const ATTEMPT_OUTCOMES = ['reached', 'no_answer', 'voicemail', 'busy'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
export const AttemptOutcome = Type.Union([Type.Literal('reached'), Type.Literal('no_answer'), Type.Literal('voicemail'), Type.Literal('busy')]);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const CallbackAttempt = Type.Object({
  at: Type.String(), by: Type.String(), byName: Type.String(),
  outcome: AttemptOutcome, note: Nullable(Type.String()),
});

export const CallbackView = Type.Object({
  callId: Type.String(),
  callbackNumber: Nullable(Type.String()),
  callerName: Nullable(Type.String()),
  receivedAt: Type.String(),
  endedAt: Nullable(Type.String()),
  /** open: still to call back; reached: the caller was reached; closed: the dispatcher closed it with a reason. */
  status: Type.Union([Type.Literal('open'), Type.Literal('reached'), Type.Literal('closed')]),
  attempts: Type.Array(CallbackAttempt),
  closedReason: Nullable(Type.String()),
  closedBy: Nullable(Type.String()),
  closedByName: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
});
export type CallbackView = Static<typeof CallbackView>;

type Attempt = { at: string; by: string; outcome: AttemptOutcome; note: string | null };
type CallbackRow = { status: 'open' | 'reached' | 'closed'; attempts: Record<string, unknown>[]; closed_reason: string | null; closed_by: string | null; closed_at: Date | null };
type CallPart = Pick<CallRow, 'id' | 'callback_number' | 'caller_name' | 'received_at' | 'ended_at'>;

async function views(q: Db | Tx, rows: { call: CallPart; callback: CallbackRow | undefined }[]): Promise<CallbackView[]> {
  const usernames = rows.flatMap(({ callback }) => [...(callback?.attempts ?? []).map((a) => String(a.by)), callback?.closed_by]);
  const nameOf = await displayNames(q, usernames);
  return rows.map(({ call, callback }) => ({
    callId: call.id, callbackNumber: call.callback_number, callerName: call.caller_name,
    receivedAt: call.received_at.toISOString(), endedAt: call.ended_at?.toISOString() ?? null,
    status: callback?.status ?? 'open',
    attempts: ((callback?.attempts ?? []) as Attempt[]).map((a) => ({ at: a.at, by: a.by, byName: nameOf(a.by), outcome: a.outcome, note: a.note ?? null })),
    closedReason: callback?.closed_reason ?? null,
    closedBy: callback?.closed_by ?? null,
    closedByName: callback?.closed_by ? nameOf(callback.closed_by) : null,
    closedAt: callback?.closed_at?.toISOString() ?? null,
  }));
}

/**
 * The call-back list (81A §C.2.f): abandoned E-911 calls, newest first; those still to be
 * called back only, or (all) the finished ones too, up to `limit`.
 */
export async function callbackList(ctx: AppContext, all: boolean, limit: number): Promise<CallbackView[]> {
  let query = ctx.db.selectFrom('call').leftJoin('call_callback', 'call_callback.call_id', 'call.id')
    .select(['call.id', 'call.callback_number', 'call.caller_name', 'call.received_at', 'call.ended_at',
      'call_callback.status', 'call_callback.attempts', 'call_callback.closed_reason', 'call_callback.closed_by', 'call_callback.closed_at'])
    .where('call.outcome', '=', 'abandoned').where('call.line', '=', 'e911');
  if (!all) query = query.where((eb) => eb.or([eb('call_callback.status', 'is', null), eb('call_callback.status', '=', 'open')]));
  const rows = await query.orderBy('call.received_at', 'desc').orderBy('call.id', 'desc').limit(limit).execute();
  return views(ctx.db, rows.map((r) => ({
    call: r,
    callback: r.status ? { status: r.status, attempts: r.attempts ?? [], closed_reason: r.closed_reason, closed_by: r.closed_by, closed_at: r.closed_at } : undefined,
  })));
}

/** Lock the call and its call back; refuse a call that needs none or whose call back is finished. */
async function openCallback(tx: Tx, id: string): Promise<{ call: CallRow; callback: CallbackRow | undefined }> {
  const call = await lockCall(tx, id);
  if (!call) throw new NotFound('call.not_found', `There is no call ${id}.`);
  if (!needsCallback({ line: call.line, outcome: call.outcome as CallOutcome | null })) {
    throw new Conflict('callback.not_needed', 'Only an abandoned E-911 call is called back (81A §C.2.f).');
  }
  const callback = await tx.selectFrom('call_callback').selectAll().where('call_id', '=', id).forUpdate().executeTakeFirst();
  if (callback && callback.status !== 'open') throw new Conflict('callback.finished', `The call back of call ${id} is already finished (${callback.status}).`);
  return { call, callback };
}

async function save(tx: Tx, call: CallRow, changes: Omit<CallbackRow, 'attempts'> & { attempts: Record<string, unknown>[] }): Promise<CallbackView> {
  const values = { ...changes, attempts: JSON.stringify(changes.attempts) };
  const row = await tx.insertInto('call_callback').values({ call_id: call.id, ...values })
    .onConflict((oc) => oc.column('call_id').doUpdateSet(values)).returningAll().executeTakeFirstOrThrow();
  return (await views(tx, [{ call, callback: row }]))[0]!;
}

/** One attempt to call the caller back; "reached" finishes the call back (81A §C.2.f). */
export function recordAttempt(ctx: AppContext, actor: Actor, id: string, input: { outcome: AttemptOutcome; note?: string | undefined }): Promise<CallbackView> {
  const note = input.note?.trim() ?? '';
  return inTransaction(ctx.db, async (tx) => {
    const { call, callback } = await openCallback(tx, id);
    const attempt: Attempt = { at: (await serverTime(tx)).toISOString(), by: actor.username, outcome: input.outcome, note: note || null };
    const reached = input.outcome === 'reached';
    const view = await save(tx, call, {
      status: reached ? 'reached' : 'open', attempts: [...(callback?.attempts ?? []), attempt],
      closed_reason: null, closed_by: reached ? actor.username : null, closed_at: reached ? new Date(attempt.at) : null,
    });
    await appendEvent(tx, { kind: 'call.callback_attempt', subject: { type: 'call', id }, actor, payload: { ...attempt, status: view.status } });
    return view;
  });
}

/** The dispatcher closes a call back that did not reach the caller, saying why (81A §C.2.f). */
export function closeCallback(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<CallbackView> {
  if (!reason.trim()) throw new BadRequest('callback.reason_required', 'Say why the call back is closed without reaching the caller.', { field: 'reason' });
  return inTransaction(ctx.db, async (tx) => {
    const { call, callback } = await openCallback(tx, id);
    const at = await serverTime(tx);
    const view = await save(tx, call, { status: 'closed', attempts: callback?.attempts ?? [], closed_reason: reason.trim(), closed_by: actor.username, closed_at: at });
    await appendEvent(tx, { kind: 'call.callback_closed', subject: { type: 'call', id }, actor, payload: { reason: reason.trim(), at: at.toISOString(), attempts: view.attempts.length } });
    return view;
  });
}
