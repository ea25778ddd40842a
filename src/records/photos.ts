/**
 * Digital photos (S-110 §A.1.g): the bytes live outside the database in a configurable
 * directory (PRECINCT_PHOTO_DIR, default <data dir>/photos); the SHA-256 taken at upload
 * is checked on every read, and a file that no longer matches is refused, not served.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../core/context.ts';
import { BadRequest, Conflict, NotFound, Problem } from '../core/errors.ts';
import { recordAuditNow } from '../core/audit/trail.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { actorReadsJuvenileLinked, personFacts } from './read-rules.ts';
import { may } from './access.ts';
import { appendEvent } from '../core/events/log.ts';
import { mayReadJuvenile } from './report-view.ts';
import type { Actor } from '../core/actor.ts';

export const PHOTO_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' } as const;
export type PhotoType = keyof typeof PHOTO_TYPES;
export const PHOTO_LIMIT = 15 * 1024 * 1024;

export function photoDir(ctx: AppContext): string {
  return process.env.PRECINCT_PHOTO_DIR || join(ctx.config.dataDir, 'photos');
}

const MAGIC: Record<PhotoType, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

export interface PhotoTarget { reportId?: string | undefined; personId?: string | undefined; caption?: string | undefined }

/** Store a photo: the file is written first, then the row; if the row fails the file goes too. */
export async function uploadPhoto(ctx: AppContext, actor: Actor, target: PhotoTarget, contentType: string, bytes: Buffer): Promise<{ id: string; sha256: string; size: number }> {
  if (!(contentType in PHOTO_TYPES)) throw new Problem(415, 'photo.type', 'Unsupported media type', `send ${Object.keys(PHOTO_TYPES).join(', ')}`);
  if (bytes.length === 0) throw new BadRequest('photo.empty', 'the photo is empty');
  if (!MAGIC[contentType as PhotoType](bytes)) throw new BadRequest('photo.not_image', `the bytes are not a ${contentType} image`);
  if (!target.reportId === !target.personId) throw new BadRequest('photo.target', 'attach the photo to exactly one of reportId or personId');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dir = photoDir(ctx);
  await mkdir(dir, { recursive: true });
  const storedName = `${randomUUID()}.${PHOTO_TYPES[contentType as PhotoType]}`;
  const path = join(dir, storedName);
  await writeFile(`${path}.part`, bytes, { mode: 0o600 });
  await rename(`${path}.part`, path);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      if (target.reportId) {
        const report = await tx.selectFrom('report').select(['status', 'juvenile', 'author']).where('id', '=', target.reportId).forUpdate().executeTakeFirst();
        if (!report || !mayReadJuvenile(actor, report)) throw new NotFound('report.not_found', `no report ${target.reportId}`);
        if (report.status === 'approved') throw new Conflict('report.locked', 'the report is approved and locked; attach the photo to a supplement');
      } else {
        await mayAttachToPerson(tx, actor, target.personId!);
      }
      const row = await tx.insertInto('photo').values({
        report_id: target.reportId ?? null, person_id: target.personId ?? null, content_type: contentType, size: bytes.length, sha256,
        stored_name: storedName, caption: target.caption ?? null, uploaded_by: actor.username,
      }).returning('id').executeTakeFirstOrThrow();
      await appendEvent(tx, { kind: 'records.photo.added', subject: { type: target.reportId ? 'report' : 'person', id: (target.reportId ?? target.personId)! }, actor, payload: { photo: row.id, sha256 } });
      return { id: row.id, sha256, size: bytes.length };
    });
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/**
 * A photo goes on a person only if the caller may read the person; on a person known
 * only from juvenile records, only the records roles (records.juvenile) attach one (S-110 §B.1).
 */
async function mayAttachToPerson(tx: Tx, actor: Actor, personId: string): Promise<void> {
  const facts = (await personFacts(tx, [personId])).get(personId);
  if (!actorReadsJuvenileLinked(actor, facts)) throw new NotFound('person.not_found', `no master name ${personId}`);
  if (facts!.juvenileOnly && !may(actor, 'records.juvenile')) {
    throw new Problem(403, 'photo.juvenile_records_only', 'Forbidden', 'Only the Records Bureau attaches photos to a juvenile (S-110 §B.1).', { clause: 'S-110 §B.1' });
  }
}

/** Read a photo back, verifying its SHA-256 against the one recorded at upload. */
export async function readPhoto(ctx: AppContext, actor: Actor, id: string): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
  const row = await ctx.db.selectFrom('photo').leftJoin('report', 'report.id', 'photo.report_id')
    .select(['photo.id', 'photo.content_type', 'photo.sha256', 'photo.stored_name', 'photo.person_id', 'report.juvenile', 'report.author', 'report.status'])
    .where('photo.id', '=', id).executeTakeFirst();
  const readable = row && (row.juvenile === null || mayReadJuvenile(actor, { juvenile: row.juvenile, author: row.author ?? '', status: row.status ?? '' }))
    && (!row.person_id || actorReadsJuvenileLinked(actor, (await personFacts(ctx.db, [row.person_id])).get(row.person_id)));
  if (!row || !readable) throw new NotFound('photo.not_found', `no photo ${id}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(photoDir(ctx), row.stored_name));
  } catch {
    await recordAuditNow(ctx.db, { actor, action: 'records.photo.read', subject: { type: 'photo', id }, outcome: 'failed', reason: 'stored file missing' });
    throw new Problem(409, 'photo.missing', 'Photo unavailable', 'the stored file of this photo is missing; tell the records supervisor');
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== row.sha256) {
    await recordAuditNow(ctx.db, { actor, action: 'records.photo.read', subject: { type: 'photo', id }, outcome: 'failed', reason: 'hash mismatch', detail: { recorded: row.sha256, actual } });
    throw new Problem(409, 'photo.tampered', 'Photo integrity check failed', 'the stored bytes no longer match the SHA-256 recorded at upload; the photo is not served', { recorded: row.sha256 });
  }
  return { contentType: row.content_type, bytes, sha256: actual };
}
