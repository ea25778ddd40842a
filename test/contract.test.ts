import { afterAll, beforeAll, expect, test } from 'vitest';
import { declaredRoutes } from '../src/core/contract.ts';
import { ROLE_NAMES, ROLES } from '../src/core/permissions.ts';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { signedInAs } from './support/session.ts';

/**
 * The HTTP contract is declared once: every route says what it answers, OpenAPI shows it,
 * and the console imports the same types (docs/architecture.md, "Routes").
 */
forEachDatabase('the HTTP contract', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;

  beforeAll(async () => {
    server = await database().server();
    await server.app.ready();
  }, 600_000);
  afterAll(async () => server?.close());

  test('every API route declares the answers it gives: none is left without a response schema', () => {
    const routes = declaredRoutes(server.app as never);
    expect(routes.length).toBeGreaterThan(100);
    const missing = routes.filter((r) => r.responses.length === 0).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  test('every declared route answers a success and problem+json for 4xx and 5xx', () => {
    for (const route of declaredRoutes(server.app as never)) {
      expect(route.responses.some((s) => /^(1|2|3)/.test(s)), `${route.method} ${route.url}`).toBe(true);
    }
  });

  test('OpenAPI documents each route’s answers, refusals included, with their schemas', async () => {
    const doc = (await server.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    const undocumented: string[] = [];
    for (const route of declaredRoutes(server.app as never)) {
      // The document itself, and the WebSocket stream, which OpenAPI 3.0 cannot describe (docs/calls-and-incidents.md covers it).
      if (route.url === '/api/openapi.json' || route.url === '/api/v1/stream') continue;
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      const statuses = Object.keys(operation?.responses ?? {});
      if (!statuses.some((s) => /^[123]/.test(s)) || !statuses.includes('4XX')) undocumented.push(`${route.method} ${route.url}: ${statuses.join(',')}`);
      const refusal = operation?.responses?.['4XX']?.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
      if (refusal && !refusal.properties?.code) undocumented.push(`${route.method} ${route.url}: 4XX without code`);
    }
    expect(undocumented).toEqual([]);
  });

  test('with the demo agency loaded, every list a person with every role may open answers within its declared schema', async () => {
    await demoAgency(server.ctx, server.app);
    const everyone = await signedInAs(server.ctx, server.app, [...ROLES]);
    const lists = declaredRoutes(server.app as never)
      .filter((r) => r.method === 'GET' && !r.url.includes(':') && r.url.startsWith('/api/v1') && r.url !== '/api/v1/stream');
    expect(lists.length).toBeGreaterThan(30);
    const broken: string[] = [];
    let answered = 0;
    for (const route of lists) {
      const response = await server.app.inject({ method: 'GET', url: route.url, headers: everyone.headers });
      if (response.statusCode >= 500) broken.push(`${route.url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      if (response.statusCode === 200) answered += 1;
    }
    expect(broken).toEqual([]);
    // Most lists answer outright; the rest need a query (a date range, a search term) and refuse with 400.
    expect(answered).toBeGreaterThan(lists.length * 0.6);
  }, 300_000);

  test('the role names a person reads come from the server’s role table, each with whether it may sign in remotely (S-110 §H)', async () => {
    const chief = await signedInAs(server.ctx, server.app, ['chief']);
    const roles = (await server.app.inject({ url: '/api/v1/roles', headers: chief.headers })).json() as { role: string; name: string; remote: boolean }[];
    expect(roles.map((r) => r.role)).toEqual([...ROLES]);
    expect(roles.find((r) => r.role === 'patrol_supervisor')).toEqual({ role: 'patrol_supervisor', name: ROLE_NAMES.patrol_supervisor, remote: false });
    expect(roles.find((r) => r.role === 'chief')?.remote).toBe(true);
  });

  test('a refusal is sent as the declared problem, naming its code', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 401, code: 'auth.required', title: 'Authentication required' });
  });
});
