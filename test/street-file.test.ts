import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { consoleActor } from '../src/identity/service.ts';
import { demoTownFiles, seedGeoDemo } from '../src/geo/demo.ts';
import { importLayer } from '../src/geo/service.ts';
import { agencyDate, agencyDateDaysAgo } from '../src/core/clock.ts';

interface Street { name: string; source: string; odd: { low: number; high: number } | null; even: { low: number; high: number } | null; centerlineOdd: { low: number; high: number } | null; centerlineEven: { low: number; high: number } | null; sectors: string[]; crossStreets: string[] }
interface Note { id: string; street: string; place: string; kind: string; text: string; state: string; enteredByName: string; endedByName: string | null }

// S-110 §A.1.v: street files. The street index is read from the town's geography; the department keeps premises notes and hazards on it.
forEachDatabase('street files (S-110 §A.1.v)', (database) => {
  const file = serverForFile(database, async (server) => {
    await seedGeoDemo(server.ctx, consoleActor());
    return {
      commander: await signedInAs(server.ctx, server.app, ['commanding_officer']),
      clerk: await signedInAs(server.ctx, server.app, ['records_clerk']),
      dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
      officer: await signedInAs(server.ctx, server.app, ['patrol_officer']),
      auditor: await signedInAs(server.ctx, server.app, ['auditor']),
    };
  });
  const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    file.server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const at = async (address: string, headers = file.dispatcher.headers) => {
    const answer = await send('GET', `/street-file/at?address=${encodeURIComponent(address)}`, headers);
    expect(answer.statusCode, answer.body).toBe(200);
    return (answer.json() as { notes: Note[] }).notes;
  };
  const street = async (name: string) => ((await send('GET', `/street-file/streets?q=${encodeURIComponent(name)}`, file.dispatcher.headers)).json() as { streets: Street[] }).streets.find((s) => s.name === name);
  const counts = async () => {
    const [notes, streets, audit] = await Promise.all(['street_file_note', 'street_file_street', 'audit'].map(async (t) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(file.server.ctx.db)).rows[0]!.n)));
    return { notes, streets, audit };
  };
  const today = () => agencyDate(file.server.ctx.config.agency.timeZone, file.server.ctx.clock.now());

  test('S-110 §A.1.v: the street index gives each street of the town its odd and even ranges, sectors and cross streets, as the geography layers have them', async () => {
    const elm = await street('ELM ST');
    const numbers = (await file.server.ctx.db.selectFrom('geo_address').select('number').where('street', '=', 'ELM ST').execute()).map((r) => Number(r.number));
    const odd = numbers.filter((n) => n % 2 === 1);
    const even = numbers.filter((n) => n % 2 === 0);
    expect(odd.length).toBeGreaterThan(10);
    expect(elm).toMatchObject({ source: 'geography', odd: { low: Math.min(...odd), high: Math.max(...odd) }, even: { low: Math.min(...even), high: Math.max(...even) } });
    // Elm Street runs south of Main Street, across the west and east halves of the town
    expect(elm!.sectors).toEqual(['Sector 3', 'Sector 4']);
    expect(elm!.crossStreets).toEqual(expect.arrayContaining(['MILL RD', 'WASHINGTON ST', 'CENTER ST', 'CEDAR ST']));
    expect(elm!.crossStreets).not.toContain('MAIN ST');
    expect((await street('MILL RD'))!.crossStreets).toContain('RTE 9');
    // a street with no address points has no ranges, still its sectors
    expect(await street('RTE 9')).toMatchObject({ odd: null, even: null, sectors: ['Sector 3', 'Sector 4'] });
    const page = await send('GET', `/street-file/streets/${encodeURIComponent('Elm Street')}`, file.officer.headers);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ name: 'ELM ST', notes: [] });
    expect((await send('GET', '/street-file/streets/NOWHERE%20LN', file.dispatcher.headers)).statusCode).toBe(404);
  });

  test('S-110 §A.1.v: a hazard the commanding officer puts on the even side of 10–40 Elm Street shows at 12 Elm Street, not across the street or past the range; who entered it is named and audited', async () => {
    const made = await send('POST', '/street-file/notes', file.commander.headers, { street: 'Elm Street', low: 10, high: 40, side: 'even', kind: 'hazard', text: 'Road closed for water main work', effectiveUntil: '2099-03-01' });
    expect(made.statusCode, made.body).toBe(201);
    const note = made.json() as Note;
    expect(note).toMatchObject({ street: 'ELM ST', place: '10–40 (even side)', state: 'in_force' });
    expect(note.enteredByName).toContain('Tester-Quill');
    expect((await at('12 Elm Street, Millbrook')).map((n) => n.id)).toEqual([note.id]);
    expect((await at('40 elm st', file.officer.headers)).map((n) => n.id)).toEqual([note.id]);
    expect(await at('13 Elm Street')).toEqual([]);
    expect(await at('42 Elm Street')).toEqual([]);
    expect(await at('12 Oak Street')).toEqual([]);

    // a premises note on one address, and one on the whole street (shown also at an intersection on it)
    const dog = await send('POST', '/street-file/notes', file.clerk.headers, { street: 'ELM ST', number: '12', kind: 'premises', text: 'Dog on premises; rear entrance via alley' });
    const wide = await send('POST', '/street-file/notes', file.clerk.headers, { street: 'ELM ST', kind: 'hazard', text: 'Low bridge 10 ft at the river end' });
    expect([dog.statusCode, wide.statusCode]).toEqual([201, 201]);
    expect((await at('12 Elm St')).map((n) => n.text).sort()).toEqual(['Dog on premises; rear entrance via alley', 'Low bridge 10 ft at the river end', 'Road closed for water main work']);
    expect((await at('Elm St / Mill Rd')).map((n) => n.text)).toEqual(['Low bridge 10 ft at the river end']);

    const audit = await file.server.ctx.db.selectFrom('audit').select(['action', 'username']).where('subject_type', '=', 'street_note').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'street_file.note_added', username: file.commander.username },
      { action: 'street_file.note_added', username: file.clerk.username },
      { action: 'street_file.note_added', username: file.clerk.username },
    ]);
  });

  test('S-110 §A.1.v: a hazard expires by itself after its last day, one not yet begun is not shown, and one ended early stays on the street’s page with who ended it and why', async () => {
    const zone = file.server.ctx.config.agency.timeZone;
    const now = file.server.ctx.clock.now();
    const past = await send('POST', '/street-file/notes', file.commander.headers, { street: 'OAK ST', number: '7', kind: 'hazard', text: 'Oxygen in use', effectiveFrom: agencyDateDaysAgo(zone, 30, now), effectiveUntil: agencyDateDaysAgo(zone, 1, now) });
    const later = await send('POST', '/street-file/notes', file.commander.headers, { street: 'OAK ST', number: '7', kind: 'hazard', text: 'Armed subject history', effectiveFrom: agencyDateDaysAgo(zone, -3, now) });
    const lastDay = await send('POST', '/street-file/notes', file.commander.headers, { street: 'OAK ST', number: '7', kind: 'premises', text: 'Gate code with dispatch', effectiveUntil: today() });
    expect([past.statusCode, later.statusCode, lastDay.statusCode]).toEqual([201, 201, 201]);
    expect((past.json() as Note).state).toBe('expired');
    expect((later.json() as Note).state).toBe('scheduled');
    expect((await at('7 Oak Street')).map((n) => n.text)).toEqual(['Gate code with dispatch']);

    const ended = await send('POST', `/street-file/notes/${(lastDay.json() as Note).id}/end`, file.clerk.headers, { reason: 'Gate removed' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ state: 'ended', endedReason: 'Gate removed' });
    expect((ended.json() as Note).endedByName).toContain('Tester-Quill');
    expect(await at('7 Oak Street')).toEqual([]);
    const again = await send('POST', `/street-file/notes/${(lastDay.json() as Note).id}/end`, file.clerk.headers, { reason: 'twice' });
    expect(again.statusCode).toBe(404);
    const page = (await send('GET', '/street-file/streets/OAK%20ST', file.dispatcher.headers)).json() as { notes: Note[] };
    expect(page.notes.map((n) => n.state).sort()).toEqual(['ended', 'expired', 'scheduled']);
    const ends = await file.server.ctx.db.selectFrom('audit').select(['username']).where('action', '=', 'street_file.note_ended').execute();
    expect(ends).toEqual([{ username: file.clerk.username }]);
  });

  test('S-110 §A.1.v: bad input names the field and the clause and writes nothing: a range low above high, an end before the start, a street not in the index, empty text, bytes no person typed', async () => {
    const before = await counts();
    const cases: [string, object, number, string | RegExp][] = [
      ['/street-file/notes', { street: 'ELM ST', low: 40, high: 10, kind: 'hazard', text: 'x' }, 422, 'body.low'],
      ['/street-file/notes', { street: 'ELM ST', low: 10, kind: 'hazard', text: 'x' }, 422, 'body.high'],
      ['/street-file/notes', { street: 'ELM ST', kind: 'hazard', text: 'x', effectiveFrom: '2027-03-01', effectiveUntil: '2027-02-28' }, 422, 'body.effectiveUntil'],
      ['/street-file/notes', { street: 'Nowhere Lane', kind: 'hazard', text: 'x' }, 422, 'body.street'],
      ['/street-file/notes', { street: 'ELM ST', kind: 'hazard', text: '   ' }, 422, 'body.text'],
      ['/street-file/notes', { street: 'ELM ST', number: 'twelve', kind: 'premises', text: 'x' }, 422, 'body.number'],
      ['/street-file/notes', { street: 'ELM ST', kind: 'hazard', text: '' }, 400, /text/],
      ['/street-file/notes', { street: 'ELM ST', kind: 'hazard', text: 'a\u0000b' }, 400, /text/],
      ['/street-file/notes', { street: 'ELM ST', kind: 'hazard', text: 'x', low: 'ten', high: 20 }, 400, /low/],
      ['/street-file/notes', { street: 'ELM \uD800ST', kind: 'hazard', text: 'x' }, 400, /street/],
      ['/street-file/notes', { street: 'ELM ST', kind: 'sinkhole', text: 'x' }, 400, /kind/],
      ['/street-file/notes', { street: 'E'.repeat(5000), kind: 'hazard', text: 'x' }, 400, /street/],
      ['/street-file/streets', { name: 'Quarry Lane', oddLow: 31, oddHigh: 1 }, 422, 'body.oddLow'],
      ['/street-file/streets', { name: 'Quarry Lane', evenLow: 2 }, 422, 'body.evenHigh'],
      ['/street-file/streets', { name: 'Elm Street' }, 409, /already in the street index/],
    ];
    for (const [url, payload, status, field] of cases) {
      const answer = await send('POST', url, file.commander.headers, payload);
      expect(answer.statusCode, `${url} ${JSON.stringify(payload).slice(0, 80)}: ${answer.body}`).toBe(status);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      const body = answer.json() as { field?: string; clause?: string; detail: string; errors?: unknown };
      if (typeof field === 'string') expect(body).toMatchObject({ field, clause: 'S-110 §A.1.v' });
      else expect(JSON.stringify(body), JSON.stringify(payload).slice(0, 80)).toMatch(field);
    }
    expect(await counts()).toEqual(before);
  });

  test('S-110 §A.1.v: a street entered by hand for a town without a centerline file is flagged as such and carries notes; dispatchers read but do not keep the file; the auditor does not read it', async () => {
    const entered = await send('POST', '/street-file/streets', file.clerk.headers, { name: 'Quarry Lane', oddLow: 1, oddHigh: 31, evenLow: 2, evenHigh: 30, sectors: ['Sector 2'], crossStreets: ['Cedar Street'] });
    expect(entered.statusCode, entered.body).toBe(201);
    expect(entered.json()).toMatchObject({ name: 'QUARRY LN', source: 'hand', odd: { low: 1, high: 31 }, even: { low: 2, high: 30 }, sectors: ['Sector 2'], crossStreets: ['CEDAR ST'] });
    expect(await street('QUARRY LN')).toMatchObject({ source: 'hand' });
    expect((await send('POST', '/street-file/streets', file.clerk.headers, { name: 'quarry ln' })).statusCode).toBe(409);
    const gate = await send('POST', '/street-file/notes', file.clerk.headers, { street: 'Quarry Lane', number: '7', kind: 'premises', text: 'Gate code with dispatch' });
    expect(gate.statusCode, gate.body).toBe(201);
    expect((await at('7 Quarry Lane')).map((n) => n.text)).toEqual(['Gate code with dispatch']);
    expect((await file.server.ctx.db.selectFrom('audit').select('username').where('action', '=', 'street_file.street_entered').execute())).toEqual([{ username: file.clerk.username }]);

    expect((await send('POST', '/street-file/notes', file.dispatcher.headers, { street: 'ELM ST', kind: 'hazard', text: 'x' })).statusCode).toBe(403);
    expect((await send('POST', '/street-file/notes', file.officer.headers, { street: 'ELM ST', kind: 'hazard', text: 'x' })).statusCode).toBe(403);
    expect((await send('GET', '/street-file/at?address=12%20Elm%20St', file.auditor.headers)).statusCode).toBe(403);
    expect((await send('GET', '/street-file/streets', file.auditor.headers)).statusCode).toBe(403);
  });

  test('S-110 §A.1.v: the centerline file’s left/right from–to ranges (L_F_ADD…) are imported and shown beside the address points’ ranges; 150 Route 9, with no address point, is verified on the 100–198 block', async () => {
    // Route 9 has no address points; its four segments carry L_F_ADD/L_T_ADD/R_F_ADD/R_T_ADD in the demo's centerline file
    expect(await street('RTE 9')).toMatchObject({ odd: null, even: null, centerlineOdd: { low: 1, high: 399 }, centerlineEven: { low: 2, high: 398 } });
    expect(await street('ELM ST')).toMatchObject({ centerlineOdd: null, centerlineEven: null });
    const verify = async (q: string) => (await send('GET', `/geo/verify?q=${encodeURIComponent(q)}`, file.dispatcher.headers)).json() as { kind?: string; label: string; verified: boolean; note?: string; lat: number | null; lon: number | null; sector: string | null };
    const even = await verify('150 Route 9');
    expect(even).toMatchObject({ kind: 'block', label: '150 RTE 9', verified: true, note: 'on the 100–198 block of RTE 9', sector: 'Sector 3' });
    // placed half-way along the block, between Mill Road (-72.648) and Center Street (-72.638)
    expect(even.lon!).toBeGreaterThan(-72.6445);
    expect(even.lon!).toBeLessThan(-72.6415);
    expect(await verify('151 Route 9')).toMatchObject({ verified: true, note: 'on the 101–199 block of RTE 9' });
    expect(await verify('350 Route 9')).toMatchObject({ verified: true, note: 'on the 300–398 block of RTE 9', sector: 'Sector 4' });
    // past the last block, or a street whose centerlines carry no ranges: unverified, as before
    expect(await verify('450 Route 9')).toMatchObject({ verified: false, lat: null });
    expect(await verify('9999 Elm Street')).toMatchObject({ verified: false });
    // an address point still wins where there is one
    expect(await verify('12 Elm Street')).toMatchObject({ kind: 'address', label: '12 ELM ST' });
    const offered = (await send('GET', `/geo/suggestions?q=${encodeURIComponent('150 route 9')}`, file.dispatcher.headers)).json() as { kind: string; note?: string }[];
    expect(offered[0]).toMatchObject({ kind: 'block', note: 'on the 100–198 block of RTE 9' });
  });

  test('S-110 §A.1.v: range columns are read by their common names or by the names given; a from above its to is fine; a non-number is refused naming the feature and the column, and nothing is imported', async () => {
    const line = (properties: object, coordinates: number[][]) => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates } });
    const version = async () => Number((await sql<{ v: number }>`select version as v from geo_layer where kind = 'streets'`.execute(file.server.ctx.db)).rows[0]!.v);
    const before = await version();
    const demo = JSON.parse(demoTownFiles().streets) as { features: object[] };
    const bad = JSON.stringify({ type: 'FeatureCollection', features: [...demo.features, line({ name: 'Brook Lane', FROMLEFT: 1, TOLEFT: '49', FROMRIGHT: 'twelve', TORIGHT: 48 }, [[-72.62, 42.33], [-72.61, 42.33]])] });
    const refused = importLayer(file.server.ctx, consoleActor(), { kind: 'streets', format: 'geojson', text: bad, source: 'bad-ranges.geojson' });
    await expect(refused).rejects.toMatchObject({ code: 'geo.import_invalid', message: expect.stringContaining(`feature ${demo.features.length + 1}: FROMRIGHT "twelve" is not a house number`) });
    const oneEnd = JSON.stringify({ type: 'FeatureCollection', features: [line({ name: 'Brook Lane', L_F_ADD: 1 }, [[-72.62, 42.33], [-72.61, 42.33]])] });
    await expect(importLayer(file.server.ctx, consoleActor(), { kind: 'streets', format: 'geojson', text: oneEnd, source: 'one-end.geojson' }))
      .rejects.toMatchObject({ message: expect.stringContaining('feature 1: L_T_ADD is missing') });
    expect(await version()).toBe(before);
    expect(await street('BROOK LN')).toBeUndefined();

    // a town whose file names its columns its own way; Brook Lane drawn against its numbering (left 99 down to 51)
    const own = JSON.stringify({ type: 'FeatureCollection', features: [...demo.features, line({ name: 'Brook Lane', ADDR_LF: 99, ADDR_LT: 51, ADDR_RF: 98, ADDR_RT: 50 }, [[-72.627, 42.3215], [-72.62, 42.3215]])] });
    const rangeColumns = { leftFrom: 'addr_lf', leftTo: 'ADDR_LT', rightFrom: 'ADDR_RF', rightTo: 'ADDR_RT' };
    await expect(importLayer(file.server.ctx, consoleActor(), { kind: 'streets', format: 'geojson', text: own, source: 'own.geojson', rangeColumns: { ...rangeColumns, rightTo: 'ADDR_RTO' } }))
      .rejects.toMatchObject({ message: expect.stringContaining(`feature ${demo.features.length + 1}: ADDR_RTO is missing`) });
    await importLayer(file.server.ctx, consoleActor(), { kind: 'streets', format: 'geojson', text: own, source: 'own.geojson', rangeColumns });
    expect(await street('BROOK LN')).toMatchObject({ centerlineOdd: { low: 51, high: 99 }, centerlineEven: { low: 50, high: 98 } });
    const at = (await send('GET', `/geo/verify?q=${encodeURIComponent('97 Brook Lane')}`, file.dispatcher.headers)).json() as { note: string; lon: number };
    expect(at.note).toBe('on the 51–99 block of BROOK LN');
    expect(at.lon).toBeLessThan(-72.625); // 97 is near the start of the line, where 99 is
    // the demo's own file back, for the other tests
    await importLayer(file.server.ctx, consoleActor(), { kind: 'streets', format: 'geojson', text: demoTownFiles().streets, source: 'demo-streets.geojson' });
  });

  test('S-110 §A.1.v: the index follows the geography with no copy to drift: an address point added by a new import widens Elm Street’s range at once', async () => {
    const files = demoTownFiles();
    const addresses = JSON.parse(files.addresses) as { features: unknown[] };
    const high = (await street('ELM ST'))!.odd!.high;
    addresses.features.push({ type: 'Feature', properties: { number: String(high + 100), street: 'Elm Street' }, geometry: { type: 'Point', coordinates: [-72.6272, 42.3214] } });
    await importLayer(file.server.ctx, consoleActor(), { kind: 'addresses', format: 'geojson', text: JSON.stringify(addresses), source: 'addresses-v2.geojson' });
    expect((await street('ELM ST'))!.odd).toMatchObject({ high: high + 100 });
  });
});
