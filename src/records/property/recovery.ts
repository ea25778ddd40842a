/**
 * Stolen property found again (S-110 §A.1.u) and shelf audits of the property room:
 * a recovered item lists the outstanding stolen reports it may be; a shelf audit lists
 * what should be on the shelf, takes the scanned tags and reports the differences.
 */
import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound } from '../../core/errors.ts';
import { inTransaction } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import type { Actor } from '../../core/actor.ts';
import { shelfDifferences } from './rules.ts';
import * as store from './store.ts';

export interface StolenHit { id: string; tag: string; caseNumber: string; description: string; serial: string | null; make: string | null; model: string | null; score: number; matchedBy: string[] }

async function hits(ctx: AppContext, serial: string | undefined, text: string | undefined, skip?: string): Promise<StolenHit[]> {
  const words = (text ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const rows = (await store.findStolen(ctx.db, serial, words)).filter((r) => r.id !== skip);
  const out: StolenHit[] = [];
  for (const r of rows) {
    const item = (await store.itemById(ctx.db, r.id))!;
    const why = [r.serial_hit ? 'serial number' : Number(r.serial_sim) > 0.3 ? 'serial number spelled similarly' : '', Number(r.text_sim) > 0.3 ? 'description' : ''].filter(Boolean);
    const score = r.serial_hit ? 1 : Math.round(Math.max(Number(r.serial_sim) * 0.9, Number(r.text_sim) * 0.8) * 1000) / 1000;
    out.push({ id: item.id, tag: item.tag, caseNumber: item.case_number, description: item.description, serial: item.serial, make: item.make, model: item.model, score, matchedBy: why });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Outstanding stolen items by serial number or description, forgiving a character or two, best first. */
export async function searchStolen(ctx: AppContext, q: { serial?: string | undefined; q?: string | undefined }): Promise<StolenHit[]> {
  if (!q.serial?.trim() && !q.q?.trim()) throw new BadRequest('search.empty', 'give a serial number (serial) or words of the description (q)', { field: 'serial' });
  return hits(ctx, q.serial, q.q);
}

/** The stolen reports a found or seized item may be: by its serial number, then its description. */
export async function stolenMatches(ctx: AppContext, id: string): Promise<StolenHit[]> {
  const item = await store.itemById(ctx.db, id);
  if (!item) throw new NotFound('property.not_found', `no item ${id}`);
  return hits(ctx, item.serial ?? undefined, [item.description, item.make, item.model].filter(Boolean).join(' '), id);
}

/** Mark a stolen report recovered by this item: the stolen report points at the item that came back. */
export async function recover(ctx: AppContext, actor: Actor, id: string, stolenId: string): Promise<{ stolenTag: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const item = await store.itemForUpdate(tx, id);
    const stolen = await store.itemForUpdate(tx, stolenId);
    if (!item || item.kind === 'stolen') throw new NotFound('property.not_found', `no item in custody ${id}`);
    if (!stolen || stolen.kind !== 'stolen') throw new NotFound('property.not_found', `no stolen-property report ${stolenId}`);
    if (stolen.status !== 'outstanding') throw new Conflict('property.already_recovered', `stolen item ${stolen.tag} is already recovered`);
    await store.markRecovered(tx, stolenId, id);
    await appendEvent(tx, { kind: 'records.property.recovered', subject: { type: 'property', id: stolen.tag }, actor, payload: { recoveredAs: item.tag } });
    return { stolenTag: stolen.tag };
  });
}

export async function startShelfAudit(ctx: AppContext, actor: Actor, location: string) {
  return inTransaction(ctx.db, async (tx) => {
    const expected = (await store.tagsAt(tx, location)).map((t) => t.tag);
    const id = await store.insertAudit(tx, location.trim(), expected, actor.username);
    await appendEvent(tx, { kind: 'records.property.audit_started', subject: { type: 'property_audit', id }, actor, payload: { location, expected: expected.length } });
    return { id, location: location.trim(), expected };
  });
}

export async function scanTag(ctx: AppContext, actor: Actor, auditId: string, tag: string) {
  await inTransaction(ctx.db, async (tx) => {
    const audit = await store.auditById(tx, auditId);
    if (!audit) throw new NotFound('property_audit.not_found', `no shelf audit ${auditId}`);
    if (audit.closed_at) throw new Conflict('property_audit.closed', 'the shelf audit is closed');
    await store.insertScan(tx, auditId, tag.trim().toUpperCase(), actor.username);
    await appendEvent(tx, { kind: 'records.property.scanned', subject: { type: 'property_audit', id: auditId }, actor, payload: { tag } });
  });
  return shelfReport(ctx, auditId);
}

export async function closeShelfAudit(ctx: AppContext, actor: Actor, auditId: string) {
  await inTransaction(ctx.db, async (tx) => {
    const audit = await store.auditById(tx, auditId);
    if (!audit) throw new NotFound('property_audit.not_found', `no shelf audit ${auditId}`);
    await store.closeAudit(tx, auditId);
    await appendEvent(tx, { kind: 'records.property.audit_closed', subject: { type: 'property_audit', id: auditId }, actor });
  });
  return shelfReport(ctx, auditId);
}

/** What should be on the shelf, what was scanned, what is missing, and where each unexpected item should be. */
export async function shelfReport(ctx: AppContext, auditId: string) {
  const audit = await store.auditById(ctx.db, auditId);
  if (!audit) throw new NotFound('property_audit.not_found', `no shelf audit ${auditId}`);
  const scanned = await store.scansOf(ctx.db, auditId);
  const diff = shelfDifferences(audit.expected, scanned);
  const places = await store.locationsOfTags(ctx.db, diff.unexpected);
  return {
    id: audit.id, location: audit.location, startedBy: audit.started_by, startedAt: audit.started_at.toISOString(), closedAt: audit.closed_at?.toISOString() ?? null,
    expected: audit.expected, scanned, found: diff.found, missing: diff.missing,
    unexpected: diff.unexpected.map((tag) => {
      const p = places.find((x) => x.tag === tag);
      return { tag, recordedLocation: p?.location ?? null, status: p?.status ?? 'unknown tag' };
    }),
  };
}
