/**
 * Recordings imported many at a time (the recorder's drop folder): one transaction for a
 * batch, and within it one statement for the recordings' rows, one for their audit rows
 * and one for their incidents' events. A batch the table refuses as a whole (a value
 * out of range in one recording) is written again one recording at a time, each in a
 * savepoint of its own, so that only the recording at fault is refused.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { Problem } from '../core/errors.ts';
import { recordAudits } from '../core/audit/trail.ts';
import { inTransaction, withSavepoint, type Tx } from '../db/index.ts';
import { duplicateOf, forgetUnnamed, importAnswer, importedAudit, matchReceived, tellIncidents, writeRecording, type ImportAnswer, type MatchSettings, type PreparedRecording, type ReceivedRecording } from './service.ts';
import { findSameRecording, insertRecordings, type RecordingRow } from './store.ts';

/** What became of one recording of a batch. */
export type BatchOutcome =
  | { kind: 'imported'; answer: ImportAnswer }
  /** The same recording (same bytes, same recorder metadata) was imported before: a re-delivery, nothing written. */
  | { kind: 'already'; recording: string }
  /** Refused for what it is (a duplicate of another recording's bytes, a value the table refuses): nothing written for it. */
  | { kind: 'refused'; problem: Problem }
  /** A failure that is not the recording's fault: nothing written for it; try again later. */
  | { kind: 'failed'; error: unknown };

/**
 * Import received recordings (`receiveRecording`) in one transaction (one commit, one
 * flush to disk, for the lot), their matches found together before it. A recording whose
 * bytes are already kept under the same recorder metadata is reported `already` (a
 * recorder's re-delivery, or the drop folder's files of a batch that committed just
 * before its server stopped) and written again nowhere; one whose bytes are kept under
 * other metadata is refused as a duplicate. The incidents' events are appended after the
 * last recording, so the event log's lock is held only for the commit's last moments.
 * When the transaction itself fails (the database is away) every recording is `failed`.
 */
export async function importRecordings(ctx: AppContext, actor: Actor, received: ReceivedRecording[], known: MatchSettings = {}): Promise<BatchOutcome[]> {
  let batch: PreparedRecording[];
  try {
    batch = await matchReceived(ctx, received, known);
  } catch (error) {
    return received.map(() => ({ kind: 'failed', error }));
  }
  let outcomes: BatchOutcome[];
  try {
    outcomes = await inTransaction(ctx.db, async (tx) => {
      const written = (await writeTogether(tx, actor, batch)) ?? (await writeOneByOne(tx, actor, batch));
      await tellIncidents(tx, actor, written.rows);
      return written.outcomes;
    });
  } catch (error) {
    outcomes = batch.map(() => ({ kind: 'failed', error }));
  }
  await forgetUnnamed(ctx, batch.filter((_, i) => outcomes[i]!.kind === 'refused' || outcomes[i]!.kind === 'failed').map((p) => p.audio));
  return outcomes;
}

interface Written { outcomes: BatchOutcome[]; rows: RecordingRow[] }

/** The whole batch in one statement (and its audit rows in one more); undefined when the table refuses one of them. */
async function writeTogether(tx: Tx, actor: Actor, batch: PreparedRecording[]): Promise<Written | undefined> {
  let inserted: RecordingRow[];
  try {
    inserted = await withSavepoint(tx, () => insertRecordings(tx, batch.map((p) => ({ meta: p.meta, audio: p.audio, via: p.via, match: p.result.matched ? p.result.match : null })), actor.username));
  } catch (error) {
    if (isRecordingsFault(error)) return undefined;
    throw error;
  }
  // The first of the batch with given bytes has the row; the bytes already kept (or repeated in the batch) have none.
  const bySha = new Map(inserted.map((row) => [row.sha256, row]));
  const outcomes: BatchOutcome[] = [];
  const rows: RecordingRow[] = [];
  const audits = [];
  for (const p of batch) {
    const row = bySha.get(p.audio.sha256);
    if (row) {
      bySha.delete(p.audio.sha256);
      rows.push(row);
      audits.push(importedAudit(actor, p, row));
      outcomes.push({ kind: 'imported', answer: importAnswer(p, row) });
    } else {
      outcomes.push(await refusedOrAlready(tx, p, await duplicateOf(tx, p.audio.sha256)));
    }
  }
  await recordAudits(tx, audits);
  return { outcomes, rows };
}

/** Each recording in a savepoint of its own: one the table refuses is rolled back alone. */
async function writeOneByOne(tx: Tx, actor: Actor, batch: PreparedRecording[]): Promise<Written> {
  const outcomes: BatchOutcome[] = [];
  const rows: RecordingRow[] = [];
  for (const prepared of batch) {
    try {
      const { row, answer } = await withSavepoint(tx, () => writeRecording(tx, actor, prepared));
      rows.push(row);
      outcomes.push({ kind: 'imported', answer });
    } catch (error) {
      outcomes.push(await refusedOrAlready(tx, prepared, error));
    }
  }
  return { outcomes, rows };
}

/** A check or a length the table refuses (SQLSTATE classes 22 and 23): the recording's own fault, not a passing one. */
function isRecordingsFault(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

async function refusedOrAlready(tx: Tx, prepared: PreparedRecording, error: unknown): Promise<BatchOutcome> {
  if (error instanceof Problem && error.code === 'recording.duplicate') {
    const same = await findSameRecording(tx, prepared.audio.sha256, prepared.meta);
    if (same) return { kind: 'already', recording: same };
  }
  if (error instanceof Problem && error.status < 500) return { kind: 'refused', problem: error };
  if (isRecordingsFault(error)) {
    return { kind: 'refused', problem: new Problem(422, 'recording.refused_by_database', 'Recording refused', `The recording cannot be stored: ${(error as Error).message.slice(0, 200)}.`) };
  }
  return { kind: 'failed', error };
}
