/**
 * Recordings arrive from the recorder (81A §L): checked, stored content-addressed under
 * their SHA-256, matched to their call, incident and units, and listed for review.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { enforce } from '../core/decision.ts';
import { BadRequest, Conflict, NotFound } from '../core/errors.ts';
import { recordAudit, type AuditEntry } from '../core/audit/trail.ts';
import { appendEvents, type NewEvent } from '../core/events/log.ts';
import { readSetting } from '../core/settings.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { callSummary, callsReceivedInWindows } from '../dispatch/calls/lookup.ts';
import { incidentBrief, incidentsConfidentiality } from '../dispatch/incidents/service.ts';
import { assignmentsInWindows, unitsOfRadios } from '../dispatch/units/lookup.ts';
import { inspectAudio, inspectAudioBytes } from './audio.ts';
import { audioStore } from './audio-store.ts';
import type { CheckedMetadata, Match, RecorderMetadata, RecordingView, Talkgroup } from './model.ts';
import { checkLineFields, checkTimes, classOf, matchPhoneCall, matchRadio, normalizeAni, type MatchResult } from './rules.ts';
import { RecorderMetadataSchema } from './schemas.ts';
import { TALKGROUPS } from './settings.ts';
import { findByDigest, findRecording, insertRecording, lockRecording, occupantsInWindows, searchRecordings, setMatch, type RecordingFilter, type RecordingRow, type StoredAudio } from './store.ts';

export function recordingView(row: RecordingRow): RecordingView {
  return {
    id: row.id, class: row.class, line: row.line, startedAt: row.started_at.toISOString(), endedAt: row.ended_at.toISOString(),
    durationSeconds: row.duration_seconds, channel: row.channel, position: row.position, talkgroup: row.talkgroup, radioId: row.radio_id,
    ani: row.ani, format: row.format, contentType: row.content_type, size: row.size, sha256: row.sha256, receivedAt: row.received_at.toISOString(),
    receivedVia: row.received_via, callId: row.call_id, incidentNumber: row.incident_number, units: row.units, matchMethod: row.match_method, matchedBy: row.matched_by,
  };
}

const metadataShape = Compile(RecorderMetadataSchema);

/** Check the recorder's metadata: its shape, the times (end not before start), the line's fields. */
export function checkMetadata(input: unknown, now: Date): CheckedMetadata {
  // The compiled check answers at once; the errors are walked only for metadata that fails it.
  const errors = metadataShape.Check(input) ? [] : [...Value.Errors(RecorderMetadataSchema, input)];
  if (errors.length) {
    const extra = errors.find((e) => e.keyword === 'additionalProperties' || (e.keyword === 'boolean' && e.schemaPath.endsWith('/additionalProperties')));
    if (extra) {
      const name = extra.keyword === 'boolean' ? extra.instancePath.slice(1) : String((extra.params as { additionalProperties?: string[] }).additionalProperties?.[0] ?? '');
      throw new BadRequest('recording.bad_metadata', `metadata has an unknown field "${name}"`);
    }
    const first = errors[0]!;
    const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const rule = (field === 'start' || field === 'end') && first.keyword === 'pattern' ? 'must be an ISO 8601 time with its offset, like 2026-03-02T10:15:00-05:00' : first.message;
    throw new BadRequest('recording.bad_metadata', `metadata${field ? `.${field}` : ''} ${rule}`);
  }
  const meta = input as RecorderMetadata;
  const startedAt = new Date(meta.start);
  const endedAt = new Date(meta.end);
  enforce(checkTimes(startedAt, endedAt, now));
  const talkgroup = meta.talkgroup ?? null;
  const radioId = meta.radioId ?? null;
  enforce(checkLineFields(meta.line, talkgroup, radioId));
  return {
    class: classOf(meta.line), line: meta.line, startedAt, endedAt, channel: meta.channel, position: meta.position ?? null,
    talkgroup, radioId, ani: normalizeAni(meta.ani), recorder: meta.recorder ?? null, recorderRef: meta.recordingId ?? null,
  };
}

/** Files up to this size are read into memory once, for the container check, the digest and the store. */
const READ_WHOLE_BYTES = 4 * 1024 * 1024;

