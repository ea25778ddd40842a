/**
 * The signed PDF extract of the audit trail (issue 24 point 4; CJIS AU-9, AU-10): the rows a filter selects, each printed
 * with its chain position and MAC, signed with the server's Ed25519 extract key, so that anyone holding the extract can
 * have it checked: the signature (nothing in the file was changed) and each row against the keyed chain (the row is in
 * the trail, at that position, unchanged).
 *
 * The file is the PDF, then two PDF comment lines after its end: `%PRECINCT-AUDIT-EXTRACT <data>` (the rows' ids,
 * positions, MACs and the SHA-256 of each row's chained text, base64url JSON) and `%PRECINCT-SIGNATURE ed25519 <sig>`,
 * the signature over every byte before that line. A PDF reader ignores both; re-saving the file drops them.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AppContext } from '../core/context.ts';
import { chainEvidence } from '../core/audit/search.ts';
import { mac } from '../core/audit/chain.ts';
import { printable } from '../records/pdf.ts';
import { describeFilter, trailStamp, type ExportRow, type TrailFilter } from './browser.ts';

const EXTRACT_MARK = '%PRECINCT-AUDIT-EXTRACT ';
const SIGNATURE_MARK = '%PRECINCT-SIGNATURE ed25519 ';

/** The extract key: PRECINCT_AUDIT_EXTRACT_KEY_FILE, else `audit-extract-key.pem` in the data folder, made (mode 0600) on first use. */
export function extractKey(ctx: Pick<AppContext, 'config'>): { privateKey: KeyObject; publicKey: KeyObject; keyId: string } {
  const file = process.env.PRECINCT_AUDIT_EXTRACT_KEY_FILE ?? join(ctx.config.dataDir, 'audit-extract-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first: use theirs
    }
  }
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return { privateKey, publicKey, keyId };
}

