import { beforeAll, afterAll, expect, test } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { parse } from 'csv-parse/sync';
import { recordCertification } from '../src/cjis/desk.ts';
import { agencyToday } from '../src/cjis/access.ts';
import { forEachDatabase, type TestDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

const CSV = `Time,Badge,Name,Door,Result
2026-11-30T08:01:00-05:00,1044,Pat Rivera,Server Room,Access Granted
2026-11-30T09:15:30-05:00,2210,Sam Cole,Server Room,Access Denied
`;

forEachDatabase('IT records of S-110 (§C, §G, §I)', (database) => {
  let server: Awaited<ReturnType<TestDatabase['server']>>;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  let chief: Awaited<ReturnType<typeof signedInAs>>;
  let uncertified: Awaited<ReturnType<typeof signedInAs>>;
  const post = (url: string, payload: object, headers = admin.headers) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });

  beforeAll(async () => {
    server = await database().server();
    admin = await signedInAs(server.ctx, server.app, ['system_administrator']);
    chief = await signedInAs(server.ctx, server.app, ['chief']);
    uncertified = await signedInAs(server.ctx, server.app, ['it_director']);
    // the agency's date, not UTC's: from 00:00 to 05:00 UTC, UTC is already tomorrow in Massachusetts
    const today = agencyToday(server.ctx);
    await recordCertification(server.ctx, { username: 'cjisrep', roles: ['cjis_representative'], source: null, remote: false }, admin.username, { level: 'full_access', certifiedOn: today });
  }, 300_000);
  afterAll(async () => { await server?.close(); });

  test('a change is recorded from the helpdesk, authorized only by the Chief with its licence, and made only once authorized (S-110 §C.1, §C.2)', async () => {
    const asked = await post('/it/changes', { kind: 'software', action: 'add', requestedBy: 'Sgt. Lee (records)', helpdeskTicket: 'HD-2231', what: 'Install PDF editor', why: 'Redact reports', computer: 'RMS-WS-04' });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id;
    expect((await post(`/it/changes/${id}/completed`, {})).json()).toMatchObject({ code: 'it.change_not_authorized', clause: 'S-110 §C.1' });
    expect((await post(`/it/changes/${id}/decision`, { authorize: true })).statusCode).toBe(403); // the system administrator cannot authorize
    const noLicence = await post(`/it/changes/${id}/decision`, { authorize: true }, chief.headers);
    expect(noLicence.statusCode).toBe(422);
    expect(noLicence.json()).toMatchObject({ code: 'it.licence_required', clause: 'S-110 §C.2' });
    const authorized = await post(`/it/changes/${id}/decision`, { authorize: true, licence: 'Volume licence VL-88812, 10 seats' }, chief.headers);
    expect(authorized.json()).toMatchObject({ status: 'authorized', decidedBy: chief.username, licence: 'Volume licence VL-88812, 10 seats' });
    expect((await post(`/it/changes/${id}/completed`, {})).json()).toMatchObject({ status: 'completed', completedBy: admin.username });
  }, 120_000);

  test('sanitization is refused without a method or with fewer than three overwrites, and nothing is written (S-110 §I.1)', async () => {
    const registered = await post('/it/media', { serial: 'TD-0001', mediaType: 'thumb_drive', description: 'Evidence transfer stick', holdsCjis: true, location: 'IT safe, shelf 2' });
    expect(registered.statusCode).toBe(201);
    const id = registered.json().id;
    const noMethod = await post(`/it/media/${id}/sanitization`, { performedBy: 'Pat Rivera', performedOn: '2026-11-30' });
    expect(noMethod.json()).toMatchObject({ code: 'it.sanitize_method_required', clause: 'S-110 §I.1' });
    expect((await post(`/it/media/${id}/sanitization`, { method: 'overwrite', passes: 2, performedBy: 'Pat Rivera', performedOn: '2026-11-30' })).json()).toMatchObject({ code: 'it.too_few_passes' });
    const impossible = await post(`/it/media/${id}/sanitization`, { method: 'degauss', performedBy: 'Pat Rivera', performedOn: '2026-02-31' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json()).toMatchObject({ code: 'it.bad_date', field: 'performedOn' });
    const media = (await server.app.inject({ url: '/api/v1/it/media', headers: admin.headers })).json().items;
    expect(media.find((m: { id: string }) => m.id === id)).toMatchObject({ status: 'in_use', sanitizations: [] });
    const done = await post(`/it/media/${id}/sanitization`, { method: 'overwrite', passes: 3, performedBy: 'Pat Rivera', performedOn: '2026-11-30' });
    expect(done.json()).toMatchObject({ status: 'sanitized', sanitizations: [{ method: 'overwrite', passes: 3 }] });
  }, 120_000);

  test('a medium is marked destroyed only from a locked case, witnessed by CJIS-certified IT, with a certificate naming its serial (S-110 §I.2)', async () => {
    const id = (await post('/it/media', { serial: 'WD-7781-X', mediaType: 'internal_drive', description: 'Old CAD server disk', holdsCjis: true, location: 'Server room cage' })).json().id;
    const certificate = { fileName: 'certificate.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 certificate of destruction WD-7781-X').toString('base64') };
    const body = { transportedBy: 'Pat Rivera', transportedOn: '2026-11-29', vendor: 'Secure Shred LLC', witnessedBy: admin.username, destroyedOn: '2026-11-30', certificateSerial: 'WD-7781-X', certificateDate: '2026-11-30', certificate };
    expect((await post(`/it/media/${id}/destruction`, body)).json()).toMatchObject({ code: 'it.not_locked_in_case', clause: 'S-110 §I.2.c' });
    expect((await post(`/it/media/${id}/locked-case`, { caseLabel: 'CASE-12' })).json()).toMatchObject({ status: 'locked_for_destruction' });
    expect((await post(`/it/media/${id}/destruction`, { ...body, certificate: undefined })).json()).toMatchObject({ code: 'it.certificate_required' });
    expect((await post(`/it/media/${id}/destruction`, { ...body, certificateSerial: 'WD-0000' })).json()).toMatchObject({ code: 'it.certificate_wrong_serial' });
    expect((await post(`/it/media/${id}/destruction`, { ...body, witnessedBy: uncertified.username })).json()).toMatchObject({ code: 'it.witness_not_certified', clause: 'S-110 §I.2.d' });
    const destroyed = await post(`/it/media/${id}/destruction`, body);
    expect(destroyed.statusCode).toBe(200);
    expect(destroyed.json()).toMatchObject({ status: 'destroyed', destruction: { vendor: 'Secure Shred LLC', witnessedBy: admin.username, certificateSerial: 'WD-7781-X', certificateDate: '2026-11-30' } });
    const file = await server.app.inject({ url: `/api/v1/it/media/${id}/certificate`, headers: admin.headers });
    expect(file.rawPayload.toString()).toBe('%PDF-1.4 certificate of destruction WD-7781-X');
  }, 120_000);

  test('the server-room access log is imported from CSV once, escorted visitors are recorded, and each register prints as PDF and CSV (S-110 §G.1)', async () => {
    const bad = await post('/it/room/access-log', { name: 'bad.csv', csv: 'Time,Badge,Name,Door,Result\nyesterday,1,A,Server Room,Granted\n' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('Line 2, time');
    expect((await post('/it/room/access-log', { name: 'nov30.csv', csv: CSV })).json()).toEqual({ lines: 2, added: 2 });
    expect((await post('/it/room/access-log', { name: 'nov30-again.csv', csv: CSV })).json()).toEqual({ lines: 2, added: 0 });
    const visit = await post('/it/room/visitors', { visitor: 'Alex Kim', organization: 'Total Communications', purpose: 'Replace UPS battery', escort: admin.username, enteredAt: '2026-11-30T10:00:00-05:00' });
    expect(visit.statusCode).toBe(201);
    const month13 = await post('/it/room/visitors', { visitor: 'Alex Kim', purpose: 'UPS', escort: admin.username, enteredAt: '2026-13-45T10:00:00Z' });
    expect(month13.statusCode).toBe(400);
    expect(month13.json()).toMatchObject({ field: 'enteredAt' });
    expect((await post(`/it/room/visitors/${visit.json().id}/left`, { leftAt: '2026-11-30T09:00:00-05:00' })).json()).toMatchObject({ code: 'it.left_before_entering' });
    expect((await post(`/it/room/visitors/${visit.json().id}/left`, { leftAt: '2026-11-30T10:40:00-05:00' })).json()).toMatchObject({ leftAt: '2026-11-30T15:40:00.000Z' });
    const room = (await server.app.inject({ url: '/api/v1/it/room?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z', headers: admin.headers })).json();
    expect(room.access.map((a: { result: string }) => a.result).sort()).toEqual(['denied', 'granted']);

    for (const register of ['changes', 'media', 'room']) {
      const pdf = await server.app.inject({ url: `/api/v1/it/registers/${register}.pdf`, headers: chief.headers });
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((await PDFDocument.load(pdf.rawPayload)).getPageCount()).toBeGreaterThanOrEqual(1);
    }
    const media = parse((await server.app.inject({ url: '/api/v1/it/registers/media.csv', headers: chief.headers })).body) as string[][];
    expect(media[0]).toContain('Serial');
    expect(media.find((row) => row[0] === 'WD-7781-X')).toContain('destroyed');
  }, 120_000);
});
