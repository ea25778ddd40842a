import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { ROLES, permissionsOf } from '../src/core/permissions.ts';
import { manualClock, systemClock } from '../src/core/clock.ts';

type H = Record<string, string>;
/** Text that exists only inside the intelligence record: no other channel may ever show it. */
const MARKER = 'QZX7-INTEL-MARKER';
/** A word of the record's content that searches look for (a search term may be audited, so it is not the marker itself). */
const WORD = 'Grimbleshank';

forEachDatabase('criminal intelligence records under 28 CFR Part 23 (S-110 §A.1.m)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let captain: H; let everyone: H; let auditor: H; let clerk: H;
  let analyst: { username: string; headers: H };
  let subject: string; let record: { id: string; number: string };
  const call = async (headers: H, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, raw: response.body };
  };
  const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(server.ctx.db)).rows[0]!.n;
  const open = (body: Record<string, unknown>, as = analyst.headers) => call(as, 'POST', '/intelligence', {
    title: `Catalytic converter ring ${MARKER}`, activity: `Receiving stolen catalytic converters ${MARKER}`, predicate: `Two pawn shop reports name the subject selling cut converters ${MARKER}`,
    information: `Drives a grey pickup; stores parts at the ${WORD} garage ${MARKER}`, source: `Confidential informant CI-14 ${MARKER}`, subjects: [subject], ...body,
  });

  beforeAll(async () => {
    server = await database().server();
    analyst = await signedInAs(server.ctx, server.app, ['intelligence_officer']);
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    captain = (await signedInAs(server.ctx, server.app, ['captain'])).headers;
    auditor = (await signedInAs(server.ctx, server.app, ['auditor'])).headers;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    // every role of the role table at once: the widest reader there is, intelligence included
    everyone = (await signedInAs(server.ctx, server.app, [...ROLES])).headers;
    subject = (await call(clerk, 'POST', '/names', { first: 'Zorvan', last: 'Quillfeather', dob: '1984-02-03' })).body.id;
    record = (await open({})).body;
  }, 300_000);
  afterAll(async () => server?.close());

  test('only the Chief, captains and the intelligence officer hold intelligence.records; everyone else is refused', async () => {
    expect(ROLES.filter((r) => permissionsOf([r]).has('intelligence.records'))).toEqual(['chief', 'captain', 'intelligence_officer']);
    expect(record.number).toMatch(/^INT-\d{2}-\d{4}$/);
    for (const h of [officer, auditor, clerk]) {
      expect((await call(h, 'GET', '/intelligence')).status).toBe(403);
      expect((await call(h, 'GET', `/intelligence/${record.id}`)).status).toBe(403);
    }
    expect((await call(captain, 'GET', `/intelligence/${record.id}`)).body).toMatchObject({ number: record.number, subjects: [{ id: subject, name: 'Quillfeather, Zorvan' }] });
  });

  test('a record without its criminal predicate or activity is refused with the clause, and nothing is written (28 CFR 23.20(a))', async () => {
    const before = await count('intel_record');
    expect((await open({ predicate: '  ' })).body).toMatchObject({ status: 422, code: 'intelligence.predicate_required', clause: expect.stringContaining('28 CFR 23.20(a)') });
    expect((await open({ activity: undefined })).body).toMatchObject({ status: 422, code: 'intelligence.activity_required' });
    expect((await open({ subjects: ['00000000-0000-4000-8000-000000000000'] })).body).toMatchObject({ status: 422, code: 'intelligence.unknown_person' });
    expect((await open({ predicate: 'a\u0000b' })).status).toBe(400);
    expect(await count('intel_record')).toBe(before);
  });

  test('every read is audited, naming the record and the reader, never its content (28 CFR Part 23)', async () => {
    await call(analyst.headers, 'GET', `/intelligence/${record.id}`);
    await call(analyst.headers, 'GET', '/intelligence');
    const rows = (await sql<{ action: string; subject_id: string; detail: unknown; reason: string }>`select action, subject_id, detail, reason from audit where username = ${analyst.username} and subject_type = 'intelligence' order by id`.execute(server.ctx.db)).rows;
    expect(rows.map((r) => r.action)).toEqual(['intelligence.opened', 'intelligence.read', 'intelligence.read']);
    expect(rows.every((r) => r.subject_id === record.id)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(MARKER);
  });

  test('a dissemination without a recipient, need-to-know or right-to-know is refused with the clause; one with them is kept with who sent it (28 CFR 23.20(e))', async () => {
    const url = `/intelligence/${record.id}/disseminations`;
    const ok = { recipientAgency: 'Massachusetts State Police', recipientPerson: 'Det. Lt. Ana Ruiz', needToKnow: true, rightToKnow: true, reason: `Joint auto-parts theft task force ${MARKER}` };
    expect((await call(analyst.headers, 'POST', url, { ...ok, recipientPerson: undefined })).body).toMatchObject({ status: 422, code: 'intelligence.recipient_required', clause: expect.stringContaining('28 CFR 23.20(e)') });
    expect((await call(analyst.headers, 'POST', url, { ...ok, needToKnow: false })).body).toMatchObject({ code: 'intelligence.need_to_know' });
    expect((await call(analyst.headers, 'POST', url, { ...ok, rightToKnow: undefined })).body).toMatchObject({ code: 'intelligence.right_to_know' });
    expect(await count('intel_dissemination')).toBe(0);
    expect((await call(analyst.headers, 'POST', url, ok)).status).toBe(201);
    const seen = (await call(captain, 'GET', `/intelligence/${record.id}`)).body;
    expect(seen.disseminations).toEqual([expect.objectContaining({ recipientAgency: 'Massachusetts State Police', recipientPerson: 'Det. Lt. Ana Ruiz', needToKnow: true, rightToKnow: true, by: analyst.username, byName: expect.stringContaining('Tester-Quill') })]);
  });

  test('intelligence never appears in any other search, report, export, the event log, the stream, name history or the person page — even to a reader holding every role', async () => {
    const spec = (await server.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: { type?: string; format?: string } }[] }>> };
    const secrets = [MARKER, record.id, record.number];
    const values = (name: string, format?: string) => format === 'uuid' ? [subject, record.id] : format === 'date' ? ['2026-01-01'] : name === 'limit' ? [] : [WORD, 'Quillfeather', record.number];
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      const get = methods.get;
      if (!get || !path.startsWith('/api/v1') || path.startsWith('/api/v1/intelligence') || path.includes('stream')) continue;
      const params = get.parameters ?? [];
      const inPath = params.filter((p) => p.in === 'path');
      const queries = params.filter((p) => p.in === 'query' && p.schema?.type === 'string');
      const urls = new Set<string>();
      const fill = (p: string, v: string) => inPath.reduce((u, q) => u.replace(`{${q.name}}`, encodeURIComponent(q.schema?.format === 'uuid' ? (v === WORD || v === 'Quillfeather' ? subject : v) : v)), p);
      for (const v of inPath.length ? [subject, record.id, record.number, 'Quillfeather', WORD] : ['']) {
        const base = fill(path, v);
        urls.add(base);
        for (const q of queries) for (const value of values(q.name, q.schema?.format)) urls.add(`${base}?${q.name}=${encodeURIComponent(value)}`);
      }
      for (const url of urls) {
        const response = await server.app.inject({ url, headers: everyone });
        const text = response.rawPayload.toString('latin1');
        // the audit trail names what was read (by id and number), never what it said; a refusal may repeat what was asked for
        const leak = path.startsWith('/api/v1/audit') ? [MARKER] : secrets.filter((s) => !decodeURIComponent(url).includes(s));
        for (const s of leak) expect(text.includes(s), `${url} shows ${s}`).toBe(false);
        checked.push(url);
      }
    }
    expect(checked.length).toBeGreaterThan(100);
    expect(checked).toEqual(expect.arrayContaining([`/api/v1/names/${subject}`, `/api/v1/names/${subject}/history`, `/api/v1/names/${subject}/history.csv`, '/api/v1/events', '/api/v1/names/search?q=Quillfeather', `/api/v1/names/search?q=${WORD}`]));
    // the name search found the subject it was asked for: the sweep reached real answers, not only refusals
    expect((await call(everyone, 'GET', '/names/search?q=Quillfeather')).body).toEqual([expect.objectContaining({ id: subject })]);
    // the person page shows the subject, and nothing of the file about them
    const person = await call(everyone, 'GET', `/names/${subject}`);
    expect(person.status).toBe(200);
    expect(person.raw).toContain('Quillfeather');
    // the event log holds nothing about any intelligence record, and the live stream replays the same log
    expect((await sql<{ n: number }>`select count(*)::int as n from event where subject_type = 'intelligence' or kind like 'intelligence%' or payload::text like ${`%${MARKER}%`}`.execute(server.ctx.db)).rows[0]!.n).toBe(0);
    const url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const streamed = await new Promise<string>((resolve, reject) => {
      let got = '';
      const socket = new WebSocket(`${url}/api/v1/stream?after=0`, { headers: everyone });
      socket.on('message', (data) => { got += String(data); });
      setTimeout(() => socket.close(), 1500);
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(streamed.length).toBeGreaterThan(0);
    for (const s of secrets) expect(streamed).not.toContain(s);
  });

  test('records due at five years are listed; a review records who validated it and keeps it five more years; a purge leaves an audited tombstone (28 CFR 23.20(h))', async () => {
    const second = (await open({ title: 'Second file' })).body as { id: string; number: string };
    try {
      expect((await call(analyst.headers, 'GET', '/intelligence?due=true')).body.items).toEqual([]);
      const due = new Date(Date.now() + 5 * 366 * 86_400_000);
      server.ctx.clock = manualClock(due);
      const queue = (await call(analyst.headers, 'GET', '/intelligence?due=true')).body.items;
      expect(queue.map((r: { id: string }) => r.id).sort()).toEqual([record.id, second.id].sort());
      expect((await call(analyst.headers, 'POST', `/intelligence/${record.id}/review`, { note: '' })).body).toMatchObject({ status: 422, code: 'intelligence.review_note_required', clause: expect.stringContaining('23.20(h)') });
      const reviewed = (await call(captain, 'POST', `/intelligence/${record.id}/review`, { note: 'Subject still active: two new pawn reports' })).body;
      expect(reviewed.reviewDue > due.toISOString().slice(0, 10)).toBe(true);
      const view = (await call(analyst.headers, 'GET', `/intelligence/${record.id}`)).body;
      expect(view).toMatchObject({ due: false, reviewedBy: expect.any(String), reviewedByName: expect.stringContaining('Tester-Quill'), reviews: [{ decision: 'validated', note: 'Subject still active: two new pawn reports' }] });
      expect((await call(analyst.headers, 'POST', `/intelligence/${second.id}/purge`, {})).body).toMatchObject({ status: 422, code: 'intelligence.purge_reason_required' });
      expect((await call(analyst.headers, 'POST', `/intelligence/${second.id}/purge`, { reason: 'Not validated: no activity in five years' })).body).toEqual({ ok: true });
      expect((await call(analyst.headers, 'GET', '/intelligence?due=true')).body.items).toEqual([]);
      const tomb = (await call(analyst.headers, 'GET', `/intelligence/${second.id}`)).body;
      expect(tomb).toMatchObject({ number: second.number, title: null, activity: null, predicate: null, information: null, source: null, subjects: [], purgedBy: analyst.username, purgeReason: 'Not validated: no activity in five years', reviews: [{ decision: 'purged' }] });
      const stored = (await sql<{ text: string }>`select row_to_json(r)::text as text from intel_record r where id = ${second.id}`.execute(server.ctx.db)).rows[0]!.text;
      expect(stored).not.toContain(MARKER);
      expect((await call(analyst.headers, 'POST', `/intelligence/${second.id}/disseminations`, { recipientAgency: 'x', recipientPerson: 'y', needToKnow: true, rightToKnow: true, reason: 'z' })).body.code).toBe('intelligence.purged');
      const audit = (await sql<{ action: string }>`select action from audit where subject_type = 'intelligence' and subject_id = ${second.id} order by id`.execute(server.ctx.db)).rows.map((r) => r.action);
      expect(audit).toEqual(expect.arrayContaining(['intelligence.opened', 'intelligence.purged']));
    } finally { server.ctx.clock = systemClock; }
  });
});
