import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import type { DispatchEvent } from '../src/core/events/log.ts';
import { signedInAs } from './support/session.ts';

type H = Record<string, string>;

/**
 * The event log, the recent events and the stream obey the read rule of the record an
 * event is about, decided when it is read; hidden events are stubs that keep their place.
 */
forEachDatabase('every read channel obeys the record’s rule (81A §E.2.c, S-110 §B.1)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let url: string;
  let dispatcher: H; let obrien: H; let nguyen: H; let chief: H; let captain: H; let clerk: H;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski'); obrien = await signIn('jobrien'); nguyen = await signIn('pnguyen');
    chief = await signIn('rmcallister'); captain = await signIn('bokafor'); clerk = await signIn('swhitaker');
    url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  }, 600_000);
  afterAll(async () => server?.close());

  const post = (path: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${path}`, payload: payload as object, headers });
  const get = async (path: string, headers: H) => (await server.app.inject({ url: `/api/v1${path}`, headers })).json();
  const log = (headers: H, after = 0): Promise<DispatchEvent[]> => get(`/events?after=${after}&limit=1000`, headers);

  /** Every event the stream sends after `after` up to `last`, then the socket closed. */
  const streamed = (headers: H, after: number, last: number) => new Promise<DispatchEvent[]>((resolve, reject) => {
    const got: DispatchEvent[] = [];
    const socket = new WebSocket(`${url}/api/v1/stream?after=${after}`, { headers });
    socket.on('message', (data) => {
      got.push(JSON.parse(String(data)) as DispatchEvent);
      if (got.at(-1)!.seq >= last) socket.close();
    });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });

  const aboutIncident = (number: string) => (e: DispatchEvent) => (e.subjectType === 'incident' && e.subjectId === number) || e.payload.incident === number;

  test('81A §E.2.c: marking an incident confidential hides all its events, past and future, on the log, the recent events and the stream, from everyone but the assigned units and dispatch.confidential', async () => {
    const created = await post('/incidents', {
      type: 'DISTURB', location: { address: '41 Larkspur Court' }, narrative: 'Neighbour reports shouting',
      complainant: { name: 'Wendell Ashgrove', address: '43 Larkspur Court', phone: '5085550142' },
    });
    const number = created.json().number as string;
    await post(`/incidents/${number}/notes`, { text: 'Caller fears retaliation' });
    expect((await post(`/incidents/${number}/dispatch`, { units: ['412', '413'] })).statusCode).toBe(200);
    await post(`/incidents/${number}/confidential`, { reason: 'informant safety' });
    await post(`/incidents/${number}/notes`, { text: 'Second unit to stage on Elm' });
    const all = await log(dispatcher);
    const ours = all.filter(aboutIncident(number));
    expect(ours.map((e) => e.kind)).toEqual(expect.arrayContaining(['incident.created', 'incident.units_dispatched', 'incident.marked_confidential']));
    const last = all.at(-1)!.seq;

    for (const reader of [obrien, chief, captain]) {
      for (const seen of [await log(reader), await get('/events/recent?limit=500', reader) as DispatchEvent[], await streamed(reader, 0, last)]) {
        expect(JSON.stringify(seen)).not.toContain('Larkspur');
        expect(seen.filter(aboutIncident(number))).toEqual([]);
        for (const e of ours) expect(seen.find((s) => s.seq === e.seq)).toEqual({ seq: e.seq, at: e.at, kind: 'withheld', subjectType: 'withheld', subjectId: '', actor: { user: null, unit: null }, confidential: true, payload: {} });
        const seqs = seen.map((e) => e.seq);
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i)); // gap-free: a hidden event is never mistaken for a lost one
      }
    }
    // the officer of the assigned unit and the dispatcher read all of it
    for (const reader of [nguyen, dispatcher]) {
      const seen = await streamed(reader, 0, last);
      expect(seen.filter(aboutIncident(number)).map((e) => e.seq)).toEqual(ours.map((e) => e.seq));
      expect(JSON.stringify(seen)).toContain('Wendell Ashgrove');
    }
  });

  test('81A §E.2.c: an incident created confidential is never readable by others, not even its incident.created event', async () => {
    const created = await post('/incidents', { type: 'WARRANT', location: { address: '5 Quarry Row' }, confidential: true, narrative: 'Sealed warrant service' });
    expect(created.statusCode).toBe(201);
    const number = created.json().number as string;
    expect(created.json()).toMatchObject({ confidential: true });
    const theirs = await log(obrien);
    expect(JSON.stringify(theirs)).not.toContain('Quarry');
    expect(theirs.filter(aboutIncident(number))).toEqual([]);
    expect((await get(`/incidents/${number}`, chief)).location ?? null).toBeNull();
    expect((await log(dispatcher)).find((e) => e.kind === 'incident.created' && e.subjectId === number)!.payload.narrative).toBe('Sealed warrant service');
  });

  test('S-110 §B.1, §D: records events are shown only to records roles, and juvenile ones only with records.juvenile', async () => {
    const before = (await log(dispatcher)).at(-1)!.seq;
    const person = (await post('/names', { first: 'Corliss', last: 'Vantongeren', dob: '1980-02-02' }, clerk)).json().id as string;
    const youth = (await post('/names', { first: 'Tamsin', last: 'Oduya', dob: '2012-05-05' }, clerk)).json().id as string;
    const report = await post('/reports', {
      kind: 'incident', occurredAt: '2026-03-14T15:00:00Z', fields: { offense: 'Vandalism', location: 'Millbrook Park' },
      narrative: 'Spray paint on the gazebo.', parties: [{ type: 'person', id: youth, role: 'suspect' }],
    }, obrien);
    expect(report.statusCode).toBe(201);
    const records = (await log(chief, before)).filter((e) => e.kind.startsWith('records.'));
    expect(records.map((e) => e.subjectId)).toEqual(expect.arrayContaining([person, youth, report.json().id]));
    // the dispatcher holds no records permission: not even the ids
    const dispatcherSees = JSON.stringify(await log(dispatcher, before));
    for (const id of [person, youth, report.json().id]) expect(dispatcherSees).not.toContain(id);
    // a patrol officer reads the adult's record events but not the juvenile's (its author excepted)
    const other = await log(nguyen, before);
    expect(JSON.stringify(other)).toContain(person);
    expect(JSON.stringify(other)).not.toContain(youth);
  });

  test('81A §J.1.b.x: a CJIS query is read on the log, the recent events and the stream only by the person who ran it and a holder of cjis.manage; everyone else gets the withheld stub', async () => {
    const before = (await log(dispatcher)).at(-1)!.seq;
    const incident = (await post('/incidents', { type: 'MV_STOP', location: { address: 'Route 9 at Elm Street' } })).json().number as string;
    expect((await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C', incident })).statusCode).toBe(201);
    expect((await post('/cjis/queries', { line: 'WARRANT DOE,JOHN 1985-04-12', purpose: 'C', incident }, obrien)).statusCode).toBe(201);
    const representative = (await signedInAs(server.ctx, server.app, ['dispatcher', 'cjis_representative'])).headers;
    const cjisOf = (events: DispatchEvent[]) => events.filter((e) => e.seq > before && e.kind.startsWith('cjis.'));
    const all = cjisOf(await log(representative, before));
    const byDispatcher = all.filter((e) => e.actor.user === 'dkowalski').map((e) => e.seq);
    const byObrien = all.filter((e) => e.actor.user === 'jobrien').map((e) => e.seq);
    expect(byDispatcher.length).toBeGreaterThan(0);
    expect(byObrien.length).toBeGreaterThan(0);
    const last = (await log(representative)).at(-1)!.seq;
    for (const [reader, own] of [[dispatcher, byDispatcher], [obrien, byObrien], [chief, []], [captain, []]] as [H, number[]][]) {
      const channels = [await log(reader, before), await get('/events/recent?limit=500', reader) as DispatchEvent[], await streamed(reader, before, last)];
      for (const events of channels) {
        expect(cjisOf(events).map((e) => e.seq).sort()).toEqual([...own].sort());
        for (const seq of [...byDispatcher, ...byObrien].filter((s) => !own.includes(s))) expect(events.find((e) => e.seq === seq)).toMatchObject({ kind: 'withheld', payload: {} });
      }
    }
    expect(JSON.stringify(await log(chief, before))).not.toContain('ABC123');
  });

  test('81A §J.1.b.x: the incident record’s timeline shows a CJIS event only to the person who ran it and a holder of cjis.manage, as the log does; everyone else reads the withheld stub in its place', async () => {
    const incident = (await post('/incidents', { type: 'MV_STOP', location: { address: 'Route 9 at Pine Street' } })).json().number as string;
    await post(`/incidents/${incident}/notes`, { text: 'Operator cooperative' });
    expect((await post('/cjis/queries', { line: 'PLATE XKV442 MA', purpose: 'C', incident })).statusCode).toBe(201);
    expect((await post('/cjis/queries', { line: 'WARRANT ROE,JANE 1979-09-30', purpose: 'C', incident }, obrien)).statusCode).toBe(201);
    const representative = (await signedInAs(server.ctx, server.app, ['dispatcher', 'cjis_representative'])).headers;
    type Entry = { seq: number; at: string; kind: string; actor: string | null; unit: string | null; payload: Record<string, unknown> };
    const timeline = async (reader: H) => (await get(`/incidents/${incident}`, reader)).timeline as Entry[];
    const full = await timeline(representative);
    const cjis = full.filter((e) => e.kind.startsWith('cjis.'));
    expect(cjis.map((e) => e.actor).sort()).toEqual(['dkowalski', 'jobrien']);
    expect(JSON.stringify(cjis)).toContain('XKV442');
    for (const [reader, own] of [[dispatcher, 'dkowalski'], [obrien, 'jobrien'], [nguyen, null], [chief, null], [captain, null]] as [H, string | null][]) {
      const seen = await timeline(reader);
      // the same entries in the same order: a hidden one keeps its place and time
      expect(seen.map((e) => [e.seq, e.at])).toEqual(full.map((e) => [e.seq, e.at]));
      expect(seen.filter((e) => e.kind.startsWith('cjis.')).map((e) => e.seq)).toEqual(cjis.filter((e) => e.actor === own).map((e) => e.seq));
      for (const e of cjis.filter((c) => c.actor !== own)) expect(seen.find((s) => s.seq === e.seq)).toEqual({ seq: e.seq, at: e.at, kind: 'withheld', actor: null, unit: null, payload: {} });
      // the incident's own entries are untouched
      expect(seen.find((e) => e.kind === 'incident.note')?.payload.text).toBe('Operator cooperative');
      if (own !== 'dkowalski') expect(JSON.stringify(seen)).not.toContain('XKV442');
      if (own !== 'jobrien') expect(JSON.stringify(seen)).not.toContain('ROE,JANE');
    }
  });
});
