import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../src/core/context.ts';
import { currentCode } from '../src/identity/mfa.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { INVALID } from '../src/identity/signin.ts';
import { auditRowsAbout, bearer, enrolled, person, REMOTE, signIn } from './identity-fixtures.ts';

/** What an attack must not change: the login's roles, password, second factor, and the sessions it has. */
async function stateOf(ctx: AppContext, username: string) {
  const user = await ctx.db.selectFrom('app_user').select(['roles', 'password_hash', 'mfa_secret', 'disabled_at']).where('username', '=', username).executeTakeFirst();
  const sessions = await ctx.db.selectFrom('session').select('id').where('username', '=', username).where('ended_at', 'is', null).execute();
  return { user, sessions: sessions.length };
}

async function newAuditRows(ctx: AppContext, afterId: number) {
  return ctx.db.selectFrom('audit').selectAll().where('id', '>', afterId).orderBy('id').execute();
}

async function lastAuditId(ctx: AppContext): Promise<number> {
  const row = await ctx.db.selectFrom('audit').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? 0;
}

forEachDatabase('attacks on identity: each refused clearly, recorded, and nothing changed', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  beforeAll(async () => { server = await database().server(); });
  afterAll(async () => server?.close());

  test('brute force reaches the lockout after 5 failures; the 6th try with the right password is still refused (CJIS AC-7)', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const before = await stateOf(server.ctx, user.username);
    for (let i = 1; i <= 5; i++) {
      const wrong = await signIn(server.app, { username: user.username, password: `guess-${i}-guess-guess` });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().detail).toBe(INVALID);
    }
    // Locked (401, the same answer as a wrong password) or, within the backoff, told to wait (429): either way, out.
    const right = await signIn(server.app, user);
    expect([401, 429]).toContain(right.statusCode);
    expect(await stateOf(server.ctx, user.username)).toEqual(before);
    const rows = await auditRowsAbout(server.ctx, user.username);
    expect(rows.filter((r) => r.action === 'session.signin' && r.outcome === 'failed')).toHaveLength(5);
    expect(rows.filter((r) => r.action === 'user.locked')).toMatchObject([{ reason: '5 failed sign-ins in a row' }]);
    const last = await server.ctx.db.selectFrom('audit').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'session.signin', outcome: 'denied', reason: right.statusCode === 401 ? 'locked out' : 'throttled' });
  });

  test('a locked user with the right password stays out until the lock ends, and the attempt is recorded', async () => {
    const user = await person(server.ctx, ['records_clerk']);
    await server.ctx.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 10 * 60_000) }).where('username', '=', user.username).execute();
    const mark = await lastAuditId(server.ctx);
    const attempt = await signIn(server.app, user);
    expect(attempt.statusCode).toBe(401); // the same answer as a wrong password: a locked login is not told apart (docs/security.md)
    expect(attempt.json().detail).toBe(INVALID);
    expect(await stateOf(server.ctx, user.username)).toMatchObject({ sessions: 0 });
    expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ action: 'session.signin', outcome: 'denied', reason: 'locked out', subject_id: user.username }]);
  });

  test('the answer for an unknown login is the same as for a wrong password', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const unknown = await signIn(server.app, { username: 'nosuchperson', password: 'whatever-whatever' });
    const wrong = await signIn(server.app, { username: user.username, password: 'whatever-whatever' });
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.json()).toEqual(wrong.json());
  });

  test('an expired password gets a session that can only change the password; the restriction is recorded (S-110 §D.1)', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    await server.ctx.db.updateTable('app_user').set({ password_changed_at: new Date(Date.now() - 120 * 86_400_000) }).where('username', '=', user.username).execute();
    const session = await signIn(server.app, user);
    const headers = bearer(session.json().token);
    for (const url of ['/api/v1/events', '/api/v1/agency', '/api/v1/me/sessions']) {
      const refused = await server.app.inject({ url, headers });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().detail).toMatch(/Change your password/);
    }
    const rows = await auditRowsAbout(server.ctx, user.username);
    expect(rows.at(-1)).toMatchObject({ action: 'session.restricted', outcome: 'denied', reason: 'password expired; must be changed first' });
  });

  test('a token stolen after sign-out is refused and recorded', async () => {
    const { username, headers } = await signedInAs(server.ctx, server.app, ['dispatcher']);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode).toBe(204);
    const mark = await lastAuditId(server.ctx);
    const replay = await server.app.inject({ url: '/api/v1/events', headers, remoteAddress: '10.66.6.6' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.session_ended');
    expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ action: 'session.token', outcome: 'denied', username, source: '10.66.6.6', reason: 'session already ended' }]);
  });

  test('a forged or tampered session token is refused and recorded', async () => {
    const { headers } = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const real = headers.authorization!.slice(7);
    const tampered = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [tampered, 'forged-token', 'a'.repeat(43)]) {
      const mark = await lastAuditId(server.ctx);
      const response = await server.app.inject({ url: '/api/v1/agency', headers: bearer(token) });
      expect(response.statusCode).toBe(401);
      expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ action: 'session.token', outcome: 'denied', reason: 'unknown session token', username: null }]);
    }
    const cookie = await server.app.inject({ url: '/api/v1/me', headers: { cookie: `precinct_session=${tampered}` } });
    expect(cookie.statusCode).toBe(401);
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200); // the real one still works
  });

  test('a remote sign-in without the TOTP code is refused and opens no session (S-110 §H)', async () => {
    const sysadmin = await person(server.ctx, ['system_administrator']);
    await enrolled(server.app, sysadmin);
    const before = await stateOf(server.ctx, sysadmin.username);
    const mark = await lastAuditId(server.ctx);
    const refused = await signIn(server.app, sysadmin, REMOTE);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.mfa_required');
    expect(refused.json().detail).toMatch(/second factor.*S-110 §H/);
    expect(await stateOf(server.ctx, sysadmin.username)).toEqual(before);
    expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ action: 'session.signin', outcome: 'denied', remote: true, source: REMOTE, reason: 'second factor missing' }]);
  });

  test('a TOTP code is good once: the same code again is refused and recorded', async () => {
    const chief = await person(server.ctx, ['chief']);
    const { secret } = await enrolled(server.app, chief);
    const code = currentCode(secret, Date.now() + 30_000);
    expect((await signIn(server.app, { ...chief, otp: code }, REMOTE)).statusCode).toBe(200);
    const before = await stateOf(server.ctx, chief.username);
    const mark = await lastAuditId(server.ctx);
    const replay = await signIn(server.app, { ...chief, otp: code }, REMOTE);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.otp_reused');
    expect(await stateOf(server.ctx, chief.username)).toEqual(before);
    expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ action: 'session.signin', outcome: 'failed', reason: 'second-factor code already used' }]);
    const wrong = await signIn(server.app, { ...chief, otp: '123456' === code ? '654321' : '123456' }, REMOTE);
    expect(wrong.json().code).toBe('auth.otp_invalid');
  });

  test('the same TOTP code sent twice at once opens exactly one session', async () => {
    const captain = await person(server.ctx, ['captain']);
    const { secret } = await enrolled(server.app, captain);
    const code = currentCode(secret, Date.now() + 30_000);
    const answers = await Promise.all([signIn(server.app, { ...captain, otp: code }, REMOTE), signIn(server.app, { ...captain, otp: code }, REMOTE)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
    expect(answers.find((a) => a.statusCode === 401)!.json().code).toBe('auth.otp_reused');
    expect((await stateOf(server.ctx, captain.username)).sessions).toBe(2); // the enrollment session and the one remote sign-in
  });

  test('a session opened inside the station is refused when its token is used from outside, and ended (S-110 §H)', async () => {
    const { username, headers } = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const mark = await lastAuditId(server.ctx);
    const outside = await server.app.inject({ url: '/api/v1/agency', headers, remoteAddress: REMOTE });
    expect(outside.statusCode).toBe(401);
    expect(outside.json().code).toBe('auth.remote_session');
    expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ action: 'session.remote_use', outcome: 'denied', username, source: REMOTE, remote: true }]);
    expect((await server.app.inject({ url: '/api/v1/agency', headers })).statusCode).toBe(401); // ended, inside too
  });

  test('a court administrator’s remote session ends with court hours (S-110 §H.2)', async () => {
    const agency = server.ctx.config.agency;
    const courtHours = agency.courtHours;
    agency.courtHours = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '23:59' };
    try {
      const clerk = await person(server.ctx, ['court_administrator']);
      const { secret } = await enrolled(server.app, clerk);
      const session = await signIn(server.app, { ...clerk, otp: currentCode(secret, Date.now() + 30_000) }, REMOTE);
      expect(session.statusCode).toBe(200);
      const headers = bearer(session.json().token);
      expect((await server.app.inject({ url: '/api/v1/agency', headers, remoteAddress: REMOTE })).statusCode).toBe(200);
      agency.courtHours = { days: [], start: '08:30', end: '16:30' }; // the court day is over
      const after = await server.app.inject({ url: '/api/v1/agency', headers, remoteAddress: REMOTE });
      expect(after.statusCode).toBe(401);
      expect(after.json().code).toBe('auth.remote_outside_hours');
    } finally {
      agency.courtHours = courtHours;
    }
  });

  test('SQL-looking and very long logins are refused like any unknown login, recorded, and harm nothing', async () => {
    const usersBefore = await server.ctx.db.selectFrom('app_user').select('username').execute();
    for (const username of ["' OR '1'='1' --", "admin'; drop table app_user; --", 'x'.repeat(2000), 'robert"); delete from audit; --']) {
      const mark = await lastAuditId(server.ctx);
      const response = await signIn(server.app, { username, password: "' OR 1=1 --" });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('auth.invalid');
      const [row] = await newAuditRows(server.ctx, mark);
      expect(row).toMatchObject({ action: 'session.signin', outcome: 'failed', reason: 'unknown login' });
      expect(row!.username!.length).toBeLessThanOrEqual(65); // a 2000-character login is recorded cut short
    }
    const tooLong = await signIn(server.app, { username: 'y'.repeat(5000), password: 'x' });
    expect(tooLong.statusCode).toBe(400); // past any sane length: refused before it reaches the service
    expect(await server.ctx.db.selectFrom('app_user').select('username').execute()).toEqual(usersBefore);
  });

  test('a system administrator cannot change their own roles, lock, second factor or password by the admin route (privilege escalation)', async () => {
    const { username, headers } = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const before = await stateOf(server.ctx, username);
    for (const [method, url, payload] of [
      ['PUT', `/api/v1/users/${username}/roles`, { roles: ['system_administrator', 'chief', 'auditor'] }],
      ['POST', `/api/v1/users/${username}/mfa-reset`, undefined],
      ['POST', `/api/v1/users/${username}/unlock`, undefined],
      ['POST', `/api/v1/users/${username}/password-reset`, undefined],
    ] as const) {
      const mark = await lastAuditId(server.ctx);
      const refused = await server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().code).toBe('user.self_change');
      expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ username, outcome: 'denied', reason: 'a user may not change their own login' }]);
    }
    expect(await stateOf(server.ctx, username)).toEqual(before);
  });

  test('a user without users.admin editing their own roles is refused for want of permission, and recorded', async () => {
    const { username, headers } = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const mark = await lastAuditId(server.ctx);
    const refused = await server.app.inject({ method: 'PUT', url: `/api/v1/users/${username}/roles`, headers, payload: { roles: ['chief'] } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.forbidden');
    expect(await newAuditRows(server.ctx, mark)).toMatchObject([{ username, outcome: 'denied', reason: 'needs permission users.admin' }]);
    expect((await stateOf(server.ctx, username)).user?.roles).toEqual(['patrol_officer']);
  });
});
