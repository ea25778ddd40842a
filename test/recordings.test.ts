import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { manualClock } from '../src/core/clock.ts';
import { importRecordings } from '../src/recordings/batch.ts';
import { importDropFolder } from '../src/recordings/drop-folder.ts';
import { receiveRecording } from '../src/recordings/service.ts';
import { systemActor } from '../src/recordings/settings.ts';
import { captureCallDetails, purgeExpired } from '../src/recordings/retention.ts';
import { RecorderSimulator, sidecarOf, synthesize } from '../src/recordings/simulator.ts';
import { openCaseFromIncident } from '../src/records/cases.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

const YEAR = 365.25 * 86_400_000;

forEachDatabase('recordings of E-911, radio and business lines (81A §L–M)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let baseUrl: string;
  let dispatcher: Record<string, string>;
  let commander: Record<string, string>;
  let chief: Record<string, string>;
  let dispatcherName: string;
  let commanderName: string;
  let chiefName: string;
  let recorderToken: string;
  let drop: string;
  let sim: RecorderSimulator;
  const clock = manualClock(new Date());
  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const put = (url: string, payload: unknown, headers = commander) => server.app.inject({ method: 'PUT', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = commander) => server.app.inject({ url: `/api/v1${url}`, headers });
  const count = async (table: 'recording' | 'recording_call_detail') => Number((await server.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const auditOf = (action: string, subjectId?: string) => {
    let q = server.ctx.db.selectFrom('audit').selectAll().where('action', '=', action);
    if (subjectId) q = q.where('subject_id', '=', subjectId);
    return q.orderBy('id').execute();
  };
  const storedFiles = () => {
    const root = join(server.ctx.config.dataDir, 'recordings');
    const walk = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)])) : []);
    return walk(root);
  };

  /** An E-911 call answered at position 1 by the demo dispatcher and made an incident; times are the server's. */
  let e911: { callId: string; incident: string; answeredAt: string; endedAt: string };
  let e911Recording: string;

  beforeAll(async () => {
    server = await database().server();
    server.ctx.clock = clock;
    // Two police units to dispatch, and the people of the policy: no demo data, so every recording here is the test's own.
    for (const callSign of ['411', '412']) {
      await server.ctx.db.insertInto('agency_unit').values({ call_sign: callSign, kind: 'cruiser', service: 'police', area: 'Sector 1', description: 'Marked cruiser' }).execute();
      await server.ctx.db.insertInto('unit_status').values({ call_sign: callSign, status: 'available', incident_number: null, reason: null, since: new Date(), location: JSON.stringify({ address: 'Sector 1' }) }).execute();
    }
    const dana = await signedInAs(server.ctx, server.app, ['dispatcher']);
    dispatcher = dana.headers;
    dispatcherName = dana.username;
    const miguel = await signedInAs(server.ctx, server.app, ['commanding_officer']);
    commander = miguel.headers;
    commanderName = miguel.username;
    const ruth = await signedInAs(server.ctx, server.app, ['chief']);
    chief = ruth.headers;
    chiefName = ruth.username;
    const recorder = await signedInAs(server.ctx, server.app, ['recorder']);
    recorderToken = recorder.headers.authorization!.slice(7);
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    drop = join(server.ctx.config.dataDir, 'drop-under-test');
    sim = new RecorderSimulator(drop);

    expect((await put('/recordings/position', { position: '1' }, dispatcher)).statusCode).toBe(200);
    const call = (await post('/calls', { line: 'e911', ali: { callbackNumber: '413-555-0142', address: '12 Elm Street', community: 'Millbrook' } })).json();
    await post(`/calls/${call.id}/answer`, {});
    const incident = (await post('/incidents', { callId: call.id, type: 'SUSPICIOUS', location: { address: '12 Elm Street' } })).json();
    await new Promise((r) => setTimeout(r, 1200));
    const ended = (await post(`/calls/${call.id}/end`, {})).json();
    e911 = { callId: call.id, incident: incident.number, answeredAt: ended.answeredAt, endedAt: ended.endedAt };
    clock.set(new Date(Date.parse(ended.endedAt) + 60_000));
  }, 300_000); // opening a server under a loaded machine can take longer than the default minute
  afterAll(async () => server?.close());

  test('the recorder uploads an E-911 recording with its metadata: validated, stored under its SHA-256, matched to its call and incident (81A §L.1)', async () => {
    const response = await sim.upload(baseUrl, recorderToken, {
      line: 'e911', start: new Date(e911.answeredAt), end: new Date(e911.endedAt), channel: '7', position: '1', ani: '4135550142',
    });
    const body = await response.json() as { recording: { id: string; sha256: string; callId: string; incidentNumber: string; matchMethod: string; format: string }; matched: boolean };
    expect(response.status).toBe(201);
    expect(body.matched).toBe(true);
    expect(body.recording).toMatchObject({ callId: e911.callId, incidentNumber: e911.incident, matchMethod: 'ani+position+time', format: 'wav' });
    e911Recording = body.recording.id;
    const stored = storedFiles().find((f) => f.endsWith(body.recording.sha256))!;
    expect(createHash('sha256').update(readFileSync(stored)).digest('hex')).toBe(body.recording.sha256);
    expect(statSync(stored).mode & 0o222).toBe(0); // written once, read-only
    const timeline = (await get(`/incidents/${e911.incident}`, dispatcher)).json().timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toContain('incident.recording_linked');
    const listed = (await get(`/recordings?incident=${e911.incident}`, dispatcher)).json();
    expect(listed.map((r: { id: string }) => r.id)).toEqual([e911Recording]);
    expect(await auditOf('recording.imported', e911Recording)).toHaveLength(1);
  });

  test('bad uploads are refused with a clear problem and leave nothing: not audio, end before start, a duplicate', async () => {
    const before = { rows: await count('recording'), files: storedFiles().length };
    const form = (metadata: unknown, bytes: Uint8Array) => {
      const f = new FormData();
      f.append('metadata', JSON.stringify(metadata));
      f.append('audio', new Blob([new Uint8Array(bytes)]), 'x.wav');
      return fetch(`${baseUrl}/api/v1/recordings`, { method: 'POST', headers: { authorization: `Bearer ${recorderToken}` }, body: f });
    };
    const meta = { line: 'business', start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() - 30_000).toISOString(), channel: '9' };
    const text = await form(meta, new TextEncoder().encode('Officer Smith, this is not audio at all. '.repeat(50)));
    expect(text.status).toBe(422);
    expect(await text.json()).toMatchObject({ code: 'recording.not_audio' });
    const wav = readFileSync(storedFiles()[0]!);
    const backwards = await form({ ...meta, start: meta.end, end: meta.start }, wav);
    expect(backwards.status).toBe(422);
    expect(await backwards.json()).toMatchObject({ code: 'recording.end_before_start', clause: '81A §L' });
    const duplicate = await form(meta, wav);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'recording.duplicate', recording: e911Recording });
    const unknownField = await form({ ...meta, colour: 'red' }, wav);
    expect(unknownField.status).toBe(400);
    expect((await unknownField.json()).detail).toMatch(/unknown field "colour"/);
    expect({ rows: await count('recording'), files: storedFiles().length }).toEqual(before);
  });

  test('the watched drop folder imports WAV, MP3 and Opus as the recorder exports them, and sets refused files aside with the reason', async () => {
    const now = Date.now();
    await sim.record({ line: 'business', start: new Date(now - 2 * 3_600_000), end: new Date(now - 2 * 3_600_000 + 40_000), channel: '9', position: '2' });
    await sim.record({ line: 'emergency', start: new Date(now - 3_600_000), end: new Date(now - 3_600_000 + 20_000), channel: '8', format: 'mp3' });
    copyFileSync('test/fixtures/e911-greeting.opus', join(drop, 'greeting.opus'));
    writeFileSync(join(drop, 'greeting.json'), JSON.stringify(sidecarOf({ line: 'e911', start: new Date(now - 50 * 60_000), end: new Date(now - 50 * 60_000 + 4_000), channel: '7', position: '1', ani: '4135550199' }, 'SIM', 'opus-1')));
    writeFileSync(join(drop, 'memo.wav'), 'RIFF this is a text file renamed to wav');
    writeFileSync(join(drop, 'memo.json'), JSON.stringify({ line: 'business', start: new Date(now - 60_000).toISOString(), end: new Date(now - 30_000).toISOString(), channel: '9' }));
    // A sidecar whose audio is not there yet waits for the next look.
    const late = sidecarOf({ line: 'business', start: new Date(now - 30 * 60_000), end: new Date(now - 29 * 60_000), channel: '9' }, 'SIM', 'late-1', 'late.wav');
    writeFileSync(join(drop, 'late.json'), JSON.stringify(late));
    const result = await importDropFolder(server.ctx, drop);
    expect(result.imported).toHaveLength(3);
    expect(result.rejected).toEqual([expect.objectContaining({ file: 'memo.json', code: 'recording.not_audio' })]);
    expect(readFileSync(join(drop, 'rejected', 'memo.reason.txt'), 'utf8')).toMatch(/^recording\.not_audio: /);
    expect(readdirSync(drop).filter((f) => !f.startsWith('.') && f !== 'rejected')).toEqual(['late.json']);
    // The audio arrives, but a server node stopped mid-import with the pair claimed: after ten minutes the claim is returned and imported.
    const claimed = join(drop, '.processing');
    mkdirSync(claimed, { recursive: true });
    writeFileSync(join(claimed, 'late.wav'), synthesize('wav', 1, 424242));
    renameSync(join(drop, 'late.json'), join(claimed, 'late.json'));
    const stale = new Date(Date.now() - 11 * 60_000);
    for (const f of ['late.json', 'late.wav']) utimesSync(join(claimed, f), stale, stale);
    expect((await importDropFolder(server.ctx, drop)).imported).toEqual(['late.wav']);
    expect(readdirSync(drop).filter((f) => !f.startsWith('.') && f !== 'rejected')).toEqual([]);
    const formats = (await get('/recordings?limit=50')).json().map((r: { format: string }) => r.format).sort();
    expect(formats).toEqual(['mp3', 'opus', 'wav', 'wav', 'wav']);
  });

  test('radio transmissions are matched to units and incidents by radio ID or by talkgroup and time (81A §L.2)', async () => {
    const incident = (await post('/incidents', { type: 'DISTURB', location: { address: '40 Main Street' } })).json();
    const dispatched = await post(`/incidents/${incident.number}/dispatch`, { units: ['411', '412'] });
    expect(dispatched.statusCode).toBe(200);
    await post('/radios', { radioId: 'R-411-M', kind: 'mobile', callSign: '411' });
    const at = Date.now();
    await sim.record({ line: 'radio', start: new Date(at - 8_000), end: new Date(at - 2_000), channel: 'R1', talkgroup: '1001' });
    await sim.record({ line: 'radio', start: new Date(at - 1_000), end: new Date(at), channel: 'R1', talkgroup: '1001', radioId: 'R-411-M' });
    expect((await importDropFolder(server.ctx, drop)).imported).toHaveLength(2);
    const radio = (await get(`/recordings?line=radio`)).json();
    expect(radio.map((r: { incidentNumber: string; units: string[]; matchMethod: string }) => [r.incidentNumber, r.units, r.matchMethod])).toEqual([
      [incident.number, ['411'], 'radio_id+time'],
      [incident.number, ['411', '412'], 'talkgroup+time'],
    ]);
  });

  test('an unmatched recording is listed for a person, who links it to its incident; the link is audited', async () => {
    const unmatched = (await get('/recordings?unmatched=true')).json();
    const business = unmatched.find((r: { line: string }) => r.line === 'business');
    expect(business).toBeDefined();
    const linked = await post(`/recordings/${business.id}/link`, { incident: e911.incident }, commander);
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ incidentNumber: e911.incident, matchMethod: 'manual', matchedBy: commanderName });
    expect((await get('/recordings?unmatched=true')).json().map((r: { id: string }) => r.id)).not.toContain(business.id);
    expect(await auditOf('recording.linked', business.id)).toHaveLength(1);
  });

  test('a dispatcher instantly replays the recent recordings of their own position, and no others (81A §M.2)', async () => {
    clock.set(new Date());
    const recent = (await get('/recordings/recent', dispatcher)).json();
    expect(recent.position).toBe('1');
    expect(recent.recordings.map((r: { id: string }) => r.id)).toContain(e911Recording);
    const grant = await post(`/recordings/${e911Recording}/playback`, { purpose: 'instant_recall' }, dispatcher);
    expect(grant.statusCode).toBe(200);
    const audio = await server.app.inject({ url: grant.json().url, headers: { ...dispatcher, range: 'bytes=0-99' } });
    expect(audio.statusCode).toBe(206);
    expect(audio.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    expect(audio.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const [played] = await auditOf('recording.played', e911Recording);
    expect(played).toMatchObject({ username: dispatcherName, outcome: 'allowed', reason: 'Instant recall at the dispatch position' });
    const other = (await get('/recordings?line=business')).json()[0];
    const refused = await post(`/recordings/${other.id}/playback`, { purpose: 'instant_recall' }, dispatcher);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'recording.not_your_position', clause: '81A §M.2.b' });
    expect((await auditOf('recording.played', other.id)).map((r) => r.outcome)).toEqual(['denied']);
    const review = await post(`/recordings/${e911Recording}/playback`, { purpose: 'training' }, dispatcher);
    expect(review.json()).toMatchObject({ code: 'recording.review_not_permitted' });
    const someoneElsesTicket = await server.app.inject({ url: grant.json().url, headers: commander });
    expect(someoneElsesTicket.statusCode).toBe(403);
    // The window is the agency's setting: at one minute, this call (over a minute old) is the commanding officer's to review.
    const admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    expect((await put('/recordings/settings', { recallMinutes: 1 }, admin)).json()).toMatchObject({ recallMinutes: 1, store: { kind: 'folder' } });
    clock.set(new Date(Date.parse(e911.answeredAt) + 5 * 60_000));
    expect((await post(`/recordings/${e911Recording}/playback`, { purpose: 'instant_recall' }, dispatcher)).json()).toMatchObject({ code: 'recording.outside_recall_window' });
    await put('/recordings/settings', { recallMinutes: 60 }, admin);
    clock.set(new Date());
  });

  test('the commanding officer reviews with a purpose, sees the call’s timeline, and exports with the digest (81A §M.1)', async () => {
    const detail = (await get(`/recordings/${e911Recording}`)).json();
    expect(detail.call).toMatchObject({ id: e911.callId, callbackNumber: '413-555-0142' });
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['call.received', 'call.answered', 'incident.created', 'call.ended']));
    expect(await auditOf('recording.viewed', e911Recording)).toEqual([expect.objectContaining({ username: commanderName, outcome: 'allowed' })]);
    const grant = await post(`/recordings/${e911Recording}/playback`, { purpose: 'investigation' }, commander);
    expect(grant.json()).toMatchObject({ purpose: 'investigation', clause: '81A §M.1.a' });
    expect((await post(`/recordings/${e911Recording}/export`, { purpose: 'instant_recall' }, commander)).json()).toMatchObject({ code: 'recording.export_purpose', clause: '81A §M.1.a' });
    const exported = await post(`/recordings/${e911Recording}/export`, { purpose: 'investigation' }, commander);
    expect(exported.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(exported.rawPayload));
    const [sum, name] = new TextDecoder().decode(files.SHA256SUMS).trim().split(/\s+/);
    expect(createHash('sha256').update(files[name!]!).digest('hex')).toBe(sum);
    expect(sum).toBe(detail.recording.sha256);
    expect(JSON.parse(new TextDecoder().decode(files['manifest.json']))).toMatchObject({ purpose: 'investigation', exportedBy: commanderName, sha256: sum });
    const audits = [...await auditOf('recording.played', e911Recording), ...await auditOf('recording.exported', e911Recording)].filter((r) => r.username === commanderName);
    expect(audits.map((r) => [r.action, r.detail.purpose])).toEqual([['recording.played', 'investigation'], ['recording.exported', 'investigation']]);
  });

  test('a stored file that no longer matches its digest is refused, not served', async () => {
    const mp3 = (await get('/recordings?line=emergency')).json()[0];
    const file = storedFiles().find((f) => f.endsWith(mp3.sha256))!;
    chmodSync(file, 0o644);
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('tampered')]));
    const response = await post(`/recordings/${mp3.id}/playback`, { purpose: 'administrative_review' }, commander);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'recording.integrity', sha256: mp3.sha256 });
  });

  test('E-911 call detail records (ANI/ALI) are kept as records in their own right (81A §L.1.b)', async () => {
    await captureCallDetails(server.ctx);
    await captureCallDetails(server.ctx); // twice: kept once
    const records = (await get(`/recordings/call-details?incident=${e911.incident}`)).json();
    expect(records).toEqual([expect.objectContaining({ callId: e911.callId, ani: '4135550142', ali: expect.objectContaining({ address: '12 Elm Street' }), callTakers: [dispatcherName] })]);
  });

  test('a retention period under three years is refused with its clause and changes nothing (81A §L)', async () => {
    const refused = await put('/recordings/retention', { e911: 2, radio: 5 }, chief);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'retention.below_minimum', clause: '81A §L.1.a' });
    expect((await get('/recordings/retention', chief)).json().years).toEqual({ e911: 3, radio: 3, business_line: 3, call_detail: 3 });
    expect((await put('/recordings/retention', { radio: 4 }, chief)).json().years.radio).toBe(4);
  });

  test('holds need a reason; held items are never purged; each purge is audited with what, digest and rule; a release needs a second person (81A §L)', async () => {
    expect((await post('/recordings/holds', { scope: 'incident', incident: e911.incident, reason: '  ' }, commander)).json()).toMatchObject({ code: 'hold.reason_required' });
    expect((await post('/recordings/holds', { scope: 'incident', incident: e911.incident, reason: 'claim\u0000' }, commander)).statusCode).toBe(400);
    expect((await post('/recordings/holds', { scope: 'time_range', from: '2026-03-02T10:00:00Z', to: '2026-03-02T09:00:00Z', reason: 'claim' }, commander)).json()).toMatchObject({ code: 'hold.range' });
    const hold = await post('/recordings/holds', { scope: 'incident', incident: e911.incident, reason: 'Wrongful death claim', matter: { court: 'Hampshire Superior Court', docket: '2026-CV-0117' } }, commander);
    expect(hold.statusCode).toBe(201);
    expect(hold.json()).toMatchObject({ recordingsCovered: 2, court: 'Hampshire Superior Court' });
    const channelHold = (await post('/recordings/holds', { scope: 'channel', channel: '8', reason: 'Records request under review' }, chief)).json();
    // A hold on the case reaches the recordings of the incident the case came from.
    const caseNumber = (await openCaseFromIncident(server.ctx, { username: commanderName, roles: ['commanding_officer'], source: null, remote: false }, e911.incident)).number;
    const caseHold = (await post('/recordings/holds', { scope: 'case', case: caseNumber, reason: 'Civil suit', matter: { docket: '2026-CV-0200' } }, commander)).json();
    expect(caseHold).toMatchObject({ target: `case ${caseNumber}`, incidents: [e911.incident], recordingsCovered: 2 });
    await post(`/recordings/holds/${caseHold.id}/release-request`, { reason: 'Suit withdrawn' }, chief);
    expect((await post(`/recordings/holds/${caseHold.id}/release`, {}, commander)).json()).toMatchObject({ releasedBy: commanderName });

    // 30 days before the three-year mark, the report lists what will go, and not what is held.
    clock.set(new Date(Date.now() + 3 * YEAR - 20 * 86_400_000));
    const forecast = (await get('/recordings/purge-forecast?days=30')).json();
    const byClass = Object.fromEntries(forecast.classes.map((c: { class: string }) => [c.class, c]));
    expect(byClass.e911).toMatchObject({ purgeableNow: 0, purgeableWithinPeriod: 1, heldPastPeriod: 1 }); // the Opus call goes; the held incident's stays
    expect(forecast.items.filter((i: { class: string }) => i.class === 'e911')).toHaveLength(1);
    expect(byClass.business_line).toMatchObject({ purgeableWithinPeriod: 1, heldPastPeriod: 2 }); // the late one goes; one linked to the held incident and one on the held channel stay
    expect(byClass.radio).toMatchObject({ purgeableWithinPeriod: 0 }); // radio is kept four years
    expect(byClass.call_detail).toMatchObject({ heldPastPeriod: 1 });
    expect((await purgeExpired(server.ctx)).purged).toEqual({ e911: 0, radio: 0, business_line: 0, call_detail: 0 });

    clock.set(new Date(Date.now() + 3 * YEAR + 86_400_000));
    const before = await count('recording');
    const first = await purgeExpired(server.ctx, undefined, { batchSize: 1 });
    expect(first.purged).toEqual({ e911: 1, radio: 0, business_line: 1, call_detail: 0 }); // only the unheld Opus E-911 call and the late business call
    expect(first.heldSkipped).toMatchObject({ e911: 1, business_line: 2, call_detail: 1 });
    expect(await count('recording')).toBe(before - 2);
    const purged = await auditOf('recordings.purged');
    expect(purged.map((r) => r.detail.class)).toEqual(['e911', 'business_line']);
    const [item] = purged[0]!.detail.items as { id: string; sha256: string; startedAt: string }[];
    expect(purged[0]!.detail).toMatchObject({ class: 'e911', clause: '81A §L.1.a', retentionYears: 3, count: 1 });
    expect(item).toMatchObject({ id: purged[0]!.subject_id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(storedFiles().some((f) => f.endsWith(item!.sha256))).toBe(false);

    const holdId = hold.json().id;
    expect((await post(`/recordings/holds/${holdId}/release`, {}, commander)).json()).toMatchObject({ code: 'hold.release_not_requested' });
    expect((await post(`/recordings/holds/${holdId}/release-request`, { reason: 'Claim dismissed with prejudice' }, commander)).statusCode).toBe(200);
    const self = await post(`/recordings/holds/${holdId}/release`, {}, commander);
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: 'hold.second_person_required' });
    expect((await post(`/recordings/holds/${holdId}/release`, {}, chief)).json()).toMatchObject({ releasedBy: chiefName });

    const second = await purgeExpired(server.ctx);
    expect(second.purged).toEqual({ e911: 1, radio: 0, business_line: 1, call_detail: 1 });
    expect(second.heldSkipped).toMatchObject({ business_line: 1 }); // the channel hold stands
    expect((await get('/recordings/holds')).json().items.map((h: { id: string }) => h.id)).toEqual([channelHold.id]);
    expect((await auditOf('recordings.purged')).map((r) => r.detail.class)).toEqual(['e911', 'business_line', 'e911', 'business_line', 'call_detail']);
    const runs = await auditOf('recordings.purge_run');
    expect(runs.at(-1)!.detail).toMatchObject({ purged: { e911: 1, business_line: 1, call_detail: 1 }, heldSkipped: { business_line: 1 } });
  });

  test('a recording over 4 MiB is hashed as it is copied into the store: its stored bytes match its digest and its length comes from its header', async () => {
    const start = new Date(Date.now() - 10 * 60_000);
    await sim.record({ line: 'radio', start, end: new Date(start.getTime() + 300_000), channel: 'R9', talkgroup: '1001', audioSeconds: 300 });
    expect((await importDropFolder(server.ctx, drop)).imported).toHaveLength(1);
    const [recording] = (await get('/recordings?channel=R9')).json();
    expect(recording).toMatchObject({ format: 'wav', durationSeconds: 300 });
    expect(recording.size).toBeGreaterThan(4 * 1024 * 1024);
    const stored = storedFiles().find((f) => f.endsWith(recording.sha256))!;
    expect(createHash('sha256').update(readFileSync(stored)).digest('hex')).toBe(recording.sha256);
    expect(statSync(stored).mode & 0o222).toBe(0); // written once, read-only
    expect(storedFiles().filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  test('the drop folder imports a batch in one transaction: a bad file among good ones is set aside with its reason, the good ones commit, each with one audit row (81A §L)', async () => {
    const folder = join(server.ctx.config.dataDir, 'drop-batch');
    const recorder = new RecorderSimulator(folder, 'SIM-BATCH');
    const at = Date.now() - 2 * 3_600_000;
    const good = [];
    for (let i = 0; i < 3; i++) good.push(await recorder.record({ line: 'business', start: new Date(at + i * 60_000), end: new Date(at + i * 60_000 + 20_000), channel: 'B1' }));
    writeFileSync(join(folder, 'a-memo.wav'), 'RIFF a text file renamed to wav');
    writeFileSync(join(folder, 'a-memo.json'), JSON.stringify(sidecarOf({ line: 'business', start: new Date(at), end: new Date(at + 5_000), channel: 'B1' }, 'SIM-BATCH', 'memo')));
    writeFileSync(join(folder, 'b-backwards.wav'), synthesize('wav', 1, 515151));
    writeFileSync(join(folder, 'b-backwards.json'), JSON.stringify(sidecarOf({ line: 'business', start: new Date(at + 5_000), end: new Date(at), channel: 'B1' }, 'SIM-BATCH', 'backwards')));
    // Another recording with the same bytes as the first good one, later in the same batch.
    copyFileSync(join(folder, good[0]!.audio), join(folder, 'zz-copy.wav'));
    writeFileSync(join(folder, 'zz-copy.json'), JSON.stringify(sidecarOf({ line: 'business', start: new Date(at + 600_000), end: new Date(at + 620_000), channel: 'B2' }, 'SIM-BATCH', 'copy')));
    const before = await count('recording');

    const result = await importDropFolder(server.ctx, folder, { batchSize: 10 });
    expect(result.imported).toEqual(good.map((g) => g.audio));
    expect(result.rejected.map((r) => [r.file, r.code])).toEqual([['a-memo.json', 'recording.not_audio'], ['b-backwards.json', 'recording.end_before_start'], ['zz-copy.json', 'recording.duplicate']]);
    for (const name of ['a-memo', 'b-backwards', 'zz-copy']) expect(readdirSync(join(folder, 'rejected'))).toEqual(expect.arrayContaining([`${name}.json`, `${name}.wav`, `${name}.reason.txt`]));
    expect(readFileSync(join(folder, 'rejected', 'zz-copy.reason.txt'), 'utf8')).toMatch(/^recording\.duplicate: These bytes \(SHA-256 [0-9a-f]{64}\) were already imported as recording [0-9a-f-]{36}/);
    expect(readdirSync(folder).filter((f) => f !== 'rejected' && f !== '.processing')).toEqual([]);
    expect(readdirSync(join(folder, '.processing'))).toEqual([]);

    expect(await count('recording')).toBe(before + 3);
    const rows = await server.ctx.db.selectFrom('recording').select(['id', 'received_at']).where('recorder', '=', 'SIM-BATCH').execute();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.received_at.getTime())).size).toBe(1); // one transaction: one commit for the batch
    for (const row of rows) expect(await auditOf('recording.imported', row.id)).toHaveLength(1);
  });

  test('a batch the table refuses one recording of is written again one at a time: only that recording is refused, the others commit with one audit row each (81A §L)', async () => {
    const folder = join(server.ctx.config.dataDir, 'batch-fallback');
    mkdirSync(folder, { recursive: true });
    const at = Date.now() - 5 * 3_600_000;
    const received = [];
    for (let i = 0; i < 3; i++) {
      const path = join(folder, `r${i}.wav`);
      writeFileSync(path, synthesize('wav', 1, 727_000 + i));
      received.push(await receiveRecording(server.ctx, sidecarOf({ line: 'business', start: new Date(at + i * 60_000), end: new Date(at + i * 60_000 + 1_000), channel: 'B9' }, 'SIM-FALLBACK', `f${i}`), { via: 'folder', path }));
    }
    // A size the table's check refuses (no file reaches the table so: the check is the last line of defence).
    received[1] = { ...received[1]!, audio: { ...received[1]!.audio, size: 0 } };
    const before = await count('recording');
    const outcomes = await importRecordings(server.ctx, systemActor('recorder-drop', 'test'), received);
    expect(outcomes.map((o) => o.kind)).toEqual(['imported', 'refused', 'imported']);
    expect(outcomes[1]!.kind === 'refused' && outcomes[1]!.problem.code).toBe('recording.refused_by_database');
    expect(await count('recording')).toBe(before + 2);
    for (const o of outcomes) if (o.kind === 'imported') expect(await auditOf('recording.imported', o.answer.recording.id)).toHaveLength(1);
  });

  test('a server stopped mid-import leaves its claimed files behind: the next run imports what had not committed and nothing twice (81A §L)', async () => {
    const folder = join(server.ctx.config.dataDir, 'drop-crash');
    const recorder = new RecorderSimulator(folder, 'SIM-CRASH');
    const at = Date.now() - 3_600_000;
    const pairs = [];
    for (let i = 0; i < 4; i++) pairs.push(await recorder.record({ line: 'emergency', start: new Date(at + i * 60_000), end: new Date(at + i * 60_000 + 15_000), channel: 'C1' }));
    const files = (p: { audio: string; sidecar: string }) => [p.audio, p.sidecar];
    const kept = new Map(pairs.flatMap(files).map((f) => [f, readFileSync(join(folder, f))]));
    // The first batch commits; the server stops before it removes that batch's files and
    // while it holds the second batch's claim, whose transaction never committed.
    expect((await importDropFolder(server.ctx, folder, { limit: 2 })).imported).toEqual(pairs.slice(0, 2).map((p) => p.audio));
    const claimed = join(folder, '.processing');
    for (const f of pairs.flatMap(files)) {
      if (existsSync(join(folder, f))) renameSync(join(folder, f), join(claimed, f));
      else writeFileSync(join(claimed, f), kept.get(f)!);
    }
    const stale = new Date(Date.now() - 11 * 60_000);
    for (const f of pairs.flatMap(files)) utimesSync(join(claimed, f), stale, stale);

    const again = await importDropFolder(server.ctx, folder);
    expect(again.imported).toEqual(pairs.slice(2).map((p) => p.audio));
    expect(again.alreadyImported).toEqual(pairs.slice(0, 2).map((p) => p.audio));
    expect(again.rejected).toEqual([]);
    expect(readdirSync(folder).filter((f) => f !== '.processing')).toEqual([]);
    expect(readdirSync(claimed)).toEqual([]);
    const rows = await server.ctx.db.selectFrom('recording').select('id').where('recorder', '=', 'SIM-CRASH').execute();
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(await auditOf('recording.imported', row.id)).toHaveLength(1);
  });
});
