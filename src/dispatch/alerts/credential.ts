import type { AppContext } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import { enforce } from '../../core/decision.ts';
import { currentAction } from '../../core/audit/action.ts';
import { recordAuditNow } from '../../core/audit/trail.ts';
import { appendEvent } from '../../core/events/log.ts';
import { agencyDate, agencyDateDaysAgo } from '../../core/clock.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import type { Actor, Origin } from '../../core/actor.ts';
import { rosterEntries } from '../../directory/roster.ts';
import { peopleByUsername, personByUsername, displayName } from '../../identity/people.ts';
import { newToken, tokenHash } from '../../identity/tokens.ts';
import { rosterShiftEnd } from '../../keys/rules.ts';
import { credentialDecision } from './rules.ts';
import { emergencyActivation, type EmergencyInput, type EmergencyOutcome } from './emergency.ts';

/** How long a credential lasts when the officer's roster line names no shift hours. */
const DEFAULT_SHIFT_HOURS = 12;

export interface CredentialView {
  id: string;
  username: string;
  officer: string;
  callSign: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

type Row = { id: string; username: string; call_sign: string; issued_at: Date; expires_at: Date; revoked_at: Date | null; revoked_by: string | null; last_used_at: Date | null };

const view = (r: Row, officer: string): CredentialView => ({
  id: r.id, username: r.username, officer, callSign: r.call_sign, issuedAt: r.issued_at.toISOString(), expiresAt: r.expires_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null, revokedBy: r.revoked_by, lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

/** The end of the officer's rostered shift on this unit that is still ahead, else a default shift from now. */
async function shiftEnd(q: Db | Tx, timeZone: string, username: string, callSign: string, now: Date): Promise<Date> {
  const entries = await rosterEntries(q, [agencyDate(timeZone), agencyDateDaysAgo(timeZone, 1)], { username, callSign });
  const ends = entries.map((e) => rosterShiftEnd(e.shift, e.date, timeZone)).filter((d): d is Date => d !== null && d > now);
  return ends.sort((a, b) => a.getTime() - b.getTime())[0] ?? new Date(now.getTime() + DEFAULT_SHIFT_HOURS * 3_600_000);
}

/**
 * Give the officer's terminal its emergency credential for their own unit (the route has
 * checked the unit is theirs): a token shown once, valid to the end of their shift.
 */
export async function issueCredential(ctx: AppContext, actor: Actor, callSign: string): Promise<CredentialView & { token: string }> {
  const token = newToken();
  const now = new Date();
  const expires = await shiftEnd(ctx.db, ctx.config.agency.timeZone, actor.username, callSign, now);
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.insertInto('emergency_credential').values({ token_hash: tokenHash(token), username: actor.username, call_sign: callSign, expires_at: expires, revoked_at: null, revoked_by: null, last_used_at: null })
      .returningAll().executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'emergency_credential.issued', subject: { type: 'emergency_credential', id: row.id }, actor, payload: { callSign, username: actor.username, expiresAt: expires.toISOString() } });
    const person = await personByUsername(tx, actor.username);
    return { ...view(row, displayName(person, actor.username)), token };
  });
}

/**
 * Raise an emergency with a terminal's credential, with or without a session (81A §E.6.e):
 * the officer and unit come from the credential, never from the request.
 */
export async function emergencyByCredential(ctx: AppContext, token: string, origin: Origin, position: EmergencyInput['position']): Promise<EmergencyOutcome> {
  const row = await ctx.db.selectFrom('emergency_credential').selectAll().where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  const person = row ? await personByUsername(ctx.db, row.username) : undefined;
  const decision = credentialDecision(row ? { revokedAt: row.revoked_at, expiresAt: row.expires_at, officerDisabled: person?.disabled ?? true } : undefined, new Date());
  if (!decision.allowed) {
    await recordAuditNow(ctx.db, {
      actor: { username: row?.username ?? null, source: origin.source, remote: origin.remote }, action: 'emergency.credential', outcome: 'denied',
      ...(row ? { subject: { type: 'emergency_credential', id: row.id } } : {}), reason: decision.code,
    });
  }
  enforce(decision);
  const actor: Actor = { username: row!.username, roles: person!.roles, source: origin.source, remote: origin.remote, unit: row!.call_sign };
  const action = currentAction();
  if (action) { action.actor = actor; action.name = 'emergency.raised_by_credential'; }
  const outcome = await emergencyActivation(ctx, actor, { radioId: row!.call_sign, officer: row!.username, position });
  await ctx.db.updateTable('emergency_credential').set({ last_used_at: new Date() }).where('id', '=', row!.id).execute();
  return outcome;
}

/** Open credentials (not revoked, not past the shift), newest first, for an administrator. */
export async function openCredentials(ctx: AppContext): Promise<CredentialView[]> {
  const rows = await ctx.db.selectFrom('emergency_credential').selectAll().where('revoked_at', 'is', null).where('expires_at', '>', new Date())
    .orderBy('issued_at', 'desc').limit(500).execute();
  const people = await peopleByUsername(ctx.db, rows.map((r) => r.username));
  return rows.map((r) => view(r, displayName(people.get(r.username), r.username)));
}

/** An administrator revokes a terminal's credential (a lost or stolen terminal). */
export async function revokeCredential(ctx: AppContext, actor: Actor, id: string): Promise<CredentialView> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.updateTable('emergency_credential').set({ revoked_at: new Date(), revoked_by: actor.username })
      .where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (!row) throw new NotFound('emergency.credential_not_found', `there is no open emergency credential ${id}`);
    await appendEvent(tx, { kind: 'emergency_credential.revoked', subject: { type: 'emergency_credential', id }, actor, payload: { callSign: row.call_sign, username: row.username } });
    return view(row, displayName(await personByUsername(tx, row.username), row.username));
  });
}
