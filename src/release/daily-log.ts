/**
 * The daily police logs (M.G.L. c.41 §98F): for an agency date, the public log of responses
 * to calls, incidents and arrests in the order they happened, and the separate non-public log
 * (domestic violence, sexual assault, protective-order arrests, anything naming a minor, and
 * the confidential incidents and shelter addresses that never reach the public log, 81A §D.3.c).
 * A supervisor publishes the day's public log once the day is over; later corrections are new,
 * marked entries. The public page shows published days only.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { agencyDate } from '../core/clock.ts';
import { enforce } from '../core/decision.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { readerOf } from '../core/events/visibility.ts';
import { roleUsedFor } from '../core/permissions.ts';
import { defineSetting, readSetting, writeSetting } from '../core/settings.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { codeTable } from '../agency/service.ts';
import { incidentsReportedBetween } from '../dispatch/incidents/daily.ts';
import { incidentReadRule } from '../dispatch/incidents/access.ts';
import { arrestsOn, incidentsNamingMinors } from '../records/daily.ts';
import type { LogEntry, RestrictedEntry } from './model.ts';
import { logDateAllowed, nonPublicReasons, publishAllowed } from './rules.ts';
import * as store from './store.ts';

/** The agency opts in to the public daily-log page (off until a supervisor turns it on). */
export const PUBLIC_DAILY_LOG = defineSetting('release.publicDailyLog', false);

const HOUR = 3_600_000;

export function today(ctx: AppContext): string {
  return agencyDate(ctx.config.agency.timeZone, ctx.clock.now());
}

function checkDate(ctx: AppContext, date: string): void {
  enforce(logDateAllowed(date, today(ctx)));
}

/** Every entry of the day, each with the reasons it is kept off the public log (none: public). */
async function entriesOf(ctx: AppContext, q: Db | Tx, date: string): Promise<RestrictedEntry[]> {
  const zone = ctx.config.agency.timeZone;
  const midnight = new Date(`${date}T00:00:00Z`).getTime();
  const incidents = (await incidentsReportedBetween(q, new Date(midnight - 15 * HOUR), new Date(midnight + 39 * HOUR)))
    .filter((i) => agencyDate(zone, i.reportedAt) === date);
  const names = new Map((await codeTable(q as Db, 'incident_type', true)).map((c) => [c.code, c.name]));
  const naming = await incidentsNamingMinors(q, incidents.map((i) => i.number));
  const entries: RestrictedEntry[] = incidents.map((i) => {
    const base: LogEntry = {
      ref: `incident:${i.number}`, kind: 'incident', at: i.reportedAt.toISOString(), type: i.type, typeName: names.get(i.type) ?? i.type,
      location: i.address, officers: i.units, disposition: i.disposition,
    };
    return { ...base, reasons: nonPublicReasons(base, { confidential: i.confidential, shelter: i.shelter, minor: naming.has(i.number) }) };
  });
  for (const a of await arrestsOn(q, date)) {
    const base: LogEntry = {
      ref: `arrest:${a.reportId}`, kind: 'arrest', at: a.bookedAt.toISOString(), type: 'ARREST', typeName: 'Arrest', location: a.location,
      officers: [a.officer], disposition: null, arrestee: a.arrestee ?? { name: 'not recorded', address: null }, charges: a.charges,
    };
    entries.push({ ...base, reasons: nonPublicReasons(base, { confidential: false, shelter: false, minor: a.juvenile }) });
  }
  return entries.sort((x, y) => x.at.localeCompare(y.at) || x.ref.localeCompare(y.ref));
}

const publicOnly = (entries: RestrictedEntry[]): LogEntry[] => entries.filter((e) => e.reasons.length === 0).map(({ reasons: _reasons, ...entry }) => entry);

function correctionView(c: Awaited<ReturnType<typeof store.corrections>>[number]) {
  return { id: c.id, entryRef: c.entry_ref, text: c.text, madeBy: c.made_by, madeAt: c.made_at.toISOString(), correction: true as const };
}

/** The public log of a day: as published, with its corrections; before publication, the draft the supervisor reviews. */
export async function publicLog(ctx: AppContext, date: string) {
  checkDate(ctx, date);
  const published = await store.publication(ctx.db, date);
  if (published) {
    return {
      date, status: 'published' as const, publishedAt: published.published_at.toISOString(), publishedBy: published.published_by,
      entries: published.entries as LogEntry[], corrections: (await store.corrections(ctx.db, date)).map(correctionView),
    };
  }
  return { date, status: 'draft' as const, publishedAt: null, publishedBy: null, entries: publicOnly(await entriesOf(ctx, ctx.db, date)), corrections: [] };
}

/**
 * The non-public log of a day, for authorized staff. Each entry still obeys its record's
 * rule: a confidential incident only for dispatch.confidential or its officers (81A §E.2.c),
 * an entry naming a minor only for records.juvenile (S-110 §B.1). The read is audited.
 */
