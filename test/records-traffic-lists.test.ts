import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { inTransaction } from '../src/db/index.ts';

type H = Record<string, string>;

/**
 * The Records section's lists of citations, crash reports, tows and orders (S-110 §A.1.p, e, w, t, x):
 * narrowed by number, agency days, case, plate, person and status, newest first, a page at a time
 * (`{items, next}`, a default limit and a maximum), each order served by an index.
 */
forEachDatabase('records lists: citations, crashes, tows and orders by number, days, plate, person and status', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let clerk: H; let clerkName: string;
  let kase: string; let other: string; let driver: string; let passenger: string; let car: string; let van: string;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.json() };
  };
  /** Every row of a list, following `next` with pages of `limit`. */
  async function walk<T>(url: string, limit: number): Promise<T[]> {
    const rows: T[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await call(clerk, 'GET', `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      rows.push(...(page.body.items as T[]));
      if (!page.body.next) return rows;
      after = page.body.next;
    }
    throw new Error('the pages never ended');
  }

  beforeAll(async () => {
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    const c = await signedInAs(server.ctx, server.app, ['records_clerk']);
    clerk = c.headers; clerkName = c.username;
    kase = (await call(officer, 'POST', '/cases', { type: 'MV', location: 'Route 9' })).body.number;
    other = (await call(officer, 'POST', '/cases', { type: 'MV', location: 'King St' })).body.number;
    driver = (await call(clerk, 'POST', '/names', { first: 'Riley', last: 'Santos', dob: '1991-03-04' })).body.id;
    passenger = (await call(clerk, 'POST', '/names', { first: 'Jamie', last: 'Santos', dob: '1993-05-06' })).body.id;
    car = (await call(clerk, 'POST', '/vehicles', { plate: '4KX-219', state: 'MA', make: 'Toyota', model: 'Corolla' })).body.id;
    van = (await call(clerk, 'POST', '/vehicles', { plate: '8VN 300', state: 'MA', make: 'Ford', model: 'Transit' })).body.id;
    // seven citations over three January days (agency days), two to the driver's plate
    const issued = ['2026-01-10T14:00:00Z', '2026-01-10T15:00:00Z', '2026-01-11T09:00:00Z', '2026-01-11T10:00:00Z', '2026-01-11T11:00:00Z', '2026-01-12T12:00:00Z', '2026-01-12T13:00:00Z'];
    for (const [n, at] of issued.entries()) {
      const mine = n === 2 || n === 5;
      const answer = await call(officer, 'POST', '/citations', {
        number: `L${100 + n}`, caseNumber: n % 2 === 0 ? kase : other, location: 'Route 9', violations: ['90-17'], issuedAt: at,
        ...(mine ? { violatorId: driver, vehicleId: car } : { plate: `9Q${n}`, plateState: 'MA' }),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    await call(clerk, 'POST', '/citations/L105/disposition', { disposition: 'paid' });
  }, 300_000);
  afterAll(async () => server?.close());

  test('citations are listed newest first a page at a time, and found by number, agency days, case, plate, violator and disposition', async () => {
    const all = await walk<{ number: string; issuedAt: string }>('/citations', 3);
    expect(all.map((c) => c.number)).toEqual(['L106', 'L105', 'L104', 'L103', 'L102', 'L101', 'L100']);
    const numbers = async (query: string) => (await call(clerk, 'GET', `/citations?${query}`)).body.items.map((c: { number: string }) => c.number);
    expect(await numbers('number=l103')).toEqual(['L103']);
    expect(await numbers('from=2026-01-11&to=2026-01-11')).toEqual(['L104', 'L103', 'L102']);
    expect(await numbers(`caseNumber=${other}`)).toEqual(['L105', 'L103', 'L101']);
    expect(await numbers('plate=4kx219')).toEqual(['L105', 'L102']); // as typed: case and dashes do not matter
    expect(await numbers(`personId=${driver}`)).toEqual(['L105', 'L102']);
    expect(await numbers('status=paid')).toEqual(['L105']);
    const shown = (await call(clerk, 'GET', '/citations?number=L105')).body.items[0];
    expect(shown).toMatchObject({ violator: 'Santos, Riley', plate: '4KX-219', plateState: 'MA', violations: ['Speeding'], caseNumber: other, disposition: 'paid' });
    expect(shown.officerName).not.toBe('');
  });

  test('a list refuses a page over its maximum, a forged cursor and "to" before "from", naming the field', async () => {
    for (const url of ['/citations', '/crashes', '/tows', '/orders']) {
      const over = await call(clerk, 'GET', `${url}?limit=201`);
      expect(over.status, url).toBe(400);
      expect(over.body.detail).toMatch(/limit must be <= 200/);
      expect((await call(clerk, 'GET', `${url}?after=not-a-cursor`)).status, url).toBe(400);
      const backwards = await call(clerk, 'GET', `${url}?from=2026-02-02&to=2026-02-01`);
      expect(backwards.status, url).toBe(400);
      expect(backwards.body.field, url).toBe('to');
    }
    expect((await call(clerk, 'GET', '/citations?plate=%00')).status).toBe(400);
    expect((await call(clerk, 'GET', '/citations?status=lost')).body.field).toBe('status');
  });

  test('crash reports are found by the plate or the person in a unit, by day and by whether a diagram is attached; tows by plate and status', async () => {
    const crash = (at: string, units: unknown[]) => call(officer, 'POST', '/crashes', { caseNumber: kase, occurredAt: at, location: 'Main St at Elm St', road: 'wet', light: 'daylight', weather: 'rain', units });
    const a = (await crash('2026-02-01T10:00:00Z', [{ vehicleId: car, driverId: driver, damage: 'front', occupants: [{ personId: passenger, injury: 'C' }] }])).body.id;
    const b = (await crash('2026-02-02T10:00:00Z', [{ vehicleId: van, damage: 'rear', occupants: [] }])).body.id;
    const c = (await crash('2026-02-03T10:00:00Z', [{ damage: 'mirror', occupants: [{ name: 'Unknown', injury: 'O' }] }])).body.id;
    await server.app.inject({ method: 'PUT', url: `/api/v1/crashes/${b}/diagram`, headers: { ...officer, 'content-type': 'image/png' }, payload: Buffer.from('89504e470d0a1a0a', 'hex') });
    const ids = async (query: string) => (await call(clerk, 'GET', `/crashes?${query}`)).body.items.map((x: { id: string }) => x.id);
    expect((await walk<{ id: string }>('/crashes', 2)).map((x) => x.id)).toEqual([c, b, a]);
    expect(await ids('plate=4KX219')).toEqual([a]);
    expect(await ids(`personId=${passenger}`)).toEqual([a]);
    expect(await ids(`personId=${driver}`)).toEqual([a]);
    expect(await ids('status=diagram')).toEqual([b]);
    expect(await ids('from=2026-02-02&to=2026-02-03')).toEqual([c, b]);
    expect((await call(clerk, 'GET', `/crashes?plate=4KX219`)).body.items[0]).toMatchObject({ units: 1, worstInjury: 'C', diagram: false });

    const tow = async (vehicleId: string, towedAt: string) => (await call(officer, 'POST', '/tows', { caseNumber: kase, vehicleId, company: 'Valley Towing', reason: 'Crash', storageLocation: 'Lot B', towedAt })).body.id;
    const t1 = await tow(car, '2026-02-01T11:00:00Z');
    const t2 = await tow(van, '2026-02-02T11:00:00Z');
    await call(clerk, 'POST', `/tows/${t1}/owner-notified`, { how: 'Phone' });
    await call(clerk, 'POST', `/tows/${t1}/release`, { to: 'Owner' });
    const tows = async (query: string) => (await call(clerk, 'GET', `/tows?${query}`)).body.items.map((x: { id: string }) => x.id);
    expect((await walk<{ id: string }>('/tows', 1)).map((x) => x.id)).toEqual([t2, t1]);
    expect(await tows('status=released')).toEqual([t1]);
    expect(await tows('status=held')).toEqual([t2]);
    expect(await tows('plate=8vn300')).toEqual([t2]);
    expect((await call(clerk, 'GET', `/tows?caseNumber=${kase}&status=released`)).body.items[0]).toMatchObject({ vehicle: expect.stringContaining('4KX-219'), status: 'released', releasedTo: 'Owner' });
  });

  test('orders and notices are browsed by kind, status, issue days and docket; a name typed at call time finds the one in force; each one listed is an audited read (S-110 §A.1.t, x)', async () => {
    const order = async (body: Record<string, unknown>) => (await call(clerk, 'POST', '/orders', { caseNumber: kase, respondentId: driver, addresses: ['9 Oak St'], terms: 'Stay away', ...body })).body.id;
    const ro = await order({ kind: 'restraining', court: 'District Court', docket: '26RO0001', issuedOn: '2026-01-05', expiresOn: '2099-01-05', protectedId: passenger });
    const old = await order({ kind: 'trespass', issuedOn: '2025-01-05', expiresOn: '2025-06-01' });
    const gone = await order({ kind: 'trespass', issuedOn: '2026-01-06' });
    await call(clerk, 'POST', `/orders/${gone}/vacate`, {});
    const ids = async (query: string) => (await call(clerk, 'GET', `/orders?${query}`)).body.items.map((x: { id: string }) => x.id);
    expect((await walk<{ id: string }>('/orders', 2)).map((x) => x.id)).toEqual([gone, ro, old]);
    expect(await ids('status=active')).toEqual([ro]);
    expect(await ids('status=expired')).toEqual([old]);
    expect(await ids('status=vacated')).toEqual([gone]);
    expect(await ids('kind=trespass&from=2026-01-01')).toEqual([gone]);
    expect(await ids('docket=26ro0001')).toEqual([ro]);
    // a name typed at call time, last name first and misspelt, finds the order in force against the master name it matches
    expect((await call(officer, 'GET', `/cautions?name=${encodeURIComponent('Santo, Riley')}`)).body.map((o: { id: string }) => o.id)).toEqual([ro]);
    expect((await call(officer, 'GET', '/cautions?name=Nobody%20Atall')).body).toEqual([]);
    const reads = (await sql<{ detail: { orders: string[] } }>`select detail from audit where username = ${clerkName} and action = 'records.order.read'`.execute(server.ctx.db)).rows;
    expect(reads.some((r) => r.detail.orders.includes(old))).toBe(true);
  });

  test('each list is read in the order of an index, not sorted after reading', async () => {
    const queries = [
      ['citation_newest', sql`select number from citation order by issued_at desc, number desc limit 26`],
      ['citation_plate_newest', sql`select number from citation where upper(regexp_replace(coalesce(plate, ''), '[^A-Za-z0-9]', '', 'g')) = 'X1' order by issued_at desc, number desc limit 26`],
      ['crash_report_newest', sql`select id from crash_report order by occurred_at desc, id desc limit 26`],
      ['tow_newest', sql`select id from tow order by towed_at desc, id desc limit 26`],
      ['tow_case_newest', sql`select id from tow where case_number = 'C26-00001' order by towed_at desc, id desc limit 26`],
      ['protective_order_newest', sql`select id from protective_order order by issued_on desc, id desc limit 26`],
    ] as const;
    for (const [index, query] of queries) {
      const plan = await inTransaction(server.ctx.db, async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        return JSON.stringify((await sql`explain (format json) ${query}`.execute(tx)).rows);
      });
      expect(plan, index).toContain(`"Index Name":"${index}"`);
      expect(plan, index).not.toContain('"Node Type":"Sort"');
    }
  });
});
