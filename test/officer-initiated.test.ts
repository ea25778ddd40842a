import { expect, test } from 'vitest';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';

type Record_ = { number: string; type: string; status: string; narrative: string | null; location: { address: string }; units: { callSign: string; role: string; arrivedAt: string | null }[] };

// Officer-initiated work in one request and one transaction: a traffic stop is logged
// with its plate and location (81A §E.5.a.vi) and the unit is on scene at it.
forEachDatabase('officer-initiated work and traffic stops (81A §E.5.a.vi)', (database) => {
  const file = serverForFile(database, async (server) => {
    const as = await demoAgency(server.ctx, server.app);
    return { as, dispatcher: await as('dkowalski') };
  });

  const post = (url: string, payload: object, headers: Record<string, string>) => file.server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  const unitRow = (callSign: string) => file.server.ctx.db.selectFrom('unit_status').selectAll().where('call_sign', '=', callSign).executeTakeFirstOrThrow();
  const incidentCount = async () => (await file.server.ctx.db.selectFrom('incident').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  test('81A §E.5.a.vi: a traffic stop opens an MV_STOP incident with plate, state and location and puts the unit on scene, in one request', async () => {
    const response = await post('/units/414/initiate', { type: 'MV_STOP', address: 'MAIN ST/ELM ST', plate: 'abc123', state: 'ma' }, file.dispatcher);
    expect(response.statusCode).toBe(201);
    const record = response.json() as Record_;
    expect(record).toMatchObject({ type: 'MV_STOP', status: 'on_scene', location: { address: 'MAIN ST/ELM ST' }, narrative: 'Traffic stop by 414: ABC123 (MA)' });
    expect(record.units).toMatchObject([{ callSign: '414', role: 'primary' }]);
    expect(record.units[0]!.arrivedAt).not.toBeNull();
    const unit = await unitRow('414');
    expect(unit).toMatchObject({ status: 'arrived', incident_number: record.number, detail: { plate: 'ABC123', state: 'MA', location: 'MAIN ST/ELM ST' } });
  });

  test('81A §E.5.a.vi: a traffic stop without a plate is refused naming the field, and nothing is written', async () => {
    const before = await incidentCount();
    const response = await post('/units/411/initiate', { type: 'MV_STOP', address: 'MAIN ST' }, file.dispatcher);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'unit.detail_required' });
    expect(response.json().detail).toMatch(/plate.*81A §E\.5\.a\.vi/);
    expect(await incidentCount()).toBe(before);
    expect((await unitRow('411')).status).toBe('available');
  });

  test('an officer opens officer-initiated work for their own unit only, and a unit already busy is refused with nothing written', async () => {
    const officer = await file.as('jobrien');
    const own = await post('/units/411/initiate', { type: 'SUSPICIOUS', address: '8 Muzzey Street' }, officer);
    expect(own.statusCode).toBe(201);
    expect((own.json() as Record_).units.map((u) => u.callSign)).toEqual(['411']);
    expect((await post('/units/412/initiate', { type: 'SUSPICIOUS', address: '9 Muzzey Street' }, officer)).statusCode).toBe(403);
    const before = await incidentCount();
    const busy = await post('/units/411/initiate', { type: 'MV_STOP', address: 'Route 2', plate: 'XYZ9' }, officer);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'unit.unavailable' });
    expect(await incidentCount()).toBe(before);
    expect((await post('/units/412/initiate', { type: 'NOT_A_TYPE', address: 'x' }, file.dispatcher)).json()).toMatchObject({ code: 'incident.unknown_type' });
    expect((await post('/units/412/initiate', { type: 'MV_STOP', address: 'x', plate: 'A;B' }, file.dispatcher)).statusCode).toBe(400);
  });

  test('a field officer takes a pending incident for their own unit; a two-officer call still needs its response (81A §E.3)', async () => {
    const officer = await file.as('pnguyen');
    const welfare = await openIncident(file.server.ctx, { type: 'WELFARE', address: '3 Hancock Street' });
    const taken = await post('/units/412/self-assign', { incident: welfare }, officer);
    expect(taken.statusCode).toBe(200);
    expect((await unitRow('412')).incident_number).toBe(welfare);
    await post(`/units/412/status`, { status: 'available' }, officer);
    const domestic = await openIncident(file.server.ctx, { type: 'DOMESTIC', address: '5 Oak Street' });
    const alone = await post('/units/412/self-assign', { incident: domestic }, officer);
    expect(alone.statusCode).toBe(409);
    expect(alone.json()).toMatchObject({ code: 'response.too_few_units', clause: '81A §E.3' });
    expect((await post('/units/413/self-assign', { incident: domestic }, officer)).statusCode).toBe(403);
  });
});