export async function restrictedLog(ctx: AppContext, actor: Actor, date: string) {
  checkDate(ctx, date);
  const reader = readerOf(actor);
  const entries = (await entriesOf(ctx, ctx.db, date)).filter((e) => e.reasons.length > 0);
  const numbers = entries.filter((e) => e.kind === 'incident').map((e) => e.ref.slice('incident:'.length));
  const facts = await incidentReadRule.facts({ db: ctx.db, timeZone: ctx.config.agency.timeZone }, numbers);
  const visible = entries.filter((e) => {
    if (e.reasons.includes('minor') && !reader.permissions.has('records.juvenile')) return false;
    return e.kind !== 'incident' || incidentReadRule.mayRead(reader, facts.get(e.ref.slice('incident:'.length)));
  });
  // The row names the log and every entry the policies protect that it showed: a confidential
  // incident (81A §E.2.c), an entry naming a minor (S-110 §B.1) (CJIS AU-3).
  const shown = visible.filter((v) => v.reasons.includes('confidential') || v.reasons.includes('minor')).map((e) => {
    const at = e.ref.indexOf(':');
    return { type: e.ref.slice(0, at), id: e.ref.slice(at + 1) };
  });
  auditThisRead({ type: 'daily_log', id: `${date}:non-public` }, 'dailylog.non_public.read', shown);
  return { date, entries: visible };
}

/** A supervisor reviews and publishes the day's public log once the day is over (M.G.L. c.41 §98F). */
export async function publishLog(ctx: AppContext, actor: Actor, date: string) {
  await inTransaction(ctx.db, async (tx) => {
    const already = Boolean(await store.publication(tx, date));
    enforce(publishAllowed(date, today(ctx), already));
    const entries = publicOnly(await entriesOf(ctx, tx, date));
    await store.insertPublication(tx, date, actor.username, entries);
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'dailylog.publish') ?? null, action: 'dailylog.published', subject: { type: 'daily_log', id: date }, outcome: 'allowed',
      detail: { clause: 'M.G.L. c.41 §98F', entries: entries.length },
    });
  });
  return publicLog(ctx, date);
}

/** A correction to a published log: a new entry, marked as a correction; the published entries stay as they were. */
export async function correctLog(ctx: AppContext, actor: Actor, date: string, body: { entryRef?: string | undefined; text: string }) {
  checkDate(ctx, date);
  await inTransaction(ctx.db, async (tx) => {
    const published = await store.publication(tx, date);
    if (!published) throw new Conflict('dailylog.not_published', `The log of ${date} is not published yet; correct the records themselves before publishing.`, { clause: 'M.G.L. c.41 §98F' });
    if (body.entryRef && !(published.entries as LogEntry[]).some((e) => e.ref === body.entryRef)) {
      throw new NotFound('dailylog.entry_not_found', `The published log of ${date} has no entry ${body.entryRef}.`);
    }
    const row = await store.insertCorrection(tx, { log_date: date, entry_ref: body.entryRef ?? null, text: body.text, made_by: actor.username });
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'dailylog.publish') ?? null, action: 'dailylog.corrected', subject: { type: 'daily_log', id: date }, outcome: 'allowed',
      detail: { correction: row.id, entryRef: body.entryRef ?? null },
    });
  });
  return publicLog(ctx, date);
}

export async function publicPageEnabled(ctx: AppContext): Promise<boolean> {
  return readSetting(ctx.db, PUBLIC_DAILY_LOG);
}

export async function setPublicPage(ctx: AppContext, actor: Actor, enabled: boolean): Promise<{ enabled: boolean }> {
  await inTransaction(ctx.db, async (tx) => {
    await writeSetting(tx, PUBLIC_DAILY_LOG, enabled);
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'dailylog.publish') ?? null, action: 'dailylog.public_page', subject: { type: 'setting', id: PUBLIC_DAILY_LOG.key }, outcome: 'allowed',
      detail: { enabled },
    });
  });
  return { enabled };
}

/** What the public page shows: a published day only, with its corrections. The read is audited (no login: the source address). */
export async function publishedForPublic(ctx: AppContext, date: string, source: string) {
  checkDate(ctx, date);
  const log = await publicLog(ctx, date);
  await inTransaction(ctx.db, (tx) => recordAudit(tx, {
    actor: { username: null, source, remote: !ctx.isTrusted(source) }, action: 'dailylog.public.read', subject: { type: 'daily_log', id: date },
    outcome: log.status === 'published' ? 'allowed' : 'denied', ...(log.status === 'published' ? {} : { reason: 'not published' }),
  }));
  if (log.status !== 'published') throw new NotFound('dailylog.not_published', `The log of ${date} has not been published.`);
  return log;
}
