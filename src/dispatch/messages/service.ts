import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound, PolicyViolation } from '../../core/errors.ts';
import { inTransaction, type Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { raiseAlert } from '../alerts/store.ts';
import type { Actor } from '../../core/actor.ts';

/** 81A §H.3: the emergency messages the department relays; routine ones it does not (§H.4). */
export const MESSAGE_KINDS = ['injury_illness', 'death_family', 'other_authorized', 'routine'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
/** §H.1: relayed "by the means deemed to be most appropriate by the Commanding Officer". */
export const MEANS = ['officer_in_person', 'telephone', 'other_agency', 'not_relayed'] as const;

export interface Person { name: string; phone?: string | undefined; address?: string | undefined; agency?: string | undefined }

export interface MessageView {
  id: string; receivedAt: string; receivedBy: string; kind: string; message: string; requester: Record<string, unknown>; recipient: Record<string, unknown>;
  decision: string | null; decisionNote: string | null; decidedBy: string | null; decidedAt: string | null;
  delivered: boolean | null; deliveryNote: string | null; deliveryRecordedAt: string | null; deliveryRecordedBy: string | null;
  /** Who acknowledged receiving a delivered message: the recipient, or who took it for them. */
  acknowledgedBy: string | null;
  requesterToldAt: string | null; requesterToldBy: string | null;
  /** What the dispatcher has to do next. */
  next: 'await_decision' | 'deliver' | 'tell_requester' | 'done';
}

type Row = Awaited<ReturnType<typeof load>>;
const iso = (d: Date | null) => d?.toISOString() ?? null;

function nextStep(r: NonNullable<Row>): MessageView['next'] {
  if (!r.decision) return 'await_decision';
  if (r.decision === 'not_relayed') return r.requester_told_at ? 'done' : 'tell_requester';
  if (r.delivered === null) return 'deliver';
  if (!r.delivered && !r.requester_told_at) return 'tell_requester';
  return 'done';
}

function view(r: NonNullable<Row>): MessageView {
  return {
    id: r.id, receivedAt: r.received_at.toISOString(), receivedBy: r.received_by, kind: r.kind, message: r.message, requester: r.requester, recipient: r.recipient,
    decision: r.decision, decisionNote: r.decision_note, decidedBy: r.decided_by, decidedAt: iso(r.decided_at),
    delivered: r.delivered, deliveryNote: r.delivery_note, deliveryRecordedAt: iso(r.delivery_recorded_at), deliveryRecordedBy: r.delivery_recorded_by, acknowledgedBy: r.acknowledged_by,
    requesterToldAt: iso(r.requester_told_at), requesterToldBy: r.requester_told_by, next: nextStep(r),
  };
}

function load(q: Tx | AppContext['db'], id: string, lock = false) {
  const query = q.selectFrom('emergency_message').selectAll().where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

async function mustLoad(tx: Tx, id: string) {
  const row = await load(tx, id, true);
  if (!row) throw new NotFound('message.not_found', `there is no emergency message ${id}`);
  return row;
}

const by = (actor: Actor) => ({ username: actor.username, unit: actor.unit ?? null });

/** Record an emergency message and put it before the commanding officer (§H.1). */
export async function receiveMessage(ctx: AppContext, actor: Actor, input: { kind: MessageKind; message: string; requester: Person; recipient: Person }): Promise<MessageView> {
  if (input.kind === 'routine') throw new PolicyViolation('message.routine', 'routine messages are not delivered by members of this department', '81A §H.4');
  const kind = input.kind;
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.insertInto('emergency_message').values({
      received_by: actor.username, kind, message: input.message, requester: JSON.stringify(input.requester), recipient: JSON.stringify(input.recipient),
      decision: null, decision_note: null, decided_by: null, decided_at: null, delivered: null, delivery_note: null, delivery_recorded_at: null, delivery_recorded_by: null, acknowledged_by: null, requester_told_at: null, requester_told_by: null,
    }).returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'message.received', subject: { type: 'emergency_message', id: row.id }, actor: by(actor), confidential: true, payload: { kind: input.kind } });
    await raiseAlert(tx, by(actor), { kind: 'emergency_message', title: `Emergency message for ${input.recipient.name}: commanding officer to decide how to relay it`,
      audience: ['dispatchers', 'commanding_officer'], detail: { message: row.id, kind: input.kind, clause: '81A §H.1' }, dedupeKey: `message:${row.id}`, confidential: true });
    return view(row);
  });
}

