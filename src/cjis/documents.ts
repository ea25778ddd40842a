/**
 * Documents kept with CJIS records (81A §J.3.b.iv, §J.5.d, §J.1.b.ii, vii, ix): the
 * papers an entry requires, training certificates, Users Agreements and CJIS audits.
 * Stored in the database with their SHA-256, checked on every read.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { BadRequest, NotFound, Problem } from '../core/errors.ts';
import { auditSubject } from '../core/audit/action.ts';
import { recordRead } from '../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { DOCUMENT_KINDS, type DocumentKind } from './model.ts';
import { documentRow, documentsMeta, insertDocument } from './store.ts';

export const DOCUMENT_TYPES = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;
export const DOCUMENT_LIMIT = 10 * 1024 * 1024;

const MAGIC: Record<keyof typeof DOCUMENT_TYPES, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

export function documentMeta(d: { id: string; kind: string; filename: string; content_type: string; size: number; sha256: string; uploaded_by: string; uploaded_at: Date }) {
  return {
    id: d.id, kind: d.kind, kindName: DOCUMENT_KINDS[d.kind as DocumentKind] ?? d.kind, filename: d.filename, contentType: d.content_type,
    size: d.size, sha256: d.sha256, uploadedBy: d.uploaded_by, uploadedAt: d.uploaded_at.toISOString(),
  };
}

/** Store a document in the caller's transaction (a generated certificate, a PDF the service made). */
export async function storeDocument(tx: Tx, actor: Actor, kind: DocumentKind, filename: string, contentType: string, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = await insertDocument(tx, { kind, filename, contentType, bytes, sha256, by: actor.username });
  auditSubject(tx, { type: 'cjis_document', id }, 'cjis.document.stored');
  return id;
}

/** Upload a scanned or PDF document (PDF, JPEG or PNG, up to 10 MiB); it is attached to an entry or record later. */
export async function uploadDocument(ctx: AppContext, actor: Actor, kind: DocumentKind, filename: string | undefined, contentType: string, bytes: Buffer) {
  if (!(contentType in DOCUMENT_TYPES)) throw new Problem(415, 'cjis.document_type', 'Unsupported media type', `Send ${Object.keys(DOCUMENT_TYPES).join(', ')}.`);
  if (bytes.length === 0) throw new BadRequest('cjis.document_empty', 'The document is empty.');
  if (!MAGIC[contentType as keyof typeof DOCUMENT_TYPES](bytes)) throw new BadRequest('cjis.document_not_matching', `The bytes are not a ${contentType} file.`);
  const name = filename ?? `${kind}.${DOCUMENT_TYPES[contentType as keyof typeof DOCUMENT_TYPES]}`;
  const id = await inTransaction(ctx.db, (tx) => storeDocument(tx, actor, kind, name, contentType, bytes));
  const [meta] = await documentsMeta(ctx.db, { ids: [id] });
  return documentMeta(meta!);
}

/** Read a document back; the read is audited and the SHA-256 recorded at upload is checked. */
export async function readDocument(ctx: AppContext, actor: Actor, id: string): Promise<{ contentType: string; filename: string; bytes: Buffer }> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await documentRow(tx, id);
    if (!row) throw new NotFound('cjis.document_not_found', `There is no document ${id}.`);
    const bytes = Buffer.from(row.content);
    if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
      throw new Problem(409, 'cjis.document_tampered', 'Document integrity check failed', 'The stored bytes no longer match the SHA-256 recorded at upload; the document is not served.');
    }
    await recordRead(tx, { actor, action: 'cjis.document.read', subject: { type: 'cjis_document', id }, outcome: 'allowed', detail: { kind: row.kind } });
    return { contentType: row.content_type, filename: row.filename, bytes };
  });
}

/** Documents by id, for an entry's required papers; each must exist. */
export async function documentsFor(q: Db | Tx, ids: string[]) {
  const rows = await documentsMeta(q, { ids });
  const missing = ids.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new Problem(422, 'cjis.document_not_found', 'Unknown document', `There is no document ${missing}; upload it first.`, { field: 'documents' });
  const taken = rows.find((r) => r.entry_id !== null);
  if (taken) throw new Problem(409, 'cjis.document_attached', 'Document already attached', `Document ${taken.id} already belongs to another entry.`, { field: 'documents' });
  return rows;
}
