/**
 * Retention (81A §L): each class is kept its period (never under three years), E-911 call
 * detail records are captured as records of their own, the purge removes only what is
 * past its period and not held, in small batches that leave the dispatch floor free, and
 * records each batch in the audit trail naming every item purged (what, digest, when, by
 * which rule).
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { enforce } from '../core/decision.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { readSetting, writeSetting } from '../core/settings.ts';
import { inTransaction } from '../db/index.ts';
import { endedE911Calls } from '../dispatch/calls/lookup.ts';
import { audioStore } from './audio-store.ts';
import { refreshHoldIncidents } from './holds.ts';
import { MINIMUM_RETENTION_YEARS, RETENTION_CLASSES, RETENTION_CLAUSE, type RetentionClass } from './model.ts';
import { normalizeAni, purgeableFrom, purgeCutoff, retentionAllowed } from './rules.ts';
import { CALL_DETAIL_CURSOR, RETENTION_YEARS, systemActor } from './settings.ts';
import {
  deletePurgeable, deletePurgeableCallDetails, heldPastCutoff, insertCallDetails, purgeableBefore, searchCallDetails, type PurgeCursor,
} from './store.ts';

export async function retention(ctx: AppContext) {
  return { years: await readSetting(ctx.db, RETENTION_YEARS), minimumYears: MINIMUM_RETENTION_YEARS, clauses: RETENTION_CLAUSE };
}

/** Change retention periods; a period under three years is refused with its clause and nothing is written. */
export async function setRetention(ctx: AppContext, actor: Actor, change: Partial<Record<RetentionClass, number>>) {
  for (const cls of RETENTION_CLASSES) {
    const years = change[cls];
    if (years !== undefined) enforce(retentionAllowed(cls, years));
  }
  await inTransaction(ctx.db, async (tx) => {
    const before = await readSetting(tx, RETENTION_YEARS);
    const after = { ...before, ...change };
    await writeSetting(tx, RETENTION_YEARS, after);
    await recordAudit(tx, { actor, action: 'recordings.retention_set', subject: { type: 'setting', id: RETENTION_YEARS.key }, outcome: 'allowed', detail: { before, after } });
  });
  return retention(ctx);
}

/** The report of what will be purged in the next `days` days (and what is purgeable already), held items left out and counted. */
export async function purgeForecast(ctx: AppContext, days: number) {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + days * 86_400_000);
  const years = await readSetting(ctx.db, RETENTION_YEARS);
  const classes = [];
  const items = [];
  for (const cls of RETENTION_CLASSES) {
    const [soon, already, held] = await Promise.all([
      purgeableBefore(ctx.db, cls, purgeCutoff(until, years[cls]), 200),
      purgeableBefore(ctx.db, cls, purgeCutoff(now, years[cls]), 0),
      heldPastCutoff(ctx.db, cls, purgeCutoff(until, years[cls])),
    ]);
    classes.push({ class: cls, clause: RETENTION_CLAUSE[cls], retentionYears: years[cls], purgeableNow: already.count, purgeableWithinPeriod: soon.count, heldPastPeriod: held });
    items.push(...soon.items.map((i) => ({ kind: i.kind, id: i.id, class: i.class, startedAt: i.startedAt.toISOString(), purgeableFrom: purgeableFrom(i.startedAt, years[cls]).toISOString(), sha256: i.sha256 })));
  }
  items.sort((a, b) => a.purgeableFrom.localeCompare(b.purgeableFrom));
  return { from: now.toISOString(), until: until.toISOString(), days, classes, items: items.slice(0, 500) };
}

