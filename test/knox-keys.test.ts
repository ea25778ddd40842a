import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { startGateway, type Gateway } from './knox-support.ts';
import { raiseEndOfShiftAlerts } from '../src/keys/shift.ts';
import { deliverPending } from '../src/keys/outbound.ts';

type Headers = Record<string, string>;

const BOX = {
  id: 'MHA-OAK', building: 'Oak Gardens', address: '3 Oak Lane, Millbrook', kind: 'housing_authority', authority: 'Millbrook Housing Authority',
  contacts: [{ role: 'Executive Director', name: 'Patricia Lindgren', email: 'director@mha.test' }],
  reportTo: 'fax@mha.test', units: ['1', '2'],
};
const SCHOOL = {
  id: 'SCH-WEST', building: 'West School', address: '8 West Street, Millbrook', kind: 'school', authority: 'Millbrook School Department',
  contacts: [{ role: 'Director of Maintenance', name: 'Renee Castillo', email: 'maintenance@schools.test' }, { role: 'Executive Director', name: 'Not for schools', email: 'wrong@x.test' }],
  reportTo: 'maintenance@schools.test', units: [],
};

forEachDatabase('Knox access keys for a shift (O-604 §III.A–B, §III.I)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let gateway: Gateway;
  let oic: Headers, officer: Headers, supply: Headers, dispatcher: Headers;
  let officerName: string, clerkName: string;
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    server = await database().server();
    gateway = await startGateway();
    const s = (roles: Parameters<typeof signedInAs>[2]) => signedInAs(server.ctx, server.app, roles);
    oic = (await s(['commanding_officer'])).headers;
    const p = await s(['patrol_officer']); officer = p.headers; officerName = p.username;
    clerkName = (await s(['records_clerk'])).username;
    supply = (await s(['supply_supervisor'])).headers;
    dispatcher = (await s(['dispatcher'])).headers;
    await inject('PUT', '/knox/outbound', supply, { smtpUrl: gateway.url, from: 'dispatch@millbrook-pd.test' });
    await inject('POST', '/knox/boxes', supply, BOX);
    await inject('POST', '/knox/boxes', supply, SCHOOL);
    for (const number of ['K-1', 'K-2', 'K-3', 'K-4', 'K-5']) expect((await inject('POST', '/knox/keys', supply, { number })).statusCode).toBe(201);
  });
  afterAll(async () => { await server?.close(); await gateway?.close(); });

  test('the Supply Supervisor keeps the register; others may not add keys (§III.A)', async () => {
    expect((await inject('POST', '/knox/keys', oic, { number: 'K-9' })).statusCode).toBe(403);
    expect((await inject('POST', '/knox/keys', supply, { number: 'K-1' })).json().code).toBe('knox.key_exists');
    const keys = (await inject('GET', '/knox/keys', dispatcher)).json() as { number: string; status: string }[];
    expect(keys.filter((k) => k.number.startsWith('K-')).every((k) => k.status === 'cabinet')).toBe(true);
    const events = await server.ctx.db.selectFrom('event').select('kind').where('kind', '=', 'knox.key_registered').execute();
    const audits = await server.ctx.db.selectFrom('audit').select('action').where('action', '=', 'knox.key_registered').execute();
    expect(events.length).toBe(5);
    expect(audits.length).toBe(5);
  });

  test('the Supply Supervisor corrects a box’s contacts; the change is on the log with before and after (§III.A)', async () => {
    const { id: _id, ...fields } = BOX;
    const changed = await inject('PUT', '/knox/boxes/MHA-OAK', supply, { ...fields, contacts: [{ role: 'Executive Director', name: 'Dana Whitcomb', email: 'ed@mha.test' }] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().contacts[0].name).toBe('Dana Whitcomb');
    expect((await inject('PUT', '/knox/boxes/MHA-OAK', oic, fields)).statusCode).toBe(403);
    const event = await server.ctx.db.selectFrom('event').select('payload').where('kind', '=', 'knox.box_changed').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ before: { contacts: [{ name: 'Patricia Lindgren' }] }, after: { contacts: [{ name: 'Dana Whitcomb' }] } });
    await inject('PUT', '/knox/boxes/MHA-OAK', supply, fields); // back as it was, for the notices below
  });

  test('the OIC assigns a key for the shift and the board shows it out and with whom; bad assignments are refused with §III.B', async () => {
    const assigned = await inject('POST', '/knox/keys/K-1/assign', oic, { officer: officerName });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ key: 'K-1', officer: officerName, returnedAt: null });

    const again = await inject('POST', '/knox/keys/K-1/assign', oic, { officer: officerName });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'knox.key_out', clause: 'O-604 §III.B' });
    const toClerk = await inject('POST', '/knox/keys/K-2/assign', oic, { officer: clerkName });
    expect(toClerk.json()).toMatchObject({ code: 'knox.not_patrol_officer', clause: 'O-604 §III.B' });
    const neverOut = await inject('POST', '/knox/keys/K-2/return', oic);
    expect(neverOut.statusCode).toBe(409);
    expect(neverOut.json()).toMatchObject({ code: 'knox.key_not_assigned', clause: 'O-604 §III.B' });
    expect((await inject('POST', '/knox/keys/K-2/assign', officer, { officer: officerName })).statusCode).toBe(403);

    const board = (await inject('GET', '/knox/board', oic)).json() as { number: string; status: string; out: { officer: string; officerName: string } | null }[];
    expect(board.find((k) => k.number === 'K-1')).toMatchObject({ status: 'assigned', out: { officer: officerName, officerName: expect.stringContaining('Tester-Quill') } });
    expect(board.find((k) => k.number === 'K-2')).toMatchObject({ status: 'cabinet', out: null });
    // nothing was written for the refused ones
    const assignments = await server.ctx.db.selectFrom('knox_assignment').select('key_number').execute();
    expect(assignments.map((a) => a.key_number)).toEqual(['K-1']);
  });

  test('two OICs handing out the same key at once: one gets it, the other is told it is out', async () => {
    const [a, b] = await Promise.all([
      inject('POST', '/knox/keys/K-3/assign', oic, { officer: officerName }),
      inject('POST', '/knox/keys/K-3/assign', oic, { officer: officerName }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    await inject('POST', '/knox/keys/K-3/return', oic);
  });

  test('a key still out when the shift ends raises an alert for the OIC and the officer that stays until it is returned, and the late return records it went off duty (§III.B)', async () => {
    await inject('POST', '/knox/keys/K-4/assign', oic, { officer: officerName, shiftHours: 8 });
    expect(await raiseEndOfShiftAlerts(server.ctx)).toBe(0); // the shift has not ended
    // the shift ended ten minutes ago
    await server.ctx.db.updateTable('knox_assignment').set({ due_back_at: new Date(Date.now() - 10 * 60_000) }).where('key_number', '=', 'K-4').where('returned_at', 'is', null).execute();
    await raiseEndOfShiftAlerts(server.ctx);
    await raiseEndOfShiftAlerts(server.ctx); // a second sweep does not raise it twice
    const forOic = (await inject('GET', '/knox/alerts', oic)).json() as { id: string; kind: string; key: string; message: string }[];
    const alert = forOic.filter((a) => a.key === 'K-4');
    expect(alert).toHaveLength(1);
    expect(alert[0]).toMatchObject({ kind: 'unreturned_key', message: expect.stringMatching(/must be returned now/) });
    expect((await inject('GET', '/knox/alerts', officer)).json().map((a: { key: string }) => a.key)).toContain('K-4');
    // it cannot be waved away
    expect((await inject('POST', `/knox/alerts/${alert[0]!.id}/acknowledge`, oic)).json().code).toBe('knox.alert_needs_return');
    const board = (await inject('GET', '/knox/board', oic)).json() as { number: string; out: { overdue: boolean } | null }[];
    expect(board.find((k) => k.number === 'K-4')!.out!.overdue).toBe(true);

    const back = (await inject('POST', '/knox/keys/K-4/return', oic)).json();
    expect(back).toMatchObject({ wentOffDuty: true, returnedAt: expect.any(String) });
    expect((await inject('GET', '/knox/alerts', oic)).json().filter((a: { key: string }) => a.key === 'K-4')).toEqual([]);
    const csv = (await inject('GET', '/knox/distribution?key=K-4&format=csv', supply)).body;
    expect(csv.split('\n')[0]).toContain('went_off_duty');
    expect(csv).toMatch(/K-4,.*,yes,/);
  });

  test('a lost key becomes lost, clears its alert, and the Housing Authority director and the Supply Supervisor are notified and recorded (§III.I)', async () => {
    await inject('POST', '/knox/keys/K-5/assign', oic, { officer: officerName });
    await server.ctx.db.updateTable('knox_assignment').set({ due_back_at: new Date(Date.now() - 60_000) }).where('key_number', '=', 'K-5').where('returned_at', 'is', null).execute();
    await raiseEndOfShiftAlerts(server.ctx);
    const lost = await inject('POST', '/knox/keys/K-5/lost', oic, { details: 'Not found after the shift; officer searched the cruiser.' });
    expect(lost.statusCode).toBe(200);
    expect(lost.json().notified).toEqual([
      expect.objectContaining({ role: 'Executive Director', name: 'Patricia Lindgren', channel: 'smtp', notifiedAt: expect.any(String) }),
      expect.objectContaining({ role: 'Supply Supervisor', name: expect.stringContaining('Tester-Quill'), channel: 'console' }),
    ]);
    const keys = (await inject('GET', '/knox/keys', supply)).json() as { number: string; status: string }[];
    expect(keys.find((k) => k.number === 'K-5')!.status).toBe('lost');
    const alerts = (await inject('GET', '/knox/alerts', supply)).json() as { kind: string; key: string }[];
    expect(alerts.filter((a) => a.key === 'K-5').map((a) => a.kind)).toEqual(['key_lost']); // the unreturned alert is cleared
    await deliverPending(server.ctx);
    const mail = await gateway.waitFor((m) => m.subject?.includes('K-5') ?? false);
    expect(mail.subject).toMatch(/URGENT/);
    expect(await server.ctx.db.selectFrom('knox_notice').select('notified_name').where('key_number', '=', 'K-5').execute()).toHaveLength(2);
    expect((await inject('POST', '/knox/keys/K-5/assign', oic, { officer: officerName })).json().code).toBe('knox.key_lost');
  });

  test('master keys missing from a school box notify its Director of Maintenance, not a housing director, and the Supply Supervisor (§III.I)', async () => {
    const report = await inject('POST', '/knox/boxes/SCH-WEST/missing-keys', oic, { details: 'Box found open, ring of master keys gone.' });
    expect(report.statusCode).toBe(200);
    expect(report.json().notified.map((n: { name: string }) => n.name)).toEqual(['Renee Castillo', expect.stringContaining('Tester-Quill')]);
    await deliverPending(server.ctx);
    const mail = await gateway.waitFor((m) => m.subject?.includes('SCH-WEST') ?? false);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('maintenance@schools.test');
    expect((await inject('POST', '/knox/boxes/SCH-WEST/missing-keys', officer, { details: 'x'.repeat(5) })).statusCode).toBe(403);
  });
});
