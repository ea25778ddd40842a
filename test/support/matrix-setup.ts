import { expect } from 'vitest';
import type { App } from '../../src/app/server.ts';
import type { Db } from '../../src/db/index.ts';

type H = Record<string, string>;

/** What the matrix's first part of the scenario made, that this part builds on. */
export interface MatrixWorld {
  app: App;
  db: Db;
  /** The headers of a demo login. */
  as(username: string): H;
  /** An open, non-confidential incident. */
  plain: string;
  /** An adult's master name, and an approved report naming them. */
  adult: string;
  adultReport: string;
  vehicle: string;
}

/**
 * The rest of the access matrix's scenario (issue 13, point 6): each step goes through the
 * route a user would call, as the demo login who would call it, so that as many kinds of the
 * event catalogue as the routes can write are on the log: calls from ring to link, a unit's
 * work on an incident to its close, units, the directory, Knox keys, and the records
 * of the Records Bureau (names, cases, reports, orders, property, citations, crashes).
 */
export async function writeMoreKinds(w: MatrixWorld): Promise<void> {
  const send = async (method: 'POST' | 'PUT' | 'PATCH', path: string, payload: unknown, by: string) => {
    const r = await w.app.inject({ method, url: `/api/v1${path}`, headers: w.as(by), ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(r.statusCode, `${method} ${path}: ${r.body}`).toBeLessThan(300);
    return (r.body ? r.json() : {}) as Record<string, unknown> & { id: string; number: string };
  };
  const post = (path: string, payload: unknown, by: string) => send('POST', path, payload, by);

  // 81A §C: a 911 call answered, held, resumed, screened for details and linked to the plain incident; a business call closed without an incident
  const call = (await post('/calls', { line: 'e911', callerName: 'Matrix Caller', ali: { callbackNumber: '5085550199', address: '6 Plain Row', lat: 42.45, lon: -71.23 } }, 'dkowalski')).id;
  await post(`/calls/${call}/answer`, undefined, 'dkowalski');
  await post(`/calls/${call}/hold`, { reason: 'another line is ringing' }, 'dkowalski');
  await post(`/calls/${call}/answer`, undefined, 'dkowalski');
  await post(`/calls/${call}/details`, { category: 'emergency', answers: { valid: true, in_progress: 'in progress', injury_potential: true } }, 'dkowalski');
  await post(`/calls/${call}/link`, { incident: w.plain }, 'dkowalski');
  await post(`/calls/${call}/end`, undefined, 'dkowalski');
  const business = (await post('/calls', { line: 'business' }, 'dkowalski')).id;
  await post(`/calls/${business}/answer`, undefined, 'dkowalski');
  await post(`/calls/${business}/close`, { type: 'DIRECTIONS', note: 'Asked the way to Town Hall' }, 'dkowalski');

  // 81A §D–E: unit 411 dispatched to an incident, on scene, a journal note and its correction, cleared, the incident closed
  const worked = (await post('/incidents', { type: 'DISTURB', location: { address: '10 Worked Row' } }, 'dkowalski')).number;
  await post(`/incidents/${worked}/dispatch`, { units: ['411'], override: { reason: 'the second unit is tied up at a crash' } }, 'mreyes'); // 81A §E.1.b.ii, §E.3: a response overridden
  await post('/units/411/status', { status: 'en_route' }, 'dkowalski');
  await post('/units/411/status', { status: 'arrived' }, 'dkowalski');
  const noted = await post(`/incidents/${worked}/notes`, { text: 'Parties separated' }, 'dkowalski');
  const note = (noted.timeline as { seq: number; kind: string }[]).filter((e) => e.kind === 'incident.note').at(-1)!.seq;
  await post(`/incidents/${worked}/notes`, { text: 'Parties separated by 411, not 412', corrects: note }, 'dkowalski');
  await post(`/incidents/${worked}/units/411/clear`, {}, 'dkowalski');
  await post(`/incidents/${worked}/close`, { disposition: 'ADVISED' }, 'dkowalski');

  // 81A §E.5: a paid detail put on the board, its crew, its place, on standby and contacted
  await post('/units', { callSign: 'MX1', kind: 'detail', service: 'police', description: 'Matrix detail', personnel: ['Ofc. A. Lee'] }, 'dkowalski');
  await send('PUT', '/units/MX1/personnel', { personnel: ['Ofc. A. Lee', 'Ofc. B. Cho'] }, 'dkowalski');
  await post('/units/MX1/location', { lat: 42.4473, lon: -71.2245 }, 'dkowalski');
  await post('/units/MX1/standby', { reason: 'urgent phone call for the officer' }, 'dkowalski');
  await post('/units/MX1/unanswered', {}, 'dkowalski');
  await post('/units/MX1/contact', { via: 'cell phone' }, 'dkowalski');

  // 81A §C.3: the directory
  const entry = (await post('/directory/entries', { category: 'utility', name: 'Matrix Utility desk', phone: '(800) 555-0142' }, 'dkowalski')).id;
  await send('PUT', `/directory/entries/${entry}`, { category: 'utility', name: 'Matrix Utility outage desk', phone: '(800) 555-0143' }, 'dkowalski');

  // O-604 §III.A–B: a key registered and retired by the Supply Supervisor; the OIC takes back the keys out with the officers
  await post('/knox/keys', { number: 'MX-KEY-1' }, 'lmorgan');
  await post('/knox/keys/MX-KEY-1/retire', { details: 'Returned to the Housing Authority' }, 'lmorgan');
  const out = await w.db.selectFrom('knox_assignment').select(['key_number', 'officer']).where('returned_at', 'is', null).where('lost_at', 'is', null).orderBy('assigned_at').execute();
  const jobrien = out.find((k) => k.officer === 'jobrien');
  if (jobrien) await post(`/knox/keys/${jobrien.key_number}/return`, undefined, 'mreyes');
  await post('/knox/keys', { number: 'MX-KEY-2' }, 'lmorgan');
  await post('/knox/keys/MX-KEY-2/assign', { officer: 'jobrien' }, 'mreyes');
  await post('/knox/keys/MX-KEY-2/lost', { details: 'Not found after the shift; officer searched the cruiser.' }, 'mreyes');

  // S-110: names, cases, reports returned and supplemented, orders, property, citations, crashes
  await send('PATCH', `/names/${w.adult}`, { weightLb: 180 }, 'swhitaker');
  await post(`/names/${w.adult}/details`, { aliases: [{ first: 'Addie', last: 'Witness' }] }, 'swhitaker');
  const kase = (await post('/cases', { type: 'DOMESTIC', location: '17 Linden Street' }, 'jobrien')).number;
  const returned = (await post('/reports', { kind: 'incident', occurredAt: '2026-03-16T15:00:00Z', fields: { offense: 'Larceny', location: 'Main St' }, narrative: 'z', parties: [{ type: 'person', id: w.adult, role: 'witness' }] }, 'pnguyen')).id;
  await post(`/reports/${returned}/submit`, {}, 'pnguyen');
  await post(`/reports/${returned}/return`, { comments: 'Add the store value of the items.' }, 'mreyes');
  await post(`/reports/${w.adultReport}/supplements`, { narrative: 'Store manager later identified a second item.' }, 'pnguyen');
  const respondent = (await post('/names', { first: 'Tyler', last: 'Matrixbrook', dob: '1988-07-04' }, 'swhitaker')).id;
  await post('/orders', { kind: 'restraining', caseNumber: kase, respondentId: respondent, protectedId: w.adult, addresses: ['17 Linden Street, Millbrook'], terms: 'Stay away 100 yards', court: 'Northampton District Court', docket: '2611RO0099', issuedOn: '2026-01-05', expiresOn: '2099-01-05' }, 'swhitaker');
  await post('/orders', { kind: 'trespass', caseNumber: kase, respondentId: respondent, addresses: ['5 Mill Road'], terms: 'Not to enter the Mill Road store', issuedOn: '2026-01-01', expiresOn: '2099-12-31' }, 'swhitaker');
  await post('/property', { caseNumber: kase, kind: 'evidence', category: 'Electronics', description: 'Black laptop', make: 'Dell', model: 'Latitude 5420', serial: 'MX-55A', value: 650, location: 'Locker 4' }, 'jobrien');
  await post('/citations', { number: 'T9900001', incidentNumber: w.plain, violatorId: respondent, vehicleId: w.vehicle, location: 'Route 9 at King Street', violations: ['90-17'] }, 'jobrien');
  await post('/crashes', { caseNumber: kase, occurredAt: '2026-02-11T08:15:00Z', location: 'Main St at Elm St', road: 'ice', light: 'daylight', weather: 'snow', units: [{ vehicleId: w.vehicle, driverId: respondent, damage: 'front end', occupants: [] }] }, 'jobrien');
  await post(`/cases/${kase}/status`, { status: 'inactive' }, 'mreyes');
}
