import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { agencyDate } from '../src/core/clock.ts';
import { main, type Io } from '../src/cli/main.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

type H = Record<string, string>;
interface Row { route: string | null; id: number; position: number | null; at: string; username: string | null; name: string | null; action: string; subjectType: string | null; subjectId: string | null; also: string[]; outcome: string }
interface Page { items: Row[]; next: string | null }

/**
 * The audit browser (issue 24 point 4; S-110 §D.4; 81A §J.1.b.ix; CJIS AU-6, AU-9): the auditor and the CJIS
 * representative search the trail by person, record, action, period and outcome, find who read a juvenile report,
 * export the rows as CSV and as a signed PDF extract whose rows are checked against the keyed chain.
 */
forEachDatabase('the audit browser (S-110 §D.4; CJIS AU-6)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let auditor: { username: string; headers: H };
  let cjisRep: { username: string; headers: H };
  let dispatcher: { username: string; headers: H };
  let clerk: { username: string; headers: H };
  let report: string;
  let caseNumber: string;
  const get = (url: string, headers: H) => server.app.inject({ url: `/api/v1${url}`, headers });
  const trail = async (query: string, headers: H = auditor.headers): Promise<Page> => {
    const response = await get(`/audit/trail?${query}`, headers);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  };

  beforeAll(async () => {
    server = await database().server();
    auditor = await signedInAs(server.ctx, server.app, ['auditor']);
    cjisRep = await signedInAs(server.ctx, server.app, ['cjis_representative']);
    dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    const officer = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    // A person under 18 named as suspect in an officer's report: a juvenile report (S-110 §B.1).
    const youth = (await server.app.inject({ method: 'POST', url: '/api/v1/names', headers: clerk.headers, payload: { first: 'Tyler', last: 'Brennan', dob: '2012-09-01' } })).json().id as string;
    const created = await server.app.inject({
      method: 'POST', url: '/api/v1/reports', headers: officer.headers,
      payload: { kind: 'incident', occurredAt: '2026-03-14T15:00:00Z', fields: { offense: 'Vandalism' }, narrative: 'Two windows broken.', parties: [{ type: 'person', id: youth, role: 'suspect' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    ({ id: report, caseNumber } = created.json() as { id: string; caseNumber: string });
    // The records clerk reads the juvenile report: an audited read (S-110 §B.1).
    expect((await get(`/reports/${report}`, clerk.headers)).statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => server?.close());

  test('who read a juvenile report: the records clerk, by name, with the time (S-110 §B.1; CJIS AU-6)', async () => {
    const page = await trail(`recordType=report&recordId=${report}`);
    const read = page.items.find((r) => r.username === clerk.username && r.action === 'records.juvenile.read');
    expect(read).toMatchObject({ subjectType: 'report', subjectId: report, outcome: 'allowed', name: expect.stringContaining('Tester-Quill') });
    expect(read!.name).not.toBe(clerk.username);
    expect(Date.parse(read!.at)).toBeGreaterThan(Date.now() - 600_000);
    // "who read": reads only; the officer's writing of the report is a change, listed without the filter
    const all = (await trail(`recordType=report&recordId=${report}&limit=200`)).items;
    const written = all.find((r) => r.route === 'POST /api/v1/reports');
    expect(written).toBeDefined();
    const reads = (await trail(`recordType=report&recordId=${report}&access=read&limit=200`)).items;
    expect(reads.map((r) => r.id)).toContain(read!.id);
    expect(reads.every((r) => /read|GET /.test(`${r.action} ${r.route ?? ''}`))).toBe(true);
    expect(reads.map((r) => r.id)).not.toContain(written!.id);
    const changes = (await trail(`recordType=report&recordId=${report}&access=change&limit=200`)).items.map((r) => r.id);
    expect(changes).toContain(written!.id);
    expect(changes).not.toContain(read!.id);
    // the CJIS representative, who completes the agency's CJIS audits (81A §J.1.b.ix), may use the browser too
    expect((await trail(`recordType=report&recordId=${report}`, cjisRep.headers)).items.map((r) => r.id)).toContain(read!.id);
  });

  test('filters by person, action, outcome and period in the agency zone; each row matches its filter (S-110 §D.4)', async () => {
    const mine = await trail(`person=${clerk.username}&limit=200`);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((r) => r.username === clerk.username)).toBe(true);
    const reads = await trail('action=records.juvenile.read&limit=200');
    expect(reads.items.every((r) => r.action === 'records.juvenile.read')).toBe(true);
    expect(reads.items.some((r) => r.subjectId === report)).toBe(true);
    // a dispatcher refused the trail leaves a denied row, found by outcome and person
    expect((await get('/audit/trail', dispatcher.headers)).statusCode).toBe(403);
    const denied = await trail(`outcome=denied&person=${dispatcher.username}`);
    expect(denied.items.length).toBeGreaterThan(0);
    expect(denied.items.every((r) => r.outcome === 'denied' && r.username === dispatcher.username)).toBe(true);
    const today = agencyDate(server.ctx.config.agency.timeZone);
    expect((await trail(`person=${clerk.username}&from=${today}&to=${today}&limit=200`)).items).toHaveLength(mine.items.length);
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    expect((await trail(`person=${clerk.username}&from=${tomorrow}`)).items).toEqual([]);
    expect((await trail(`person=${clerk.username}&to=2020-01-01`)).items).toEqual([]);
    // a case stands for itself and its reports: the clerk's read of the juvenile report is found under the case number
    const underCase = (await trail(`recordType=case&recordId=${caseNumber}&limit=200`)).items;
    expect(underCase.some((r) => r.username === clerk.username && r.action === 'records.juvenile.read' && r.subjectId === report)).toBe(true);
    expect(underCase.every((r) => [caseNumber, report].includes(r.subjectId ?? '') || r.also.some((a) => [`case:${caseNumber}`, `report:${report}`].includes(a)))).toBe(true);
  });

  test('pages newest first, every row once, and the read of the trail is itself audited (CJIS AU-2)', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: Page = await trail(`limit=3${after ? `&after=${after}` : ''}`);
      seen.push(...page.items.map((r) => r.id));
      after = page.next;
      if (!after || seen.length >= 12) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // the pages read one after another are one run of the whole trail (rows written meanwhile are newer than the first page)
    const all = await trail('limit=200');
    const ids = all.items.map((r) => r.id);
    const start = ids.indexOf(seen[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(ids.slice(start, start + seen.length)).toEqual(seen);
    const times = all.items.map((r) => Date.parse(r.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const own = await trail(`person=${auditor.username}&action=audit.trail.read`);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items[0]).toMatchObject({ subjectType: 'audit_trail', outcome: 'allowed' });
  });

  test('a dispatcher may not read, export or verify the trail (403, and the refusal is audited)', async () => {
    for (const url of ['/audit/trail', '/audit/trail/export?format=csv']) expect((await get(url, dispatcher.headers)).statusCode, url).toBe(403);
    const verify = await server.app.inject({ method: 'POST', url: '/api/v1/audit/extracts/verify', headers: { ...dispatcher.headers, 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.7') });
    expect(verify.statusCode).toBe(403);
  });

  test('the CSV export names people and quotes values a spreadsheet would run as formulas (CJIS AU-9)', async () => {
    // a failed sign-in records the login as typed: here, a formula
    const bad = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: '=2+3', password: 'wrong-password-1' } });
    expect(bad.statusCode).toBe(401);
    const csv = await get(`/audit/trail/export?format=csv&person=${encodeURIComponent('=2+3')}`, auditor.headers);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ login: "'=2+3", action: 'session.signin', outcome: 'failed' });
    expect(csv.body).not.toMatch(/(^|,)=2\+3/m);
    const who = parse((await get(`/audit/trail/export?format=csv&recordType=report&recordId=${report}`, auditor.headers)).body, { columns: true }) as Record<string, string>[];
    const read = who.find((r) => r.login === clerk.username)!;
    expect(read.name).toContain('Tester-Quill');
    expect(read.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  test('the signed PDF extract verifies against the chain; a changed extract fails, by route and by `precinct audit verify-extract` (CJIS AU-9, AU-10)', async () => {
    const pdf = await get(`/audit/trail/export?format=pdf&recordType=report&recordId=${report}`, auditor.headers);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const check = (body: Buffer) => server.app.inject({ method: 'POST', url: '/api/v1/audit/extracts/verify', headers: { ...auditor.headers, 'content-type': 'application/pdf' }, payload: body });
    const good = await check(bytes);
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ ok: true, signature: 'valid', producedBy: auditor.username, problems: [] });
    expect(good.json().rows).toBeGreaterThan(0);
    // one byte of the PDF changed, or the MAC of a row in the extract's data: the signature no longer holds
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('/Producer');
    expect(at).toBeGreaterThan(0);
    tampered[at + 1] = 'p'.charCodeAt(0);
    expect((await check(tampered)).json()).toMatchObject({ ok: false, signature: 'invalid' });
    const text = bytes.toString('latin1');
    const line = text.lastIndexOf('%PRECINCT-AUDIT-EXTRACT ');
    const data = JSON.parse(Buffer.from(text.slice(line + 24, text.indexOf('\n', line)), 'base64url').toString('utf8')) as { rows: { mac: string }[] };
    data.rows[0]!.mac = '0'.repeat(64);
    const forged = Buffer.concat([bytes.subarray(0, line), Buffer.from(`%PRECINCT-AUDIT-EXTRACT ${Buffer.from(JSON.stringify(data)).toString('base64url')}${text.slice(text.indexOf('\n', line))}`, 'latin1')]);
    expect((await check(forged)).json()).toMatchObject({ ok: false, signature: 'invalid' });
    // without its signature it is no extract
    const stripped = bytes.subarray(0, bytes.lastIndexOf('\n%PRECINCT-SIGNATURE') + 1);
    expect((await check(stripped)).json()).toMatchObject({ ok: false, signature: 'missing' });

    const dir = mkdtempSync(join(tmpdir(), 'precinct-extract-'));
    writeFileSync(join(dir, 'good.pdf'), bytes);
    writeFileSync(join(dir, 'bad.pdf'), tampered);
    const out: string[] = [];
    const io: Io = {
      out: (line) => out.push(line), err: (line) => out.push(line), stdin: async () => '', context: (work) => work(server.ctx), operator: 'auditor', inServer: true,
    };
    expect(await main(['node', 'precinct', 'audit', 'verify-extract', join(dir, 'good.pdf')], io)).toBe(0);
    expect(await main(['node', 'precinct', 'audit', 'verify-extract', join(dir, 'bad.pdf')], io)).not.toBe(0);
    expect(out.join('\n')).toMatch(/NOT verified: signature invalid/);
  });

  test('bad input is a 400 naming the field: a day that does not exist, a period that runs backwards, a forged cursor, a NUL byte', async () => {
    const cases: [string, RegExp][] = [
      ['from=2026-02-30', /from/],
      ['to=yesterday', /to/],
      ['from=2026-05-02&to=2026-05-01', /from/],
      ['recordId=123', /recordType/],
      [`after=${Buffer.from('["a\\u0000b","1"]').toString('base64url')}`, /after/],
      ['after=not-a-cursor', /after/],
      ['person=a%00b', /person/],
      ['limit=500', /limit/],
    ];
    for (const [query, field] of cases) {
      const response = await get(`/audit/trail?${query}`, auditor.headers);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type'], query).toMatch(/application\/problem\+json/);
      expect(`${response.json().detail} ${response.json().field ?? ''}`, query).toMatch(field);
    }
    expect((await get('/audit/trail/export?format=xls', auditor.headers)).statusCode).toBe(400);
  });
});
