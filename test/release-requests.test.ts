import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { pdfText } from './knox-support.ts';
import { agencyDate } from '../src/core/clock.ts';
import { createIncident } from '../src/dispatch/incidents/service.ts';
import { businessDaysLeft, responseDeadline } from '../src/release/deadline.ts';

type H = Record<string, string>;
const ZONE = 'America/New_York';
const DAY = 86_400_000;

forEachDatabase('release: public records requests, reviewed redactions and the released PDF (S-110 §B.2, M.G.L. c.66 §10)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let clerk: H; let officer: H; let sergeant: H; let today: string;
  let reportId: string; let draftId: string;
  const call = async (headers: H, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, raw: response };
  };
  const count = async (table: 'records_request' | 'records_request_item' | 'records_request_redaction' | 'records_release') =>
    Number((await server.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => Promise.all((['records_request', 'records_request_item', 'records_request_redaction', 'records_release'] as const).map(count));
  const request = async (extra: Record<string, unknown> = {}) => {
    const r = await call(clerk, 'POST', '/public-records/requests', {
      requester: { name: 'Pat Reporter', contact: 'pat@gazette.example' }, receivedVia: 'email', description: 'The report of the Elm Street domestic call', receivedOn: today, ...extra,
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; label: string; deadline: string };
  };

  beforeAll(async () => {
    server = await database().server();
    today = agencyDate(ZONE, new Date());
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    sergeant = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
    const person = async (first: string, last: string, dob: string) => (await call(clerk, 'POST', '/names', { first, last, dob })).body.id as string;
    const victim = await person('Jane', 'Marlowe', '1988-03-14');
    const witness = await person('Tommy', 'Fenwick', '2013-05-02');
    const suspect = await person('Carl', 'Brandt', '1985-01-09');
    const report = await call(officer, 'POST', '/reports', {
      kind: 'incident',
      fields: { offense: 'Assault and battery on a family or household member (c.265 §13M)', location: '12 Elm Street', criminalHistory: 'Two prior 209A violations (BOP)' },
      narrative: 'Jane Marlowe said Carl Brandt struck her. Tommy Fenwick, 13, saw it from the porch. Marlowe was transported to Cooley Dickinson Hospital for treatment. '
        + 'Brandt gave SSN 123-45-6789 and licence number S12345678. Fenwick DOB 05/02/2013.',
      parties: [{ type: 'person', id: victim, role: 'victim' }, { type: 'person', id: witness, role: 'witness' }, { type: 'person', id: suspect, role: 'suspect' }],
    });
    expect(report.status).toBe(201);
    reportId = report.body.id;
    expect((await call(officer, 'POST', `/reports/${reportId}/submit`)).status).toBe(200);
    expect((await call(sergeant, 'POST', `/reports/${reportId}/approve`)).status).toBe(200);
    draftId = (await call(officer, 'POST', '/reports', { kind: 'incident', narrative: 'still being written' })).body.id;
  }, 180_000);
  afterAll(async () => server?.close());

  test('a request is logged with its deadline, the tenth business day after receipt, skipping the weekend and Thanksgiving (M.G.L. c.66 §10(a), c.4 §7)', async () => {
    const r = await request({ receivedOn: '2026-11-20' });
    // Fri 20 Nov: 23, 24, 25, (26 Thanksgiving), 27, 30 Nov, 1, 2, 3, 4, 7 Dec
    expect(r).toMatchObject({ deadline: '2026-12-07', status: 'open', label: expect.stringMatching(/^PRR-\d{5}$/), requester: { name: 'Pat Reporter' }, receivedVia: 'email' });
  });

  test('a request without a requester or description, or received on a future date, is refused naming the field, and nothing is written (M.G.L. c.66 §10(a))', async () => {
    const before = await counts();
    const base = { requester: { name: 'Pat', contact: 'pat@example.org' }, receivedVia: 'mail', description: 'x', receivedOn: today };
    const blankName = await call(clerk, 'POST', '/public-records/requests', { ...base, requester: { name: '  ', contact: 'pat@example.org' } });
    expect(blankName.status).toBe(422);
    expect(blankName.raw.headers['content-type']).toContain('application/problem+json');
    expect(blankName.body).toMatchObject({ code: 'request.requester_required', field: 'requester.name' });
    expect((await call(clerk, 'POST', '/public-records/requests', { ...base, description: ' ' })).body).toMatchObject({ code: 'request.description_required', field: 'description' });
    const noRequester = await call(clerk, 'POST', '/public-records/requests', { receivedVia: 'mail', description: 'x', receivedOn: today });
    expect(noRequester.status).toBe(400);
    expect(JSON.stringify(noRequester.body)).toContain('requester');
    const tomorrow = agencyDate(ZONE, new Date(Date.now() + 2 * DAY));
    expect((await call(clerk, 'POST', '/public-records/requests', { ...base, receivedOn: tomorrow })).body).toMatchObject({ status: 422, code: 'request.future_date', clause: 'M.G.L. c.66 §10(a)' });
    expect(await counts()).toEqual(before);
  });

  test('only records.release handles requests: a patrol officer is refused and nothing is written (S-110 §B.2)', async () => {
    const before = await counts();
    const r = await call(officer, 'POST', '/public-records/requests', { requester: { name: 'X', contact: 'y' }, receivedVia: 'web', description: 'z', receivedOn: today });
    expect(r.status).toBe(403);
    expect((await call(officer, 'GET', '/public-records/requests')).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  test('gathering a report proposes redactions for the juvenile, the domestic-violence victim, CORI, medical information and identifiers, each citing its exemption (S-110 §B.1–B.2)', async () => {
    const r = await request();
    const gathered = await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'report', ref: reportId });
    expect(gathered.status).toBe(201);
    const proposals = gathered.body.redactions as { what: string; terms: string[]; exemption: string; clause: string; decision: string }[];
    expect(proposals.every((p) => p.decision === 'proposed')).toBe(true);
    const by = (exemption: string) => proposals.filter((p) => p.exemption === exemption);
    expect(by('juvenile')[0]).toMatchObject({ clause: 'M.G.L. c.4 §7(26)(a); c.119 §60A; S-110 §B.1', terms: expect.arrayContaining(['Fenwick, Tommy', 'Tommy Fenwick']) });
    expect(by('dv_sa_victim')[0]).toMatchObject({ clause: 'M.G.L. c.4 §7(26)(a); c.41 §97D', terms: expect.arrayContaining(['Jane Marlowe', 'Marlowe']) });
    expect(by('cori').flatMap((p) => p.terms)).toContain('Two prior 209A violations (BOP)');
    expect(by('medical').flatMap((p) => p.terms).join(' ')).toContain('Cooley Dickinson Hospital');
    expect(by('identifier').flatMap((p) => p.terms)).toEqual(expect.arrayContaining(['123-45-6789', 'S12345678', '05/02/2013', '1988-03-14']));
    // The adult suspect is not a victim: his name is not proposed (it is public unless the clerk adds it).
    expect(proposals.filter((p) => p.terms.includes('Carl Brandt'))).toEqual([]);
    // a draft is not released (S-110 §B.2)
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'report', ref: draftId })).body).toMatchObject({ status: 409, code: 'request.report_not_approved' });
  });

  test('release without review is refused and writes nothing; a redaction without a reason is refused naming the field (S-110 §B.2)', async () => {
    const r = await request();
    const detail = (await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'report', ref: reportId })).body;
    const before = await counts();
    const early = await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, {});
    expect(early.body).toMatchObject({ status: 409, code: 'request.review_incomplete', clause: 'S-110 §B.2' });
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/review`)).body).toMatchObject({ status: 409, code: 'request.review_incomplete' });
    const noReason = await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions`, { itemId: detail.items[0].id, scope: 'text', text: 'Carl Brandt', exemption: 'privacy' });
    expect(noReason.body).toMatchObject({ status: 422, code: 'request.redaction_reason_required', field: 'reason' });
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions`, { itemId: detail.items[0].id, scope: 'text', text: 'Carl Brandt', exemption: 'privacy', reason: '   ' })).body)
      .toMatchObject({ code: 'request.redaction_reason_required', field: 'reason' });
    const remove = await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions/${detail.redactions[0].id}`, { decision: 'remove' });
    expect(remove.body).toMatchObject({ status: 422, code: 'request.redaction_reason_required', field: 'reason' });
    for (const x of detail.redactions) expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions/${x.id}`, { decision: 'accept' })).status).toBe(200);
    // every proposal decided, but the review not completed: still refused
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, {})).body).toMatchObject({ status: 409, code: 'request.not_reviewed' });
    expect((await counts())[3]).toBe(before[3]);
    expect((await call(clerk, 'GET', `/public-records/requests/${r.id}`)).body.status).toBe('open');
  });

  test('the released PDF has the redacted text removed, each page stamped with the request number; the letter cites the exemptions; the original is untouched (S-110 §B.2)', async () => {
    const r = await request();
    let detail = (await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'report', ref: reportId })).body;
    const medical = detail.redactions.find((x: { exemption: string }) => x.exemption === 'medical');
    for (const x of detail.redactions) {
      const decision = x.id === medical.id ? { decision: 'remove', reason: 'the requester is the patient and consented in writing' } : { decision: 'accept' };
      detail = (await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions/${x.id}`, decision)).body;
    }
    detail = (await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions`, { itemId: detail.items[0].id, scope: 'text', text: 'porch', exemption: 'privacy', reason: 'where the child stood identifies the house' })).body;
    const preview = (await call(clerk, 'GET', `/public-records/requests/${r.id}/records/${detail.items[0].id}`)).body;
    expect(JSON.stringify(preview.original)).toContain('Tommy Fenwick');
    expect(JSON.stringify(preview.released)).not.toContain('Fenwick');
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/review`)).status).toBe(200);
    const released = await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, {});
    expect(released.status).toBe(201);
    expect(released.body.request).toMatchObject({ status: 'partially_released', releases: [{ outcome: 'partially_released', recipient: 'Pat Reporter (pat@gazette.example)', hasRelease: true, hasLetter: true }] });
    const pdf = await call(clerk, 'GET', `/public-records/releases/${released.body.releaseId}/records.pdf`);
    expect(pdf.raw.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.raw.rawPayload);
    for (const hidden of ['Fenwick', 'Tommy', 'Marlowe', 'Jane', '123-45-6789', 'S12345678', '05/02/2013', '1988-03-14', 'porch', 'Two prior 209A']) expect(text).not.toContain(hidden);
    expect(text).toContain('[REDACTED - M.G.L. c.4 §7(26)(a); c.119 §60A; S-110 §B.1]');
    expect(text).toContain('Cooley Dickinson Hospital'); // the removed proposal is released
    expect(text).toContain('Carl Brandt');
    for (const page of text.split('\f')) expect(page).toContain(`Public records request ${r.label}`);
    const letter = await pdfText((await call(clerk, 'GET', `/public-records/releases/${released.body.releaseId}/letter.pdf`)).raw.rawPayload);
    expect(letter).toContain('M.G.L. c.4 §7(26)(a); c.41 §97D');
    expect(letter).toContain('Supervisor of Records');
    // the original report still says what it said
    expect((await call(clerk, 'GET', `/reports/${reportId}`)).body.narrative).toContain('Tommy Fenwick');
    const audit = await server.ctx.db.selectFrom('audit').select(['action', 'detail']).where('action', '=', 'records_request.partially_released').where('subject_id', '=', r.id).execute();
    expect(audit).toHaveLength(1);
    expect(await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, {})).toMatchObject({ status: 409, body: { code: 'request.closed' } });
  });

  test('a record changed after review is not released until gathered again and its new text reviewed (S-110 §B.2)', async () => {
    const person = (await call(clerk, 'POST', '/names', { first: 'Ivy', last: 'Calder', dob: '1990-02-02' })).body.id;
    const own = (await call(officer, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Larceny', location: '3 Mill Lane' }, narrative: 'Ivy Calder reported a bicycle stolen.', parties: [{ type: 'person', id: person, role: 'victim' }] })).body.id;
    expect((await call(officer, 'POST', `/reports/${own}/submit`)).body).toMatchObject({ status: 'submitted' });
    expect((await call(sergeant, 'POST', `/reports/${own}/approve`)).body).toMatchObject({ status: 'approved' });
    const r = await request();
    let detail = (await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'report', ref: own })).body;
    for (const x of detail.redactions) await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions/${x.id}`, { decision: 'accept' });
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/review`)).status).toBe(200);
    // a supplement is approved after the review
    const supplement = (await call(officer, 'POST', `/reports/${own}/supplements`, { narrative: 'The owner later gave SSN 222-33-4444 for the insurer.' })).body.id;
    await call(officer, 'POST', `/reports/${supplement}/submit`);
    expect((await call(sergeant, 'POST', `/reports/${supplement}/approve`)).status).toBe(200);
    const before = await counts();
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, {})).body).toMatchObject({ status: 409, code: 'request.record_changed', clause: 'S-110 §B.2' });
    expect(await counts()).toEqual(before);
    detail = (await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'report', ref: own })).body;
    expect(detail.reviewedBy).toBeNull();
    const fresh = detail.redactions.filter((x: { decision: string }) => x.decision === 'proposed');
    expect(fresh).toEqual([expect.objectContaining({ exemption: 'identifier', terms: ['222-33-4444'] })]);
    await call(clerk, 'POST', `/public-records/requests/${r.id}/redactions/${fresh[0].id}`, { decision: 'accept' });
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/review`)).status).toBe(200);
    const released = await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, {});
    expect(released.status).toBe(201);
    const text = await pdfText((await call(clerk, 'GET', `/public-records/releases/${released.body.releaseId}/records.pdf`)).raw.rawPayload);
    expect(text).toContain('The owner later gave SSN');
    expect(text).not.toContain('222-33-4444');
  });

  test('a denial cites at least one exemption and produces a response letter (M.G.L. c.66 §10(b)(iv))', async () => {
    const r = await request({ description: 'All records about the juvenile at 12 Elm Street' });
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, { deny: { exemptions: [] } })).body).toMatchObject({ status: 422, field: 'deny.exemptions' });
    const denied = await call(clerk, 'POST', `/public-records/requests/${r.id}/release`, { deny: { exemptions: ['juvenile'], explanation: 'The records asked for are juvenile records.' } });
    expect(denied.body.request).toMatchObject({ status: 'denied', releases: [{ outcome: 'denied', hasRelease: false, hasLetter: true, exemptions: ['juvenile'] }] });
    const letter = await pdfText((await call(clerk, 'GET', `/public-records/releases/${denied.body.releaseId}/letter.pdf`)).raw.rawPayload);
    expect(letter).toContain('must deny');
    expect(letter).toContain('c.119 §60A');
  });

  test('a confidential incident is proposed to be withheld whole, a day’s log comes from its public part only, and reading a request is audited (81A §E.2.c, M.G.L. c.41 §98F)', async () => {
    const dispatcher = { username: 'test-dispatcher', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
    const secret = await createIncident(server.ctx, dispatcher, { type: 'LARCENY', location: { address: '55 Hidden Way' }, confidential: true });
    const r = await request();
    const withIncident = (await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'incident', ref: secret.number })).body;
    expect(withIncident.redactions).toContainEqual(expect.objectContaining({ scope: 'item', exemption: 'investigatory', clause: 'M.G.L. c.4 §7(26)(f); 81A §E.2.c' }));
    const withLog = (await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'daily_log', ref: today })).body;
    const log = withLog.items.find((i: { kind: string }) => i.kind === 'daily_log');
    const preview = (await call(clerk, 'GET', `/public-records/requests/${r.id}/records/${log.id}`)).body;
    expect(JSON.stringify(preview)).not.toContain('55 Hidden Way');
    expect(preview.notIncluded.join(' ')).toContain('non-public daily log');
    expect((await call(clerk, 'POST', `/public-records/requests/${r.id}/records`, { kind: 'daily_log', ref: today })).body).toMatchObject({ status: 409, code: 'request.record_already_gathered' });
    const reads = await server.ctx.db.selectFrom('audit').select('action').where('subject_id', '=', r.id).where('action', '=', 'records_request.read').execute();
    await call(clerk, 'GET', `/public-records/requests/${r.id}`);
    expect(await server.ctx.db.selectFrom('audit').select('action').where('subject_id', '=', r.id).where('action', '=', 'records_request.read').execute()).toHaveLength(reads.length + 1);
  });

  test('the list shows requests by status with days left, a page at a time, and reminds of the overdue and those due within two business days (M.G.L. c.66 §10(a))', async () => {
    const overdueBefore = (await call(clerk, 'GET', '/public-records/reminders')).body.overdue as number;
    const old = await request({ receivedOn: agencyDate(ZONE, new Date(Date.now() - 40 * DAY)) });
    expect((await call(clerk, 'GET', '/public-records/reminders')).body.overdue).toBe(overdueBefore + 1);
    // a request received long enough ago that its tenth business day is at most two business days away
    const weekdays = { businessDays: [1, 2, 3, 4, 5] };
    const soon = [...Array(30).keys()].map((n) => agencyDate(ZONE, new Date(Date.now() - n * DAY)))
      .find((d) => { const left = businessDaysLeft(responseDeadline(d, weekdays).deadline, today, weekdays); return left >= 0 && left <= 2; })!;
    // the earlier tests' open requests fall due as the calendar moves on: count from them, not from zero
    const before = (await call(clerk, 'GET', '/public-records/reminders')).body as { overdue: number; dueSoon: number };
    const dueSoon = await request({ receivedOn: soon });
    expect((await call(clerk, 'GET', '/public-records/reminders')).body).toEqual({ overdue: before.overdue, dueSoon: before.dueSoon + 1 });
    const list = await call(clerk, 'GET', '/public-records/requests?status=open&limit=2');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.next).toEqual(expect.any(String));
    // the overdue one first: nearest deadline first
    expect(list.body.items[0]).toMatchObject({ id: old.id, reminder: 'overdue' });
    expect(list.body.items[0].daysLeft).toBeLessThan(0);
    const open: { id: string; reminder: string | null; deadline: string }[] = [...list.body.items];
    for (let after = list.body.next as string | null; after;) {
      const page = await call(clerk, 'GET', `/public-records/requests?status=open&limit=2&after=${after}`);
      expect(page.body.items.map((x: { id: string }) => x.id)).not.toContain(old.id);
      open.push(...page.body.items);
      after = page.body.next;
    }
    expect(open.find((x) => x.id === dueSoon.id)).toMatchObject({ reminder: 'due_soon' });
    expect(open.map((x) => x.deadline)).toEqual(open.map((x) => x.deadline).sort());
    expect((await call(clerk, 'GET', '/public-records/requests?limit=1000')).status).toBe(400);
    const denied = await call(clerk, 'GET', '/public-records/requests?status=denied');
    expect(denied.body.items.length).toBeGreaterThan(0);
    expect(denied.body.items.every((x: { status: string; daysLeft: null }) => x.status === 'denied' && x.daysLeft === null)).toBe(true);
  });
});
