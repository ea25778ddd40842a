import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { manualClock, systemClock } from '../src/core/clock.ts';

type H = Record<string, string>;

forEachDatabase('records: restraining orders, trespass notices, citations, crashes and tows (S-110 §A.1.t, x, p, e, w)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let clerk: H; let dispatcher: H; let dispatcherName: string; let court: H;
  let kase: string; let respondent: string; let victim: string;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, raw?: { type: string; body: Buffer }) => {
    const response = await server.app.inject({
      method, url: `/api/v1${url}`, headers: raw ? { ...headers, 'content-type': raw.type } : headers,
      ...(raw ? { payload: raw.body } : payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.rawPayload };
  };
  const orderReads = async (username: string) => (await sql<{ subject_id: string }>`select subject_id from audit where username = ${username} and action = 'records.order.read'`.execute(server.ctx.db)).rows;

  beforeAll(async () => {
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    const d = await signedInAs(server.ctx, server.app, ['dispatcher']);
    dispatcher = d.headers; dispatcherName = d.username;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    kase = (await call(officer, 'POST', '/cases', { type: 'DOMESTIC', location: '17 Linden Street' })).body.number;
    respondent = (await call(clerk, 'POST', '/names', { first: 'Tyler', last: 'Brooks', dob: '1988-07-04' })).body.id;
    victim = (await call(clerk, 'POST', '/names', { first: 'Dana', last: 'Brooks', dob: '1990-01-09' })).body.id;
  }, 300_000);
  afterAll(async () => server?.close());

  test('an active restraining order is a caution on the respondent and the address at call time; each read is audited (S-110 §A.1.t)', async () => {
    const order = (await call(clerk, 'POST', '/orders', {
      kind: 'restraining', caseNumber: kase, respondentId: respondent, protectedId: victim, addresses: ['17 Linden Street, Millbrook', '200 Main St'],
      terms: 'Stay away 100 yards from Dana Brooks, her home and work; no contact', court: 'Northampton District Court', docket: '2611RO0042', issuedOn: '2026-01-05', expiresOn: '2099-01-05',
    })).body;
    const atAddress = (await call(dispatcher, 'GET', `/cautions?address=${encodeURIComponent('17 LINDEN ST')}`)).body;
    expect(atAddress).toEqual([expect.objectContaining({ id: order.id, kind: 'restraining', respondent: 'Brooks, Tyler', protectedPerson: 'Brooks, Dana', active: true, caution: expect.stringContaining('RESTRAINING ORDER: Brooks, Tyler') })]);
    expect((await call(officer, 'GET', `/cautions?personId=${respondent}`)).body.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await call(dispatcher, 'GET', '/cautions?address=18%20Linden%20Street')).body).toEqual([]);
    expect(await orderReads(dispatcherName)).toEqual([{ subject_id: order.id }]);
    expect((await call(court, 'GET', `/orders?personId=${victim}`)).body.items).toEqual([expect.objectContaining({ id: order.id, court: 'Northampton District Court', docket: '2611RO0042' })]);
  });

  test('an order expires by itself: the day after its expiry it is no longer a caution (S-110 §A.1.t)', async () => {
    const other = (await call(clerk, 'POST', '/names', { first: 'Cal', last: 'Ivers' })).body.id;
    await call(officer, 'POST', '/orders', { kind: 'trespass', caseNumber: kase, respondentId: other, addresses: ['5 Mill Road'], terms: 'Not to enter the Mill Road store', issuedOn: '2026-01-01', expiresOn: '2026-12-31' });
    try {
      server.ctx.clock = manualClock(new Date('2026-12-31T16:00:00Z'));
      expect((await call(dispatcher, 'GET', '/cautions?address=5%20Mill%20Rd')).body).toEqual([expect.objectContaining({ kind: 'trespass', active: true })]);
      server.ctx.clock = manualClock(new Date('2027-01-01T16:00:00Z'));
      expect((await call(dispatcher, 'GET', '/cautions?address=5%20Mill%20Rd')).body).toEqual([]);
    } finally { server.ctx.clock = systemClock; }
  });

  test('an order whose expiry is before its issue, or a court order without its docket, is refused with the clause and nothing is written (S-110 §A.1.t)', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from protective_order`.execute(server.ctx.db)).rows[0]!.n;
    const backwards = await call(clerk, 'POST', '/orders', { kind: 'restraining', caseNumber: kase, respondentId: respondent, addresses: ['1 A St'], terms: 'x', court: 'c', docket: 'd', issuedOn: '2026-03-02', expiresOn: '2026-03-01' });
    expect(backwards.body).toMatchObject({ status: 422, code: 'order.expires_before_issue', clause: 'S-110 §A.1.t' });
    expect((await call(clerk, 'POST', '/orders', { kind: 'restraining', caseNumber: kase, respondentId: respondent, addresses: ['1 A St'], terms: 'x', issuedOn: '2026-03-02' })).body.code).toBe('order.court_required');
    expect((await call(clerk, 'POST', '/orders', { kind: 'trespass', caseNumber: 'C26-99999', respondentId: respondent, addresses: ['1 A St'], terms: 'x', issuedOn: '2026-03-02' })).body.code).toBe('order.unknown_case');
    expect((await sql<{ n: number }>`select count(*)::int as n from protective_order`.execute(server.ctx.db)).rows[0]!.n).toBe(before);
  });

  test('a traffic stop becomes a citation under the incident’s case; violations come from the code table; a citation number is used once (S-110 §A.1.p, §B)', async () => {
    const stop = await openIncident(server.ctx, { type: 'MV_STOP', address: 'Route 9 at King Street' });
    const car = (await call(clerk, 'POST', '/vehicles', { plate: '7RT 442', state: 'MA', make: 'Honda', model: 'Civic' })).body.id;
    const cited = await call(officer, 'POST', '/citations', { number: 'T1234567', incidentNumber: stop, violatorId: respondent, vehicleId: car, location: 'Route 9 at King Street', violations: ['90-17', '90-13A'] });
    expect(cited.status).toBe(201);
    expect((await call(court, 'GET', `/cases?incident=${stop}`)).body.items[0].number).toBe(cited.body.caseNumber);
    expect((await call(court, 'GET', '/citations/T1234567')).body).toMatchObject({ plate: '7RT 442', plateState: 'MA', violator: 'Brooks, Tyler', violations: [{ code: '90-17', name: 'Speeding' }, { code: '90-13A', name: 'Seat belt violation' }], disposition: 'issued' });
    const again = await call(officer, 'POST', '/citations', { number: 'T1234567', caseNumber: kase, location: 'x', violations: ['90-17'] });
    expect(again.body).toMatchObject({ status: 409, code: 'citation.number_used', clause: 'S-110 §A.1.p' });
    expect((await call(officer, 'POST', '/citations', { number: 'T7654321', location: 'x', violations: ['NOPE'] })).body).toMatchObject({ status: 422, code: 'citation.unknown_violation' });
    const own = (await call(officer, 'POST', '/citations', { number: 'T7654321', location: 'Elm St', violations: ['89-9'] })).body;
    expect(own.caseNumber).toMatch(/^C\d{2}-\d{5}$/); // an MV violation gets its own case number (S-110 §B)
    expect((await call(clerk, 'POST', '/citations/T1234567/disposition', { disposition: 'paid' })).body).toEqual({ number: 'T1234567', disposition: 'paid' });
  });

  test('a crash report keeps units, drivers, occupants with injuries, damage, road, light and weather, and its diagram (S-110 §A.1.e)', async () => {
    const car = (await call(clerk, 'POST', '/vehicles', { plate: '2AB 100', state: 'MA' })).body.id;
    const crash = (await call(officer, 'POST', '/crashes', {
      caseNumber: kase, occurredAt: '2026-02-11T08:15:00Z', location: 'Main St at Elm St', road: 'ice', light: 'daylight', weather: 'snow',
      units: [{ vehicleId: car, driverId: respondent, damage: 'front end', occupants: [{ personId: victim, injury: 'B' }, { name: 'Unknown child', injury: 'O' }] }],
    })).body;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect((await call(officer, 'PUT', `/crashes/${crash.id}/diagram`, undefined, { type: 'image/png', body: png })).body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const seen = (await call(court, 'GET', `/crashes/${crash.id}`)).body;
    expect(seen).toMatchObject({ caseNumber: kase, road: 'ice', light: 'daylight', weather: 'snow', units: [{ vehicleId: car, driverId: respondent, occupants: [{ injury: 'B' }, { name: 'Unknown child', injury: 'O' }] }], diagram: { contentType: 'image/png' } });
    expect(Buffer.from((await call(court, 'GET', `/crashes/${crash.id}/diagram`)).body as Buffer)).toEqual(png);
    expect((await call(officer, 'POST', '/crashes', { caseNumber: kase, occurredAt: '2026-02-11T08:15:00Z', location: 'x', road: 'lava', light: 'daylight', weather: 'snow', units: [] })).status).toBe(400);
  });

  test('a tow is logged with company, reason and storage, linked to the vehicle and the case; release waits for the owner’s notification (S-110 §A.1.w)', async () => {
    const car = (await call(clerk, 'POST', '/vehicles', { plate: '9ZZ 311', state: 'MA', make: 'Ford' })).body.id;
    const tow = (await call(officer, 'POST', '/tows', { caseNumber: kase, vehicleId: car, company: 'Pioneer Valley Towing', reason: 'Operator arrested', storageLocation: '12 Industrial Dr, lot B' })).body;
    expect((await call(clerk, 'POST', `/tows/${tow.id}/release`, { to: 'Owner' })).body).toMatchObject({ status: 422, code: 'tow.owner_not_notified', clause: 'S-110 §A.1.w' });
    await call(clerk, 'POST', `/tows/${tow.id}/owner-notified`, { how: 'Letter to the registered owner' });
    const released = (await call(clerk, 'POST', `/tows/${tow.id}/release`, { to: 'Registered owner, ID checked' })).body;
    expect(released).toMatchObject({ caseNumber: kase, vehicle: expect.stringContaining('9ZZ 311'), company: 'Pioneer Valley Towing', ownerNotifiedHow: 'Letter to the registered owner', releasedTo: 'Registered owner, ID checked' });
  });
});
