import { expect, test } from 'vitest';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';
import { markConfidential } from '../src/dispatch/units/service.ts';

type H = Record<string, string>;

// A records clerk has no CAD access (no events.read), yet starts a citation, crash report or tow from a
// CAD incident number: the records side answers what such a record is filled with, and nothing of the log.
forEachDatabase('records: a clerk without CAD access starts a citation, crash report or tow from a CAD incident (S-110 §A.1.p, e, w)', (database) => {
  const file = serverForFile(database, async (server) => {
    const as = await demoAgency(server.ctx, server.app);
    return { officer: await as('jobrien'), clerk: await as('swhitaker'), court: await as('cdelgado') };
  });
  const call = async (headers: H, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await file.server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json() };
  };

  test('from a traffic stop the clerk gets its type, time, place, plate and case, never the CAD log, and files a citation under its case (S-110 §A.1.p, §B)', async () => {
    const stop = (await call(file.officer, 'POST', '/units/411/initiate', { type: 'MV_STOP', address: 'Route 9 at Elm Street', plate: '7rt 442', state: 'ma' })).body;
    expect((await call(file.clerk, 'GET', `/incidents/${stop.number}`)).status).toBe(403); // the clerk may not read CAD
    const start = await call(file.clerk, 'GET', `/cases/from-incident/${stop.number}`);
    expect(start.status).toBe(200);
    expect(start.body).toEqual({
      incidentNumber: stop.number, type: 'MV_STOP', typeName: expect.any(String), reportedAt: stop.reportedAt, address: 'Route 9 at Elm Street',
      plate: '7RT 442', plateState: 'MA', caseNumber: null,
    });
    expect(JSON.stringify(start.body)).not.toMatch(/Traffic stop by|411|timeline|narrative/); // neither the narrative nor the unit
    const cited = await call(file.clerk, 'POST', '/citations', {
      number: 'T9001', incidentNumber: stop.number, plate: start.body.plate, plateState: start.body.plateState, location: start.body.address, violations: ['90-17'],
    });
    expect(cited.status).toBe(201);
    expect((await call(file.clerk, 'GET', `/cases/from-incident/${stop.number}`)).body.caseNumber).toBe(cited.body.caseNumber); // the stop's one case
    const tow = await call(file.clerk, 'POST', '/tows', {
      incidentNumber: stop.number, vehicleId: (await call(file.clerk, 'POST', '/vehicles', { plate: '7RT 442', state: 'MA' })).body.id,
      company: 'Pioneer Valley Towing', reason: 'Unregistered', storageLocation: '12 Industrial Dr',
    });
    expect(tow.body.caseNumber).toBe(cited.body.caseNumber);
  });

  test('an incident that is not a traffic stop fills the place and time, no plate; an unknown or malformed number is refused (S-110 §A.1.e)', async () => {
    const crash = await openIncident(file.server.ctx, { type: 'MVA', address: '40 Quarry Lane' });
    expect((await call(file.clerk, 'GET', `/cases/from-incident/${crash}`)).body).toMatchObject({ incidentNumber: crash, address: '40 Quarry Lane', plate: null, plateState: null });
    expect((await call(file.clerk, 'GET', '/cases/from-incident/26-99999')).body).toMatchObject({ status: 404, code: 'incident.not_found' });
    expect((await call(file.clerk, 'GET', '/cases/from-incident/C26-00001')).status).toBe(400);
    expect((await call(file.court, 'GET', `/cases/from-incident/${crash}`)).status).toBe(403); // reading records is not writing them
  });

  test('a confidential incident is answered only to dispatch.confidential or records.release; to other writers it does not exist (81A §E.2.c)', async () => {
    const hidden = await openIncident(file.server.ctx, { type: 'MVA', address: '3 Hidden Lane' });
    await markConfidential(file.server.ctx, { username: 'dkowalski', roles: ['dispatcher'], source: 'test', remote: false }, hidden, 'shelter resident');
    const refused = await call(file.officer, 'GET', `/cases/from-incident/${hidden}`); // records.write, no records.release or dispatch.confidential
    expect(refused.body).toMatchObject({ status: 404, code: 'incident.not_found' });
    expect(JSON.stringify(refused.body)).not.toContain('Hidden Lane');
    expect((await call(file.clerk, 'GET', `/cases/from-incident/${hidden}`)).body).toMatchObject({ address: '3 Hidden Lane' }); // the clerk holds records.release
  });
});
