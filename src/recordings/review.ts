/**
 * Review of recordings (81A §M): the commanding officer plays and exports any recording
 * stating the purpose of §M.1.a; a dispatcher instantly recalls the recent recordings of
 * their own position (§M.2). Every playback and export is audited with its purpose, and
 * the stored bytes are checked against the SHA-256 taken at arrival before they are served.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { zipSync } from 'fflate';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { enforce, refuse } from '../core/decision.ts';
import { Forbidden, Problem } from '../core/errors.ts';
import { recordAudit, recordAuditNow, recordRead } from '../core/audit/trail.ts';
import { eventsFor } from '../core/events/log.ts';
import { permissionsOf } from '../core/permissions.ts';
import { readSetting } from '../core/settings.ts';
import { inTransaction } from '../db/index.ts';
import { callSummary } from '../dispatch/calls/lookup.ts';
import { incidentRecord } from '../dispatch/incidents/service.ts';
import { displayNames } from '../identity/people.ts';
import { audioStore, type ByteRange } from './audio-store.ts';
import { PURPOSES, RETENTION_CLAUSE, type Purpose } from './model.ts';
import { mayPlay, purgeableFrom } from './rules.ts';
import { RECALL_MINUTES, RETENTION_YEARS } from './settings.ts';
import { recordingView, getRecordingRow } from './service.ts';
import { currentSeat, findTicket, insertTicket, isRecordingHeld, recentAtPosition, type RecordingRow } from './store.ts';

const TICKET_MINUTES = 15;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The stored bytes, checked against the digest taken at arrival; a mismatch is refused and audited, never served. */
async function verifiedBytes(ctx: AppContext, actor: Actor, row: RecordingRow, action: string): Promise<Buffer> {
  const store = audioStore(ctx);
  let bytes: Buffer;
  try {
    if (store.kind !== row.store) throw new Error(`stored in the ${row.store} store, this server uses ${store.kind}`);
    bytes = await readAll(await store.read(row.stored_key));
  } catch (error) {
    await recordAuditNow(ctx.db, { actor, action, subject: { type: 'recording', id: row.id }, outcome: 'failed', reason: 'stored audio unavailable', detail: { error: (error as Error).message.slice(0, 200) } });
    throw new Problem(409, 'recording.missing', 'Recording unavailable', 'The stored audio of this recording cannot be read; tell the system administrator.');
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== row.sha256) {
    await recordAuditNow(ctx.db, { actor, action, subject: { type: 'recording', id: row.id }, outcome: 'failed', reason: 'digest mismatch', detail: { recorded: row.sha256, actual } });
    throw new Problem(409, 'recording.integrity', 'Integrity check failed', 'The stored bytes no longer match the SHA-256 taken when the recording arrived; it is not served.', { sha256: row.sha256 });
  }
  return bytes;
}

async function decide(ctx: AppContext, actor: Actor, row: RecordingRow, purpose: Purpose, action: string) {
  const [seat, recallMinutes] = await Promise.all([currentSeat(ctx.db, actor.username), readSetting(ctx.db, RECALL_MINUTES)]);
  const decision = mayPlay({
    permissions: permissionsOf(actor.roles), purpose, recording: { position: row.position, startedAt: row.started_at },
    seat: seat?.position ?? null, now: ctx.clock.now(), recallMinutes,
  });
  if (!decision.allowed) {
    await recordAuditNow(ctx.db, { actor, action, subject: { type: 'recording', id: row.id }, outcome: 'denied', reason: decision.code, detail: { purpose, clause: decision.clause } });
  }
  enforce(decision);
  return decision.clause;
}

/**
 * Grant a playback: the rule of §M decides, the bytes are verified, and a ticket the
 * browser's player streams with is issued and audited with the purpose, in one transaction.
 */
export async function grantPlayback(ctx: AppContext, actor: Actor, id: string, purpose: Purpose) {
  const row = await getRecordingRow(ctx, id);
  const clause = await decide(ctx, actor, row, purpose, 'recording.played');
  await verifiedBytes(ctx, actor, row, 'recording.played');
  const expiresAt = new Date(Date.now() + TICKET_MINUTES * 60_000);
  const ticket = await inTransaction(ctx.db, async (tx) => {
    const ticketId = await insertTicket(tx, row.id, actor.username, purpose, expiresAt);
    await recordAudit(tx, {
      actor, action: 'recording.played', subject: { type: 'recording', id: row.id }, outcome: 'allowed', reason: PURPOSES[purpose],
      detail: { purpose, clause, sha256: row.sha256, line: row.line, startedAt: row.started_at.toISOString(), incident: row.incident_number },
    });
    return ticketId;
  });
  return {
    ticket, url: `/api/v1/recordings/${row.id}/audio?ticket=${ticket}`, expiresAt: expiresAt.toISOString(), purpose, clause, recording: recordingView(row),
  };
}

/** The audio behind a granted playback: whole, or the byte range the player asks for when scrubbing. */
export async function playbackAudio(ctx: AppContext, actor: Actor, id: string, ticketId: string, range: ((size: number) => ByteRange | 'unsatisfiable' | undefined)) {
  const ticket = await findTicket(ctx.db, ticketId);
  if (!ticket || ticket.recording_id !== id || ticket.username !== actor.username) throw new Forbidden('recording.ticket', 'This playback was not granted to you; start it again with its purpose.');
  if (ticket.expires_at.getTime() < Date.now()) throw new Forbidden('recording.ticket_expired', 'This playback has expired; start it again with its purpose.');
  const row = await getRecordingRow(ctx, id);
  const wanted = range(row.size);
  if (wanted === 'unsatisfiable') throw new Problem(416, 'recording.range', 'Range not satisfiable', `The recording has ${row.size} bytes.`);
  const stream = await audioStore(ctx).read(row.stored_key, wanted);
  return { stream, size: row.size, contentType: row.content_type, range: wanted, sha256: row.sha256 };
}