/** The whole file when it is small (one read); undefined for a larger one, which is read as a stream. */
async function smallFileBytes(path: string): Promise<Buffer | undefined> {
  const file = await open(path);
  try {
    return (await file.stat()).size <= READ_WHOLE_BYTES ? await file.readFile() : undefined;
  } finally {
    await file.close();
  }
}

/** Settings the matcher would otherwise read for every recording: a drop-folder run reads them once. */
export interface MatchSettings { talkgroups?: Talkgroup[] }

/**
 * What a recording is of (81A §L): a telephone recording's call by line, position, time
 * window and ANI; a radio transmission's unit and incident by radio ID or talkgroup and time.
 */
export async function findMatch(q: Db | Tx, meta: CheckedMetadata, known: MatchSettings = {}): Promise<MatchResult> {
  return (await findMatches(q, [meta], known))[0]!;
}

const PHONE_BEFORE_MS = 15 * 60_000;
const PHONE_AFTER_MS = 60_000;
const RADIO_SLACK_MS = 30_000;

/**
 * `findMatch` for a batch of recordings, with one query for each kind of candidate
 * (calls, seats, radios, assignments) for the whole batch instead of one for each
 * recording; each recording is judged on the same candidates it would get alone.
 */
export async function findMatches(q: Db | Tx, metas: readonly CheckedMetadata[], known: MatchSettings = {}): Promise<MatchResult[]> {
  const phone = metas.flatMap((meta, i) => (meta.line === 'radio' ? [] : [i]));
  const radio = metas.flatMap((meta, i) => (meta.line === 'radio' ? [i] : []));
  const seated = phone.filter((i) => metas[i]!.position);
  const [calls, occupants, units, assignments, talkgroups] = await Promise.all([
    callsReceivedInWindows(q, phone.map((i) => ({ line: metas[i]!.line, from: new Date(metas[i]!.startedAt.getTime() - PHONE_BEFORE_MS), to: new Date(metas[i]!.endedAt.getTime() + PHONE_AFTER_MS) }))),
    occupantsInWindows(q, seated.map((i) => ({ position: metas[i]!.position!, from: metas[i]!.startedAt, to: metas[i]!.endedAt }))),
    unitsOfRadios(q, radio.flatMap((i) => (metas[i]!.radioId ? [metas[i]!.radioId!] : []))),
    assignmentsInWindows(q, radio.map((i) => ({ from: new Date(metas[i]!.startedAt.getTime() - RADIO_SLACK_MS), to: new Date(metas[i]!.endedAt.getTime() + RADIO_SLACK_MS) }))),
    radio.length ? known.talkgroups ?? readSetting(q, TALKGROUPS) : Promise.resolve([]),
  ]);
  const results: MatchResult[] = new Array(metas.length);
  phone.forEach((i, k) => {
    const meta = metas[i]!;
    const seat = seated.indexOf(i);
    results[i] = matchPhoneCall({ line: meta.line, startedAt: meta.startedAt, endedAt: meta.endedAt, ani: meta.ani, occupants: seat >= 0 ? occupants[seat]! : [] }, calls[k]!);
  });
  radio.forEach((i, k) => {
    const meta = metas[i]!;
    const unit = meta.radioId ? units.get(meta.radioId) ?? null : null;
    results[i] = matchRadio({ startedAt: meta.startedAt, endedAt: meta.endedAt, unit, talkgroup: talkgroups.find((t) => t.id === meta.talkgroup) ?? null }, assignments[k]!);
  });
  return results;
}

/** Each linked incident's timeline hears of its recordings (their confidentiality kept), in one append. */
export async function tellIncidents(tx: Tx, actor: Actor, rows: readonly RecordingRow[]): Promise<void> {
  const linked = rows.filter((row) => row.incident_number);
  if (linked.length === 0) return;
  const confidential = await incidentsConfidentiality(tx, [...new Set(linked.map((row) => row.incident_number!))]);
  await appendEvents(tx, linked.map((row) => linkedEvent(actor, row, confidential.get(row.incident_number!) ?? false)));
}

