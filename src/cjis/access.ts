/** Who may use CJIS right now: the certification check every CJIS function makes first (81A §J.1.b.i, §J.2, §J.4). */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce, type Decision } from '../core/decision.ts';
import { recordAuditNow } from '../core/audit/trail.ts';
import { agencyDate } from '../core/clock.ts';
import type { Db, Tx } from '../db/index.ts';
import { personByUsername } from '../identity/people.ts';
import { permissionsOf } from '../core/permissions.ts';
import type { RecordRule } from '../core/events/visibility.ts';
import { bopList, certificationsOf, cjisUsers } from './desk-store.ts';
import type { CjisFunction } from './model.ts';
import { mayQueryBop, mayUseCjis, type CjisUserFacts } from './rules.ts';

/** The agency's date today by the context's clock (tests set it). */
export function agencyToday(ctx: AppContext): string {
  return agencyDate(ctx.config.agency.timeZone, ctx.clock.now());
}

/** Communications staff: dispatchers, and anyone whose unit is Communications (81A §J.2). */
export function isCommunications(person: { roles: readonly string[]; unit: string | null }): boolean {
  return person.roles.includes('dispatcher') || person.unit?.trim().toLowerCase() === 'communications';
}

export async function cjisFacts(q: Db | Tx, username: string): Promise<CjisUserFacts | null> {
  const [person, [user], [certification]] = await Promise.all([personByUsername(q, username), cjisUsers(q, [username]), certificationsOf(q, [username])]);
  if (!person || (!user && !certification)) return null;
  return {
    communications: isCommunications(person),
    employedSince: user?.employed_since ?? null,
    certification: certification ? { level: certification.level, certifiedOn: certification.certified_on } : null,
  };
}

async function refuseAudited(ctx: AppContext, actor: Actor, decision: Decision, fn: CjisFunction): Promise<void> {
  if (decision.allowed) return;
  await recordAuditNow(ctx.db, { actor, action: 'cjis.refused', outcome: 'denied', reason: decision.code, detail: { function: fn, clause: decision.clause } });
  enforce(decision);
}

/** Throw the refusal (403 with its clause, audited) unless this person may use the function today. */
export async function requireCjis(ctx: AppContext, actor: Actor, fn: CjisFunction): Promise<void> {
  const facts = await cjisFacts(ctx.db, actor.username);
  await refuseAudited(ctx, actor, mayUseCjis(facts, fn === 'bop' ? 'query' : fn, agencyToday(ctx)), fn);
  if (fn === 'bop') {
    const person = await personByUsername(ctx.db, actor.username);
    const list = (await bopList(ctx.db)).map((i) => ({ kind: i.kind, value: i.value }));
    await refuseAudited(ctx, actor, mayQueryBop({ username: actor.username, roles: person?.roles ?? actor.roles, unit: person?.unit ?? null }, list), fn);
  }
}

/**
 * Reading what CJIS answered (results, entries, messages) is a CJIS function too; the
 * CJIS Representative and the auditor, who oversee CJIS use, read without a certification.
 */
export async function requireCjisReader(ctx: AppContext, actor: Actor): Promise<void> {
  const held = permissionsOf(actor.roles);
  if (held.has('cjis.manage') || held.has('audit.read')) return;
  await requireCjis(ctx, actor, 'query');
}

/**
 * The read rule of CJIS events on the event log, the recent events and the stream: CJI is
 * for criminal justice purposes only (81A §J.1.b.x, CJIS Security Policy), so a `cjis.*`
 * event is read by the person who ran the query or entry (the event's actor) and by the
 * holders of `cjis.manage` (the CJIS representative), and withheld from everyone else.
 * The record id is the actor's login (src/core/events/visibility.ts).
 */
export const cjisEventReadRule: RecordRule<{ actor: string }> = {
  record: 'cjis_transaction',
  async facts(_rc, ids) {
    return new Map(ids.map((id) => [id, { actor: id }]));
  },
  mayRead(reader, facts) {
    return reader.permissions.has('cjis.manage') || (!!facts?.actor && facts.actor === reader.username);
  },
};