/** The commanding officer's decision on how the message is relayed (§H.1). */
export async function decide(ctx: AppContext, actor: Actor, id: string, means: string, note: string | undefined): Promise<MessageView> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await mustLoad(tx, id);
    if (row.decision) throw new Conflict('message.already_decided', `decided by ${row.decided_by}: ${row.decision}`);
    const updated = await tx.updateTable('emergency_message').set({ decision: means, decision_note: note ?? null, decided_by: actor.username, decided_at: new Date() })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('alert').set({ acknowledged_at: new Date(), acknowledged_by: actor.username, acknowledgment: `decision: ${means}` })
      .where('dedupe_key', '=', `message:${id}`).where('acknowledged_at', 'is', null).execute();
    await appendEvent(tx, { kind: 'message.decided', subject: { type: 'emergency_message', id }, actor: by(actor), confidential: true, payload: { means, note: note ?? null } });
    return view(updated);
  });
}

export interface Delivery { delivered: boolean; acknowledgedBy?: string | undefined; note?: string | undefined }

/**
 * Whether the message was delivered, and who acknowledged receiving it; if it was not delivered, the
 * dispatcher is prompted to tell the requester (§H.2).
 */
export async function recordDelivery(ctx: AppContext, actor: Actor, id: string, { delivered, acknowledgedBy, note }: Delivery): Promise<MessageView> {
  const acknowledged = acknowledgedBy?.trim() || null;
  if (!delivered && acknowledged) throw new BadRequest('message.acknowledged_undelivered', 'body.acknowledgedBy: a message that was not delivered has no one who acknowledged it');
  return inTransaction(ctx.db, async (tx) => {
    const row = await mustLoad(tx, id);
    if (!row.decision) throw new Conflict('message.no_decision', 'the commanding officer has not yet decided how to relay this message (81A §H.1)');
    if (row.decision === 'not_relayed') throw new Conflict('message.not_relayed', 'the commanding officer decided not to relay this message');
    if (row.delivered !== null) throw new Conflict('message.delivery_recorded', 'the delivery of this message is already recorded');
    const updated = await tx.updateTable('emergency_message').set({ delivered, delivery_note: note ?? null, delivery_recorded_at: new Date(), delivery_recorded_by: actor.username, acknowledged_by: acknowledged })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'message.delivery', subject: { type: 'emergency_message', id }, actor: by(actor), confidential: true, payload: { delivered, acknowledgedBy: acknowledged, note: note ?? null } });
    if (!delivered) await promptToTellRequester(tx, actor, updated.id, updated.requester);
    return view(updated);
  });
}

async function promptToTellRequester(tx: Tx, actor: Actor, id: string, requester: Record<string, unknown>): Promise<void> {
  await raiseAlert(tx, by(actor), { kind: 'message_undelivered', title: `Message not delivered: tell the requester, ${String(requester.name)}${requester.phone ? ` (${String(requester.phone)})` : ''}`,
    audience: ['dispatchers'], detail: { message: id, requester, clause: '81A §H.2' }, dedupeKey: `undelivered:${id}`, confidential: true });
}

/** The requester was told the message was not delivered (§H.2); the prompt is closed. */
export async function requesterTold(ctx: AppContext, actor: Actor, id: string, note: string | undefined): Promise<MessageView> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await mustLoad(tx, id);
    if (row.delivered !== false && row.decision !== 'not_relayed') throw new Conflict('message.not_undelivered', 'only an undelivered message is reported back to the requester');
    if (row.requester_told_at) throw new Conflict('message.requester_already_told', `told at ${row.requester_told_at.toISOString()}`);
    const now = new Date();
    const updated = await tx.updateTable('emergency_message').set({ requester_told_at: now, requester_told_by: actor.username }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await tx.updateTable('alert').set({ acknowledged_at: now, acknowledged_by: actor.username, acknowledgment: note ?? 'requester told' })
      .where('dedupe_key', '=', `undelivered:${id}`).where('acknowledged_at', 'is', null).execute();
    await appendEvent(tx, { kind: 'message.requester_told', subject: { type: 'emergency_message', id }, actor: by(actor), confidential: true, payload: { note: note ?? null } });
    return view(updated);
  });
}

export async function listMessages(ctx: AppContext, openOnly: boolean): Promise<MessageView[]> {
  const rows = await ctx.db.selectFrom('emergency_message').selectAll().orderBy('received_at', 'desc').limit(200).execute();
  return rows.map(view).filter((m) => !openOnly || m.next !== 'done');
}

export async function getMessage(ctx: AppContext, id: string): Promise<MessageView> {
  const row = await load(ctx.db, id);
  if (!row) throw new NotFound('message.not_found', `there is no emergency message ${id}`);
  return view(row);
}
