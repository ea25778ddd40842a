import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { signedInAs } from './support/session.ts';
import { lastSeq, type DispatchEvent } from '../src/core/events/log.ts';
import { EVENT_KINDS, type EventKind } from '../src/core/events/catalogue.ts';
import { ruledRecordKinds } from '../src/core/events/visibility.ts';
import { ROLES, permissionsOf, type Permission, type Role } from '../src/core/permissions.ts';
import { createIncident } from '../src/dispatch/incidents/service.ts';
import { writeMoreKinds } from './support/matrix-setup.ts';

type H = Record<string, string>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/**
 * The kinds of the event catalogue this setup does not write, each with the reason. A
 * kind added to the catalogue fails the matrix until the setup writes it (and every
 * reader is checked against it) or it is listed here with a reason.
 */
const INCIDENT = "not written by the setup; an event whose subject is an incident follows the incident rule, checked here on incident.created, incident.note and its correction, incident.units_dispatched, incident.marked_confidential, a response overridden, a unit's status, its clearing and the close";
const CJIS = "not written by the setup; every CJIS event follows the CJIS rule (its actor, or the requester a switch answer is for, and holders of cjis.manage, 81A §J.1.b.x), checked here on queries, a confirmation request, a locate, a WMS change, an entry and a certification";
const SWITCH = "written when the training switch answers on its own clock, so it may or may not be on the log when the setup ends; when it is, every reader is checked against it";
const OPEN = "not written by the setup; its record (settings, units, alerts, caution flags (officer safety: dispatch and patrol read them at call time), radios, credentials, facility alarms, the directory and roster, Knox boxes and keys) is open to every holder of events.read (OPEN_RECORDS), checked here on settings and a code table, a unit added, crewed, located, on standby, unanswered, contacted and its position, a radio, a credential issued and revoked, a facility alarm, an alert acknowledged, directory entries, the roster and Knox keys registered, retired, returned and lost";
const JOB = "written by a server job on its own clock (a certification about to expire, an overdue confirmation, an unreturned key, an overdue unit), so it may or may not be on the log when the setup ends; when it is, every reader is checked against it";
const NOT_REACHED: Partial<Record<EventKind, string>> = {
  'incident.recording_linked': INCIDENT,
  'incident.emd_answer': INCIDENT,
  'incident.emd_instruction': INCIDENT,
  'alert.raised': JOB,
  'alert.shift_commander_notified': OPEN,
  'unit.positions': "written for several units at once by the AVL listener and the gateway's feed (test/geo.test.ts), not by the setup; its record, a unit's position, is open to every holder of events.read (OPEN_RECORDS: unit_position), checked here on the unit.position the setup writes",
  'cjis.entry.cleared': CJIS,
  'cjis.confirmation.answered': SWITCH,
  'cjis.confirmation.overdue': JOB,
  'cjis.message.received': CJIS,
  'cjis.certification.expiring': JOB,
  'knox.key_unreturned': JOB,
  'call.callback_attempt': "not written by the setup; a call's events are open to every holder of events.read (OPEN_RECORDS: call), checked here on the calls the setup takes; test/calls-callbacks.test.ts writes it",
  'call.callback_closed': "not written by the setup; a call's events are open to every holder of events.read (OPEN_RECORDS: call), checked here on the calls the setup takes; test/calls-callbacks.test.ts writes it",
  'records.property.received': "no route writes it: recording an item (records.property.recorded, written here) enters the item's first custody entry, 'received', without an event of its own, and a movement's action cannot be 'received'",
};
interface Reader { name: string; username: string; roles: Role[]; headers: H }

/** Kinds of record whose events are open to every holder of events.read (81A §E: the dispatch floor's picture). */
const OPEN_RECORDS = ['agency', 'alert', 'call', 'caution', 'cjis_entry', 'cjis_hit', 'cjis_message', 'code_table', 'directory_entry', 'emergency_credential', 'emergency_message', 'facility_alarm', 'geo_layer', 'knox_alert', 'knox_box', 'knox_key', 'radio', 'recording', 'roster', 'setting', 'unit', 'unit_position', 'user'];
const DEMO_READERS: Partial<Record<Role, string>> = {
  dispatcher: 'dkowalski', commanding_officer: 'mreyes', records_clerk: 'swhitaker', supply_supervisor: 'lmorgan', cjis_representative: 'tcarver',
  system_administrator: 'afischer', chief: 'rmcallister', captain: 'bokafor', court_administrator: 'cdelgado', auditor: 'hlindqvist',
};

