/**
 * Administrative messages (81A §J.7): LP in-state point-to-point (up to five agencies),
 * BC in-state broadcast (up to five areas or the whole state), NL out of state (up to
 * five agencies, states or regions, or the whole country) and AF in-state flash for
 * urgent matters. Limits are checked before anything is sent; sent and received
 * messages are kept and searchable.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { Conflict } from '../core/errors.ts';
import { auditSubject } from '../core/audit/action.ts';
import { inTransaction } from '../db/index.ts';
import type { DestinationsJson } from '../db/tables/cjis.ts';
import { requireCjis } from './access.ts';
import type { Field } from './gateway/message.ts';
import { checkOri } from './identifiers.ts';
import { cjisLink, isTraining } from './link.ts';
import { MESSAGE_TYPES, type MessageType } from './model.ts';
import { sendToSwitch } from './queries.ts';
import { messageDestinations, type Destinations } from './rules.ts';
import { insertMessage, messageRow, searchMessages } from './store.ts';

export interface MessageInput extends Destinations { type: MessageType; text: string }

function upper(list: string[] | undefined): string[] | undefined {
  return list?.map((s) => s.trim().toUpperCase());
}

/** The destination fields of the message: DSK names their kind, DST repeats for each. */
function destinationFields(to: DestinationsJson): Field[] {
  if (to.statewide) return [['DSK', 'ALL'], ['DST', 'STATEWIDE']];
  if (to.nationwide) return [['DSK', 'ALL'], ['DST', 'NATIONWIDE']];
  const [kind, list] = to.agencies ? ['ORI', to.agencies] : to.areas ? ['AREA', to.areas] : to.states ? ['STATE', to.states] : ['REGION', to.regions ?? []];
  return [['DSK', kind], ...list.map((d): Field => ['DST', d])];
}

export function messageView(row: { id: string; direction: string; mke: string; from_ori: string; destinations: DestinationsJson; text: string; reason: string | null; sent_by: string | null; at: Date; training: boolean }) {
  return {
    id: row.id, direction: row.direction, type: row.mke, typeName: MESSAGE_TYPES[row.mke as MessageType]?.name ?? row.mke, fromOri: row.from_ori,
    destinations: row.destinations, text: row.text, reason: row.reason, sentBy: row.sent_by, at: row.at.toISOString(), training: row.training,
  };
}

export async function sendMessage(ctx: AppContext, actor: Actor, input: MessageInput) {
  const to: DestinationsJson & { reason?: string | undefined } = {
    agencies: upper(input.agencies), areas: upper(input.areas), states: upper(input.states), regions: upper(input.regions), statewide: input.statewide, nationwide: input.nationwide,
  };
  enforce(messageDestinations(input.type, { ...to, reason: input.reason }, ctx.config.agency.ori.slice(0, 2)));
  await requireCjis(ctx, actor, 'full');
  const destinations: DestinationsJson = Object.fromEntries(Object.entries(to).filter(([, v]) => v !== undefined && v !== false));
  await sendToSwitch(ctx, {
    mke: input.type, records: [],
    fields: [...destinationFields(input.type === 'AF' ? { statewide: true } : destinations), ...(input.reason ? [['RSN', input.reason.toUpperCase()] as Field] : []), ['OPR', actor.username], ['TXT', input.text]],
  });
  const id = await inTransaction(ctx.db, async (tx) => {
    const messageId = await insertMessage(tx, {
      direction: 'out', mke: input.type, fromOri: ctx.config.agency.ori, destinations: input.type === 'AF' ? { statewide: true } : destinations,
      text: input.text, reason: input.reason ?? null, by: actor.username, training: isTraining(ctx),
    });
    auditSubject(tx, { type: 'cjis_message', id: messageId }, `cjis.message.${input.type}`);
    return messageId;
  });
  return messageView(await messageRow(ctx.db, id));
}

export async function listMessages(ctx: AppContext, filter: { q?: string | undefined; direction?: 'in' | 'out' | undefined; limit?: number | undefined }) {
  const rows = await searchMessages(ctx.db, { text: filter.q, direction: filter.direction, limit: filter.limit ?? 100 });
  return rows.map(messageView);
}

/** Training only: a message from a simulated agency, delivered to this agency through the training switch. */
export async function injectTrainingMessage(ctx: AppContext, input: { fromOri: string; type: MessageType; text: string }): Promise<void> {
  const link = await cjisLink(ctx);
  if (!link.training) throw new Conflict('cjis.not_training', 'Messages are injected only into the training switch.');
  const from = checkOri(input.fromOri);
  if (!from.ok) throw new Conflict('cjis.bad_ori', from.why);
  const delivered = link.training.deliver(ctx.config.agency.ori, {
    mke: input.type, ori: from.value, records: [],
    fields: [...destinationFields(input.type === 'LP' ? { agencies: [ctx.config.agency.ori] } : { statewide: true }), ['FRM', from.value], ['TXT', input.text]],
  });
  if (!delivered) throw new Conflict('cjis.not_connected', 'This server is not connected to the training switch yet; run a query first.');
}