/** The event that tells an incident's timeline of a recording linked to it. */
function linkedEvent(actor: Actor, row: RecordingRow, confidential: boolean): NewEvent {
  return {
    kind: 'incident.recording_linked', subject: { type: 'incident', id: row.incident_number! }, actor, confidential,
    payload: { recordingId: row.id, line: row.line, startedAt: row.started_at.toISOString(), endedAt: row.ended_at.toISOString(), channel: row.channel, position: row.position, talkgroup: row.talkgroup, units: row.units, callId: row.call_id, method: row.match_method },
  };
}

export interface Arrival {
  via: 'upload' | 'folder';
  /** The file as received (a temporary file or the drop folder's copy); it is copied into the store, never moved. */
  path: string;
}

/** A recording checked and its bytes kept in the store: what it is of is not known yet. */
export interface ReceivedRecording {
  meta: CheckedMetadata;
  audio: StoredAudio;
  via: Arrival['via'];
}

/** …and its match found: ready to be written. */
export interface PreparedRecording extends ReceivedRecording { result: MatchResult }

/**
 * What an import does first, before any transaction (81A §L): metadata checked, the
 * file's container headers read, the bytes stored under their SHA-256 (bytes already
 * there are left as they are). A file of up to 4 MiB is read once, into memory; a larger
 * one has its headers read and is then hashed as it is copied into the store.
 */
export async function receiveRecording(ctx: AppContext, metadata: unknown, arrival: Arrival): Promise<ReceivedRecording> {
  const meta = checkMetadata(metadata, ctx.clock.now());
  const bytes = await smallFileBytes(arrival.path);
  const facts = bytes ? await inspectAudioBytes(bytes, basename(arrival.path)) : await inspectAudio(arrival.path);
  const store = audioStore(ctx);
  const { sha256, size, key: storedKey } = await store.put(bytes ?? arrival.path, facts.contentType);
  return { meta, audio: { ...facts, size, sha256, store: store.kind, storedKey }, via: arrival.via };
}

/**
 * Find what received recordings are of, outside the write transaction (so that it holds
 * its connection only for the writes): one set of queries for them all. A failure
 * leaves no stored object that no row names.
 */
export async function matchReceived(ctx: AppContext, received: ReceivedRecording[], known: MatchSettings): Promise<PreparedRecording[]> {
  try {
    const results = await findMatches(ctx.db, received.map((r) => r.meta), known);
    return received.map((r, i) => ({ ...r, result: results[i]! }));
  } catch (error) {
    await forgetUnnamed(ctx, received.map((r) => r.audio));
    throw error;
  }
}

/** Remove stored objects that no recording names (their import failed or was refused). */
export async function forgetUnnamed(ctx: AppContext, audios: StoredAudio[]): Promise<void> {
  const store = audioStore(ctx);
  for (const audio of audios) {
    // Best effort: an object left behind is only bytes no one can play, never a wrong record.
    if (!(await findByDigest(ctx.db, audio.sha256).catch(() => ({ id: 'unknown' })))) await store.remove(audio.storedKey).catch(() => undefined);
  }
}

export interface ImportAnswer { recording: RecordingView; matched: boolean; reason: string | null }

/**
 * Write one prepared recording in the caller's transaction: its row with its match and its
 * audit row. The same bytes a second time are refused as a duplicate, naming the recording
 * that has them. The caller tells the incident (`tellIncidents`) before it commits.
 */
export async function writeRecording(tx: Tx, actor: Actor, p: PreparedRecording): Promise<{ row: RecordingRow; answer: ImportAnswer }> {
  const { result, audio } = p;
  const row = await insertRecording(tx, p.meta, audio, p.via, actor.username, result.matched ? result.match : null);
  if (!row) throw await duplicateOf(tx, audio.sha256);
  await recordAudit(tx, importedAudit(actor, p, row));
  return { row, answer: importAnswer(p, row) };
}

/** The refusal of bytes already kept, naming the recording that has them. */
export async function duplicateOf(tx: Tx, sha256: string): Promise<Conflict> {
  const duplicate = await findByDigest(tx, sha256);
  return new Conflict('recording.duplicate', `These bytes (SHA-256 ${sha256}) were already imported as recording ${duplicate?.id ?? '(another arrival)'}.`, { recording: duplicate?.id ?? null, sha256 });
}

