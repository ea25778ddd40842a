import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase, type TestServer } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { closeContext } from '../src/app/start.ts';

type H = Record<string, string>;

// The administration screens' APIs (issue 24 point 3): every change refused field by field when wrong,
// refused to anyone but an administrator, and written with its audit row or not at all (S-110 §D.4).
forEachDatabase('administration: code tables, the agency profile, the unit register', (database, kind) => {
  let server: TestServer;
  let admin: H;
  let dispatcher: H;
  let adminName: string;

  beforeAll(async () => {
    server = await database().server();
    const a = await signedInAs(server.ctx, server.app, ['system_administrator']);
    admin = a.headers;
    adminName = a.username;
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
  });
  afterAll(async () => server?.close());

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, headers: H, payload?: object) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const audits = (action: string) => server.ctx.db.selectFrom('audit').selectAll().where('action', '=', action).where('username', '=', adminName).execute();

  test('81A §E.3: an incident type with a bad required response is refused naming the field, and nothing is written', async () => {
    for (const [attrs, field] of [
      [{ priority: 0, minUnits: 2, supervisor: false }, 'attrs.priority'],
      [{ priority: 2, supervisor: false }, 'attrs.minUnits'],
      [{ priority: 2, minUnits: 2, supervisor: 'yes' }, 'attrs.supervisor'],
      [{ priority: 2, minUnits: 2, supervisor: false, colour: 'red' }, 'attrs.colour'],
    ] as const) {
      const refused = await send('PUT', '/code-tables/incident_type/KITE', admin, { name: 'Kite in the lines', attrs });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'code.invalid_attribute', field });
    }
    const noName = await send('PUT', '/code-tables/incident_type/KITE', admin, { name: '', attrs: { priority: 2, minUnits: 1, supervisor: false } });
    expect(noName.json()).toMatchObject({ status: 400, field: 'name' });
    expect((await send('GET', '/code-tables/incident_type?inactive=true', admin)).json().map((c: { code: string }) => c.code)).not.toContain('KITE');
    expect(await audits('code.put')).toHaveLength(0);
  });

  test('a code is changed only by an administrator; the change and its audit row (before and after) are one', async () => {
    const refused = await send('PUT', '/code-tables/disposition/GOA', dispatcher, { name: 'Gone', active: false });
    expect(refused.statusCode).toBe(403);
    expect((await send('PUT', '/code-tables/disposition/ADVISED', admin, { name: 'Advised and assisted' })).statusCode).toBe(200);
    const [row] = await audits('code.put');
    expect(row).toMatchObject({ subject_type: 'code_table', subject_id: 'disposition/ADVISED', outcome: 'allowed', role: 'system_administrator' }); // the role the change was made in, from the permission it used
    expect(row!.detail).toMatchObject({ before: { name: 'Advised / assisted' }, after: { name: 'Advised and assisted', active: true } });
  });

  test('before a code is changed, the administrator sees what names it: incidents (open ones too) and where it is offered', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await send('POST', '/incidents', dispatcher, { type: 'NOISE', location: { address: `${i + 1} Elm Street` } })).statusCode).toBe(201);
    }
    const usage = (await send('GET', '/code-tables/incident_type/NOISE/usage', admin)).json();
    expect(usage).toMatchObject({ exists: true, active: true, uses: [{ what: 'incidents', count: 2 }, { what: 'open incidents', count: 2 }] });
    expect(usage.offeredIn).toMatch(/New call/);
    expect((await send('GET', '/code-tables/incident_type/NOISE/usage', dispatcher)).statusCode).toBe(403);
    expect((await send('GET', '/code-tables/incident_type/NEWONE/usage', admin)).json()).toMatchObject({ exists: false, uses: [] });
    expect((await send('GET', '/code-tables/no_such_table/X/usage', admin)).statusCode).toBe(404);
  });

  test('the agency profile is changed by an administrator (audited), refused field by field, and kept across a restart', async () => {
    const before = (await send('GET', '/agency', dispatcher)).json();
    const change = { name: 'Millbrook Police Department', address: '5 Town Hall Square, Millbrook, MA 01099', phone: '(413) 555-0199',
      businessHours: { days: [1, 2, 3, 4, 5], start: '07:30', end: '15:30' }, courtHours: before.courtHours };
    const bad = await send('PUT', '/agency', admin, { ...change, businessHours: { ...change.businessHours, start: '7:30am' } });
    expect(bad.json()).toMatchObject({ status: 400, field: 'businessHours.start' });
    expect((await send('PUT', '/agency', admin, { ...change, ori: 'MA0000000' })).statusCode).toBe(400); // the ORI is the config file's
    expect((await send('PUT', '/agency', dispatcher, change)).statusCode).toBe(403);
    const saved = await send('PUT', '/agency', admin, change);
    expect(saved.statusCode).toBe(200);
    expect((await send('GET', '/agency', dispatcher)).json()).toMatchObject({ address: change.address, businessHours: change.businessHours, ori: before.ori });
    const [row] = await audits('agency.profile_changed');
    expect(row!.detail).toMatchObject({ before: { address: before.address }, after: { address: change.address } });
    if (kind !== 'postgresql') return; // a second PGlite context is a new database
    // another node (or the next start) reads the stored profile over the config file's
    const other = await database().open();
    try {
      expect(other.config.agency).toMatchObject({ address: change.address, phone: change.phone });
    } finally {
      await closeContext(other);
    }
  });

  test('security settings are listed read only, each with where it is set', async () => {
    const settings = (await send('GET', '/agency/settings', admin)).json();
    expect(settings.security).toContainEqual(expect.objectContaining({ key: 'idleMinutes', value: '30', setIn: expect.stringMatching(/config file/) }));
    expect(settings.security.map((s: { key: string }) => s.key)).toEqual(expect.arrayContaining(['lockoutThreshold', 'requireMfaForAll']));
    expect(settings.profile.map((s: { key: string }) => s.key)).toEqual(['ori', 'timeZone', 'trustedNetworks']);
    expect((await send('GET', '/agency/settings', dispatcher)).statusCode).toBe(403);
  });

  test('81A §E.5.c: an administrator adds a unit, moves it to another sector, and retires it; a retired unit leaves the board and cannot be dispatched', async () => {
    expect((await send('POST', '/units', admin, { callSign: '421', kind: 'patrol', service: 'police', area: 'Sector 1' })).statusCode).toBe(201);
    const bad = await send('PATCH', '/unit-register/421', admin, { service: 'navy' });
    expect(bad.json()).toMatchObject({ status: 400, field: 'service' });
    expect((await send('PATCH', '/unit-register/421', dispatcher, { area: 'Sector 2' })).statusCode).toBe(403);
    const moved = await send('PATCH', '/unit-register/421', admin, { area: 'Sector 2' });
    expect(moved.json()).toMatchObject({ callSign: '421', area: 'Sector 2', retiredAt: null });
    expect((await audits('unit.changed'))[0]!.detail).toMatchObject({ before: { area: 'Sector 1' }, after: { area: 'Sector 2' } });

    const incident = (await send('POST', '/incidents', dispatcher, { type: 'LOCKOUT', location: { address: '3 Oak Street' } })).json();
    expect((await send('POST', `/incidents/${incident.number}/dispatch`, dispatcher, { units: ['421'] })).statusCode).toBe(200);
    const busy = await send('POST', '/unit-register/421/retire', admin, { reason: 'Cruiser sold' });
    expect(busy.json()).toMatchObject({ status: 409, code: 'unit.busy' });
    expect((await send('POST', `/incidents/${incident.number}/units/421/clear`, dispatcher, {})).statusCode).toBe(200);
    expect((await send('POST', '/unit-register/421/retire', admin, { reason: '' })).json()).toMatchObject({ status: 400, field: 'reason' });
    const retired = await send('POST', '/unit-register/421/retire', admin, { reason: 'Cruiser sold' });
    expect(retired.json()).toMatchObject({ callSign: '421', retiredReason: 'Cruiser sold', retiredAt: expect.any(String) });
    expect((await audits('unit.retired'))).toHaveLength(1);

    expect((await send('GET', '/units', dispatcher)).json().map((u: { callSign: string }) => u.callSign)).not.toContain('421');
    expect((await send('GET', '/unit-register', dispatcher)).json()).toContainEqual(expect.objectContaining({ callSign: '421', retiredReason: 'Cruiser sold' }));
    const next = (await send('POST', '/incidents', dispatcher, { type: 'LOCKOUT', location: { address: '4 Oak Street' } })).json();
    expect((await send('POST', `/incidents/${next.number}/dispatch`, dispatcher, { units: ['421'] })).json()).toMatchObject({ status: 409, code: 'unit.retired' });
    // the old incident still names the unit
    expect((await send('GET', `/incidents/${incident.number}`, dispatcher)).json().units).toContainEqual(expect.objectContaining({ callSign: '421' }));
  });

  test('the administrator also keeps the timers, directory entries and roster postings; others without the permission are refused, bad input names its field', async () => {
    const officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    expect((await send('GET', '/dispatch/timers', admin)).statusCode).toBe(200);
    expect((await send('PUT', '/dispatch/timers', admin, { standbyMinutes: 0 })).json()).toMatchObject({ status: 400, field: 'standbyMinutes' });
    expect((await send('PUT', '/dispatch/timers', officer, { standbyMinutes: 20 })).statusCode).toBe(403);
    expect((await send('PUT', '/dispatch/timers', admin, { standbyMinutes: 20 })).json()).toMatchObject({ standbyMinutes: 20 });
    // written with its audit row (the platform's row for the action, in the change's transaction)
    expect(await server.ctx.db.selectFrom('audit').select('action').where('username', '=', adminName).where('action', '=', 'dispatch.timers_changed').execute()).toHaveLength(1);
    expect((await send('GET', '/calls/ali-layouts', admin)).statusCode).toBe(200);

    expect((await send('POST', '/directory/entries', admin, { category: 'utility', name: '' })).json()).toMatchObject({ status: 400, field: 'name' });
    expect((await send('POST', '/directory/entries', officer, { category: 'utility', name: 'Millbrook Water' })).statusCode).toBe(403);
    const entry = await send('POST', '/directory/entries', admin, { category: 'utility', name: 'Millbrook Water', phone: '(413) 555-0170' });
    expect(entry.statusCode).toBe(201);
    expect((await send('PUT', `/directory/entries/${entry.json().id}`, admin, { category: 'utility', name: 'Millbrook Water Department', phone: '(413) 555-0170' })).json()).toMatchObject({ name: 'Millbrook Water Department' });

    expect((await send('POST', '/units', admin, { callSign: '431', kind: 'patrol', service: 'police' })).statusCode).toBe(201);
    const posted = await send('POST', '/directory/roster', admin, { shift: 'Day 07-15', entries: [{ callSign: '431', assignment: 'Sector 3 patrol' }] });
    expect(posted.statusCode).toBe(201);
    expect((await send('POST', '/directory/roster', officer, { shift: 'Day 07-15', entries: [{ callSign: '431', assignment: 'x' }] })).statusCode).toBe(403);
    await send('POST', '/unit-register/431/retire', admin, { reason: 'Cruiser out of the fleet' });
    expect((await send('POST', '/directory/roster', admin, { shift: 'Evening 15-23', entries: [{ callSign: '431', assignment: 'Sector 3 patrol' }] })).json())
      .toMatchObject({ status: 400, code: 'roster.unknown_unit' }); // a retired unit rides no shift
  });
});