export interface ExtractData {
  version: 1;
  agency: string;
  producedAt: string;
  producedBy: string;
  filter: TrailFilter;
  keyId: string;
  rows: { id: number; position: number | null; mac: string | null; digest: string | null }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const PAGE = { width: 792, height: 612, margin: 36 }; // US Letter, landscape
const COLUMNS = [['Position', 48], ['Time', 92], ['Person', 140], ['Action', 130], ['Record', 200], ['Outcome', 110]] as const;

/** The extract as a signed PDF. */
export async function extractPdf(ctx: AppContext, rows: readonly ExportRow[], filter: TrailFilter, producedBy: { name: string; username: string }): Promise<Buffer> {
  const timeZone = ctx.config.agency.timeZone;
  const evidence = await chainEvidence(ctx.db, rows.map((r) => r.id));
  const key = extractKey(ctx);
  const producedAt = new Date().toISOString();
  const doc = await PDFDocument.create();
  doc.setTitle('Audit trail extract');
  doc.setCreator('Precinct');
  doc.setCreationDate(new Date(producedAt));
  doc.setModificationDate(new Date(producedAt));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  let page!: PDFPage;
  let y = 0;
  const text = (p: PDFPage, s: string, x: number, at: number, size: number, f: PDFFont, width?: number) => {
    let t = printable(s);
    if (width !== undefined) while (t.length > 1 && f.widthOfTextAtSize(t, size) > width - 4) t = t.slice(0, -1);
    p.drawText(t, { x, y: at, size, font: f });
  };
  const header = () => {
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
    text(page, `${ctx.config.agency.name}: audit trail extract`, PAGE.margin, y - 12, 13, bold);
    text(page, `Selected: ${describeFilter(filter)}. ${rows.length} row${rows.length === 1 ? '' : 's'}, newest first. Times in ${timeZone}, 24-hour clock.`, PAGE.margin, y - 26, 8, font);
    text(page, `Produced ${trailStamp(timeZone, producedAt)} by ${producedBy.name} (${producedBy.username}). Signed with extract key ${key.keyId}; check with POST /api/v1/audit/extracts/verify or \`precinct audit verify-extract\`.`, PAGE.margin, y - 37, 8, font);
    y -= 54;
    let x = PAGE.margin;
    for (const [label, width] of COLUMNS) { text(page, label, x, y, 8, bold); x += width; }
    y -= 4;
    page.drawLine({ start: { x: PAGE.margin, y }, end: { x: PAGE.width - PAGE.margin, y }, thickness: 0.5, color: rgb(0.4, 0.4, 0.4) });
    y -= 10;
  };
  header();
  const data: ExtractData['rows'] = [];
  for (const r of rows) {
    if (y < PAGE.margin + 24) header();
    const link = evidence.get(r.id);
    data.push({ id: r.id, position: link?.position ?? null, mac: link?.mac ?? null, digest: link ? sha256(link.canonical) : null });
    const person = r.username ? `${r.name ?? r.username} (${r.username})` : (r.source ?? 'system');
    const record = r.subjectType ? `${r.subjectType} ${r.subjectId ?? ''}` : '';
    const outcome = r.outcome === 'allowed' ? 'allowed' : `${r.outcome}${r.reason ? `: ${r.reason}` : ''}`;
    const cells = [link ? String(link.position) : 'not linked', trailStamp(timeZone, r.at), person, r.action, record, outcome];
    let x = PAGE.margin;
    COLUMNS.forEach(([, width], i) => { text(page, cells[i]!, x, y, 8, i === 0 ? mono : font, width); x += width; });
    y -= 9;
    const also = r.also.length ? `  also showed ${r.also.slice(0, 6).join(' ')}${r.also.length > 6 ? ` and ${r.also.length - 6} more` : ''}` : '';
    text(page, `row ${r.id}  MAC ${link?.mac ?? '(not yet linked into the chain)'}${also}`, PAGE.margin + 48, y, 6, mono);
    y -= 11;
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => text(p, `Page ${i + 1} of ${pages.length}`, PAGE.width - PAGE.margin - 60, PAGE.margin - 16, 8, font));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  const extract: ExtractData = { version: 1, agency: ctx.config.agency.name, producedAt, producedBy: producedBy.username, filter, keyId: key.keyId, rows: data };
  const body = Buffer.concat([pdf, Buffer.from(`\n${EXTRACT_MARK}${Buffer.from(JSON.stringify(extract)).toString('base64url')}\n`, 'latin1')]);
  const signature = sign(null, body, key.privateKey).toString('base64');
  return Buffer.concat([body, Buffer.from(`${SIGNATURE_MARK}${signature}\n`, 'latin1')]);
}

export interface ExtractProblem { id?: number; position?: number; problem: string }
export interface ExtractCheck {
  ok: boolean;
  signature: 'valid' | 'invalid' | 'missing';
  rows: number;
  producedAt: string | null;
  producedBy: string | null;
  problems: ExtractProblem[];
}

/** Check an extract: its signature with this server's extract key, then each row against the keyed chain. */
export async function verifyExtract(ctx: AppContext, file: Buffer): Promise<ExtractCheck> {
  const failed = (signature: ExtractCheck['signature'], problem: string): ExtractCheck => ({ ok: false, signature, rows: 0, producedAt: null, producedBy: null, problems: [{ problem }] });
  const text = file.toString('latin1');
  const at = text.lastIndexOf(`\n${SIGNATURE_MARK}`);
  if (at < 0) return failed('missing', 'this is not a signed Precinct audit extract (no signature line after the PDF)');
  const body = file.subarray(0, at + 1);
  const signature = Buffer.from(text.slice(at + 1 + SIGNATURE_MARK.length).trim(), 'base64');
  const key = extractKey(ctx);
  let good = false;
  try { good = verify(null, body, key.publicKey, signature); } catch { good = false; }
  if (!good) return failed('invalid', `the signature does not match this file and this server's extract key ${key.keyId}: the extract was changed after it was signed, or another server signed it`);
  const line = body.toString('latin1').lastIndexOf(`\n${EXTRACT_MARK}`);
  let extract: ExtractData;
  try {
    extract = JSON.parse(Buffer.from(body.toString('latin1').slice(line + 1 + EXTRACT_MARK.length).trim(), 'base64url').toString('utf8')) as ExtractData;
  } catch {
    return failed('valid', 'the extract data cannot be read');
  }
  await ctx.audit.flush();
  const evidence = await chainEvidence(ctx.db, extract.rows.map((r) => r.id));
  const problems: ExtractProblem[] = [];
  for (const row of extract.rows) {
    const link = evidence.get(row.id);
    const where = { id: row.id, ...(row.position !== null ? { position: row.position } : {}) };
    if (row.position === null || row.mac === null) { problems.push({ ...where, problem: `row ${row.id} was not yet linked into the chain when the extract was made` }); continue; }
    if (!link) { problems.push({ ...where, problem: `row ${row.id} is no longer in the chain` }); continue; }
    if (link.position !== row.position || link.mac !== row.mac) problems.push({ ...where, problem: `the chain holds row ${row.id} at position ${link.position} with another MAC than the extract printed (position ${row.position})` });
    else if (mac(ctx.audit.seal.key, link.previous, link.canonical) !== link.mac) problems.push({ ...where, problem: `row ${row.id} as stored no longer matches its MAC at position ${link.position}: it was changed` });
    else if (sha256(link.canonical) !== row.digest) problems.push({ ...where, problem: `row ${row.id} differs from the row the extract printed` });
  }
  return { ok: problems.length === 0, signature: 'valid', rows: extract.rows.length, producedAt: extract.producedAt, producedBy: extract.producedBy, problems };
}
