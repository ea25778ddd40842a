import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { pdfText } from './knox-support.ts';

type H = Record<string, string>;

forEachDatabase('records: crash road, light and weather are editable code tables seeded with MMUCC (S-110 §A.1.e)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let clerk: H; let admin: H; let kase: string;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.rawPayload };
  };
  const crash = (conditions: Record<string, string>) => call(officer, 'POST', '/crashes', {
    caseNumber: kase, occurredAt: '2026-02-11T08:15:00Z', location: 'Main St at Elm St', road: 'dry', light: 'daylight', weather: 'clear', ...conditions,
    units: [{ damage: 'front end', occupants: [] }],
  });
  const crashes = async () => Number((await server.ctx.db.selectFrom('crash_report').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    kase = (await call(officer, 'POST', '/cases', { type: 'MV CRASH', location: 'Main St at Elm St' })).body.number;
  }, 300_000);
  afterAll(async () => server?.close());

  test('the three code tables start with the MMUCC values, each with its words (S-110 §A.1.e)', async () => {
    const codes = async (table: string) => (await call(clerk, 'GET', `/code-tables/${table}`)).body.map((c: { code: string; name: string }) => `${c.code}=${c.name}`);
    expect(await codes('crash_road')).toEqual(['dry=Dry', 'wet=Wet', 'snow=Snow', 'slush=Slush', 'ice=Ice / frost', 'sand_mud=Sand, mud, dirt, oil', 'water=Standing or moving water', 'other=Other', 'unknown=Unknown']);
    expect(await codes('crash_light')).toContain('dark_unlighted=Dark – roadway not lighted');
    expect(await codes('crash_weather')).toContain('fog_smoke=Fog, smog, smoke');
  });

  test('a code that is not an active code of its table is a 400 naming the field, and nothing is written (S-110 §A.1.e)', async () => {
    const before = await crashes();
    for (const [field, value] of [['road', 'lava'], ['light', 'strobe'], ['weather', 'Snow']] as const) {
      const refused = await crash({ [field]: value });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'crash.unknown_condition', field });
      expect(refused.body.detail).toContain(`crash_${field}`);
    }
    expect(await crashes()).toBe(before);
  });

  test('an administrator adds and retires conditions; a crash report shows its conditions by their words on its page, in the list and in the PDF (S-110 §A.1.e)', async () => {
    expect((await call(officer, 'PUT', '/code-tables/crash_road/gravel', { name: 'Gravel (unpaved)' })).status).toBe(403);
    expect((await call(admin, 'PUT', '/code-tables/crash_road/gravel', { name: 'Gravel (unpaved)' })).status).toBe(200);
    const made = await crash({ road: 'gravel', light: 'dark_unlighted', weather: 'fog_smoke' });
    expect(made.status).toBe(201);
    const seen = (await call(clerk, 'GET', `/crashes/${made.body.id}`)).body;
    expect(seen).toMatchObject({ road: 'gravel', roadName: 'Gravel (unpaved)', lightName: 'Dark – roadway not lighted', weatherName: 'Fog, smog, smoke' });
    const listed = (await call(clerk, 'GET', `/crashes?caseNumber=${kase}`)).body.items.find((c: { id: string }) => c.id === made.body.id);
    expect(listed).toMatchObject({ roadName: 'Gravel (unpaved)', lightName: 'Dark – roadway not lighted', weatherName: 'Fog, smog, smoke' });
    const pdf = await call(clerk, 'GET', `/crashes/${made.body.id}/report.pdf`);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Road surface: Gravel (unpaved). Light: Dark - roadway not lighted. Weather: Fog, smog, smoke.');
    expect(text).toContain(`case ${kase}`);
    expect(text).not.toMatch(/gravel\b|dark_unlighted|fog_smoke|\d{4}-\d{2}-\d{2}T/); // words and agency times, never codes or ISO times

    // retired: no longer accepted, but the report filed with it keeps its words
    expect((await call(admin, 'PUT', '/code-tables/crash_road/gravel', { name: 'Gravel (unpaved)', active: false })).status).toBe(200);
    expect((await crash({ road: 'gravel' })).body).toMatchObject({ status: 400, field: 'road' });
    expect((await call(clerk, 'GET', `/crashes/${made.body.id}`)).body.roadName).toBe('Gravel (unpaved)');
  });
});
