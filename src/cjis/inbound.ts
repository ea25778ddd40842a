/**
 * What the switch sends on its own: answers to hit confirmation requests (YR) and
 * administrative messages from other agencies (LP, BC, NL, AF). Each is recorded in one
 * transaction with its audit row; the YR goes on the incident's timeline.
 */
import type { AppContext } from '../core/context.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { appendEvent } from '../core/events/log.ts';
import { inTransaction } from '../db/index.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { fieldOf, fieldsOf, type NcicMessage } from './gateway/message.ts';
import { MESSAGE_TYPES } from './model.ts';
import { answerConfirmation, confirmationFor, insertMessage } from './store.ts';

const SWITCH_ACTOR = { username: 'cjis-switch', source: null, remote: false };

/** Thrown for a message nobody can use; the adapter logs and counts it. */
export class UnexpectedMessage extends Error {}

async function answer(ctx: AppContext, message: NcicMessage, training: boolean): Promise<boolean> {
  const nic = fieldOf(message, 'NIC') ?? '';
  return inTransaction(ctx.db, async (tx) => {
    const confirmation = await confirmationFor(tx, fieldOf(message, 'REF'), nic);
    if (!confirmation || confirmation.answered_at) return false;
    const confirmed = fieldOf(message, 'CON') === 'Y';
    const by = fieldOf(message, 'NAM') ?? message.ori;
    const remarks = fieldOf(message, 'REM') ?? null;
    await answerConfirmation(tx, confirmation.id, { at: ctx.clock.now(), confirmed, by, remarks });
    const incident = confirmation.incident_number ? await incidentBrief(tx, confirmation.incident_number) : undefined;
    const text = `${training ? 'TRAINING — ' : ''}Hit confirmation answered (YR) by ${message.ori}: ${confirmed ? 'CONFIRMED' : 'NOT CONFIRMED'} — ${remarks ?? ''} (${nic}, request ${confirmation.request_number})`;
    if (incident) {
      await appendEvent(tx, { kind: 'cjis.confirmation.answered', subject: { type: 'incident', id: incident.number }, actor: SWITCH_ACTOR, confidential: incident.confidential, payload: { text, nic, confirmed, hit: confirmation.hit_id, for: confirmation.requested_by } });
    }
    await recordAudit(tx, { actor: SWITCH_ACTOR, action: 'cjis.confirmation.answered', subject: { type: 'cjis_confirmation', id: confirmation.id }, outcome: 'allowed', detail: { nic, confirmed, by } });
    return true;
  });
}

/** Record one message the switch sent without being asked. */
export async function receiveFromSwitch(ctx: AppContext, message: NcicMessage, training: boolean): Promise<void> {
  if (message.mke === 'YR') {
    // The answer may overtake the commit of its own request: look again for a moment before giving up.
    for (let attempt = 0; attempt < 10; attempt++) {
      if (await answer(ctx, message, training)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new UnexpectedMessage(`YR for ${fieldOf(message, 'NIC') ?? '?'} answers no request of this agency`);
  }
  if (message.mke in MESSAGE_TYPES) {
    const kind = fieldOf(message, 'DSK');
    const destinations = fieldsOf(message, 'DST');
    await inTransaction(ctx.db, async (tx) => {
      const id = await insertMessage(tx, {
        direction: 'in', mke: message.mke, fromOri: fieldOf(message, 'FRM') ?? message.ori, text: fieldOf(message, 'TXT') ?? '', reason: fieldOf(message, 'RSN') ?? null, by: null, training,
        destinations: kind === 'STATE' ? { states: destinations } : kind === 'REGION' ? { regions: destinations } : kind === 'AREA' ? { areas: destinations } : destinations.includes('STATEWIDE') ? { statewide: true } : destinations.includes('NATIONWIDE') ? { nationwide: true } : { agencies: destinations },
      });
      await appendEvent(tx, { kind: 'cjis.message.received', subject: { type: 'cjis_message', id }, actor: SWITCH_ACTOR, payload: { type: message.mke, from: fieldOf(message, 'FRM') ?? message.ori, training } });
      await recordAudit(tx, { actor: SWITCH_ACTOR, action: 'cjis.message.received', subject: { type: 'cjis_message', id }, outcome: 'allowed', detail: { type: message.mke } });
    });
    return;
  }
  throw new UnexpectedMessage(`unexpected ${message.mke} from the switch`);
}
