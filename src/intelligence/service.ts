/**
 * Criminal intelligence records (28 CFR Part 23; S-110 §A.1.m). Only holders of
 * `intelligence.records` reach them (the Chief, captains and the designated intelligence
 * officer). Every read and every change writes an audit row naming the record and nothing of
 * its content; no event is written, so a record never reaches the event log, the stream or
 * any other reader of the log, and no other capability reads these tables.
 */
import type { AppContext } from '../core/context.ts';
import { NotFound, PolicyViolation } from '../core/errors.ts';
import { enforce } from '../core/decision.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { recordAudit, recordRead } from '../core/audit/trail.ts';
import { roleUsedFor } from '../core/permissions.ts';
import { agencyDate, agencyYear } from '../core/clock.ts';
import { nextYearlyNumber } from '../db/numbers.ts';
import { pageFrom, type Page, type PageRequest } from '../core/paging.ts';
import type { Actor } from '../core/actor.ts';
import { masterNameLabel as personLabel } from '../records/links.ts';
import { displayNames } from '../identity/people.ts';
import { CLAUSE, INTEL_PAGE, disseminationAllowed, isDue, openAllowed, purgeAllowed, reviewAllowed, reviewDue, type Dissemination } from './rules.ts';
import * as store from './store.ts';

export interface NewRecord { title: string; activity?: string | undefined; predicate?: string | undefined; information: string; source?: string | undefined; subjects: string[] }

const today = (ctx: AppContext) => agencyDate(ctx.config.agency.timeZone, ctx.clock.now());
const role = (actor: Actor) => roleUsedFor(actor.roles, 'intelligence.records') ?? null;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const subject = (id: string) => ({ type: 'intelligence', id });

/** One audit row for a change: the record's id and number, never its content. */
async function audit(tx: Tx, actor: Actor, action: string, id: string, reason: string, detail: Record<string, unknown>) {
  await recordAudit(tx, { actor, role: role(actor), action, subject: subject(id), outcome: 'allowed', reason, detail });
}

export async function openRecord(ctx: AppContext, actor: Actor, input: NewRecord): Promise<{ id: string; number: string }> {
  enforce(openAllowed(input));
  return inTransaction(ctx.db, async (tx) => {
    for (const person of input.subjects) {
      if (!(await personLabel(tx, person))) throw new PolicyViolation('intelligence.unknown_person', `subjects: there is no master name ${person}`, CLAUSE.predicate);
    }
    const number = `INT-${await nextYearlyNumber(tx, 'intelligence', agencyYear(ctx.config.agency.timeZone, ctx.clock.now()), 4)}`;
    const id = await store.insertRecord(tx, {
      number, title: input.title.trim(), activity: input.activity!.trim(), predicate: input.predicate!.trim(), information: input.information.trim(),
      source: input.source?.trim() || null, opened_by: actor.username, review_due: reviewDue(today(ctx)),
    }, input.subjects);
    await audit(tx, actor, 'intelligence.opened', id, 'intelligence record opened on a criminal predicate (28 CFR 23.20(a))', { number, subjects: input.subjects.length });
    return { id, number };
  });
}

async function found(tx: Tx, id: string): Promise<store.RecordRow> {
  const row = await store.recordById(tx, id);
  if (!row) throw new NotFound('intelligence.not_found', `no intelligence record ${id}`);
  return row;
}

type NameOf = (u: string) => string;
async function summary(db: Db | Tx, r: store.RecordRow, day: string, nameOf: NameOf) {
  const subjects = await Promise.all((await store.subjectsOf(db, r.id)).map(async (id) => ({ id, name: (await personLabel(db, id)) ?? '' })));
  return {
    id: r.id, number: r.number, title: r.title, activity: r.activity, subjects, openedBy: r.opened_by, openedByName: nameOf(r.opened_by), openedAt: r.opened_at.toISOString(),
    reviewDue: r.review_due, due: isDue({ reviewDue: r.review_due, purged: r.purged_at !== null }, day),
    reviewedAt: iso(r.reviewed_at), reviewedBy: r.reviewed_by, reviewedByName: r.reviewed_by ? nameOf(r.reviewed_by) : null,
    purgedAt: iso(r.purged_at), purgedBy: r.purged_by, purgedByName: r.purged_by ? nameOf(r.purged_by) : null, purgeReason: r.purge_reason,
  };
}
export type RecordSummary = Awaited<ReturnType<typeof summary>>;

