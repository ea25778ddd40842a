import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultSecurity } from '../src/core/config.ts';
import { forEachDatabase } from './support/databases.ts';
import { bearer, person, signIn } from './identity-fixtures.ts';

forEachDatabase('idle means the person is idle (CJIS AC-11, AC-12)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  beforeAll(async () => {
    server = await database().server({ security: { ...defaultSecurity, idleExemptNetworks: ['10.50.0.0/24'], exemptIdleMinutes: 240 } });
  }, 300_000);
  afterAll(async () => server?.close());

  /** A signed-in session whose last user action was `minutesAgo` minutes ago. */
  async function sessionIdleFor(minutesAgo: number, from = '10.1.2.3') {
    const user = await person(server.ctx, ['dispatcher']);
    const token = (await signIn(server.app, user, from)).json().token as string;
    const row = await server.ctx.db.selectFrom('session').select('id').where('username', '=', user.username).executeTakeFirstOrThrow();
    const lastSeen = new Date(Date.now() - minutesAgo * 60_000);
    await server.ctx.db.updateTable('session').set({ last_seen_at: lastSeen }).where('id', '=', row.id).execute();
    const seen = async () => (await server.ctx.db.selectFrom('session').select('last_seen_at').where('id', '=', row.id).executeTakeFirstOrThrow()).last_seen_at;
    return { headers: bearer(token), lastSeen, seen };
  }

  test('CJIS AC-11: a background refresh is served but does not keep the session alive; the session still ends at 30 idle minutes', async () => {
    const session = await sessionIdleFor(29);
    const background = { ...session.headers, 'x-precinct-activity': 'background' };
    expect((await server.app.inject({ url: '/api/v1/events/recent', headers: background, remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    expect(await session.seen()).toEqual(session.lastSeen);
    await server.ctx.db.updateTable('session').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).where('last_seen_at', '=', session.lastSeen).execute();
    const expired = await server.app.inject({ url: '/api/v1/events/recent', headers: background, remoteAddress: '10.1.2.3' });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('auth.session_expired');
  });

  test('CJIS AC-11: a request of the person’s own (no background mark) keeps the session alive', async () => {
    const session = await sessionIdleFor(29);
    expect((await server.app.inject({ url: '/api/v1/me', headers: session.headers, remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    expect((await session.seen()).getTime()).toBeGreaterThan(session.lastSeen.getTime() + 28 * 60_000);
  });

  test('CJIS AC-11 exemption: a dispatch position in the secured center (a named network) has the agency’s longer limit, and /me says which applies', async () => {
    const session = await sessionIdleFor(45, '10.50.0.7');
    const me = await server.app.inject({ url: '/api/v1/me', headers: session.headers, remoteAddress: '10.50.0.7' });
    expect(me.statusCode).toBe(200);
    expect(me.json().idleMinutes).toBe(240);
    const elsewhere = await sessionIdleFor(45, '10.1.2.3');
    const refused = await server.app.inject({ url: '/api/v1/me', headers: elsewhere.headers, remoteAddress: '10.1.2.3' });
    expect(refused.json().code).toBe('auth.session_expired');
  });

  test('by default there is no exemption: the policy’s 30 minutes everywhere', () => {
    expect(defaultSecurity.idleExemptNetworks).toEqual([]);
    expect(defaultSecurity.idleMinutes).toBe(30);
  });
});
