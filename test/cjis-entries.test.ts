import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { cjisLink } from '../src/cjis/link.ts';
import { createReport } from '../src/records/reports.ts';
import { sendCertificationReminders } from '../src/cjis/desk.ts';
import { agencyDate } from '../src/core/clock.ts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { withCheckDigit } from '../src/cjis/demo.ts';
import { addUser, consoleActor } from '../src/identity/service.ts';

const PDF = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

// 81A §J.3.b, §J.5, §J.6, §J.7 and the CJIS Representative's desk (§J.1–§J.2, §J.4), through the training switch.
forEachDatabase('CJIS entries, administrative messages and the CJIS Representative’s desk', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let as: (username: string) => Promise<Record<string, string>>;
  let dispatcher: Record<string, string>;
  let rep: Record<string, string>;
  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const sent = async () => (await cjisLink(server.ctx)).switch.status().sent;
  const upload = async (kind: string, headers = dispatcher) => {
    const response = await server.app.inject({ method: 'POST', url: `/api/v1/cjis/documents?kind=${kind}`, payload: PDF(kind), headers: { ...headers, 'content-type': 'application/pdf' } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const theftReport = async () => (await createReport(server.ctx, { username: 'jobrien', roles: ['patrol_officer'], source: '127.0.0.1', remote: false }, {
    kind: 'incident', fields: { offense: 'MOTOR VEHICLE THEFT', location: '9 Oak Road' }, narrative: 'Owner reports the car taken from the driveway.',
  })).id;
  const today = () => agencyDate(server.ctx.config.agency.timeZone);

  beforeAll(async () => {
    server = await database().server();
    as = await demoAgency(server.ctx, server.app);
    dispatcher = await as('dkowalski');
    rep = await as('tcarver');
    await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }); // the link is up
  }, 180_000);
  afterAll(async () => server?.close());

  const warrant = { kind: 'warrant', name: 'KRUGER,PAUL', dob: '1977-05-09', sex: 'M', race: 'W', offense: 'Assault and battery', warrantNumber: '2601CR000777', warrantDate: '2026-10-01', outOfStateNeed: 'Believed to have fled to New Hampshire' };

  test('a CJIS/NCIC warrant is entered only with the DA’s authorization and the documents of §J.3.b.iv; nothing is sent until it has them', async () => {
    const printout = await upload('warrant_printout');
    const report = await upload('incident_report');
    const before = await sent();
    const refusals: [unknown, string, string][] = [
      [{ ...warrant, documents: [printout, report] }, 'cjis.da_authorization_required', '81A §J.3.b.iii'],
      [{ ...warrant, outOfStateNeed: undefined, documents: [printout, report] }, 'cjis.out_of_state_need_required', '81A §J.3.b.ii'],
    ];
    for (const [body, code, clause] of refusals) expect((await post('/cjis/entries', body)).json()).toMatchObject({ status: 422, code, clause });
    const da = await upload('da_authorization');
    expect((await post('/cjis/entries', { ...warrant, documents: [report, da] })).json()).toMatchObject({ code: 'cjis.document_missing', clause: '81A §J.3.b.iv', detail: expect.stringMatching(/WMS printout/) });
    expect((await post('/cjis/entries', { ...warrant, fingerprintsAvailable: true, documents: [printout, report, da] })).json()).toMatchObject({ code: 'cjis.document_missing', detail: expect.stringMatching(/fingerprint card/) });
    expect((await post('/cjis/entries', { ...warrant, dob: '1977-02-31', documents: [printout, report, da] })).json()).toMatchObject({ status: 400, code: 'cjis.bad_dob', clause: '81A §J.3.b' });
    expect(await sent()).toBe(before);

    const entered = await post('/cjis/entries', { ...warrant, documents: [printout, report, da] });
    expect(entered.statusCode, entered.body).toBe(201);
    expect(entered.json()).toMatchObject({ kind: 'warrant', mke: 'EW', nic: expect.stringMatching(/^W\d{9}$/), status: 'active', training: true, ageDays: 0 });
    expect(entered.json().documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['da_authorization', 'incident_report', 'warrant_printout']);
    // A document belongs to one entry.
    expect((await post('/cjis/entries', { ...warrant, documents: [printout, report, da] })).json()).toMatchObject({ code: 'cjis.document_attached' });

    // Our own warrant comes back from the switch as this agency's record: no YQ to ourselves, no Locate on it.
    const query = (await post('/cjis/queries', { line: 'WARRANT KRUGER,PAUL 1977-05-09', purpose: 'C' })).json();
    expect(query.hits[0]).toMatchObject({ nic: entered.json().nic, ori: server.ctx.config.agency.ori, needsConfirmation: false, locateNeeded: false, advice: expect.stringMatching(/Entered by this agency/) });
    expect((await post(`/cjis/hits/${query.hits[0].id}/locate`, {})).json()).toMatchObject({ code: 'cjis.locate_own_entry', clause: '81A §J.3.a.iv' });

    // Recalled by the court: listed until it is removed, then removed promptly (§J.3.b.vi).
    const id = entered.json().id;
    expect((await post(`/cjis/entries/${id}/recall`, { recalledOn: today() })).json()).toMatchObject({ recalledOn: today(), status: 'active' });
    expect((await get('/cjis/entries?recalled=true')).json().map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await post(`/cjis/entries/${id}/cancel`, { reason: 'Warrant recalled by the court' })).json()).toMatchObject({ status: 'cancelled', closeMke: 'XW', closedBy: 'dkowalski' });
    expect((await get('/cjis/entries?recalled=true')).json()).toEqual([]);
    expect((await post('/cjis/queries', { line: 'WARRANT KRUGER,PAUL 1977-05-09', purpose: 'C' })).json().hits).toEqual([]);
  });

  test('a stolen vehicle is entered only with a signed theft report in Records; recovery clears it and it leaves the open list (81A §J.5)', async () => {
    const vin = withCheckDigit('5YJSA1E20HF000316');
    const wrongDigit = `${vin.slice(0, 8)}${vin[8] === '1' ? '2' : '1'}${vin.slice(9)}`;
    const body = { kind: 'vehicle', plate: 'QRS778', state: 'MA', vin, vehicleYear: 2019, make: 'TSLA', color: 'WHI', theftDate: today() };
    expect((await post('/cjis/entries', { ...body, vin: wrongDigit })).json()).toMatchObject({ status: 400, code: 'cjis.bad_vin', clause: '81A §J.5.b; 49 CFR 565.15' });
    const before = await sent();
    expect((await post('/cjis/entries', body)).json()).toMatchObject({ status: 422, code: 'cjis.theft_report_required', clause: '81A §J.5.b; §J.5.d' });
    const reportId = await theftReport();
    expect((await post('/cjis/entries', { ...body, reportId })).json()).toMatchObject({ code: 'cjis.theft_report_unsigned', clause: '81A §J.5.b' });
    expect((await post('/cjis/entries', { ...body, reportId: '00000000-0000-4000-8000-000000000000' })).json()).toMatchObject({ code: 'cjis.report_not_found' });
    expect(await sent()).toBe(before);
    const signed = await upload('signed_theft_report');
    const entered = await post('/cjis/entries', { ...body, reportId, documents: [signed] });
    expect(entered.statusCode, entered.body).toBe(201);
    const entry = entered.json();
    expect(entry).toMatchObject({ mke: 'EV', nic: expect.stringMatching(/^V\d{9}$/), reportId, status: 'active' });
    expect((await get('/cjis/entries')).json().find((e: { id: string }) => e.id === entry.id)).toMatchObject({ ageDays: 0, summary: expect.stringMatching(/QRS778 MA/) });

    // The report stays readable at once to confirm a hit (§J.5.d).
    const pdf = await get(`/cjis/entries/${entry.id}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(`/cjis/documents/${signed}`)).rawPayload.toString()).toMatch(/signed_theft_report/);

    expect((await post('/cjis/queries', { line: 'PLATE QRS778 MA', purpose: 'C' })).json().hits[0]).toMatchObject({ type: 'stolen_vehicle', nic: entry.nic });
    const recovered = await post(`/cjis/entries/${entry.id}/clear`, { reason: 'Recovered by 411 on Route 9' });
    expect(recovered.json()).toMatchObject({ status: 'cleared', closeMke: 'CV', closeReason: 'Recovered by 411 on Route 9' });
    expect((await get('/cjis/entries')).json().some((e: { id: string }) => e.id === entry.id)).toBe(false);
    expect((await post('/cjis/queries', { line: 'PLATE QRS778 MA', purpose: 'C' })).json().hits).toEqual([]);
    expect((await post(`/cjis/entries/${entry.id}/clear`, { reason: 'again' })).json()).toMatchObject({ status: 409, code: 'cjis.entry_closed' });
  });

  test('a stolen plate needs the same signed report (81A §J.5.c); a malformed plate is refused first', async () => {
    expect((await post('/cjis/entries', { kind: 'plate', plate: 'TOO-LONG-PLATE', state: 'MA', theftDate: today() })).json()).toMatchObject({ status: 400, code: 'cjis.bad_plate' });
    expect((await post('/cjis/entries', { kind: 'plate', plate: 'ZZ1234', state: 'MA', theftDate: today() })).json()).toMatchObject({ code: 'cjis.theft_report_required', clause: '81A §J.5.c; §J.5.d' });
    const entered = await post('/cjis/entries', { kind: 'plate', plate: 'ZZ1234', state: 'MA', theftDate: today(), reportId: await theftReport(), documents: [await upload('signed_theft_report')] });
    expect(entered.json()).toMatchObject({ mke: 'EL', nic: expect.stringMatching(/^L\d{9}$/) });
  });

  test('missing persons: a criterion is required; under 18 entered at once, 18 or older only with a signed report (81A §J.6)', async () => {
    const child = { kind: 'missing', name: 'BECK,TARA', dob: '2012-03-03', sex: 'F', notifiedOn: today() };
    expect((await post('/cjis/entries', child)).json()).toMatchObject({ status: 422, code: 'cjis.missing_criteria_required', clause: '81A §J.6.a' });
    expect((await post('/cjis/entries', { ...child, category: 'juvenile_abduction' })).json()).toMatchObject({ mke: 'EMJ', status: 'active' });
    const adult = { kind: 'missing', name: 'BECK,ROGER', dob: '1951-08-08', sex: 'M', notifiedOn: today() };
    expect((await post('/cjis/entries', { ...adult, category: 'juvenile' })).json()).toMatchObject({ code: 'cjis.missing_not_juvenile', clause: '81A §J.6.a.ii(a)' });
    expect((await post('/cjis/entries', { ...adult, category: 'disability' })).json()).toMatchObject({ code: 'cjis.missing_report_required', clause: '81A §J.6.b.ii' });
    const reportId = await theftReport();
    expect((await post('/cjis/entries', { ...adult, category: 'disability', reportId })).json()).toMatchObject({ code: 'cjis.missing_report_required' });
    expect((await post('/cjis/entries', { ...adult, category: 'disability', reportId, documents: [await upload('signed_missing_report')] })).json()).toMatchObject({ mke: 'EMD', status: 'active' });
  });

  test('administrative messages: the limits of LP, BC, NL and AF are enforced with the clause before anything is sent (81A §J.7)', async () => {
    const before = await sent();
    const six = ['MA0130100', 'MA0130200', 'MA0130300', 'MA0130400', 'MA0130500', 'MA0130600'];
    const refused: [unknown, string, string][] = [
      [{ type: 'LP', agencies: six, text: 'Attempt to locate' }, 'cjis.too_many_destinations', '81A §J.7.a'],
      [{ type: 'BC', areas: ['A', 'B', 'C', 'D', 'E', 'H'], text: 'x' }, 'cjis.too_many_destinations', '81A §J.7.b'],
      [{ type: 'NL', regions: ['A', 'B', 'C', 'D', 'E', 'F'], text: 'x' }, 'cjis.too_many_destinations', '81A §J.7.c.iii'],
      [{ type: 'NL', states: ['NH', 'VT', 'ME', 'CT', 'RI', 'NY'], text: 'x' }, 'cjis.too_many_destinations', '81A §J.7.c.ii'],
      [{ type: 'AF', text: 'Armed robbery' }, 'cjis.flash_reason_required', '81A §J.7.c.iv'],
    ];
    for (const [body, code, clause] of refused) expect((await post('/cjis/messages', body)).json()).toMatchObject({ status: 422, code, clause });
    expect(await sent()).toBe(before);

    const lp = await post('/cjis/messages', { type: 'LP', agencies: six.slice(0, 5), text: 'ATL silver Civic MA ABC123 last seen Route 9 eastbound' });
    expect(lp.statusCode, lp.body).toBe(201);
    expect(lp.json()).toMatchObject({ direction: 'out', type: 'LP', destinations: { agencies: six.slice(0, 5) }, sentBy: 'dkowalski', training: true });
    expect((await post('/cjis/messages', { type: 'BC', statewide: true, text: 'Statewide: be on the lookout' })).statusCode).toBe(201);
    expect((await post('/cjis/messages', { type: 'NL', nationwide: true, text: 'Nationwide: missing juvenile BECK TARA' })).statusCode).toBe(201);
    expect((await post('/cjis/messages', { type: 'AF', reason: 'robbery', text: 'Armed robbery Millbrook Savings Bank, two suspects on foot' })).json()).toMatchObject({ destinations: { statewide: true }, reason: 'robbery' });

    // A message from another agency arrives through the switch, is kept and found by search.
    expect((await post('/cjis/training/messages', { fromOri: 'MA0130200', type: 'LP', text: 'Springdale requests extra patrol at the river bridge' }, rep)).statusCode).toBe(202);
    let received: { fromOri: string; text: string }[] = [];
    for (let i = 0; i < 50 && received.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      received = (await get('/cjis/messages?direction=in&q=river%20bridge')).json();
    }
    expect(received).toEqual([expect.objectContaining({ direction: 'in', type: 'LP', fromOri: 'MA0130200', training: true })]);
    expect((await get('/cjis/messages?q=Route%209')).json().map((m: { id: string }) => m.id)).toContain(lp.json().id);
    expect((await get('/cjis/messages?q=MA0130300&direction=out')).json().map((m: { id: string }) => m.id)).toEqual([lp.json().id]); // by destination
  });

  test('the CJIS Representative sees each user’s level, dates and standing; certificates are generated or uploaded and kept (81A §J.1.b.i–ii)', async () => {
    const users = (await get('/cjis/users', rep)).json();
    expect(users.find((u: { username: string }) => u.username === 'dkowalski')).toMatchObject({ level: 'full_access', state: 'current', communications: true, queryAllowed: true, fullAllowed: true });
    expect(users.find((u: { username: string }) => u.username === 'jobrien')).toMatchObject({ level: 'query_only', queryAllowed: true, fullAllowed: false, refusal: { code: 'cjis.full_access_required' } });
    expect(users.find((u: { username: string }) => u.username === 'pnguyen')).toMatchObject({ state: 'expiring' });
    expect((await get('/cjis/users')).statusCode).toBe(403);

    const recorded = await post('/cjis/users/jobrien/certifications', { level: 'full_access', certifiedOn: today() }, rep);
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({ level: 'full_access', certifiedOn: today(), state: 'current', fullAllowed: true });
    const certificate = await get(`/cjis/certifications/${recorded.json().certificationId}/certificate`, rep);
    expect(certificate.headers['content-type']).toBe('application/pdf');
    expect(certificate.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const uploaded = await upload('certificate', rep);
    const withUpload = await post('/cjis/users/pnguyen/certifications', { level: 'query_only', certifiedOn: today(), documentId: uploaded }, rep);
    expect(withUpload.json()).toMatchObject({ certificateDocumentId: uploaded, state: 'current' });
    expect((await post('/cjis/users/pnguyen/certifications', { level: 'query_only', certifiedOn: '2099-01-01' }, rep)).json()).toMatchObject({ code: 'cjis.future_date' });
  });

  test('reminders go out once before a certification expires, and the holder sees theirs (81A §J.1.b.i)', async () => {
    const { user } = await addUser(server.ctx, consoleActor(), { username: 'reminded', firstName: 'Rae', lastName: 'Minder', roles: ['dispatcher'], password: 'Staple-Battery-Horse-42!', mustChangePassword: false });
    const almostTwoYears = new Date(Date.now() - (730 - 20) * 86_400_000).toISOString().slice(0, 10);
    await post(`/cjis/users/${user.username}/certifications`, { level: 'full_access', certifiedOn: almostTwoYears }, rep);
    expect(await sendCertificationReminders(server.ctx)).toBeGreaterThanOrEqual(1);
    expect(await sendCertificationReminders(server.ctx)).toBe(0);
    expect((await get('/cjis/reminders', rep)).json()).toEqual(expect.arrayContaining([expect.objectContaining({ username: user.username })]));
    const login = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: user.username, password: 'Staple-Battery-Horse-42!' } });
    const me = (await get('/cjis/me', { authorization: `Bearer ${login.json().token}` })).json();
    expect(me).toMatchObject({ state: 'expiring', reminderSentAt: expect.any(String), queryAllowed: true });
  });

  test('the Users Agreement: due by March 1 each year, and within ten days of a new CJIS Rep, backup Rep or Chief (81A §J.1.b.vii–viii)', async () => {
    const start = (await get('/cjis/agreements', rep)).json();
    expect(start.due).toEqual([expect.objectContaining({ clause: '81A §J.1.b.viii(a)', overdue: false, due: expect.stringMatching(/-03-01$/) })]);
    const assigned = (await post('/cjis/officials', { role: 'backup_rep', name: 'Lee Park', assignedOn: today() }, rep)).json();
    const tenDays = new Date(Date.parse(`${today()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(assigned.due).toContainEqual(expect.objectContaining({ due: tenDays, clause: '81A §J.1.b.viii(b)', reason: expect.stringMatching(/Lee Park became backup CJIS Representative/) }));
    const signed = (await post('/cjis/agreements', { signedOn: today(), filedWithRecordsOn: today(), filedWithChsbOn: today() }, rep)).json();
    expect(signed.due.map((d: { clause: string }) => d.clause)).toEqual(['81A §J.1.b.viii(a)']);
    expect(signed.agreements[0]).toMatchObject({ signedOn: today(), filedWithRecordsOn: today(), recordedBy: 'tcarver' });
  });

  test('the monthly validation list of the agency’s own entries is worked through, recording who validated what (81A §J.1.b.iii)', async () => {
    const month = today().slice(0, 7);
    const list = (await post(`/cjis/validations/${month}`, {}, rep)).json();
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    expect(list.items.map((i: { summary: string }) => i.summary).join(' ')).toMatch(/MBK100/); // the demo agency's own stolen car
    expect(list.complete).toBe(false);
    const active = list.items.find((i: { summary: string }) => /MBK100/.test(i.summary));
    expect((await post(`/cjis/validations/${month}/${active.nic}`, { outcome: 'removed' }, rep)).json()).toMatchObject({ code: 'cjis.entry_still_active' });
    let view = list;
    for (const item of list.items) view = (await post(`/cjis/validations/${month}/${item.nic}`, { outcome: 'valid', note: 'Confirmed with the complainant' }, rep)).json();
    expect(view.complete).toBe(true);
    expect(view.items.every((i: { validatedBy: string; validatedByName: string; outcome: string }) => i.validatedBy === 'tcarver' && i.validatedByName === 'Terry Carver #122' && i.outcome === 'valid')).toBe(true);
    expect((await get('/cjis/validations', rep)).json()[0]).toMatchObject({ month, requestedBy: 'tcarver' });
  });

  test('the Chief keeps the BOP list by position, title or name; it is printable for inspection (81A §J.4.c)', async () => {
    const chief = await as('rmcallister');
    const added = await post('/cjis/bop-list', { kind: 'title', value: 'Detective Bureau' }, chief);
    expect(added.statusCode).toBe(201);
    expect(added.json().map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`)).toEqual(expect.arrayContaining(['title:Detective Bureau', 'position:dispatcher', 'name:tcarver']));
    expect(added.json()).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'tcarver', valueName: 'Terry Carver #122', addedByName: 'Ruth McAllister #1' })]));
    expect((await post('/cjis/bop-list', { kind: 'position', value: 'janitor' }, chief)).json()).toMatchObject({ code: 'cjis.unknown_position', clause: '81A §J.4.c' });
    expect((await post('/cjis/bop-list', { kind: 'name', value: 'dkowalski' })).statusCode).toBe(403);
    const printout = await get('/cjis/bop-list.pdf', rep);
    expect(printout.headers['content-type']).toBe('application/pdf');
    const doc = await getDocument({ data: new Uint8Array(printout.rawPayload), standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/', isEvalSupported: false }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    expect(text).toMatch(/Title \/ assignment: Detective Bureau/);
    expect(text).toMatch(/Dana Kowalski #D-12 - by position Dispatcher/);
    expect(text).toMatch(/Name: Terry Carver #122 +\(added by Ruth McAllister #1,/); // people by name on paper, never by login
    const id = added.json().find((i: { value: string }) => i.value === 'Detective Bureau').id;
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/cjis/bop-list/${id}`, headers: chief })).json().some((i: { id: string }) => i.id === id)).toBe(false);
  });

  test('CJIS audits are filed with Records and listed for the auditor (81A §J.1.b.ix)', async () => {
    const document = await upload('cjis_audit', rep);
    const filed = await post('/cjis/audits', { auditDate: today(), auditor: 'DCJIS Field Services', result: 'Compliant', filedWithRecordsOn: today(), documentId: document }, rep);
    expect(filed.statusCode).toBe(201);
    expect((await get('/cjis/audits', await as('hlindqvist'))).json().items[0]).toMatchObject({ auditor: 'DCJIS Field Services', filedWithRecordsOn: today(), documentId: document });
  });
});
