import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { registerUnits } from '../src/dispatch/units/register.ts';

// S-110 §A.1.f: the department inventory. Every item has an asset tag, a place and a history.
forEachDatabase('department inventory (S-110 §A.1.f)', (database) => {
  const file = serverForFile(database, async (server) => ({
    supply: await signedInAs(server.ctx, server.app, ['supply_supervisor']),
    itDirector: await signedInAs(server.ctx, server.app, ['it_director']),
    officer: await signedInAs(server.ctx, server.app, ['patrol_officer']),
    dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
    auditor: await signedInAs(server.ctx, server.app, ['auditor']),
  }));
  const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    file.server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const counts = async () => {
    const [items, movements, audit] = await Promise.all(['inventory_item', 'inventory_movement', 'audit'].map(async (t) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(file.server.ctx.db)).rows[0]!.n)));
    return { items, movements, audit };
  };

  test('the Supply Supervisor registers a radio, issues it to an officer, takes it back and issues it to a unit; its history names each hand and place', async () => {
    const { supply, officer } = file;
    const made = await send('POST', '/inventory', supply.headers, { tag: 'rad-0101', category: 'RADIO', description: 'Portable radio', make: 'Motorola', model: 'APX 6000', serial: 'MOT-77812', valueCents: 420000, acquiredOn: '2025-03-14', location: 'Supply room, shelf 2' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ tag: 'RAD-0101', status: 'in_stock', holder: null, location: 'Supply room, shelf 2', acquiredOn: '2025-03-14' });
    expect(made.json().registeredByName).toContain('Tester-Quill');

    const issued = await send('POST', '/inventory/RAD-0101/movements', supply.headers, { action: 'assigned', holder: officer.username, holderKind: 'person', location: 'With the officer' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'assigned', holder: officer.username, holderKind: 'person' });
    expect(issued.json().holderName).toContain('Tester-Quill');

    // issued to someone else while the officer holds it: refused, nothing written
    const before = await counts();
    const twice = await send('POST', '/inventory/RAD-0101/movements', supply.headers, { action: 'assigned', holder: file.dispatcher.username, holderKind: 'person' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'inventory.not_allowed', clause: 'S-110 §A.1.f' });
    expect(twice.json().detail).toMatch(/return first/);
    expect(await counts()).toEqual(before);

    expect((await send('POST', '/inventory/RAD-0101/movements', supply.headers, { action: 'returned', location: 'Supply room, shelf 2' })).statusCode).toBe(200);
    expect((await send('POST', '/units', file.dispatcher.headers, { callSign: '4471', kind: 'cruiser', service: 'police', area: 'Sector 1' })).statusCode).toBe(201);
    const unit = (await registerUnits(file.server.ctx.db)).find((u) => u.callSign === '4471')!;
    const toUnit = await send('POST', '/inventory/RAD-0101/movements', supply.headers, { action: 'assigned', holder: unit.callSign, holderKind: 'unit', location: `Cruiser ${unit.callSign}` });
    expect(toUnit.json()).toMatchObject({ status: 'assigned', holder: unit.callSign, holderName: `Unit ${unit.callSign}`, location: `Cruiser ${unit.callSign}` });
    expect(toUnit.json().movements.map((m: { action: string }) => m.action)).toEqual(['registered', 'assigned', 'returned', 'assigned']);
    expect(toUnit.json().movements.every((m: { byName: string }) => m.byName.includes('Tester-Quill'))).toBe(true);

    // each movement is audited with where the item was and where it went
    const rows = await file.server.ctx.db.selectFrom('audit').select(['action', 'username']).where('subject_type', '=', 'inventory_item').where('subject_id', '=', 'RAD-0101').orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['inventory.registered', 'inventory.assigned', 'inventory.returned', 'inventory.assigned']);
    expect(rows.every((r) => r.username === supply.username)).toBe(true);
  });

  test('bad input names the field and writes nothing: an unknown category, a used tag, an unknown holder, a repair without a reason, a drive without its serial', async () => {
    const { supply } = file;
    expect((await send('POST', '/inventory', supply.headers, { tag: 'CAM-1', category: 'CAMERA', description: 'Body camera', location: 'Supply room' })).statusCode).toBe(201);
    const before = await counts();
    const cases: [string, string, object, number, RegExp][] = [
      ['POST', '/inventory', { tag: 'X-1', category: 'SPACESHIP', description: 'x', location: 'y' }, 400, /body\.category/],
      ['POST', '/inventory', { tag: 'cam-1', category: 'CAMERA', description: 'Another', location: 'y' }, 409, /CAM-1 is already/],
      ['POST', '/inventory', { tag: 'HD-1', category: 'MEDIA', description: 'Backup drive', location: 'Server room' }, 400, /body\.serial.*S-110 §G\.2/],
      ['POST', '/inventory', { tag: 'bad tag!', category: 'CAMERA', description: 'x', location: 'y' }, 400, /tag/],
      ['POST', '/inventory', { tag: 'N-1', category: 'CAMERA', description: 'a\u0000b', location: 'y' }, 400, /description/],
      ['POST', '/inventory/CAM-1/movements', { action: 'assigned', holder: 'nobody-here', holderKind: 'person' }, 400, /body\.holder/],
      ['POST', '/inventory/CAM-1/movements', { action: 'assigned', holder: 'ZZZ9', holderKind: 'unit' }, 400, /body\.holder.*no unit/],
      ['POST', '/inventory/CAM-1/movements', { action: 'repair', location: 'Vendor' }, 400, /body\.reason/],
      ['POST', '/inventory/CAM-1/movements', { action: 'moved' }, 400, /body\.location/],
      ['POST', '/inventory/CAM-1/movements', { action: 'found', location: 'Desk' }, 409, /in stock/],
      ['POST', '/inventory/NOPE-1/movements', { action: 'moved', location: 'Desk' }, 404, /NOPE-1/],
    ];
    for (const [method, url, payload, status, detail] of cases) {
      const answer = await send(method as 'POST', url, supply.headers, payload);
      expect(answer.statusCode, `${url} ${JSON.stringify(payload)}: ${answer.body}`).toBe(status);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.json().detail, JSON.stringify(payload)).toMatch(detail);
    }
    expect(await counts()).toEqual(before);
  });

  test('S-110 §G.2, §I: a drive still in the media register leaves service there, not by retiring it here; the register shows to readers of the IT records', async () => {
    const { supply, itDirector } = file;
    const medium = await send('POST', '/it/media', itDirector.headers, { serial: 'WD-INV-55', mediaType: 'external_drive', description: 'Backup drive', holdsCjis: true, location: 'Server room safe' });
    expect(medium.statusCode, medium.body).toBe(201);
    expect((await send('POST', '/inventory', itDirector.headers, { tag: 'HD-0055', category: 'MEDIA', description: 'Backup drive', serial: 'WD-INV-55', location: 'Server room safe' })).statusCode).toBe(201);
    const shown = (await send('GET', '/inventory/HD-0055', itDirector.headers)).json();
    expect(shown.mediaRegister).toMatchObject({ serial: 'WD-INV-55', location: 'Server room safe' });
    expect((await send('GET', '/inventory/HD-0055', supply.headers)).json().mediaRegister).toBeNull(); // no IT-records permission
    const retired = await send('POST', '/inventory/HD-0055/movements', itDirector.headers, { action: 'retired', reason: 'Old' });
    expect(retired.statusCode).toBe(409);
    expect(retired.json()).toMatchObject({ code: 'inventory.media_register', clause: 'S-110 §G.2, §I' });
    // anything else is retired with a reason and stays on the books
    expect((await send('POST', '/inventory/CAM-1/movements', supply.headers, { action: 'retired', reason: 'Cracked lens' })).json()).toMatchObject({ status: 'retired' });
    expect((await send('GET', '/inventory?status=retired', supply.headers)).json().items.map((i: { tag: string }) => i.tag)).toContain('CAM-1');
  });

  test('readers and keepers: an officer and a dispatcher may not read it; the auditor reads but may not write; the list pages by tag and finds by serial', async () => {
    const { supply, officer, dispatcher, auditor } = file;
    for (const who of [officer, dispatcher]) expect((await send('GET', '/inventory', who.headers)).statusCode).toBe(403);
    expect((await send('POST', '/inventory', auditor.headers, { tag: 'A-1', category: 'RADIO', description: 'x', location: 'y' })).statusCode).toBe(403);
    for (let n = 0; n < 7; n += 1) {
      expect((await send('POST', '/inventory', supply.headers, { tag: `VEST-${n}`, category: 'BODY_ARMOR', description: 'Vest', serial: `PA-${1000 + n}`, location: 'Supply room' })).statusCode).toBe(201);
    }
    const tags: string[] = [];
    let after: string | null = null;
    do {
      const page = (await send('GET', `/inventory?category=BODY_ARMOR&limit=3${after ? `&after=${after}` : ''}`, auditor.headers)).json() as { items: { tag: string }[]; next: string | null };
      tags.push(...page.items.map((i) => i.tag));
      after = page.next;
    } while (after);
    expect(tags).toEqual(['VEST-0', 'VEST-1', 'VEST-2', 'VEST-3', 'VEST-4', 'VEST-5', 'VEST-6']);
    expect((await send('GET', '/inventory?q=pa-1004', auditor.headers)).json().items.map((i: { tag: string }) => i.tag)).toEqual(['VEST-4']);
    expect((await send('GET', '/inventory?category=NOPE', auditor.headers)).statusCode).toBe(400);
  });
});
