import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { sql } from 'kysely';
import { agencyDate } from '../src/core/clock.ts';
import { signedInAs } from './support/session.ts';

// Officer safety at call time: what the dispatcher and the officer see when an address is
// entered — caution flags entered by supervisors and records staff, the address's history
// in the agency's window, and a Knox Box there (O-604).
forEachDatabase('officer-safety context at an address: caution flags, history and Knox Boxes', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    for (const u of ['dkowalski', 'swhitaker', 'kbrandt', 'jobrien', 'mreyes']) as[u] = await signIn(u);
  });
  afterAll(async () => server?.close());

  const post = (url: string, payload: unknown, by = 'dkowalski') => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers: as[by]! });
  const get = (url: string, by = 'dkowalski') => server.app.inject({ url: `/api/v1${url}`, headers: as[by]! });
  const today = () => agencyDate(server.ctx.config.agency.timeZone, new Date());

  test('a supervisor or records clerk flags an address; the dispatcher sees it however the address is typed, until it expires or is removed', async () => {
    const dog = await post('/caution-flags', { address: '31 Maple Avenue, Millbrook', kind: 'dog', note: 'Large dog loose in the back yard', source: 'Report by Officer O’Brien' }, 'kbrandt');
    expect(dog.statusCode, dog.body).toBe(201);
    const weapons = await post('/caution-flags', { address: '31 Maple Ave', kind: 'weapons', note: 'Resident keeps a shotgun by the door', source: 'Records: case file', expiresOn: today() }, 'swhitaker');
    expect(weapons.statusCode).toBe(201);
    await post('/caution-flags', { address: '33 Maple Ave', kind: 'hazard', note: 'Next door', source: 'x' }, 'swhitaker');

    const seen = (await get(`/caution-flags?address=${encodeURIComponent('31 MAPLE AVE.')}`)).json();
    expect(seen.map((f: { kind: string }) => f.kind).sort()).toEqual(['dog', 'weapons']);
    expect(seen.find((f: { kind: string }) => f.kind === 'weapons')).toMatchObject({ source: 'Records: case file', expiresOn: today(), createdBy: 'swhitaker' });
    // the officer sent there sees them too (the field view)
    expect((await get(`/caution-flags?address=${encodeURIComponent('31 Maple Avenue')}`, 'jobrien')).json()).toHaveLength(2);

    // expired yesterday: no longer shown; removed with a reason: no longer shown, still on record
    await server.ctx.db.updateTable('caution_flag').set({ expires_on: '2020-01-01' }).where('id', '=', weapons.json().id).execute();
    expect((await post(`/caution-flags/${dog.json().id}/remove`, { reason: 'The dog died' }, 'kbrandt')).statusCode).toBe(200);
    expect((await get(`/caution-flags?address=${encodeURIComponent('31 Maple Ave')}`)).json()).toEqual([]);
    const kept = await server.ctx.db.selectFrom('caution_flag').select(['removed_by', 'removed_reason']).where('id', '=', dog.json().id).executeTakeFirstOrThrow();
    expect(kept).toEqual({ removed_by: 'kbrandt', removed_reason: 'The dog died' });
  });

  test('81A §B.2.b.iv: the map’s caution layer places each flagged address from the town’s file, kinds but not notes, only for those who may read cautions', async () => {
    for (const kind of ['dog', 'weapons']) expect((await post('/caution-flags', { address: '24 Oak Street', kind, note: 'secret detail', source: 's' }, 'kbrandt')).statusCode).toBe(201);
    expect((await post('/caution-flags', { address: '999 Nowhere Lane', kind: 'hazard', note: 'n', source: 's' }, 'kbrandt')).statusCode).toBe(201);
    const placed = await get('/caution-flags/addresses');
    expect(placed.statusCode).toBe(200);
    const oak = (placed.json() as { address: string; kinds: string[]; lat: number; lon: number }[]).filter((c) => /oak/i.test(c.address));
    expect(oak).toEqual([{ address: '24 Oak Street', kinds: ['dog', 'weapons'], lat: expect.any(Number), lon: expect.any(Number) }]);
    expect(placed.body).not.toContain('secret detail');
    expect(placed.body).not.toContain('Nowhere'); // not in the address file: left off the map, never guessed
    expect((await get('/caution-flags/addresses', 'jobrien')).statusCode).toBe(200); // the officer's field view
    const gateway = await signedInAs(server.ctx, server.app, ['avl_gateway']);
    expect((await server.app.inject({ url: '/api/v1/caution-flags/addresses', headers: gateway.headers })).statusCode).toBe(403);
  });

  test('a flag on a person shows when the caller gives that name, spelled as callers do (last name first, a typo)', async () => {
    const person = (await post('/names', { first: 'Tyler', last: 'Brooks', dob: '1979-04-02' }, 'swhitaker')).json().id as string;
    expect((await post('/caution-flags', { personId: person, kind: 'violent', note: 'Fought officers at his last arrest', source: 'Case C26-000012' }, 'kbrandt')).statusCode).toBe(201);
    for (const name of ['Tyler Brooks', 'BROOKS, TYLER', 'Tyler Broks']) {
      const found = (await get(`/caution-flags?name=${encodeURIComponent(name)}`)).json();
      expect(found, name).toEqual([expect.objectContaining({ kind: 'violent', personId: person, person: expect.stringContaining('Brooks') })]);
    }
    expect((await get(`/caution-flags?name=${encodeURIComponent('Marjorie Quillfeather')}`)).json()).toEqual([]);
  });

  test('a dispatcher or patrol officer cannot enter a flag; a flag about nothing or already expired is refused naming the field', async () => {
    expect((await post('/caution-flags', { address: '1 A St', kind: 'dog', note: 'n', source: 's' }, 'dkowalski')).statusCode).toBe(403);
    expect((await post('/caution-flags', { address: '1 A St', kind: 'dog', note: 'n', source: 's' }, 'jobrien')).statusCode).toBe(403);
    const before = await server.ctx.db.selectFrom('caution_flag').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const nothing = await post('/caution-flags', { kind: 'dog', note: 'n', source: 's' }, 'kbrandt');
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json()).toMatchObject({ code: 'caution.subject_required', field: 'address' });
    const past = await post('/caution-flags', { address: '1 A St', kind: 'dog', note: 'n', source: 's', expiresOn: '2020-01-01' }, 'kbrandt');
    expect(past.json()).toMatchObject({ code: 'caution.expired', field: 'expiresOn' });
    expect((await post('/caution-flags', { address: '1 A St', kind: 'unicorn', note: 'n', source: 's' }, 'kbrandt')).statusCode).toBe(400);
    expect(await server.ctx.db.selectFrom('caution_flag').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before);
  });

  test('the address history lists the earlier incidents at the same address in the window, newest first, with type and disposition', async () => {
    const make = async (type: string, address: string, body: Record<string, unknown> = {}) => (await post('/incidents', { type, location: { address }, ...body })).json().number as string;
    const old = await make('NOISE', '12 Birch Lane, Millbrook');
    const domestic = await make('DOMESTIC', '12 BIRCH LN');
    await post(`/incidents/${domestic}/close`, { disposition: 'REPORT' });
    const secret = await make('SUSPICIOUS', '12 Birch Lane', { confidential: true });
    await make('NOISE', '14 Birch Lane'); // next door: not this address
    // the oldest was two years ago: outside the default window of 365 days
    await sql`update incident set reported_at = now() - interval '730 days' where number = ${old}`.execute(server.ctx.db);

    const history = (await get(`/incidents/history?address=${encodeURIComponent('12 Birch Lane')}`)).json();
    expect(history.map((h: { number: string }) => h.number)).toEqual([secret, domestic]);
    expect(history[1]).toMatchObject({ type: 'DOMESTIC', typeName: 'Domestic disturbance', disposition: 'REPORT', status: 'closed' });
    // a patrol officer does not get the confidential one (81A §E.2.c)
    expect((await get(`/incidents/history?address=${encodeURIComponent('12 Birch Lane')}`, 'jobrien')).json().map((h: { number: string }) => h.number)).toEqual([domestic]);

    // the commanding officer widens the window to three years: the old one comes back
    await server.app.inject({ method: 'PUT', url: '/api/v1/dispatch/timers', payload: { historyDays: 1095 }, headers: as.mreyes! });
    try {
      expect((await get(`/incidents/history?address=${encodeURIComponent('12 Birch Lane')}`)).json().map((h: { number: string }) => h.number)).toEqual([secret, domestic, old]);
    } finally {
      await server.app.inject({ method: 'PUT', url: '/api/v1/dispatch/timers', payload: { historyDays: 365 }, headers: as.mreyes! });
    }
  });

  test('O-604: the Knox Box at an address is found from the call’s address, spelled as the caller gives it', async () => {
    const here = (await get(`/knox/boxes?address=${encodeURIComponent('40 Hillside Terr')}`)).json();
    expect(here.map((b: { id: string }) => b.id)).toEqual(['MHA-HILLSIDE']);
    expect((await get(`/knox/boxes?address=${encodeURIComponent('42 Hillside Terrace')}`)).json()).toEqual([]);
    expect(((await get('/knox/boxes')).json() as unknown[]).length).toBeGreaterThan(1);
  });
});
