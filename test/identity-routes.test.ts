import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../src/core/context.ts';
import type { App } from '../src/app/server.ts';
import { hashPassword } from '../src/identity/passwords.ts';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '../src/core/permissions.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { bearer, signIn } from './identity-fixtures.ts';

/**
 * Every registered route, read from the running server's own route tree
 * (app.printRoutes), so routes another capability adds later are walked too.
 */
export function registeredRoutes(app: App): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )(\S.*?) \(([A-Z, ]+)\)$/.exec(line) ?? /^([│ ]*)(?:├── |└── )(\S.*)$/.exec(line);
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    const url = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = url;
    parents.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      if (method !== 'HEAD') routes.push({ method, url });
    }
  }
  return routes;
}

// The emergency button's credential route needs no session: the terminal's emergency credential is its key (81A §E.6.e).
const PUBLIC = new Set(['GET /api/health', 'GET /api/openapi.json', 'POST /api/v1/session', 'POST /api/v1/emergency']);

forEachDatabase('every route answers every role per the permission table (S-110 §D; CJIS AC-3)', (database, kind) => {
  let app: App;
  let ctx: AppContext;
  let close: () => Promise<void>;
  let routes: { method: string; url: string }[];
  const headersOf = new Map<Role | 'no role', Record<string, string>>();

  beforeAll(async () => {
    const server = await database().server();
    app = server.app;
    ctx = server.ctx;
    close = server.close;
    routes = registeredRoutes(app)
      .filter((r) => r.url.startsWith('/api'))
      // Signing out ends the walking session: walk it last.
      .sort((a, b) => Number(a.method === 'DELETE' && a.url === '/api/v1/session') - Number(b.method === 'DELETE' && b.url === '/api/v1/session'));
    for (const role of ROLES) headersOf.set(role, (await signedInAs(server.ctx, app, [role])).headers);
    // A login with no role at all: what it is refused names the permission each route needs.
    await server.ctx.db.insertInto('app_user').values({
      username: 'norole', first_name: 'Nora', last_name: 'Role', badge: null, unit: null, roles: [], password_hash: await hashPassword('Empty-Handed-Login-1'),
      password_changed_at: new Date(), must_change_password: false, disabled_at: null, disabled_reason: null, locked_until: null, last_signin_at: null,
    }).execute();
    headersOf.set('no role', bearer((await signIn(app, { username: 'norole', password: 'Empty-Handed-Login-1' })).json().token));
  });
  afterAll(async () => close?.());

  const call = (route: { method: string; url: string }, headers: Record<string, string> = {}) =>
    app.inject({ method: route.method as 'GET', url: route.url.replace(/:[A-Za-z]+/g, 'probe'), headers: { ...headers, 'x-walk': '1' } });

  test('the walk finds the routes of every capability, including ones added after identity', () => {
    const seen = routes.map((r) => `${r.method} ${r.url}`);
    for (const known of ['POST /api/v1/session', 'GET /api/v1/users', 'GET /api/v1/audit/reports/:report', 'GET /api/v1/events', 'PUT /api/v1/code-tables/:table/:code']) {
      expect(seen).toContain(known);
    }
  });

  test('without a session every route but the public ones answers 401', async () => {
    for (const route of routes) {
      const response = await call(route);
      const key = `${route.method} ${route.url}`;
      if (PUBLIC.has(key)) expect(response.statusCode, key).not.toBe(401);
      else expect(response.statusCode, `${key} answers without a session; if it is meant to be public, add it to PUBLIC`).toBe(401);
    }
  });

  // The permission table is code, the same on both databases: the full walk (every route as every role, some
  // four thousand requests) runs once, on the embedded database; PostgreSQL keeps the 401 walk and the audit check.
  test.skipIf(kind === 'postgresql')('each role gets 403 exactly where the permission table withholds the route’s permission', async () => {
    const checked: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (PUBLIC.has(key)) continue;
      const bare = await call(route, headersOf.get('no role')!);
      // "needs knox.request" or, where any one of several will do, "needs one of a, b"
      const named = bare.statusCode === 403 && bare.json().code === 'auth.forbidden' ? /needs (?:one of )?([a-z_., ]+)\)/.exec(bare.json().detail ?? '')?.[1] : undefined;
      const anyOf = named?.split(', ');
      const need = named;
      for (const p of anyOf ?? []) expect(Object.keys(PERMISSIONS), key).toContain(p);
      // the roles' requests to one route go together (each role has its own session): the walk's time is the server's, not the wait
      const responses = await Promise.all(ROLES.map((role) => call(route, headersOf.get(role)!)));
      for (const [i, role] of ROLES.entries()) {
        const response = responses[i]!;
        const allowed = !anyOf || anyOf.some((p) => ROLE_PERMISSIONS[role].includes(p as Permission));
        // A route may still refuse a permitted role for its own reasons (another code); never for the permission.
        const refusedByTable = response.statusCode === 401 || (response.statusCode === 403 && response.json().code === 'auth.forbidden');
        if (allowed) expect(refusedByTable, `${key} as ${role} (needs ${need ?? 'a session'}): ${response.body.slice(0, 200)}`).toBe(false);
        else {
          expect(response.statusCode, `${key} as ${role} (needs ${need})`).toBe(403);
          expect(response.json().code).toBe('auth.forbidden');
        }
        checked.push(`${key} ${role}`);
      }
    }
    expect(checked.length).toBeGreaterThan(20 * ROLES.length);
  }, 300_000);

  test('a refusal for want of permission leaves an audit row naming the permission (S-110 §D.4)', async () => {
    const dispatcher = await signedInAs(ctx, app, ['dispatcher']);
    const denied = await app.inject({ url: '/api/v1/users', headers: dispatcher.headers });
    expect(denied.statusCode).toBe(403);
    const rows = await ctx.db.selectFrom('audit').selectAll().where('username', '=', dispatcher.username).where('outcome', '=', 'denied').execute();
    expect(rows).toMatchObject([{ action: 'GET /api/v1/users', reason: 'needs permission users.admin' }]);
  });
});
