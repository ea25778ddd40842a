import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { RecordingHoldTable, RecordingTable, RetentionClass } from '../db/tables/recordings.ts';
import type { CheckedMetadata, HoldScope, Match } from './model.ts';

type Q = Db | Tx;
export type RecordingRow = Selectable<RecordingTable>;
export type HoldRow = Selectable<RecordingHoldTable>;

export interface StoredAudio {
  format: 'wav' | 'mp3' | 'opus';
  contentType: string;
  size: number;
  durationSeconds: number | null;
  sha256: string;
  store: 'folder' | 's3';
  storedKey: string;
}

export async function findByDigest(q: Q, sha256: string): Promise<{ id: string } | undefined> {
  return q.selectFrom('recording').select('id').where('sha256', '=', sha256).executeTakeFirst();
}

/**
 * The recording these bytes were imported as, when its recorder metadata is the same as
 * `meta`'s (line, channel, times, recorder and its reference): the same recording
 * delivered again, not another recording with the same bytes.
 */
export async function findSameRecording(q: Q, sha256: string, meta: CheckedMetadata): Promise<string | undefined> {
  const row = await q.selectFrom('recording').select('id').where('sha256', '=', sha256)
    .where('line', '=', meta.line).where('channel', '=', meta.channel)
    .where('started_at', '=', meta.startedAt).where('ended_at', '=', meta.endedAt)
    .where(sql<boolean>`recorder is not distinct from ${meta.recorder} and recorder_ref is not distinct from ${meta.recorderRef}`)
    .executeTakeFirst();
  return row?.id;
}

/** Insert a recording; undefined when another arrival of the same bytes won the race. */
/** A recording to insert: what the recorder said, its stored bytes, how it came, and its match. */
export interface RecordingInsert { meta: CheckedMetadata; audio: StoredAudio; via: 'upload' | 'folder'; match: Match | null }

function recordingValues({ meta, audio, via, match }: RecordingInsert, by: string) {
  return {
    class: meta.class, line: meta.line, started_at: meta.startedAt, ended_at: meta.endedAt, channel: meta.channel, position: meta.position,
    talkgroup: meta.talkgroup, radio_id: meta.radioId, ani: meta.ani, recorder: meta.recorder, recorder_ref: meta.recorderRef,
    format: audio.format, content_type: audio.contentType, size: audio.size, duration_seconds: audio.durationSeconds, sha256: audio.sha256,
    store: audio.store, stored_key: audio.storedKey, received_via: via, received_by: by,
    call_id: match?.callId ?? null, incident_number: match?.incidentNumber ?? null, units: match?.units ?? [],
    match_method: match?.method ?? null, matched_at: match ? sql<Date>`now()` : null, matched_by: match ? 'matcher' : null,
  };
}

/** Insert one recording; undefined when its bytes (its SHA-256) are already kept. */
export async function insertRecording(tx: Tx, meta: CheckedMetadata, audio: StoredAudio, via: 'upload' | 'folder', by: string, match: Match | null): Promise<RecordingRow | undefined> {
  return (await insertRecordings(tx, [{ meta, audio, via, match }], by))[0];
}

/**
 * Insert many recordings in one statement; those whose bytes are already kept (or that
 * repeat an earlier one's in the same list) are left out of the answer, which is in no
 * particular order (match the rows by `sha256`). A value the table refuses fails the lot.
 */
export async function insertRecordings(tx: Tx, items: readonly RecordingInsert[], by: string): Promise<RecordingRow[]> {
  if (items.length === 0) return [];
  return tx.insertInto('recording').values(items.map((item) => recordingValues(item, by))).onConflict((oc) => oc.column('sha256').doNothing()).returningAll().execute();
}