/**
 * The matrix of issue point 6, generated: every event kind on the log (the catalogue as
 * the system writes it) × every role of the role table, plus the officer of an assigned
 * unit and an unassigned officer, read through the event log, the recent events and the
 * stream, each event checked against the policy of the record it is about; and every
 * record by id the same way. A new event kind or role is covered without a new test.
 */
forEachDatabase('the access matrix: every event kind × every role, on every channel', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let url: string;
  const readers: Reader[] = [];
  let log: DispatchEvent[] = [];
  const world = { accesses: new Map<string, { incident: string; parties: string[] }>(), photos: new Map<string, { type: 'report' | 'person'; id: string }>(), secret: new Set<string>(), assigned: new Map<string, string>(), juvenileReports: new Map<string, { author: string; status: string }>(), juvenilePeople: new Map<string, string[]>(), juvenileCases: new Map<string, string[]>() };

  beforeAll(async () => {
    process.env.PRECINCT_PHOTO_DIR = mkdtempSync(join(tmpdir(), 'precinct-matrix-photos-'));
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    for (const role of ROLES) {
      const demo = DEMO_READERS[role];
      if (demo) readers.push({ name: role, username: demo, roles: [role], headers: await signIn(demo) });
      else if (role !== 'patrol_officer') { const s = await signedInAs(server.ctx, server.app, [role]); readers.push({ name: role, username: s.username, roles: [role], headers: s.headers }); }
    }
    readers.push({ name: 'assigned officer (412)', username: 'pnguyen', roles: ['patrol_officer'], headers: await signIn('pnguyen') });
    readers.push({ name: 'unassigned officer (411)', username: 'jobrien', roles: ['patrol_officer'], headers: await signIn('jobrien') });
    const as = (u: string) => readers.find((r) => r.username === u)!.headers;
    const post = (path: string, payload: unknown, headers: H) => server.app.inject({ method: 'POST', url: `/api/v1${path}`, payload: payload as object, headers });
    // a scenario that writes the kinds the policies care about
    const dispatcherActor = { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
    const secret = (await createIncident(server.ctx, dispatcherActor, { type: 'WARRANT', location: { address: '2 Sealed Row' }, confidential: true })).number;
    await post(`/incidents/${secret}/dispatch`, { units: ['412', '413'] }, as('dkowalski'));
    const later = (await createIncident(server.ctx, dispatcherActor, { type: 'DISTURB', location: { address: '4 Open Row' } })).number;
    await post(`/incidents/${later}/confidential`, { reason: 'informant' }, as('dkowalski'));
    world.secret = new Set([secret, later]);
    world.assigned.set(secret, 'pnguyen'); // rides 412 today; nobody is assigned to the other
    const plain = (await createIncident(server.ctx, dispatcherActor, { type: 'DISTURB', location: { address: '6 Plain Row' } })).number;
    const youth = (await post('/names', { first: 'Quinn', last: 'Matrixson', dob: '2013-01-01' }, as('swhitaker'))).json().id as string;
    await post('/names', { first: 'Adult', last: 'Matrixson', dob: '1970-01-01' }, as('swhitaker'));
    const juvenileReport = (await post('/reports', { kind: 'incident', occurredAt: '2026-03-14T15:00:00Z', fields: { offense: 'Vandalism', location: 'Park' }, narrative: 'x', parties: [{ type: 'person', id: youth, role: 'suspect' }] }, as('jobrien'))).json().id as string;
    await post(`/incidents/${secret}/notes`, { text: 'Entry team staged on the north side' }, as('dkowalski'));
    await post(`/reports/${juvenileReport}/submit`, {}, as('jobrien')); // in the approval queue now (S-110 §B.1)
    const adult = (await post('/names', { first: 'Adult', last: 'Witness', dob: '1968-05-05' }, as('swhitaker'))).json().id as string;
    const adultReport = (await post('/reports', { kind: 'incident', occurredAt: '2026-03-15T15:00:00Z', fields: { offense: 'Larceny', location: 'Main St' }, narrative: 'y', parties: [{ type: 'person', id: adult, role: 'witness' }] }, as('pnguyen'))).json().id as string;
    await post(`/reports/${adultReport}/submit`, {}, as('pnguyen'));
    await post(`/reports/${adultReport}/approve`, {}, as('mreyes'));
    const vehicle = (await post('/vehicles', { plate: 'MTX 101', state: 'MA', make: 'Ford' }, as('swhitaker'))).json().id as string;
    await post('/businesses', { name: 'Matrix Hardware', address: '8 Plain Row, Millbrook' }, as('swhitaker'));
    expect((await post('/tows', { incidentNumber: plain, vehicleId: vehicle, company: 'Row Towing', reason: 'Abandoned', storageLocation: 'Row Towing yard' }, as('swhitaker'))).statusCode).toBe(201);
    // photos of a juvenile report (by its author) and of a juvenile-only person (by the records clerk), S-110 §B.1
    const upload = async (query: string, by: string) => (await server.app.inject({ method: 'POST', url: `/api/v1/photos?${query}`, payload: PNG, headers: { ...as(by), 'content-type': 'image/png' } })).json().id as string;
    world.photos.set(await upload(`reportId=${juvenileReport}`, 'jobrien'), { type: 'report', id: juvenileReport });
    world.photos.set(await upload(`personId=${youth}`, 'swhitaker'), { type: 'person', id: youth });
    // Knox accesses (O-604 §III): one through its whole chain on an open call, one on the confidential call
    const open = (await post('/knox/accesses', { box: 'MHA-HILLSIDE', incident: plain, reason: 'welfare_check', apartments: ['A1A'] }, as('jobrien'))).json().id as string;
    await post(`/knox/accesses/${open}/authorize`, {}, as('mreyes'));
    await post(`/knox/accesses/${open}/removed`, {}, as('jobrien'));
    await post(`/knox/accesses/${open}/returned`, {}, as('dkowalski'));
    const sealed = await post('/knox/accesses', { box: 'MHA-HILLSIDE', incident: secret, reason: 'welfare_check', apartments: ['A1B'], officer: 'pnguyen', oicNote: 'Occupant not answering; warrant team outside' }, as('mreyes'));
    expect(sealed.statusCode).toBe(201);
    await post(`/knox/accesses/${sealed.json().id as string}/authorize`, {}, as('mreyes'));
    // CJIS through the training switch (81A §J): a dispatcher's queries on the open call, a hit confirmation, a locate and a WMS change; an officer's own query; the CJIS representative records a certification
    const query = async (line: string, by: string, incident?: string) => { const r = await post('/cjis/queries', { line, purpose: 'C', ...(incident ? { incident } : {}) }, as(by)); expect(r.statusCode).toBe(201); return r.json() as { hits: { id: string; type?: string }[] }; };
    const plate = await query('PLATE ABC123 MA', 'dkowalski', plain);
    const confirm = await post(`/cjis/hits/${plate.hits.find((h) => h.type === 'stolen_vehicle')!.id}/confirmations`, { priority: 'urgent' }, as('dkowalski'));
    expect(confirm.statusCode, confirm.body).toBe(200);
    const person = await query('PERSON DOE,JOHN 1985-04-12 M', 'dkowalski', plain);
    expect((await post(`/cjis/hits/${person.hits[0]!.id}/locate`, {}, as('dkowalski'))).statusCode).toBeLessThan(300);
    const warrant = await query('WARRANT DOE,JOHN 1985-04-12', 'jobrien', plain);
    expect((await post(`/cjis/hits/${warrant.hits[0]!.id}/wms`, { caution: 'KNOWN TO RESIST ARREST' }, as('dkowalski'))).statusCode).toBe(200);
    expect((await post('/cjis/users/jobrien/certifications', { level: 'query_only', certifiedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) }, as('tcarver'))).statusCode).toBeLessThan(300);
    await writeMoreKinds({ app: server.app, db: server.ctx.db, as, plain, adult, adultReport, vehicle, timeZone: server.ctx.config.agency.timeZone });
    for (const a of await server.ctx.db.selectFrom('knox_access').selectAll().execute()) {
      world.accesses.set(a.id, { incident: a.incident_number, parties: [a.officer, a.requested_by, a.authorized_by, a.removed_logged_by, a.returned_logged_by].filter((u): u is string => !!u) });
    }
    // the facts of the world, read straight from the tables
    for (const r of await server.ctx.db.selectFrom('report').select(['id', 'juvenile', 'author', 'status', 'case_number']).execute()) {
      if (r.juvenile) world.juvenileReports.set(r.id, { author: r.author, status: r.status });
    }
    const parties = await server.ctx.db.selectFrom('report_party').innerJoin('report', 'report.id', 'report_party.report_id').select(['entity_id', 'report.juvenile', 'report.author']).where('entity_type', '=', 'person').execute();
    for (const p of parties) if (p.juvenile && !parties.some((q) => q.entity_id === p.entity_id && !q.juvenile)) world.juvenilePeople.set(p.entity_id, [...(world.juvenilePeople.get(p.entity_id) ?? []), p.author]);
    const byCase = await server.ctx.db.selectFrom('report').select(['case_number', 'juvenile', 'author']).where('case_number', 'is not', null).execute();
    for (const c of byCase) if (c.juvenile && !byCase.some((d) => d.case_number === c.case_number && !d.juvenile)) world.juvenileCases.set(c.case_number!, [c.author]);
    log = await server.ctx.db.selectFrom('event').selectAll().orderBy('seq').execute().then((rows) => rows.map((r) => ({
      seq: r.seq, at: r.at.toISOString(), kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id, actor: { user: r.actor_user, unit: r.actor_unit }, confidential: r.confidential, payload: r.payload,
    })));
    url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  }, 600_000);
  // the photo folder is this file's: integration files share their worker's process (isolate: false)
  afterAll(async () => { delete process.env.PRECINCT_PHOTO_DIR; await server?.close(); });

  /** The policy, written out from the clauses (81A §E.2.c, S-110 §B.1, §D), independent of the server's rule code. */
  function expected(reader: Reader, e: DispatchEvent): boolean {
    const held = permissionsOf(reader.roles);
    const incident = e.subjectType === 'incident' ? e.subjectId : typeof e.payload.incident === 'string' ? e.payload.incident : null;
    const secretFrom = (n: string) => world.secret.has(n) && !held.has('dispatch.confidential') && world.assigned.get(n) !== reader.username;
    if (incident && secretFrom(incident)) return false;
    const accessId = e.subjectType === 'knox_access' ? e.subjectId : typeof e.payload.accessId === 'string' ? e.payload.accessId : null;
    if (accessId !== null && !mayReadKnoxAccess(reader, accessId, secretFrom)) return false;
    // CJI for criminal justice purposes only (81A §J.1.b.x): the person who ran it and the CJIS representative
    // a CJIS event belongs to who ran it, or to whom the switch answered (payload.for)
    const cjisOwner = typeof e.payload.for === 'string' ? e.payload.for : e.actor.user;
    if (e.kind.startsWith('cjis.') && !(cjisOwner === reader.username || held.has('cjis.manage'))) return false;
    const records = held.has('records.read'); const juvenile = held.has('records.juvenile');
    if (incident && !['report', 'person', 'case'].includes(e.subjectType)) return true;
    switch (e.subjectType) {
      case 'incident': return true;
      case 'report': { const j = world.juvenileReports.get(e.subjectId); return records && (!j || juvenile || j.author === reader.username || (held.has('records.approve') && j.status === 'submitted')); }
      case 'person': { const a = world.juvenilePeople.get(e.subjectId); return records && (!a || juvenile || a.includes(reader.username)); }
      case 'case': { const a = world.juvenileCases.get(e.subjectId); return records && (!a || juvenile || a.includes(reader.username)); }
      case 'vehicle': case 'business': case 'order': case 'property': case 'property_audit': case 'citation': case 'crash': case 'tow': return records;
      default: return !e.confidential || held.has('dispatch.confidential');
    }
  }

  /** O-604 §III.H: the parties, the OIC and patrol supervisors, dispatch, the Supply Supervisor, the Records Bureau and the auditor; within the incident's rule. */
  function mayReadKnoxAccess(reader: Reader, id: string, secretFrom: (incident: string) => boolean): boolean {
    const held = permissionsOf(reader.roles);
    const access = world.accesses.get(id);
    if (!access || secretFrom(access.incident)) return false;
    return access.parties.includes(reader.username) || ['knox.authorize', 'dispatch.dispatch', 'knox.register', 'records.release', 'audit.read'].some((p) => held.has(p as Permission));
  }

  const streamed = (headers: H, last: number) => new Promise<DispatchEvent[]>((resolve, reject) => {
    const got: DispatchEvent[] = [];
    const socket = new WebSocket(`${url}/api/v1/stream?after=0`, { headers });
    socket.on('message', (data) => { got.push(JSON.parse(String(data)) as DispatchEvent); if (got.at(-1)!.seq >= last) socket.close(); });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });

  test('every kind of record on the log has a read rule or is one the policies leave open to events.read', () => {
    const kinds = new Set(log.map((e) => e.subjectType));
    for (const kind of kinds) expect([...ruledRecordKinds(), ...OPEN_RECORDS], `the kind of record "${kind}" needs a read rule`).toContain(kind);
  });

  test('every kind of the event catalogue is written by this setup and checked on every channel, or is listed with the reason the setup does not reach it', () => {
    const written = new Set(log.map((e) => e.kind));
    for (const kind of written) expect(EVENT_KINDS as readonly string[], `"${kind}" is on the log but not in the catalogue`).toContain(kind);
    const missing = EVENT_KINDS.filter((k) => !written.has(k) && !NOT_REACHED[k]);
    expect(missing.join(' '), 'event kinds neither written by the setup nor listed in NOT_REACHED with a reason').toBe('');
    const stale = EVENT_KINDS.filter((k) => written.has(k) && NOT_REACHED[k] && NOT_REACHED[k] !== JOB && NOT_REACHED[k] !== SWITCH);
    expect(stale.join(' '), 'event kinds the setup writes: take them off NOT_REACHED').toBe('');
  });

  test('every role of the role table, and an assigned and an unassigned officer, is a reader of the matrix', () => {
    for (const role of ROLES.filter((r) => r !== 'patrol_officer')) expect(readers.map((r) => r.name)).toContain(role);
    expect(readers.filter((r) => r.roles.includes('patrol_officer')).map((r) => r.name)).toEqual(['assigned officer (412)', 'unassigned officer (411)']);
  });

  describe('each reader', () => {
    for (const who of [...ROLES.filter((r) => r !== 'patrol_officer'), 'assigned officer (412)', 'unassigned officer (411)']) {
      test(`${who}: the event log, the recent events and the stream show each event exactly as the rule of its record allows, and withhold the rest as stubs`, async () => {
        const reader = readers.find((r) => r.name === who)!;
        const last = await lastSeq(server.ctx.db);
        const channels = {
          log: await server.app.inject({ url: '/api/v1/events?after=0&limit=1000', headers: reader.headers }),
          recent: await server.app.inject({ url: '/api/v1/events/recent?limit=500', headers: reader.headers }),
        };
        if (!permissionsOf(reader.roles).has('events.read')) {
          for (const r of Object.values(channels)) expect(r.statusCode).toBe(403);
          return;
        }
        const seen = { log: channels.log.json() as DispatchEvent[], recent: channels.recent.json() as DispatchEvent[], stream: await streamed(reader.headers, last) };
        const end = log.at(-1)!.seq; // what the server's own timers append later (an overdue unit…) is not this test's matrix
        for (const [channel, all] of Object.entries(seen)) {
          const events = all.filter((e) => e.seq <= end);
          expect(events.map((e) => e.seq), channel).toEqual(log.map((e) => e.seq)); // gap-free
          for (const [i, e] of log.entries()) {
            const shown = events[i]!;
            expect(shown.kind, `${channel} ${e.kind} #${e.seq}`).toBe(expected(reader, e) ? e.kind : 'withheld');
            if (shown.kind === 'withheld') expect(shown).toMatchObject({ subjectId: '', payload: {} });
          }
        }
      });
      test(`${who}: each person, report (and its PDF), photo, case and Knox access (and its form) by id answers as the rule of the record allows`, async () => {
        const reader = readers.find((r) => r.name === who)!;
        const held = permissionsOf(reader.roles);
        const paths: Record<string, ((id: string) => string)[]> = { person: [(id) => `/names/${id}`], report: [(id) => `/reports/${id}`, (id) => `/reports/${id}/pdf`], case: [(id) => `/cases/${id}`] };
        const status = async (path: string) => (await server.app.inject({ url: `/api/v1${path}`, headers: reader.headers })).statusCode;
        const records = (type: string, id: string) => !held.has('records.read') ? 403 : expected(reader, { seq: 0, at: '', kind: 'x', subjectType: type, subjectId: id, actor: { user: null, unit: null }, confidential: false, payload: {} }) ? 200 : 404;
        for (const e of log.filter((x) => x.subjectType in paths)) {
          for (const path of paths[e.subjectType]!) expect(await status(path(e.subjectId)), path(e.subjectId)).toBe(records(e.subjectType, e.subjectId));
        }
        for (const [photo, of] of world.photos) expect(await status(`/photos/${photo}`), `photo of ${of.type} ${of.id}`).toBe(records(of.type, of.id));
        const knoxReader = ['knox.request', 'knox.authorize', 'knox.register', 'records.release', 'audit.read'].some((p) => held.has(p as Permission));
        for (const id of world.accesses.keys()) {
          const want = !knoxReader ? 403 : mayReadKnoxAccess(reader, id, (n) => world.secret.has(n) && !held.has('dispatch.confidential') && world.assigned.get(n) !== reader.username) ? 200 : 404;
          for (const path of [`/knox/accesses/${id}`, `/knox/accesses/${id}/report.pdf`]) expect(await status(path), path).toBe(want);
        }
      });
    }
  });
});
