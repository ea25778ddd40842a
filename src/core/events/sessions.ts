import { sql } from 'kysely';
import type { Tx } from '../../db/index.ts';

/**
 * Sessions and the live stream (CJIS AC-2, AC-12): every open socket belongs to a
 * session, and when the session ends or its login changes, every server node closes
 * the socket at once with a code and a reason the console shows. Identity announces
 * the change inside the transaction that makes it, so the notice goes out exactly when
 * the change commits; the stream also checks its sessions every half second in case
 * a notice is lost and to catch the idle and absolute limits.
 */
export const SESSION_CHANNEL = 'precinct_session';

/** Why a socket closed: the WebSocket close code and the reason the console shows. */
export const STREAM_CLOSE = {
  signedOut: { code: 4001, reason: 'signed out' },
  expired: { code: 4002, reason: 'session expired' },
  ended: { code: 4003, reason: 'session ended by an administrator' },
  disabled: { code: 4004, reason: 'login disabled' },
  rolesChanged: { code: 4005, reason: 'roles changed: no longer permitted to read events' },
} as const;
export type StreamCloseWhy = keyof typeof STREAM_CLOSE;

/** What changed: one session, or every session of a login. `roles` means re-check what the login may read. */
export interface SessionNotice {
  session?: string;
  username?: string;
  why: StreamCloseWhy | 'roles';
}

/** Tell every node's stream, when this transaction commits, that a session ended or a login changed. */
export async function announceSessionChange(tx: Tx, notice: SessionNotice): Promise<void> {
  await sql`select pg_notify(${SESSION_CHANNEL}, ${JSON.stringify(notice)})`.execute(tx);
}

export function parseSessionNotice(text: string): SessionNotice | undefined {
  try {
    const value = JSON.parse(text) as SessionNotice;
    return typeof value === 'object' && value !== null && typeof value.why === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