/**
 * Export for court or an investigation (81A §M.1.a): a ZIP with the audio exactly as
 * stored, manifest.json (the metadata, the purpose, who and when) and SHA256SUMS, so
 * `sha256sum -c SHA256SUMS` proves the audio is the one that arrived. Audited with the purpose.
 */
export async function exportRecording(ctx: AppContext, actor: Actor, id: string, purpose: Purpose) {
  const row = await getRecordingRow(ctx, id);
  if (purpose === 'instant_recall') {
    enforce(refuse('recording.export_purpose', '81A §M.1.a', 'An export states a review purpose of 81A §M.1.a (administrative review, dispatch verification, investigation, training).', 422));
  }
  const clause = await decide(ctx, actor, row, purpose, 'recording.exported');
  const bytes = await verifiedBytes(ctx, actor, row, 'recording.exported');
  const name = `recording-${row.id}.${row.format}`;
  const exportedAt = new Date();
  const manifest = {
    agency: ctx.config.agency.name, ori: ctx.config.agency.ori, recording: recordingView(row), file: name, sha256: row.sha256, size: row.size,
    exportedBy: actor.username, exportedAt: exportedAt.toISOString(), purpose, purposeName: PURPOSES[purpose], clause,
  };
  const zip = zipSync({
    [name]: [new Uint8Array(bytes), { level: 0 }],
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    SHA256SUMS: new TextEncoder().encode(`${row.sha256}  ${name}\n`),
  });
  await inTransaction(ctx.db, (tx) => recordAudit(tx, {
    actor, action: 'recording.exported', subject: { type: 'recording', id: row.id }, outcome: 'allowed', reason: PURPOSES[purpose],
    detail: { purpose, clause, sha256: row.sha256, exportSha256: createHash('sha256').update(zip).digest('hex') },
  }));
  return { zip: Buffer.from(zip), fileName: `recording-${row.id}.zip`, sha256: row.sha256 };
}

function eventText(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['text', 'callerName', 'callbackNumber', 'category', 'status', 'reason', 'disposition', 'incident', 'to', 'field', 'unit']) {
    const value = payload[key];
    if (typeof value === 'string' && value) parts.push(value);
  }
  if (Array.isArray(payload.units) && payload.units.length) parts.push(`units ${payload.units.join(' ')}`);
  return parts.join(' · ');
}

/**
 * One recording for the review screen: its metadata, its call, and the call's and
 * incident's timeline beside it, each entry marked when it happened during the recording.
 * The read is audited (recordings are protected).
 */
export async function recordingDetail(ctx: AppContext, actor: Actor, id: string) {
  const row = await getRecordingRow(ctx, id);
  const call = row.call_id ? await callSummary(ctx.db, row.call_id) : undefined;
  const callEvents = row.call_id ? await eventsFor(ctx.db, 'call', row.call_id) : [];
  const incident = row.incident_number ? await incidentRecord(ctx, row.incident_number, actor).catch(() => undefined) : undefined;
  const from = row.started_at.getTime();
  const to = row.ended_at.getTime();
  const nameOf = await displayNames(ctx.db, callEvents.map((e) => e.actor.user));
  const timeline = [
    ...callEvents.map((e) => ({ at: e.at, kind: e.kind, source: 'call', actor: e.actor.user, actorName: e.actor.user && nameOf(e.actor.user), text: eventText(e.payload) })),
    ...(incident?.timeline ?? []).map((e) => ({ at: e.at, kind: e.kind, source: 'incident', actor: e.actor, actorName: e.actorName ?? e.actor, text: eventText(e.payload) })),
  ].map((e) => ({ ...e, duringRecording: new Date(e.at).getTime() >= from && new Date(e.at).getTime() <= to }))
    .sort((a, b) => a.at.localeCompare(b.at));
  const [held, years] = await Promise.all([isRecordingHeld(ctx.db, row.id), readSetting(ctx.db, RETENTION_YEARS)]);
  await inTransaction(ctx.db, (tx) => recordRead(tx, {
    actor, action: 'recording.viewed', subject: { type: 'recording', id: row.id }, outcome: 'allowed', detail: { clause: '81A §M.1.b' },
  }));
  return {
    recording: recordingView(row),
    call: call ? {
      id: call.id, line: call.line, callbackNumber: call.callbackNumber, receivedAt: call.receivedAt.toISOString(), answeredAt: call.answeredAt?.toISOString() ?? null,
      endedAt: call.endedAt?.toISOString() ?? null, callTakers: call.callTakers, incidentNumber: call.incidentNumber,
    } : null,
    timeline, held, purgeableFrom: purgeableFrom(row.started_at, years[row.class]).toISOString(),
    clause: RETENTION_CLAUSE[row.class],
  };
}

/** 81A §M.2: the dispatcher's position, and its recordings of the last window, newest first. */
export async function instantRecallList(ctx: AppContext, actor: Actor) {
  const [seat, minutes] = await Promise.all([currentSeat(ctx.db, actor.username), readSetting(ctx.db, RECALL_MINUTES)]);
  if (!seat) return { position: null, recallMinutes: minutes, recordings: [] };
  const since = new Date(ctx.clock.now().getTime() - minutes * 60_000);
  const rows = await recentAtPosition(ctx.db, seat.position, since, 50);
  return { position: seat.position, recallMinutes: minutes, recordings: rows.map(recordingView) };
}