/** The audit row of an imported recording: its digest, how it came and what it was matched to. */
export function importedAudit(actor: Actor, p: PreparedRecording, row: RecordingRow): AuditEntry {
  const { result, audio } = p;
  return {
    actor, action: 'recording.imported', subject: { type: 'recording', id: row.id }, outcome: 'allowed',
    detail: { sha256: audio.sha256, size: audio.size, via: p.via, line: row.line, channel: row.channel, startedAt: row.started_at.toISOString(), match: result.matched ? result.match : { unmatched: result.reason } },
  };
}

export function importAnswer(p: PreparedRecording, row: RecordingRow): ImportAnswer {
  const match: Match | null = p.result.matched ? p.result.match : null;
  const linked = Boolean(match && (match.callId || match.incidentNumber));
  const reason = p.result.matched ? (linked ? null : 'matched to its unit only: the unit was on no incident then') : p.result.reason;
  return { recording: recordingView(row), matched: linked, reason };
}

/**
 * Import one recording (81A §L): received (`receiveRecording`) and matched, then the row with its
 * match, its audit row and its incident's event in one transaction. A failure leaves no
 * row, and no stored object that no row names.
 */
export async function importRecording(ctx: AppContext, actor: Actor, metadata: unknown, arrival: Arrival, known: MatchSettings = {}): Promise<ImportAnswer> {
  const [prepared] = await matchReceived(ctx, [await receiveRecording(ctx, metadata, arrival)], known);
  if (!prepared) throw new Error('a received recording was lost before its match');
  try {
    return await inTransaction(ctx.db, async (tx) => {
      const { row, answer } = await writeRecording(tx, actor, prepared);
      await tellIncidents(tx, actor, [row]);
      return answer;
    });
  } catch (error) {
    await forgetUnnamed(ctx, [prepared.audio]);
    throw error;
  }
}

/**
 * A person links an unmatched (or wrongly matched) recording to its call or incident;
 * the old link, if any, stays in the audit row.
 */
export async function linkRecording(ctx: AppContext, actor: Actor, id: string, target: { callId?: string | undefined; incident?: string | undefined; units?: string[] | undefined }): Promise<RecordingView> {
  if (!target.callId && !target.incident) throw new BadRequest('recording.link_target', 'Name the call (callId) or the incident to link the recording to.');
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockRecording(tx, id);
    if (!row) throw new NotFound('recording.not_found', `There is no recording ${id}.`);
    let incident = target.incident ?? null;
    if (target.callId) {
      const call = await callSummary(tx, target.callId);
      if (!call) throw new NotFound('call.not_found', `There is no call ${target.callId}.`);
      if (row.line !== 'radio' && call.line !== row.line) throw new Conflict('recording.line_mismatch', `The recording is of the ${row.line} line; call ${call.id} came in on ${call.line}.`);
      if (incident && call.incidentNumber && incident !== call.incidentNumber) throw new Conflict('recording.incident_mismatch', `Call ${call.id} belongs to incident ${call.incidentNumber}, not ${incident}.`);
      incident = call.incidentNumber ?? incident;
    }
    if (incident && !(await incidentBrief(tx, incident))) throw new NotFound('incident.not_found', `There is no incident ${incident}.`);
    const before = { callId: row.call_id, incident: row.incident_number, units: row.units, method: row.match_method };
    const updated = await setMatch(tx, row.id, { callId: target.callId ?? null, incidentNumber: incident, units: target.units ?? row.units, method: 'manual' }, actor.username);
    await recordAudit(tx, { actor, action: 'recording.linked', subject: { type: 'recording', id: row.id }, outcome: 'allowed', detail: { before, after: { callId: updated.call_id, incident: updated.incident_number, units: updated.units } } });
    if (updated.incident_number !== row.incident_number) await tellIncidents(tx, actor, [updated]);
    return recordingView(updated);
  });
}

export async function getRecordingRow(ctx: AppContext, id: string): Promise<RecordingRow> {
  const row = await findRecording(ctx.db, id);
  if (!row) throw new NotFound('recording.not_found', `There is no recording ${id}.`);
  return row;
}

export async function findRecordings(ctx: AppContext, filter: RecordingFilter): Promise<RecordingView[]> {
  return (await searchRecordings(ctx.db, filter)).map(recordingView);
}
