import { expect } from 'vitest';
import type { App } from '../../src/app/server.ts';
import type { Db } from '../../src/db/index.ts';
import { DEMO_BOXES } from '../../src/keys/demo.ts';
import { agencyDate } from '../../src/core/clock.ts';

type H = Record<string, string>;
const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

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
  /** The agency's time zone, for its today. */
  timeZone: string;
}

/**
 * The rest of the access matrix's scenario (issue 13, point 6): each step goes through the
 * route a user would call, as the demo login who would call it, so that as many kinds of the
 * event catalogue as the routes can write are on the log: calls from ring to link, a unit's
 * work on an incident to its close, units, the directory, Knox keys, and the records
 * of the Records Bureau (names, cases, reports, orders, property, citations, crashes, tows).
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

  // 81A §C.4–C.5, §D.4: an ALI field verified, a call transferred once with the caller told, another relayed, a mailed report screened by the OIC
  const checked = (await post('/calls', { line: 'e911', ali: { callbackNumber: '5085550177', address: '3 Check Row', lat: 42.45, lon: -71.23 } }, 'dkowalski')).id;
  await post(`/calls/${checked}/answer`, undefined, 'dkowalski');
  await post(`/calls/${checked}/ali-checks`, { field: 'callbackNumber', action: 'verified' }, 'dkowalski');
  await post(`/calls/${checked}/relay`, { agency: 'Fire Alarm', information: 'Smoke at 3 Check Row' }, 'dkowalski');
  await post(`/calls/${checked}/transfer`, { to: 'Waltham Police', callerAdvised: true }, 'dkowalski');
  const mailed = (await post('/calls', { line: 'report', callerName: 'Letter from A. Smith' }, 'dkowalski')).id;
  await post(`/calls/${mailed}/screening`, { medium: 'mail', summary: 'Bicycle stolen from porch last week' }, 'dkowalski');
  await post(`/calls/${mailed}/screening/decision`, { decision: 'respond' }, 'mreyes');

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
  // officer safety at call time: a records clerk flags a dog at the address, then removes the flag
  const flag = (await post('/caution-flags', { address: '10 Worked Row', kind: 'dog', note: 'Dog loose in the yard', source: 'Officer report' }, 'swhitaker')).id;
  await post(`/caution-flags/${flag}/remove`, { reason: 'The dog was rehomed' }, 'swhitaker');
  // 81A §D.3: the closed incident reopened, its type corrected with a reason; §C "Multiple Calls": a duplicate merged into it
  await post(`/incidents/${worked}/reopen`, { reason: 'The caller rang back: the parties are arguing again' }, 'dkowalski');
  await post(`/incidents/${worked}/corrections`, { reason: 'A weapon was seen', type: 'ASSAULT' }, 'dkowalski');
  const repeat = (await post('/incidents', { type: 'DISTURB', location: { address: '10 Worked Row' } }, 'dkowalski')).number;
  await post(`/incidents/${repeat}/merge`, { into: worked, reason: 'Same disturbance, a second call-taker' }, 'dkowalski');
  await post(`/incidents/${worked}/close`, { disposition: 'ADVISED' }, 'dkowalski');
  // 81A §E.6.d: 411, free again, backs up on the plain incident and tells dispatch, then clears
  await post('/units/411/backup', { incident: w.plain }, 'jobrien');
  await post(`/incidents/${w.plain}/units/411/clear`, {}, 'dkowalski');

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
  // O-604 §III.F: the OIC closes a welfare check with the master keys still out, with a reason; the alert clears itself at the return
  const welfare = (await post('/incidents', { type: 'WELFARE', location: { address: '40 Hillside Terrace' } }, 'dkowalski')).number;
  const keysOut = (await post('/knox/accesses', { box: 'MHA-HILLSIDE', incident: welfare, reason: 'welfare_check', apartments: ['A2A'] }, 'jobrien')).id;
  await post(`/knox/accesses/${keysOut}/authorize`, {}, 'mreyes');
  await post(`/knox/accesses/${keysOut}/removed`, {}, 'jobrien');
  await post(`/incidents/${welfare}/close`, { disposition: 'ADVISED', override: { reason: 'Officer sent on to a priority-1 call; keys go back after it' } }, 'mreyes');
  await post(`/knox/accesses/${keysOut}/returned`, {}, 'jobrien');
  // O-604 §III.A, §III.I: the Supply Supervisor corrects a box's contacts; the OIC reports a box's master keys missing
  const { id: box, ...fields } = DEMO_BOXES[1]!;
  await send('PUT', `/knox/boxes/${box}`, { ...fields, contacts: [{ role: 'Executive Director', name: 'Dana Whitcomb', email: 'ed@sha.millbrook.invalid' }] }, 'lmorgan');
  await post(`/knox/boxes/${box}/missing-keys`, { details: 'Box found open, ring of master keys gone.' }, 'mreyes');
  const out = await w.db.selectFrom('knox_assignment').select(['key_number', 'officer']).where('returned_at', 'is', null).where('lost_at', 'is', null).orderBy('assigned_at').execute();
  const jobrien = out.find((k) => k.officer === 'jobrien');
  if (jobrien) await post(`/knox/keys/${jobrien.key_number}/return`, undefined, 'mreyes');
  await post('/knox/keys', { number: 'MX-KEY-2' }, 'lmorgan');
  await post('/knox/keys/MX-KEY-2/assign', { officer: 'jobrien' }, 'mreyes');
  await post('/knox/keys/MX-KEY-2/lost', { details: 'Not found after the shift; officer searched the cruiser.' }, 'mreyes');

  // the administrator's and the OIC's settings: a code table row, the hold limit, the on-scene timer (81A §C.2.c.i, §E.6)
  await send('PUT', '/code-tables/call_line/business', { name: 'Business line', attrs: { priority: 3, greeting: 'Millbrook Police. This call is being recorded.' } }, 'afischer');
  await send('PUT', '/calls/settings', { holdLimitSeconds: 45 }, 'afischer');
  await send('PUT', '/dispatch/timers', { onSceneMinutes: 20 }, 'mreyes');
  // the administration screens: the agency profile, a unit moved to another sector, a detail unit added and retired
  await send('PUT', '/agency', { name: 'Millbrook Police Department', address: '100 Main Street, Millbrook, MA 01099', phone: '(413) 555-0100',
    businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' }, courtHours: { days: [1, 2, 3, 4, 5], start: '08:30', end: '16:30' } }, 'afischer');
  await send('PATCH', '/unit-register/E2', { area: 'Station 2' }, 'afischer');
  await post('/units', { callSign: 'MX-9', kind: 'detail', service: 'police' }, 'afischer');
  await post('/unit-register/MX-9/retire', { reason: 'Detail ended' }, 'afischer');

  // 81A §B.2–B.3, §E.6.e, §H: a radio registered, an officer's emergency credential issued and revoked, a generator alarm and who was told,
  // its alert acknowledged, the fire roster, a residential phone, an emergency message from receipt to the requester told
  await post('/radios', { radioId: 'MX-P1', kind: 'portable', username: 'pnguyen' }, 'dkowalski');
  const credential = (await post('/units/411/emergency-credential', {}, 'jobrien')).id;
  await post(`/emergency-credentials/${credential}/revoke`, {}, 'afischer');
  const alarm = await post('/facility-alarms', { facility: 'generator', note: 'panel shows low fuel' }, 'dkowalski');
  await post(`/facility-alarms/${alarm.id}/told`, { who: 'mreyes', means: 'radio' }, 'dkowalski');
  await post(`/alerts/${alarm.alertId as string}/acknowledge`, { note: 'Facilities called, fuel on its way' }, 'dkowalski');
  await post('/directory/roster', { shift: 'Fire group C (24 h)', entries: [{ callSign: 'E2', assignment: 'Engine 2 crew' }] }, 'mreyes');
  await send('PUT', '/directory/residential-phones/jobrien', { phone: '(413) 555-0123' }, 'afischer');
  const message = (await post('/emergency-messages', { kind: 'injury_illness', message: 'Mother admitted to Mercy Hospital ICU', requester: { name: 'Nurse R. Alvarez', phone: '(413) 555-0199', agency: 'Mercy Hospital' }, recipient: { name: 'Chris Doyle', address: '41 Oak Street' } }, 'dkowalski')).id;
  await post(`/emergency-messages/${message}/decision`, { means: 'officer_in_person', note: '412 to deliver in person' }, 'mreyes');
  await post(`/emergency-messages/${message}/delivery`, { delivered: false, note: 'nobody home at 41 Oak Street' }, 'dkowalski');
  await post(`/emergency-messages/${message}/requester-told`, { note: 'called Nurse Alvarez back' }, 'dkowalski');
  // 81A §E.7: an officer's terminal reports 411's position
  await post('/geo/units/411/position', { lat: 42.3325, lon: -72.64 }, 'jobrien');

  // O-604 §III.B: the Supply Supervisor acknowledges the lost key's notice
  const notices = await w.app.inject({ url: '/api/v1/knox/alerts', headers: w.as('lmorgan') });
  const lostNotice = (notices.json() as { id: string; key: string | null }[]).find((a) => a.key === 'MX-KEY-2');
  expect(lostNotice, notices.body).toBeDefined();
  await post(`/knox/alerts/${lostNotice!.id}/acknowledge`, undefined, 'lmorgan');
  // S-110: names, cases, reports returned and supplemented, orders, property, citations, crashes
  await send('PATCH', `/names/${w.adult}`, { weightLb: 180 }, 'swhitaker');
  await post(`/names/${w.adult}/details`, { aliases: [{ first: 'Addie', last: 'Witness' }] }, 'swhitaker');
  const kase = (await post('/cases', { type: 'DOMESTIC', location: '17 Linden Street' }, 'jobrien')).number;
  const returned = (await post('/reports', { kind: 'incident', occurredAt: '2026-03-16T15:00:00Z', fields: { offense: 'Larceny', location: 'Main St' }, narrative: 'z', parties: [{ type: 'person', id: w.adult, role: 'witness' }] }, 'pnguyen')).id;
  await post(`/reports/${returned}/submit`, {}, 'pnguyen');
  await post(`/reports/${returned}/return`, { comments: 'Add the store value of the items.' }, 'mreyes');
  await post(`/reports/${w.adultReport}/supplements`, { narrative: 'Store manager later identified a second item.' }, 'pnguyen');
  const respondent = (await post('/names', { first: 'Tyler', last: 'Matrixbrook', dob: '1988-07-04' }, 'swhitaker')).id;
  const restraining = (await post('/orders', { kind: 'restraining', caseNumber: kase, respondentId: respondent, protectedId: w.adult, addresses: ['17 Linden Street, Millbrook'], terms: 'Stay away 100 yards', court: 'Northampton District Court', docket: '2611RO0099', issuedOn: '2026-01-05', expiresOn: '2099-01-05' }, 'swhitaker')).id;
  const trespass = (await post('/orders', { kind: 'trespass', caseNumber: kase, respondentId: respondent, addresses: ['5 Mill Road'], terms: 'Not to enter the Mill Road store', issuedOn: '2026-01-01', expiresOn: '2099-12-31' }, 'swhitaker')).id;
  await post(`/orders/${restraining}/service`, {}, 'swhitaker');
  await post(`/orders/${trespass}/vacate`, {}, 'swhitaker');
  const item = (await post('/property', { caseNumber: kase, kind: 'evidence', category: 'Electronics', description: 'Black laptop', make: 'Dell', model: 'Latitude 5420', serial: 'MX-55A', value: 650, location: 'Locker 4' }, 'jobrien')).id;
  await post(`/property/${item}/custody`, { action: 'transfer', from: 'Locker 4', to: 'Shelf B-3', receivedBy: { username: 'swhitaker' }, reason: 'logged into the property room' }, 'swhitaker');
  await post(`/property/${item}/custody`, { action: 'lab', from: 'Shelf B-3', to: 'State Police Crime Lab', receivedBy: { outside: 'Analyst R. Okafor' }, reason: 'fingerprint analysis' }, 'swhitaker');
  await post(`/property/${item}/custody`, { action: 'returned', from: 'State Police Crime Lab', to: 'Shelf B-3', receivedBy: { username: 'swhitaker' }, reason: 'analysis done' }, 'swhitaker');
  // S-110 §A.1.j, u: to court and back, released to the owner on the OIC's authorization; a second item destroyed; a stolen item recovered; a shelf audit
  await post(`/property/${item}/custody`, { action: 'court', from: 'Shelf B-3', to: 'Northampton District Court', receivedBy: { outside: 'Clerk of court' }, reason: 'trial exhibit' }, 'swhitaker');
  await post(`/property/${item}/custody`, { action: 'returned', from: 'Northampton District Court', to: 'Shelf B-3', receivedBy: { username: 'swhitaker' }, reason: 'trial over' }, 'swhitaker');
  const release = (await post(`/property/${item}/authorizations`, { action: 'release', reason: 'case closed, owner proved ownership' }, 'mreyes')).id;
  await post(`/property/${item}/custody`, { action: 'release', from: 'Shelf B-3', to: 'Owner', receivedBy: { outside: 'Maria Ortiz (owner)' }, reason: 'returned to owner', authorizationId: release }, 'swhitaker');
  const knife = (await post('/property', { caseNumber: kase, kind: 'evidence', category: 'Misc', description: 'Kitchen knife', location: 'Vault' }, 'jobrien')).id;
  const destroy = (await post(`/property/${knife}/authorizations`, { action: 'destruction', reason: 'court order 26-CR-114' }, 'mreyes')).id;
  await post(`/property/${knife}/custody`, { action: 'destruction', from: 'Vault', to: 'Incinerator', receivedBy: { outside: 'Northampton DPW' }, reason: 'court order', authorizationId: destroy }, 'swhitaker');
  const stolen = (await post('/property', { caseNumber: kase, kind: 'stolen', category: 'Tools', description: 'Cordless drill, yellow', make: 'DeWalt', serial: 'MX-DW-7781' }, 'jobrien')).id;
  const found = (await post('/property', { caseNumber: kase, kind: 'evidence', category: 'Tools', description: 'Yellow drill found in a car', serial: 'MX-DW-7781', location: 'Shelf C-1' }, 'jobrien')).id;
  await post(`/property/${found}/recovers`, { stolenId: stolen }, 'jobrien');
  const audit = (await post('/property-audits', { location: 'Shelf C-1' }, 'swhitaker')).id;
  const tag = (await w.db.selectFrom('property_item').select('tag').where('id', '=', found).executeTakeFirstOrThrow()).tag;
  await post(`/property-audits/${audit}/scans`, { tag }, 'swhitaker');
  await post(`/property-audits/${audit}/close`, undefined, 'swhitaker');
  // S-110: a duplicate master name merged into the respondent, and the merge undone
  const duplicate = (await post('/names', { first: 'Tyler', last: 'Matrixbrook', dob: '1988-07-04' }, 'swhitaker')).id;
  const merged = await post(`/names/${respondent}/merge`, { duplicateId: duplicate, reason: 'Same licence number and DOB' }, 'swhitaker');
  await post(`/names/merges/${merged.mergeId as string}/undo`, { reason: 'Different middle names; not the same man' }, 'swhitaker');
  await post('/citations', { number: 'T9900001', incidentNumber: w.plain, violatorId: respondent, vehicleId: w.vehicle, location: 'Route 9 at King Street', violations: ['90-17'] }, 'jobrien');
  const crash = (await post('/crashes', { caseNumber: kase, occurredAt: '2026-02-11T08:15:00Z', location: 'Main St at Elm St', road: 'ice', light: 'daylight', weather: 'snow', units: [{ vehicleId: w.vehicle, driverId: respondent, damage: 'front end', occupants: [] }] }, 'jobrien')).id;
  const diagram = await w.app.inject({ method: 'PUT', url: `/api/v1/crashes/${crash}/diagram`, payload: PNG_HEADER, headers: { ...w.as('jobrien'), 'content-type': 'image/png' } });
  expect(diagram.statusCode, diagram.body).toBeLessThan(300);
  const tow = (await w.db.selectFrom('tow').select('id').executeTakeFirstOrThrow()).id;
  await post(`/tows/${tow}/owner-notified`, { how: 'Letter to the registered owner' }, 'swhitaker');
  await post(`/tows/${tow}/release`, { to: 'Registered owner, ID checked' }, 'swhitaker');
  // 81A §J.3.b: a dispatcher enters a warrant with its documents and the DA's authorization; the court recalls it and it is cancelled
  const documents: string[] = [];
  for (const kind of ['warrant_printout', 'incident_report', 'da_authorization']) {
    const r = await w.app.inject({ method: 'POST', url: `/api/v1/cjis/documents?kind=${kind}`, payload: Buffer.from(`%PDF-1.4\n% ${kind}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`), headers: { ...w.as('dkowalski'), 'content-type': 'application/pdf' } });
    expect(r.statusCode, r.body).toBe(201);
    documents.push(r.json().id as string);
  }
  const warrant = (await post('/cjis/entries', { kind: 'warrant', name: 'KRUGER,PAUL', dob: '1977-05-09', sex: 'M', race: 'W', offense: 'Assault and battery', warrantNumber: '2601CR000777', warrantDate: '2026-10-01', outOfStateNeed: 'Believed to have fled to New Hampshire', documents }, 'dkowalski')).id;
  await post(`/cjis/entries/${warrant}/recall`, { recalledOn: agencyDate(w.timeZone) }, 'dkowalski');
  await post(`/cjis/entries/${warrant}/cancel`, { reason: 'Warrant recalled by the court' }, 'dkowalski');
  await post('/citations/T9900001/disposition', { disposition: 'paid' }, 'swhitaker');
  await post(`/cases/${kase}/status`, { status: 'inactive' }, 'mreyes');
  // O-604 §III.H: the Supply Supervisor sets the outbound mail the reporting forms go by (last, so nothing waits on it)
  await send('PUT', '/knox/outbound', { smtpUrl: 'smtp://127.0.0.1:9', from: 'dispatch@millbrook-pd.invalid' }, 'lmorgan');
}
