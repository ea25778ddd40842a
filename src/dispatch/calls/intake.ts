import type { AppContext } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import { inTransaction, type Tx } from '../../db/index.ts';
import type { Actor } from '../../core/actor.ts';
import { incidentRecord, prepareIncident, writeIncident } from '../incidents/service.ts';
import type { IncidentRecord, NewIncident } from '../incidents/model.ts';
import type { CallView } from './model.ts';
import { applyAliCheck, applyDetails, checkNewCall, insertNewCall, linkLocked, render, type AliCheckInput, type CallDetails, type NewCall } from './service.ts';
import { lockCall, type CallRow } from './store.ts';
import { callCodes, type CallCodes } from './views.ts';

/** What the call-taker learnt on the call: its category, answers and caller, and the ALI fields checked with the caller. */
export interface CallFindings {
  details?: CallDetails | undefined;
  aliChecks?: AliCheckInput[] | undefined;
}

/** A call the console takes into a new incident: what was learnt, and the incident's fields. */
export interface CallIncident extends CallFindings {
  incident: Omit<NewIncident, 'callId'>;
}

/** A call typed at the console (a walk-in, a call on a line the phone system does not report): the call itself, then as CallIncident. */
export interface CallIntake extends CallIncident {
  call: NewCall;
}

/** What one of these requests answers: the incident as written, and the call as it now stands. */
export interface CallTaken {
  call: CallView;
  incident: IncidentRecord;
}

async function recordFindings(tx: Tx, actor: Actor, codes: CallCodes, call: CallRow, findings: CallFindings): Promise<CallRow> {
  let row = call;
  const details = findings.details;
  if (details && Object.values(details).some((v) => v !== undefined)) row = await applyDetails(tx, actor, codes, row, details, 'details.');
  for (const [i, check] of (findings.aliChecks ?? []).entries()) row = await applyAliCheck(tx, actor, row, check, `aliChecks.${i}.`);
  return row;
}

/**
 * 81A §C–§D.3 as one use case: a call typed at the console becomes an incident. The
 * call (answered by the person typing it), its category, answers and caller (§C.3), the
 * ALI fields verified or corrected with both values kept (§C.2.b.iii), the incident with
 * its fields (§D.3) joined to the call, which leaves the waiting list (its line stays
 * open until the call is ended) — one transaction: a refusal
 * anywhere leaves no call, no incident, no event and no audit row.
 */
export async function intakeCall(ctx: AppContext, actor: Actor, input: CallIntake): Promise<CallTaken> {
  const codes = await callCodes(ctx.db);
  checkNewCall(codes, input.call, 'call.');
  const prepared = await prepareIncident(ctx, input.incident, 'incident.');
  const written = await inTransaction(ctx.db, async (tx) => {
    const received = await insertNewCall(tx, actor, codes, input.call, true);
    const call = await recordFindings(tx, actor, codes, received, input);
    return writeIncident(tx, ctx, actor, prepared, call);
  });
  return { call: (await render(ctx, [written.call!], codes))[0]!, incident: written.incident };
}

/**
 * The same for a call already received (answered from the queue, or ringing): its
 * findings and the incident joined to it (it leaves the waiting list; its line stays open
 * until the call is ended), in one transaction (81A §C, §D.3).
 */
export async function callIntoIncident(ctx: AppContext, actor: Actor, id: string, input: CallIncident): Promise<CallTaken> {
  const codes = await callCodes(ctx.db);
  const prepared = await prepareIncident(ctx, input.incident, 'incident.');
  const written = await inTransaction(ctx.db, async (tx) => {
    const locked = await lockCall(tx, id);
    if (!locked) throw new NotFound('call.not_found', `There is no call ${id}.`);
    const call = await recordFindings(tx, actor, codes, locked, input);
    return writeIncident(tx, ctx, actor, prepared, call);
  });
  return { call: (await render(ctx, [written.call!], codes))[0]!, incident: written.incident };
}

/**
 * Another caller about an open incident (81A §C "Multiple Calls"): the call's findings and
 * its link to the incident in one transaction; answers with the call and the incident.
 */
export async function callToIncident(ctx: AppContext, actor: Actor, id: string, incidentNumber: string, findings: CallFindings): Promise<CallTaken> {
  const codes = await callCodes(ctx.db);
  const row = await inTransaction(ctx.db, async (tx) => {
    const locked = await lockCall(tx, id);
    if (!locked) throw new NotFound('call.not_found', `There is no call ${id}.`);
    const call = await recordFindings(tx, actor, codes, locked, findings);
    return linkLocked(tx, ctx, actor, call, incidentNumber);
  });
  return { call: (await render(ctx, [row], codes))[0]!, incident: await incidentRecord(ctx, incidentNumber, actor) };
}