export interface PurgeOptions {
  /** Items per transaction (default 500): each batch commits on its own and the dispatch floor's queries run between batches. */
  batchSize?: number;
  /** Stop after this many batches (the job runs again later). */
  maxBatches?: number;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Purge what is past its period and not held (81A §L). Batch by batch, each in its own
 * transaction: one statement deletes the batch (the oldest items after the last batch's,
 * locked so that other nodes skip them) and returns what it removed, and the batch's
 * audit row (every item with its digest, start and incident, and the rule) is written
 * with it; the stored audio is removed after the commit. A held item is never selected;
 * how many were skipped is counted and recorded.
 */
export async function purgeExpired(ctx: AppContext, actor: Actor = systemActor('recordings-retention'), options: PurgeOptions = {}) {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  await refreshHoldIncidents(ctx);
  const now = ctx.clock.now();
  const years = await readSetting(ctx.db, RETENTION_YEARS);
  const purged = Object.fromEntries(RETENTION_CLASSES.map((c) => [c, 0])) as Record<RetentionClass, number>;
  const heldSkipped = { ...purged };
  let batches = 0;
  let filesNotRemoved = 0;
  const store = audioStore(ctx);
  for (const cls of RETENTION_CLASSES) {
    const cutoff = purgeCutoff(now, years[cls]);
    const rule = { clause: RETENTION_CLAUSE[cls], retentionYears: years[cls], cutoff: cutoff.toISOString() };
    let cursor: PurgeCursor | null = null;
    while (batches < maxBatches) {
      const removed = await inTransaction(ctx.db, async (tx) => {
        const rows = cls === 'call_detail'
          ? (await deletePurgeableCallDetails(tx, cutoff, cursor, batchSize)).map((r) => ({ kind: 'call_detail', id: r.call_id, startedAt: r.received_at, sha256: null, incident: r.incident_number, file: null }))
          : (await deletePurgeable(tx, cls, cutoff, cursor, batchSize)).map((r) => ({ kind: 'recording', id: r.id, startedAt: r.started_at, sha256: r.sha256, incident: r.incident_number, file: { store: r.store, key: r.stored_key } }));
        if (rows.length === 0) return [];
        // One row per batch, naming every item with its digest and start: what, when, by which rule.
        await recordAudit(tx, {
          actor, action: 'recordings.purged', subject: { type: rows[0]!.kind, id: rows[0]!.id }, outcome: 'allowed',
          reason: `past ${years[cls]}-year retention (${rule.clause})`,
          detail: { class: cls, count: rows.length, ...rule, items: rows.map((r) => ({ id: r.id, sha256: r.sha256, startedAt: r.startedAt.toISOString(), incident: r.incident })) },
        });
        return rows;
      });
      batches += 1;
      purged[cls] += removed.length;
      const last = removed[removed.length - 1];
      if (last) cursor = { at: last.startedAt, id: last.id };
      const files = removed.flatMap((r) => (r.file ? [r.file] : []));
      filesNotRemoved += files.filter((f) => f.store !== store.kind).length;
      const keys = files.filter((f) => f.store === store.kind).map((f) => f.key);
      // A few removals at a time: a bucket answers each over the network.
      for (let i = 0; i < keys.length; i += 16) {
        await Promise.all(keys.slice(i, i + 16).map((key) => store.remove(key).catch(() => { filesNotRemoved += 1; })));
      }
      if (removed.length < batchSize) break;
      await pause();
    }
    heldSkipped[cls] = await heldPastCutoff(ctx.db, cls, cutoff);
  }
  const at = now.toISOString();
  const total = RETENTION_CLASSES.reduce((n, c) => n + purged[c] + heldSkipped[c], 0);
  if (total > 0) {
    await inTransaction(ctx.db, (tx) => recordAudit(tx, { actor, action: 'recordings.purge_run', subject: { type: 'setting', id: RETENTION_YEARS.key }, outcome: 'allowed', detail: { at, purged, heldSkipped, years, filesNotRemoved } }));
  }
  return { at, purged, heldSkipped, batches, filesNotRemoved };
}

/**
 * 81A §L.1.b: keep every ended E-911 call's call detail record (ANI/ALI, times, call
 * takers, incident) in its own right. Reads the calls that ended since the last capture
 * (with a five-minute overlap: a call committed late is not missed; one kept twice is not doubled).
 */
export async function captureCallDetails(ctx: AppContext, limit = 1000): Promise<number> {
  const cursor = new Date(await readSetting(ctx.db, CALL_DETAIL_CURSOR));
  const after = new Date(cursor.getTime() - 5 * 60_000);
  const before = new Date(Math.max(Date.now(), ctx.clock.now().getTime()) + 1000);
  const calls = await endedE911Calls(ctx.db, after, before, limit);
  if (calls.length === 0) return 0;
  const actor = systemActor('recordings-call-details');
  return inTransaction(ctx.db, async (tx) => {
    const kept = await insertCallDetails(tx, calls.map((c) => ({
      call_id: c.id, received_at: c.receivedAt, answered_at: c.answeredAt, ended_at: c.endedAt, ani: normalizeAni(c.callbackNumber ?? (c.ali?.callbackNumber as string | undefined)),
      ali: c.ali, call_takers: c.callTakers, incident_number: c.incidentNumber,
    })));
    const last = calls[calls.length - 1]!.endedAt!;
    if (last.getTime() > cursor.getTime()) await writeSetting(tx, CALL_DETAIL_CURSOR, last.toISOString());
    if (kept.length) {
      await recordAudit(tx, { actor, action: 'recordings.call_details_kept', subject: { type: 'call_detail', id: kept[0]! }, outcome: 'allowed', detail: { count: kept.length, calls: kept.slice(0, 100), clause: '81A §L.1.b' } });
    }
    return kept.length;
  });
}

export async function callDetails(ctx: AppContext, filter: Parameters<typeof searchCallDetails>[1]) {
  const years = await readSetting(ctx.db, RETENTION_YEARS);
  return (await searchCallDetails(ctx.db, filter)).map((r) => ({
    callId: r.call_id, receivedAt: r.received_at.toISOString(), answeredAt: r.answered_at?.toISOString() ?? null, endedAt: r.ended_at?.toISOString() ?? null,
    ani: r.ani, ali: r.ali, callTakers: r.call_takers, incidentNumber: r.incident_number, capturedAt: r.captured_at.toISOString(),
    purgeableFrom: purgeableFrom(r.received_at, years.call_detail).toISOString(),
  }));
}