/** The register or the review queue, a page at a time; the records shown are one audited read. */
export async function listRecords(ctx: AppContext, actor: Actor, q: { due?: boolean | undefined }, page: PageRequest): Promise<Page<RecordSummary>> {
  return inTransaction(ctx.db, async (tx) => {
    const day = today(ctx);
    const rows = await store.records(tx, page, INTEL_PAGE.default, q.due ? day : undefined);
    const shown = pageFrom(rows, page, INTEL_PAGE.default, ({ _page_key, ...r }) => r);
    if (shown.items.length > 0) {
      await recordRead(tx, {
        actor, role: role(actor), action: 'intelligence.read', subject: subject(shown.items[0]!.id), outcome: 'allowed',
        reason: q.due ? 'intelligence review queue read (28 CFR 23.20(h))' : 'intelligence register read (28 CFR Part 23)', detail: { records: shown.items.map((r) => r.id) },
      });
    }
    const nameOf = await displayNames(tx, shown.items.flatMap((r) => [r.opened_by, r.reviewed_by, r.purged_by]));
    return { ...shown, items: await Promise.all(shown.items.map((r) => summary(tx, r, day, nameOf))) };
  });
}

/** One record with its predicate, content, disseminations and reviews; the read is audited. */
export async function getRecord(ctx: AppContext, actor: Actor, id: string) {
  return inTransaction(ctx.db, async (tx) => {
    const r = await found(tx, id);
    await recordRead(tx, { actor, role: role(actor), action: 'intelligence.read', subject: subject(id), outcome: 'allowed', reason: 'intelligence record read (28 CFR Part 23)', detail: { number: r.number } });
    const [disseminations, reviews] = [await store.disseminationsOf(tx, id), await store.reviewsOf(tx, id)];
    const nameOf = await displayNames(tx, [r.opened_by, r.reviewed_by, r.purged_by, ...disseminations.map((d) => d.disseminated_by), ...reviews.map((v) => v.reviewed_by)]);
    return {
      ...(await summary(tx, r, today(ctx), nameOf)), predicate: r.predicate, information: r.information, source: r.source,
      disseminations: disseminations.map((d) => ({
        id: d.id, recipientAgency: d.recipient_agency, recipientPerson: d.recipient_person, needToKnow: d.need_to_know, rightToKnow: d.right_to_know,
        reason: d.reason, by: d.disseminated_by, byName: nameOf(d.disseminated_by), at: d.disseminated_at.toISOString(),
      })),
      reviews: reviews.map((v) => ({ decision: v.decision, note: v.note, by: v.reviewed_by, byName: nameOf(v.reviewed_by), at: v.reviewed_at.toISOString(), nextDue: v.next_due })),
    };
  });
}

/** Record that information from the record went to a named recipient with need and right to know (23.20(e)); refused without them. */
export async function disseminate(ctx: AppContext, actor: Actor, id: string, d: Dissemination): Promise<{ id: string }> {
  enforce(disseminationAllowed(d));
  return inTransaction(ctx.db, async (tx) => {
    const r = await found(tx, id);
    if (r.purged_at) throw new PolicyViolation('intelligence.purged', 'the record is purged: nothing is left to disseminate', CLAUSE.retention);
    const row = await store.insertDissemination(tx, {
      record_id: id, recipient_agency: d.recipientAgency!.trim(), recipient_person: d.recipientPerson!.trim(), need_to_know: true, right_to_know: true,
      reason: d.reason!.trim(), disseminated_by: actor.username,
    });
    await audit(tx, actor, 'intelligence.disseminated', id, 'intelligence disseminated with need-to-know and right-to-know (28 CFR 23.20(e))', { number: r.number, dissemination: row, recipientAgency: d.recipientAgency!.trim() });
    return { id: row };
  });
}

/** Validate a record on review: who validated it, what was checked; it is kept five more years (23.20(h)). */
export async function review(ctx: AppContext, actor: Actor, id: string, note: string | undefined): Promise<{ reviewDue: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const r = await found(tx, id);
    enforce(reviewAllowed({ purged: r.purged_at !== null }, note));
    const next = reviewDue(today(ctx));
    await store.validate(tx, id, actor.username, note!.trim(), next);
    await audit(tx, actor, 'intelligence.validated', id, 'intelligence record reviewed and validated; retention extended (28 CFR 23.20(h))', { number: r.number, reviewDue: next });
    return { reviewDue: next };
  });
}

/** Purge a record: its content and subjects are removed; its number, dates and the people who acted stay as an audited tombstone (23.20(h)). */
export async function purgeRecord(ctx: AppContext, actor: Actor, id: string, reason: string | undefined): Promise<{ ok: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const r = await found(tx, id);
    enforce(purgeAllowed({ purged: r.purged_at !== null }, reason));
    await store.purge(tx, id, actor.username, reason!.trim());
    await audit(tx, actor, 'intelligence.purged', id, 'intelligence record purged (28 CFR 23.20(h))', { number: r.number });
    return { ok: true };
  });
}
