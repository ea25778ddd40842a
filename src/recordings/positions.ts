/**
 * The dispatch position a person sits at (81A §M.2.b: the instant recall recorder at
 * each work station). A recording names its position; the recordings of a dispatcher's
 * own position are theirs to recall, and the occupant links a recording to the calls
 * they took.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { readSetting } from '../core/settings.ts';
import { inTransaction } from '../db/index.ts';
import { RECALL_MINUTES } from './settings.ts';
import { currentSeat, leaveSeat, takeSeat } from './store.ts';

export async function myPosition(ctx: AppContext, actor: Actor) {
  const [seat, recallMinutes] = await Promise.all([currentSeat(ctx.db, actor.username), readSetting(ctx.db, RECALL_MINUTES)]);
  return { position: seat?.position ?? null, since: seat?.taken_at.toISOString() ?? null, recallMinutes };
}

export async function takePosition(ctx: AppContext, actor: Actor, position: string) {
  await inTransaction(ctx.db, async (tx) => {
    await takeSeat(tx, position, actor.username, ctx.clock.now());
    await recordAudit(tx, { actor, action: 'recordings.position_taken', subject: { type: 'dispatch_position', id: position }, outcome: 'allowed' });
  });
  return myPosition(ctx, actor);
}

export async function leavePosition(ctx: AppContext, actor: Actor) {
  await inTransaction(ctx.db, async (tx) => {
    const left = await leaveSeat(tx, actor.username, ctx.clock.now());
    if (left) await recordAudit(tx, { actor, action: 'recordings.position_left', subject: { type: 'user', id: actor.username }, outcome: 'allowed' });
  });
  return myPosition(ctx, actor);
}
