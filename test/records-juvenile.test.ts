import { mkdtempSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

type H = Record<string, string>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** The text of every page of a PDF, and whether "Juvenile" is drawn in red on each page. */
async function readPdf(bytes: Buffer): Promise<{ pages: string[]; redJuvenile: boolean[] }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/' }).promise;
  const pages: string[] = [];
  const redJuvenile: boolean[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
    const ops = await page.getOperatorList();
    let fill = '';
    let red = false;
    for (let k = 0; k < ops.fnArray.length; k++) {
      const args = ops.argsArray[k] as unknown[];
      if (ops.fnArray[k] === OPS.setFillRGBColor) fill = typeof args[0] === 'string' ? args[0] : Array.from(args as unknown as ArrayLike<number>).join(',');
      if (ops.fnArray[k] === OPS.showText && JSON.stringify(args).startsWith('[[{"originalCharCode":74') && /^(#cc0000|204,0,0)$/i.test(fill)) red = true;
    }
    redJuvenile.push(red);
  }
  return { pages, redJuvenile };
}

forEachDatabase('records: juvenile records, photos and printing', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let sergeant: H; let clerk: H; let otherOfficer: H; let court: H;
  let juvenileReport: string; let youth: string;
  const photoDir = mkdtempSync(join(tmpdir(), 'precinct-photos-'));
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, extra: Record<string, string> = {}) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers: { ...headers, ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });
    const json = String(response.headers['content-type']).includes('json');
    return { status: response.statusCode, body: json ? response.json() : response.body, raw: response.rawPayload, headers: response.headers };
  };
  const audits = async (username: string) => (await sql<{ action: string; subject_id: string }>`select action, subject_id from audit where username = ${username} and action = 'records.juvenile.read'`.execute(server.ctx.db)).rows;

  beforeAll(async () => {
    process.env.PRECINCT_PHOTO_DIR = photoDir;
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'], `jofficer${Date.now() % 100000}`)).headers;
    otherOfficer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    sergeant = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'], `jclerk${Date.now() % 100000}`)).headers;
    // Born 2008-09-01: 17 on the day of the event in 2026-03, 18 now — the record stays juvenile (S-110 §B.1).
    youth = (await call(clerk, 'POST', '/names', { first: 'Tyler', last: 'Brennan', dob: '2008-09-01' })).body.id;
    const created = await call(officer, 'POST', '/reports', {
      kind: 'incident', occurredAt: '2026-03-14T15:00:00Z', fields: { offense: 'Malicious destruction', location: 'Millbrook High School' },
      narrative: 'Juvenile broke two windows.', parties: [{ type: 'person', id: youth, role: 'suspect' }],
    });
    juvenileReport = created.body.id;
    expect(created.body.juvenile).toBe(true);
    const adult = await call(officer, 'POST', '/reports', { kind: 'incident', occurredAt: '2026-10-01T15:00:00Z', fields: { offense: 'Trespass', location: 'Rail yard' }, narrative: 'Adult trespass.', parties: [{ type: 'person', id: youth, role: 'suspect' }] });
    expect(adult.body.juvenile).toBe(false); // 18 by October: this one is an adult record
  }, 180_000);
  afterAll(async () => { delete process.env.PRECINCT_PHOTO_DIR; await server?.close(); });

  test('under 18 on the event date makes the record juvenile, and it stays so after the person turns 18 (S-110 §B.1)', async () => {
    const teen = (await call(clerk, 'POST', '/names', { first: 'Ava', last: 'Kline', dob: '2011-02-02' })).body.id;
    const victim = await call(officer, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Assault' }, parties: [{ type: 'person', id: teen, role: 'victim' }] });
    expect(victim.body.juvenile).toBe(false); // a young victim does not make the offender record juvenile
    const stored = await sql<{ juvenile: boolean; event_date: string }>`select juvenile, event_date from report where id = ${juvenileReport}`.execute(server.ctx.db);
    expect(stored.rows[0]).toEqual({ juvenile: true, event_date: '2026-03-14' });
  });

  test('without records.juvenile the record is absent from the person page, history, export and case; with it, separate and marked, every read audited (S-110 §B.1)', async () => {
    const plain = (await call(court, 'GET', `/names/${youth}`)).body;
    expect(plain.records.map((r: { reportId: string }) => r.reportId)).not.toContain(juvenileReport);
    expect(plain.juvenileRecords).toBeUndefined();
    expect((await call(court, 'GET', `/reports/${juvenileReport}`)).status).toBe(404);
    expect((await call(otherOfficer, 'GET', `/reports/${juvenileReport}`)).status).toBe(404);
    const history = (await call(court, 'GET', `/names/${youth}/history`)).body;
    expect(history.adult).toHaveLength(1);
    expect(history.juvenile).toBeUndefined();
    const csv = (await call(court, 'GET', `/names/${youth}/history.csv`)).body as string;
    expect(csv).not.toMatch(/JUVENILE/);
    expect(csv.trim().split('\n')).toHaveLength(2);

    const clerkName = (await call(clerk, 'GET', '/me')).body.user.username as string;
    const before = (await audits(clerkName)).length;
    const page = (await call(clerk, 'GET', `/names/${youth}`)).body;
    expect(page.juvenileRecords).toEqual([expect.objectContaining({ reportId: juvenileReport, juvenile: true })]);
    expect(page.records.map((r: { reportId: string }) => r.reportId)).not.toContain(juvenileReport);
    expect((await call(clerk, 'GET', `/reports/${juvenileReport}`)).body.juvenile).toBe(true);
    expect((await call(clerk, 'GET', `/names/${youth}/history.csv`)).body).toMatch(/^JUVENILE,/m);
    expect((await audits(clerkName)).length).toBeGreaterThanOrEqual(before + 3);
  });

  test('a person known only from juvenile records is left out of adult name searches; those with the permission see them marked', async () => {
    const kid = (await call(clerk, 'POST', '/names', { first: 'Jayden', last: 'Okonkwo', dob: '2013-06-06' })).body.id;
    await call(officer, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Shoplifting' }, parties: [{ type: 'person', id: kid, role: 'suspect' }] });
    expect((await call(court, 'GET', '/names/search?q=Jayden%20Okonkwo')).body.map((h: { id: string }) => h.id)).not.toContain(kid);
    const marked = (await call(clerk, 'GET', '/names/search?q=Jayden%20Okonkwo')).body;
    expect(marked[0]).toMatchObject({ id: kid, juvenile: true });
  });

  test('photos are stored outside the database with their SHA-256; a file changed on disk is refused (S-110 §A.1.g)', async () => {
    const uploaded = await call(officer, 'POST', `/photos?reportId=${juvenileReport}&caption=Broken%20window`, PNG, { 'content-type': 'image/png' });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.sha256).toBe((await import('node:crypto')).createHash('sha256').update(PNG).digest('hex'));
    const files = await readdir(photoDir);
    expect(files).toHaveLength(1);
    expect(await readFile(join(photoDir, files[0]!))).toEqual(PNG);
    const read = await call(officer, 'GET', `/photos/${uploaded.body.id}`);
    expect(read.status).toBe(200);
    expect(read.raw).toEqual(PNG);
    expect((await call(officer, 'POST', `/photos?reportId=${juvenileReport}`, Buffer.from('not an image'), { 'content-type': 'image/jpeg' })).status).toBe(400);
    await writeFile(join(photoDir, files[0]!), Buffer.concat([PNG, Buffer.from('tampered')]));
    const tampered = await call(officer, 'GET', `/photos/${uploaded.body.id}`);
    expect(tampered.status).toBe(409);
    expect(tampered.body.code).toBe('photo.tampered');
  });

  test('the PDF carries the agency header, case number, fields, narrative, approval, page numbers and "Juvenile" in red on every page; people by name, times on the agency’s 24-hour clock', async () => {
    await call(officer, 'PUT', `/reports/${juvenileReport}`, { version: 1, narrative: 'Juvenile broke two windows. '.repeat(400) });
    await call(officer, 'POST', `/reports/${juvenileReport}/submit`);
    expect((await call(sergeant, 'GET', '/reports/queue')).body.items.map((r: { id: string }) => r.id)).toContain(juvenileReport);
    expect((await call(sergeant, 'POST', `/reports/${juvenileReport}/approve`)).status).toBe(200);
    const response = await call(clerk, 'GET', `/reports/${juvenileReport}/pdf`);
    expect(response.headers['content-type']).toBe('application/pdf');
    const { pages, redJuvenile } = await readPdf(response.raw);
    const report = (await call(clerk, 'GET', `/reports/${juvenileReport}`)).body;
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]!.split('\n')[0]).toBe('Juvenile');
    expect(pages[0]).toContain(server.ctx.config.agency.name);
    expect(pages[0]).toContain(`Case ${report.caseNumber}`);
    expect(pages[0]).toContain('Malicious destruction');
    expect(pages[0]).toContain('Brennan, Tyler');
    expect(pages.join('\n')).toMatch(/Approved[\s\S]*by .+ at 20/);
    pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`));
    // On paper (S-110 §B): people by name, times on the agency's 24-hour clock; no ids, no logins, no ISO stamps.
    const all = pages.join('\n');
    const sergeantName = (await call(sergeant, 'GET', '/me')).body.user;
    expect(all).toMatch(new RegExp(`by ${sergeantName.firstName} ${sergeantName.lastName} at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}`));
    expect(all).toContain(report.authorName);
    expect(all).not.toContain(report.author);
    expect(all).not.toContain(report.approvedBy);
    expect(all).not.toContain(juvenileReport);
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(redJuvenile.every(Boolean)).toBe(true);
    const adultPdf = await readPdf((await call(officer, 'GET', `/reports/${(await call(officer, 'GET', '/reports/mine')).body.find((r: { juvenile: boolean }) => !r.juvenile).id}/pdf`)).raw);
    expect(adultPdf.pages[0]).not.toMatch(/Juvenile/);
  });
});
