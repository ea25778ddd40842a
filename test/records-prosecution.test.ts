import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { pdfText } from './knox-support.ts';
import { agencyStamp } from '../src/core/clock.ts';

type H = Record<string, string>;

forEachDatabase('records: the report a prosecutor can use (issue 22 §6)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let officerLogin: string;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, raw: response.rawPayload };
  };

  beforeAll(async () => {
    server = await database().server();
    const signed = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    officer = signed.headers; officerLogin = signed.username;
  }, 180_000);
  afterAll(async () => server?.close());

  const from = '2026-01-14T22:40:00.000Z';
  const to = '2026-01-15T01:05:00.000Z';

  test('offenses, occurrence from/to, weapon, premises and method are stored from the code tables, shown with their names and printed on the PDF', async () => {
    const created = await call(officer, 'POST', '/reports', {
      kind: 'incident', fields: { location: '12 Elm Street', offenses: ['220', '23H'], occurredFrom: from, occurredTo: to, weapon: '99', premises: '20', method: 'PRY' }, narrative: 'Rear door pried; laptop taken.',
    });
    expect(created.status).toBe(201);
    const view = (await call(officer, 'GET', `/reports/${created.body.id}`)).body;
    expect(view.prosecution).toEqual({
      offenses: [{ code: '220', name: 'Burglary / breaking and entering', nibrs: '220' }, { code: '23H', name: 'All other larceny', nibrs: '23H' }],
      weapon: { code: '99', name: 'None' }, premises: { code: '20', name: 'Residence / home' }, method: { code: 'PRY', name: 'Pried door or window' },
      occurredFrom: from, occurredTo: to,
    });
    expect((await call(officer, 'POST', `/reports/${created.body.id}/submit`)).status).toBe(200); // offenses from the table stand for the free-text type

    const pdf = await call(officer, 'GET', `/reports/${created.body.id}/pdf`);
    expect(pdf.status).toBe(200);
    const text = (await pdfText(new Uint8Array(pdf.raw))).replace(/\s+/g, ' ');
    const zone = server.ctx.config.agency.timeZone;
    expect(text).toContain('Burglary / breaking and entering (220)');
    expect(text).toContain(`from ${agencyStamp(zone, from)} to ${agencyStamp(zone, to)}`);
    expect(text).toContain('Pried door or window (PRY)');
    expect(text).toContain('Residence / home (20)');
    expect(text).toContain(created.body.caseNumber);
    expect(text).not.toContain(created.body.id); // never ids
    expect(text).not.toContain(officerLogin); // never logins
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/); // never ISO times
  });

  test.each([
    ['an offense not in the code table', { offenses: ['220', 'NOPE'] }, 'fields.offenses'],
    ['offenses not given as a list', { offenses: '220' }, 'fields.offenses'],
    ['a weapon not in the code table', { weapon: 'BAZOOKA' }, 'fields.weapon'],
    ['a premises code not in the code table', { premises: 'MOON' }, 'fields.premises'],
    ['a method not in the code table', { method: 42 }, 'fields.method'],
    ['an occurrence that ends before it begins', { occurredFrom: to, occurredTo: from }, 'fields.occurredTo'],
    ['an occurrence with an end and no beginning', { occurredTo: to }, 'fields.occurredFrom'],
    ['an occurrence time that is not a time', { occurredFrom: '14/01/2026 10pm' }, 'fields.occurredFrom'],
    ['an occurrence in the future', { occurredFrom: '2099-01-01T00:00:00Z' }, 'fields.occurredFrom'],
  ])('%s is refused naming the field, nothing written', async (_name, bad, field) => {
    const before = (await server.ctx.db.selectFrom('report').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const refused = await call(officer, 'POST', '/reports', { kind: 'incident', fields: { location: '3 Oak Lane', ...bad } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'report.bad_field', field });
    expect(refused.body.detail).toContain(field);
    expect((await server.ctx.db.selectFrom('report').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);

    const draft = await call(officer, 'POST', '/reports', { kind: 'incident', fields: { location: '3 Oak Lane', offenses: ['13B'] } });
    const saved = await call(officer, 'PUT', `/reports/${draft.body.id}`, { version: 1, fields: { location: '3 Oak Lane', ...bad } });
    expect(saved.status).toBe(422);
    expect(saved.body.field).toBe(field);
    const kept = (await call(officer, 'GET', `/reports/${draft.body.id}`)).body;
    expect(kept).toMatchObject({ version: 1, fields: { offenses: ['13B'] } });
  });
});