export async function findRecording(q: Q, id: string): Promise<RecordingRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return q.selectFrom('recording').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockRecording(tx: Tx, id: string): Promise<RecordingRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return tx.selectFrom('recording').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setMatch(tx: Tx, id: string, match: Match, by: string): Promise<RecordingRow> {
  return tx.updateTable('recording').set({
    call_id: match.callId, incident_number: match.incidentNumber, units: match.units, match_method: match.method, matched_at: sql<Date>`now()`, matched_by: by,
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface RecordingFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  line?: string | undefined;
  channel?: string | undefined;
  position?: string | undefined;
  talkgroup?: string | undefined;
  ani?: string | undefined;
  incident?: string | undefined;
  callId?: string | undefined;
  unit?: string | undefined;
  unmatched?: boolean | undefined;
  limit: number;
}

/** Recordings matching the filter, newest first. */
export async function searchRecordings(q: Q, f: RecordingFilter): Promise<RecordingRow[]> {
  let query = q.selectFrom('recording').selectAll().orderBy('started_at', 'desc').orderBy('id').limit(f.limit);
  if (f.from) query = query.where('started_at', '>=', f.from);
  if (f.to) query = query.where('started_at', '<=', f.to);
  if (f.line) query = query.where('line', '=', f.line as RecordingRow['line']);
  if (f.channel) query = query.where('channel', '=', f.channel);
  if (f.position) query = query.where('position', '=', f.position);
  if (f.talkgroup) query = query.where('talkgroup', '=', f.talkgroup);
  if (f.ani) query = query.where('ani', 'like', `%${f.ani}`);
  if (f.incident) query = query.where('incident_number', '=', f.incident);
  if (f.callId) query = query.where('call_id', '=', f.callId);
  if (f.unit) query = query.where(sql<boolean>`${f.unit} = any(units)`);
  if (f.unmatched) query = query.where('call_id', 'is', null).where('incident_number', 'is', null);
  return query.execute();
}

// ---- positions (81A §M.2: the instant recall recorder at each work station)

export async function currentSeat(q: Q, username: string): Promise<{ position: string; taken_at: Date } | undefined> {
  return q.selectFrom('recording_seat').select(['position', 'taken_at']).where('username', '=', username).where('left_at', 'is', null).executeTakeFirst();
}

/** Take a position: the person leaves any other one, and whoever was still marked at this one is moved off it. */
export async function takeSeat(tx: Tx, position: string, username: string, at: Date): Promise<void> {
  await tx.updateTable('recording_seat').set({ left_at: at }).where('left_at', 'is', null)
    .where((eb) => eb.or([eb('username', '=', username), eb('position', '=', position)])).execute();
  await tx.insertInto('recording_seat').values({ position, username, taken_at: at, left_at: null }).execute();
}

export async function leaveSeat(tx: Tx, username: string, at: Date): Promise<number> {
  const result = await tx.updateTable('recording_seat').set({ left_at: at }).where('username', '=', username).where('left_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Who sat at a position at some moment of a window: for each window, in its order; one query for them all. */
export async function occupantsInWindows(q: Q, windows: readonly { position: string; from: Date; to: Date }[]): Promise<string[][]> {
  const found: string[][] = windows.map(() => []);
  if (windows.length === 0) return found;
  const spec = JSON.stringify(windows.map((w, i) => ({ i, p: w.position, f: w.from.toISOString(), t: w.to.toISOString() })));
  const { rows } = await sql<{ i: number; username: string }>`select distinct w.i, s.username
    from jsonb_to_recordset(${spec}::jsonb) as w(i int, p text, f timestamptz, t timestamptz)
    join recording_seat s on s.position = w.p and s.taken_at <= w.t and (s.left_at is null or s.left_at >= w.f)`.execute(q);
  for (const r of rows) found[r.i]!.push(r.username);
  return found;
}

// ---- playback tickets

export async function insertTicket(tx: Tx, recordingId: string, username: string, purpose: string, expiresAt: Date): Promise<string> {
  const row = await tx.insertInto('recording_playback').values({ recording_id: recordingId, username, purpose, expires_at: expiresAt }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findTicket(q: Q, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return q.selectFrom('recording_playback').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---- call detail records (81A §L.1.b)

export interface CallDetailInsert {
  call_id: string; received_at: Date; answered_at: Date | null; ended_at: Date | null; ani: string | null;
  ali: Record<string, unknown> | null; call_takers: string[]; incident_number: string | null;
}

export async function insertCallDetails(tx: Tx, rows: CallDetailInsert[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.insertInto('recording_call_detail')
    .values(rows.map((r) => ({ ...r, ali: JSON.stringify(r.ali) })))
    .onConflict((oc) => oc.column('call_id').doNothing()).returning('call_id').execute();
  return inserted.map((r) => r.call_id);
}

export async function searchCallDetails(q: Q, f: { from?: Date | undefined; to?: Date | undefined; ani?: string | undefined; incident?: string | undefined; limit: number }) {
  let query = q.selectFrom('recording_call_detail').selectAll().orderBy('received_at', 'desc').limit(f.limit);
  if (f.from) query = query.where('received_at', '>=', f.from);
  if (f.to) query = query.where('received_at', '<=', f.to);
  if (f.ani) query = query.where('ani', 'like', `%${f.ani}`);
  if (f.incident) query = query.where('incident_number', '=', f.incident);
  return query.execute();
}

// ---- holds

export type HoldInsert = Omit<HoldRow, 'id' | 'placed_at' | 'release_requested_by' | 'release_requested_at' | 'release_reason' | 'released_by' | 'released_at'>;

export async function insertHold(tx: Tx, hold: HoldInsert): Promise<HoldRow> {
  return tx.insertInto('recording_hold').values(hold).returningAll().executeTakeFirstOrThrow();
}

/** Every active hold of these scopes (the purge's refresh reads them all). */
export async function activeHoldsOf(q: Q, scopes: HoldScope[]): Promise<HoldRow[]> {
  return q.selectFrom('recording_hold').selectAll().where('released_at', 'is', null).where('scope', 'in', scopes).orderBy('placed_at').execute();
}

/** Holds newest first, a page at a time. */
export async function listHolds(q: Q, activeOnly: boolean, page: PageRequest, defaultLimit: number) {
  let query = q.selectFrom('recording_hold').selectAll();
  if (activeOnly) query = query.where('released_at', 'is', null);
  return paged(query, { columns: [['placed_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' }, page, defaultLimit).execute();
}

export async function lockHold(tx: Tx, id: string): Promise<HoldRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return tx.selectFrom('recording_hold').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateHold(tx: Tx, id: string, changes: Partial<Pick<HoldRow, 'release_requested_by' | 'release_requested_at' | 'release_reason' | 'released_by' | 'released_at' | 'incidents'>>): Promise<HoldRow> {
  return tx.updateTable('recording_hold').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * True where an active hold (or, given its id, that one hold) covers the row aliased `r`
 * (a recording or, with no channel, a call detail record): its incident, its call, its
 * channel, a time range it falls in, or a case or person whose incidents include its
 * incident. Held items are never purged.
 */
function heldPredicate(kind: 'recording' | 'call_detail', holdId?: string) {
  const start = kind === 'recording' ? sql.ref('r.started_at') : sql.ref('r.received_at');
  const end = kind === 'recording' ? sql.ref('r.ended_at') : sql`coalesce(r.ended_at, r.received_at)`;
  const channel = kind === 'recording' ? sql`or (h.scope = 'channel' and h.channel = r.channel)` : sql``;
  const which = holdId ? sql`h.id = ${holdId}` : sql`h.released_at is null`;
  return sql<boolean>`exists (select 1 from recording_hold h where ${which} and (
    (h.scope = 'incident' and h.incident_number = r.incident_number)
    or (h.scope = 'call' and h.call_id = r.call_id)
    ${channel}
    or (h.scope = 'time_range' and ${start} < h.range_to and ${end} >= h.range_from)
    or (h.scope in ('case','person') and r.incident_number = any(h.incidents))))`;
}

/** Count of recordings one hold covers. */
export async function coveredCount(q: Q, holdId: string): Promise<number> {
  const row = await q.selectFrom('recording as r').select((eb) => eb.fn.countAll<number>().as('n')).where(heldPredicate('recording', holdId)).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function isRecordingHeld(q: Q, id: string): Promise<boolean> {
  const row = await q.selectFrom('recording as r').select(heldPredicate('recording').as('held')).where('r.id', '=', id).executeTakeFirst();
  return Boolean(row?.held);
}

// ---- retention and purge

/** Where a purge has got to: the start and id of the last item it removed (it goes on after them). */
export interface PurgeCursor { at: Date; id: string }

export interface PurgedRecording { id: string; sha256: string; started_at: Date; store: 'folder' | 's3'; stored_key: string; incident_number: string | null }

/**
 * Delete up to `limit` recordings of a class started before the cutoff and not held, in
 * one statement, and return them oldest first. The rows are chosen in (started_at, id)
 * order after the cursor, locked, and skipped when another node holds them, so the
 * statement neither waits nor walks again over what earlier batches removed.
 */
export async function deletePurgeable(tx: Tx, cls: Exclude<RetentionClass, 'call_detail'>, cutoff: Date, after: PurgeCursor | null, limit: number): Promise<PurgedRecording[]> {
  let batch = tx.selectFrom('recording as r').select('r.id').where('r.class', '=', cls).where('r.started_at', '<', cutoff)
    .where(sql<boolean>`not ${heldPredicate('recording')}`).orderBy('r.started_at').orderBy('r.id').limit(limit).forUpdate().skipLocked();
  if (after) batch = batch.where(sql<boolean>`(r.started_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await tx.deleteFrom('recording').where('id', 'in', batch)
    .returning(['id', 'sha256', 'started_at', 'store', 'stored_key', 'incident_number']).execute();
  return rows.sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || (a.id < b.id ? -1 : 1));
}

export interface PurgedCallDetail { call_id: string; received_at: Date; incident_number: string | null }

/** The same for call detail records (received before the cutoff, not held), oldest first. */
export async function deletePurgeableCallDetails(tx: Tx, cutoff: Date, after: PurgeCursor | null, limit: number): Promise<PurgedCallDetail[]> {
  let batch = tx.selectFrom('recording_call_detail as r').select('r.call_id').where('r.received_at', '<', cutoff)
    .where(sql<boolean>`not ${heldPredicate('call_detail')}`).orderBy('r.received_at').orderBy('r.call_id').limit(limit).forUpdate().skipLocked();
  if (after) batch = batch.where(sql<boolean>`(r.received_at, r.call_id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await tx.deleteFrom('recording_call_detail').where('call_id', 'in', batch)
    .returning(['call_id', 'received_at', 'incident_number']).execute();
  return rows.sort((a, b) => a.received_at.getTime() - b.received_at.getTime() || (a.call_id < b.call_id ? -1 : 1));
}

/** How many items of a class are past the cutoff but held (skipped by the purge). */
export async function heldPastCutoff(q: Q, cls: RetentionClass, cutoff: Date): Promise<number> {
  const query = cls === 'call_detail'
    ? q.selectFrom('recording_call_detail as r').where('r.received_at', '<', cutoff).where(heldPredicate('call_detail'))
    : q.selectFrom('recording as r').where('r.class', '=', cls).where('r.started_at', '<', cutoff).where(heldPredicate('recording'));
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface ForecastItem { kind: 'recording' | 'call_detail'; id: string; class: RetentionClass; startedAt: Date; sha256: string | null }

/** Items of a class that started before `until` and are not held: purgeable now or by the forecast's end. */
export async function purgeableBefore(q: Q, cls: RetentionClass, until: Date, limit: number): Promise<{ items: ForecastItem[]; count: number }> {
  if (cls === 'call_detail') {
    const base = q.selectFrom('recording_call_detail as r').where('r.received_at', '<', until).where(sql<boolean>`not ${heldPredicate('call_detail')}`);
    const [rows, total] = await Promise.all([
      base.select(['r.call_id', 'r.received_at']).orderBy('r.received_at').limit(limit).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map((r) => ({ kind: 'call_detail', id: r.call_id, class: cls, startedAt: r.received_at, sha256: null })), count: Number(total?.n ?? 0) };
  }
  const base = q.selectFrom('recording as r').where('r.class', '=', cls).where('r.started_at', '<', until).where(sql<boolean>`not ${heldPredicate('recording')}`);
  const [rows, total] = await Promise.all([
    base.select(['r.id', 'r.started_at', 'r.sha256']).orderBy('r.started_at').limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map((r) => ({ kind: 'recording', id: r.id, class: cls, startedAt: r.started_at, sha256: r.sha256 })), count: Number(total?.n ?? 0) };
}

/** Recordings at a position since a moment, newest first (instant recall). */
export async function recentAtPosition(q: Q, position: string, since: Date, limit: number): Promise<RecordingRow[]> {
  return q.selectFrom('recording').selectAll().where('position', '=', position).where('started_at', '>=', since)
    .orderBy('started_at', 'desc').limit(limit).execute();
}
