import type { AppContext } from '../core/context.ts';
import type { StreamCloseWhy } from '../core/events/sessions.ts';

/** A session as the live stream needs to know it: still live (with its login's roles now), or why it ended. */
export type SessionState = { live: true; username: string; roles: string[] } | { live: false; why: StreamCloseWhy };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where each session stands, by the same limits `authenticate` applies: ended, its
 * login disabled, idle past `security.idleMinutes`, or older than `security.maxSessionHours`
 * (CJIS AC-11, AC-12). A session that is not found has ended.
 */
export async function sessionStates(ctx: AppContext, ids: readonly string[]): Promise<Map<string, SessionState>> {
  const states = new Map<string, SessionState>();
  const wanted = ids.filter((id) => UUID.test(id));
  const rows = wanted.length === 0 ? [] : await ctx.db.selectFrom('session').innerJoin('app_user', 'app_user.username', 'session.username')
    .select(['session.id', 'session.created_at', 'session.last_seen_at', 'session.ended_at', 'app_user.username', 'app_user.roles', 'app_user.disabled_at'])
    .where('session.id', 'in', wanted).execute();
  const { idleMinutes, maxSessionHours } = ctx.config.security;
  const now = Date.now();
  for (const r of rows) {
    const tooOld = now - r.last_seen_at.getTime() > idleMinutes * 60_000 || now - r.created_at.getTime() > maxSessionHours * 3_600_000;
    const why: StreamCloseWhy | undefined = r.disabled_at ? 'disabled' : r.ended_at ? 'signedOut' : tooOld ? 'expired' : undefined;
    states.set(r.id, why ? { live: false, why } : { live: true, username: r.username, roles: r.roles });
  }
  for (const id of ids) if (!states.has(id)) states.set(id, { live: false, why: 'signedOut' });
  return states;
}
