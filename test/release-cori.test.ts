import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { manualClock } from '../src/core/clock.ts';

type H = Record<string, string>;

// The demo agency keeps Mon–Fri 08:00–16:00, America/New_York. Wednesday 2 December 2026:
const IN_HOURS = new Date('2026-12-02T15:00:00Z'); // 10:00 local
const AFTER_HOURS = new Date('2026-12-03T03:00:00Z'); // 22:00 local
const SATURDAY = new Date('2026-12-05T15:00:00Z'); // 10:00 local, a Saturday

forEachDatabase('release: CORI records checks (81A §K) and the dissemination log (803 CMR 7.11)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: H; let clerk: H; let chief: H; let auditor: H; let officer: H; let dispatcherName: string;
  let bedford: string;
  const clock = manualClock(IN_HOURS);
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, headers: response.headers };
  };
  const count = async (table: 'records_check' | 'cori_dissemination') => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(server.ctx.db)).rows[0]!.n);
  const check = (over: Record<string, unknown> = {}) => ({
    agency: 'Bedford Police Department', employee: 'Ana Ruiz', subject: { name: 'Dale Hendricks', dob: '1979-04-02' }, purpose: 'Background for an arrest warrant application',
    identity: { method: 'callback_to_agency', note: 'called back on the Bedford business line' }, disseminated: 'Local record: 2 prior arrests (2019, 2022); no open warrants', ...over,
  });

  beforeAll(async () => {
    server = await database().server();
    server.ctx.clock = clock;
    const d = await signedInAs(server.ctx, server.app, ['dispatcher']);
    dispatcher = d.headers; dispatcherName = d.username;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    chief = (await signedInAs(server.ctx, server.app, ['chief'])).headers;
    auditor = (await signedInAs(server.ctx, server.app, ['auditor'])).headers;
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    const added = await call(chief, 'POST', '/cori/register', { name: 'Bedford Police Department', ori: 'MA0090100' });
    expect(added.status).toBe(201);
    bedford = added.body.id;
    expect((await call(chief, 'POST', `/cori/register/${bedford}/employees`, { name: 'Ana Ruiz', employeeId: 'B-114' })).status).toBe(201);
  }, 180_000);
  afterAll(async () => server?.close());

  test('the records supervisor keeps the register of agencies and employees authorized for CORI; a dispatcher may read it but not change it (81A §K.1.b.i)', async () => {
    const register = (await call(dispatcher, 'GET', '/cori/register')).body;
    expect(register).toEqual([expect.objectContaining({ name: 'Bedford Police Department', authorized: true, employees: [expect.objectContaining({ name: 'Ana Ruiz', employeeId: 'B-114', authorized: true })] })]);
    const refused = await call(dispatcher, 'POST', '/cori/register', { name: 'Concord Police Department' });
    expect(refused.status).toBe(403);
    expect((await call(chief, 'POST', '/cori/register', { name: 'bedford police department' })).body.code).toBe('cori.agency_exists');
  });

  test('in business hours a dispatcher’s records check is routed to the Records Office, which answers it and the answer enters the CORI log (81A §K.1.a)', async () => {
    clock.set(IN_HOURS);
    const taken = await call(dispatcher, 'POST', '/records-checks', check({ identity: undefined, disseminated: undefined }));
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ routing: 'records_office', status: 'open', clause: '81A §K.1.a', disseminationId: null, receivedBy: dispatcherName });
    expect(taken.body.message).toMatch(/Records Office/);
    const open = (await call(clerk, 'GET', '/records-checks?status=open')).body.items;
    expect(open.map((c: { id: string }) => c.id)).toContain(taken.body.id);

    const answered = await call(clerk, 'POST', `/records-checks/${taken.body.id}/answer`, { disseminated: 'No local record', identity: { method: 'known_personally' } });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', identityMethod: 'known_personally', disseminationId: expect.any(String) });
    expect((await call(clerk, 'POST', `/records-checks/${taken.body.id}/answer`, { disseminated: 'again' })).body.code).toBe('cori.check_answered');
    const log = (await call(clerk, 'GET', '/cori/disseminations?subject=hendricks')).body.items;
    expect(log).toContainEqual(expect.objectContaining({
      id: answered.body.disseminationId, subject: { name: 'Dale Hendricks', dob: '1979-04-02' }, recipientName: 'Ana Ruiz', recipientAgency: 'Bedford Police Department',
      purpose: 'Background for an arrest warrant application', what: 'No local record', recordsCheckId: taken.body.id,
    }));
  });

  test('the Records Office answers only a registered agency; a check from an unknown agency in business hours is routed but cannot be answered (81A §K.1.b.i)', async () => {
    clock.set(IN_HOURS);
    const taken = (await call(dispatcher, 'POST', '/records-checks', check({ agency: 'Springfield Tow Company', employee: 'Bob Tow' }))).body;
    expect(taken.routing).toBe('records_office');
    const before = await count('cori_dissemination');
    const refused = await call(clerk, 'POST', `/records-checks/${taken.id}/answer`, { disseminated: 'record' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'cori.agency_not_authorized', clause: '81A §K.1.b.i' });
    expect(await count('cori_dissemination')).toBe(before);
  });

  test('after hours the dispatcher answers an authorized, identified requester, and the answer is entered in the CORI log in the same step (81A §K.1.b)', async () => {
    clock.set(AFTER_HOURS);
    const answered = await call(dispatcher, 'POST', '/records-checks', check());
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ routing: 'answered_after_hours', status: 'answered', clause: '81A §K.1.b', identityMethod: 'callback_to_agency', answeredBy: dispatcherName });
    const entry = (await call(clerk, 'GET', '/cori/disseminations')).body.items.find((d: { id: string }) => d.id === answered.body.disseminationId);
    expect(entry).toMatchObject({
      disseminatedBy: dispatcherName, subject: { name: 'Dale Hendricks', dob: '1979-04-02' }, recipientName: 'Ana Ruiz', recipientAgency: 'Bedford Police Department',
      purpose: 'Background for an arrest warrant application', what: 'Local record: 2 prior arrests (2019, 2022); no open warrants', identityMethod: 'callback_to_agency',
    });
    clock.set(SATURDAY);
    expect((await call(dispatcher, 'POST', '/records-checks', check())).body.routing).toBe('answered_after_hours');
  });

  test.each([
    ['an agency not in the register', { agency: 'Concord Police Department' }, 403, 'cori.agency_not_authorized', '81A §K.1.b.i'],
    ['an employee not in the register', { employee: 'Sam Unlisted' }, 403, 'cori.employee_not_authorized', '81A §K.1.b.i'],
    ['a requester whose identity is neither known nor verified', { identity: undefined }, 422, 'cori.identity_unverified', '81A §K.1.b.ii'],
    ['a check not entered in the CORI log', { disseminated: '' }, 422, 'cori.log_entry_required', '81A §K.1.b.iii'],
    ['another department of the town', { municipalDepartment: true }, 403, 'cori.municipal_department', '81A §J.1.b.x(b)'],
  ])('after hours a check for %s is refused with the clause and nothing is written', async (_name, over, status, code, clause) => {
    clock.set(AFTER_HOURS);
    const [checks, logged] = [await count('records_check'), await count('cori_dissemination')];
    const refused = await call(dispatcher, 'POST', '/records-checks', check(over));
    expect(refused.status).toBe(status);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code, clause });
    expect([await count('records_check'), await count('cori_dissemination')]).toEqual([checks, logged]);
  });

  test('no CORI check is made for another municipal department, not even in business hours (81A §J.1.b.x(b))', async () => {
    clock.set(IN_HOURS);
    const refused = await call(dispatcher, 'POST', '/records-checks', check({ agency: 'Millbrook Building Department', municipalDepartment: true }));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'cori.municipal_department', clause: '81A §J.1.b.x(b)' });
  });

  test('a revoked agency is no longer answered after hours; the register keeps it, marked revoked (81A §K.1.b.i)', async () => {
    const other = (await call(chief, 'POST', '/cori/register', { name: 'Lincoln Police Department' })).body.id;
    await call(chief, 'POST', `/cori/register/${other}/employees`, { name: 'Lee Park' });
    clock.set(AFTER_HOURS);
    const body = check({ agency: 'Lincoln Police Department', employee: 'Lee Park' });
    expect((await call(dispatcher, 'POST', '/records-checks', body)).status).toBe(201);
    const revoked = await call(chief, 'POST', `/cori/register/${other}/revoke`, { reason: 'user agreement lapsed' });
    expect(revoked.body.find((a: { id: string }) => a.id === other)).toMatchObject({ authorized: false, revokeReason: 'user agreement lapsed' });
    expect((await call(dispatcher, 'POST', '/records-checks', body)).body.code).toBe('cori.agency_not_authorized');
  });

  test('bad input is refused naming the field: a check without a subject, an unknown identity method', async () => {
    const { subject: _s, ...noSubject } = check();
    const missing = await call(dispatcher, 'POST', '/records-checks', noSubject);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toMatch(/subject/);
    const badMethod = await call(dispatcher, 'POST', '/records-checks', check({ identity: { method: 'guessed' } }));
    expect(badMethod.status).toBe(400);
    expect(JSON.stringify(badMethod.body)).toMatch(/identity/);
  });

  test('the CORI log is searchable by recipient and date, exported as CSV for a state audit, and each read and export is audited (803 CMR 7.11)', async () => {
    const logged = await call(clerk, 'POST', '/cori/disseminations', {
      subject: { name: 'Marcy Feld', dob: '1990-01-31' }, recipientName: 'Tom Avery', recipientAgency: '=HYPERLINK("x") Probation Office', purpose: 'Pre-sentence report', what: 'Board of Probation record summary',
    });
    expect(logged.status).toBe(201);
    const byRecipient = (await call(clerk, 'GET', '/cori/disseminations?recipient=probation')).body.items;
    expect(byRecipient.map((d: { id: string }) => d.id)).toEqual([logged.body.id]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    expect((await call(clerk, 'GET', `/cori/disseminations?from=${today}&to=${today}&subject=Feld`)).body.items).toHaveLength(1);
    expect((await call(clerk, 'GET', '/cori/disseminations?from=2020-01-01&to=2020-01-02')).body.items).toEqual([]);

    const csv = await call(auditor, 'GET', '/cori/disseminations.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parse(csv.body as string) as string[][];
    expect(rows[0]).toEqual(['number', 'disseminated_at', 'disseminated_by', 'subject_name', 'subject_dob', 'recipient_name', 'recipient_agency', 'purpose', 'what', 'records_check', 'identity_verified_by', 'annotations']);
    const line = rows.find((r) => r[3] === 'Marcy Feld')!;
    expect(line.slice(4, 9)).toEqual(['1990-01-31', 'Tom Avery', `'=HYPERLINK("x") Probation Office`, 'Pre-sentence report', 'Board of Probation record summary']);
    expect(rows.length).toBeGreaterThanOrEqual(4);

    const audits = (await sql<{ action: string }>`select action from audit where action in ('cori.log.read', 'cori.log.exported', 'cori.disseminated', 'cori.check.answered', 'cori.check.routed_to_records')`.execute(server.ctx.db)).rows.map((r) => r.action);
    expect(new Set(audits)).toEqual(new Set(['cori.log.read', 'cori.log.exported', 'cori.disseminated', 'cori.check.answered', 'cori.check.routed_to_records']));
    expect((await call(officer, 'GET', '/cori/disseminations')).status).toBe(403);
    expect((await call(dispatcher, 'GET', '/cori/disseminations.csv')).status).toBe(403);
  });

  test('an entry of the CORI log is never edited, only annotated; there is no route to change or delete one and the database refuses it (803 CMR 7.11)', async () => {
    const entry = (await call(clerk, 'GET', '/cori/disseminations?subject=Feld')).body.items[0];
    const noted = await call(clerk, 'POST', `/cori/disseminations/${entry.id}/annotations`, { note: 'Recipient agency name was mistyped; it is the Probation Office.' });
    expect(noted.status).toBe(201);
    expect(noted.body).toMatchObject({ id: entry.id, what: entry.what, notes: [expect.objectContaining({ note: 'Recipient agency name was mistyped; it is the Probation Office.' })] });
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) expect((await call(clerk, method, `/cori/disseminations/${entry.id}`, method === 'DELETE' ? undefined : { what: 'x' })).status).toBe(404);
    await expect(sql`update cori_dissemination set what = 'changed' where id = ${entry.id}`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from cori_dissemination where id = ${entry.id}`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    expect((await call(clerk, 'POST', '/cori/disseminations/00000000-0000-0000-0000-000000000000/annotations', { note: 'x' })).status).toBe(404);
  });

  test('the Records Bureau is told a public records request’s deadline: ten business days after receipt, across a weekend and Thanksgiving (M.G.L. c.66 §10(a))', async () => {
    const answer = await call(clerk, 'GET', '/public-records/deadline?received=2026-11-20');
    expect(answer.body).toEqual({ received: '2026-11-20', deadline: '2026-12-07', businessDays: 10, skipped: [{ date: '2026-11-26', why: 'Thanksgiving Day' }] });
    expect((await call(clerk, 'GET', '/public-records/deadline?received=2026-02-30x')).status).toBe(400);
    expect((await call(dispatcher, 'GET', '/public-records/deadline?received=2026-11-20')).status).toBe(403);
  });
});
