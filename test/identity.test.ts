import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildServer } from '../src/app/server.ts';
import { currentCode } from '../src/identity/mfa.ts';
import { disableInactiveLogins } from '../src/identity/users.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { auditRowsAbout, bearer, enrolled, LOCAL, person, REMOTE, signIn } from './identity-fixtures.ts';

forEachDatabase('identity: passwords, second factor, remote access, sessions, user administration', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let admin: Record<string, string>;
  let adminName: string;

  beforeAll(async () => {
    server = await database().server();
    const a = await signedInAs(server.ctx, server.app, ['system_administrator']);
    admin = a.headers;
    adminName = a.username;
  });
  afterAll(async () => server?.close());
  /** Pretend the login was created and last used `days` ago. */
  const ageLogin = async (username: string, days: number) => {
    const then = new Date(Date.now() - days * 86_400_000);
    await sql`update app_user set created_at = ${then}, last_signin_at = ${then} where username = ${username}`.execute(server.ctx.db);
  };
  const inject = (options: InjectOptions) => server.app.inject(options);

  test('a login whose roles still wait for a second approver reads the agency profile: its screens date its own sessions in the agency’s zone (S-110 §D)', async () => {
    const added = await inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'waitsforroles', firstName: 'Wren', lastName: 'Waite', roles: ['records_clerk'] } });
    expect(added.json()).toMatchObject({ user: { roles: [] }, pendingRoleChange: { roles: ['records_clerk'] } });
    const first = await signIn(server.app, { username: 'waitsforroles', password: added.json().initialPassword });
    const headers = bearer(first.json().token);
    expect((await inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword: added.json().initialPassword, newPassword: 'Copper-Kettle-Meadow-82' } })).statusCode).toBe(200);
    const profile = await inject({ url: '/api/v1/agency', headers });
    expect(profile.statusCode).toBe(200);
    expect(profile.json().timeZone).toBe(server.ctx.config.agency.timeZone);
    expect((await inject({ url: '/api/v1/agency/units', headers })).statusCode).toBe(403); // nothing else of agency.read
  });

  test('an initial password must be changed at first sign-in before anything else (S-110 §D.1–2)', async () => {
    const user = await person(server.ctx, ['dispatcher'], { mustChangePassword: true });
    const session = await signIn(server.app, user);
    expect(session.json().mustChangePassword).toBe(true);
    const headers = bearer(session.json().token);
    const blocked = await inject({ url: '/api/v1/agency', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.password_change_required');
    const changed = await inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword: user.password, newPassword: 'Copper-Kettle-Meadow-81' } });
    expect(changed.statusCode).toBe(200);
    expect(Date.parse(changed.json().passwordExpiresAt)).toBeGreaterThan(Date.now() + 89 * 86_400_000); // 90 days (S-110 §D.1)
    expect((await inject({ url: '/api/v1/agency', headers })).statusCode).toBe(200);
    const rows = await auditRowsAbout(server.ctx, user.username);
    expect(rows.some((r) => r.action === 'user.change_password' && r.outcome === 'allowed')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Copper-Kettle'); // never a password in the audit trail
  });

  test('a new password is refused when short, naming the user, common, or one of the last 10 (S-110 §D.1)', async () => {
    const user = await person(server.ctx, ['records_clerk']);
    const headers = bearer((await signIn(server.app, user)).json().token);
    const change = (currentPassword: string, newPassword: string) => inject({ method: 'POST', url: '/api/v1/me/password', headers, payload: { currentPassword, newPassword } });
    let current = user.password;
    for (const [attempt, code] of [
      ['Short-1!', 'password.weak'],
      [`${user.username}-Winter-Coat`, 'password.weak'],
      ['Marlowe-Winter-Coat-9', 'password.weak'], // the holder's last name
      ['Password123456!', 'password.weak'], // on the shipped common-password list
      [user.password, 'password.reused'],
    ] as const) {
      const refused = await change(current, attempt);
      expect(refused.statusCode, attempt).toBe(400);
      expect(refused.json().code).toBe(code);
    }
    // Ten changes later the first password is still remembered? It is the 11th back: allowed again.
    const used: string[] = [];
    for (let i = 0; i < 10; i++) {
      const next = `Saffron-Glacier-${i}-Tundra`;
      expect((await change(current, next)).statusCode).toBe(200);
      used.push(next);
      current = next;
    }
    expect((await change(current, used[1]!)).json().code).toBe('password.reused'); // 9 back
    expect((await change(current, user.password)).statusCode).toBe(200); // 11 back: history holds 10
    const wrong = await change('not-my-password', 'Brand-New-Quarry-55');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('password.current_wrong');
  });

  test('an expired password is reported at sign-in and must be changed (S-110 §D.1: every 90 days)', async () => {
    const user = await person(server.ctx, ['patrol_officer']);
    await server.ctx.db.updateTable('app_user').set({ password_changed_at: new Date(Date.now() - 91 * 86_400_000) }).where('username', '=', user.username).execute();
    const session = await signIn(server.app, user);
    expect(session.statusCode).toBe(200);
    expect(Date.parse(session.json().passwordExpiresAt)).toBeLessThan(Date.now());
    expect(session.json().mustChangePassword).toBe(true);
    const headers = bearer(session.json().token);
    expect((await inject({ url: '/api/v1/events', headers })).json().code).toBe('auth.password_change_required');
    expect((await inject({ url: '/api/v1/me', headers })).json().mustChangePassword).toBe(true);
  });

  test('TOTP enrollment shows a QR code, recovery codes once, and then every sign-in asks for a code (S-110 §H)', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const { secret, headers, recoveryCodes } = await enrolled(server.app, user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await inject({ url: '/api/v1/me/mfa', headers })).json()).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });
    const again = await inject({ method: 'POST', url: '/api/v1/me/mfa/enrollment', headers, payload: { password: user.password } });
    expect(again.statusCode).toBe(409); // an authenticator is replaced only through an administrator reset
    const stored = await server.ctx.db.selectFrom('recovery_code').select('code_hash').where('username', '=', user.username).execute();
    expect(stored.map((s) => s.code_hash)).not.toContain(recoveryCodes[0]); // stored hashed

    const noCode = await signIn(server.app, user);
    expect(noCode.statusCode).toBe(403);
    expect(noCode.json().code).toBe('auth.mfa_required');
    const withCode = await signIn(server.app, { ...user, otp: currentCode(secret, Date.now() + 30_000) });
    expect(withCode.statusCode).toBe(200);
    const withRecovery = await signIn(server.app, { ...user, otp: recoveryCodes[0]! });
    expect(withRecovery.statusCode).toBe(200);
    const recoveryAgain = await signIn(server.app, { ...user, otp: recoveryCodes[0]! });
    expect(recoveryAgain.statusCode).toBe(401); // a recovery code works once
    expect(recoveryAgain.json().code).toBe('auth.otp_invalid');
  });

  test('the QR code is a PNG of the otpauth URI naming the agency and the login', async () => {
    const user = await person(server.ctx, ['auditor']);
    const headers = bearer((await signIn(server.app, user)).json().token);
    const start = (await inject({ method: 'POST', url: '/api/v1/me/mfa/enrollment', headers, payload: { password: user.password } })).json();
    expect(start.qr).toMatch(/^data:image\/png;base64,/);
    expect(start.uri).toMatch(new RegExp(`^otpauth://totp/.*${user.username}.*secret=${start.secret}`));
    const wrongCode = await inject({ method: 'POST', url: '/api/v1/me/mfa/confirmation', headers, payload: { code: '000000' } });
    expect(wrongCode.statusCode).toBe(400);
    expect((await inject({ url: '/api/v1/me/mfa', headers })).json().enrolled).toBe(false);
  });

  test('remote sign-in: captains with TOTP yes; dispatchers never; court administrator only in court hours (S-110 §H)', async () => {
    const captain = await person(server.ctx, ['captain']);
    const notYet = await signIn(server.app, captain, REMOTE);
    expect(notYet.statusCode).toBe(403);
    expect(notYet.json().code).toBe('auth.mfa_not_enrolled');
    const { secret } = await enrolled(server.app, captain);
    const remote = await signIn(server.app, { ...captain, otp: currentCode(secret, Date.now() + 30_000) }, REMOTE);
    expect(remote.statusCode).toBe(200);
    const me = await inject({ url: '/api/v1/me', headers: bearer(remote.json().token), remoteAddress: REMOTE });
    expect(me.json().remote).toBe(true);
    const [last] = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'session.signin').where('username', '=', captain.username)
      .orderBy('id', 'desc').limit(1).execute();
    expect(last).toMatchObject({ outcome: 'allowed', remote: true, source: REMOTE });

    const dispatcher = await person(server.ctx, ['dispatcher']);
    await enrolled(server.app, dispatcher);
    const refused = await signIn(server.app, dispatcher, REMOTE);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.remote_not_allowed');
    expect(refused.json().detail).toMatch(/S-110 §H/);
  });

  test('the court administrator is refused remotely outside court hours, from config.agency.courtHours (S-110 §H.2)', async () => {
    const base = database().config().agency;
    const closed = await database().server({ agency: { ...base, courtHours: { days: [], start: '08:30', end: '16:30' } } });
    const open = await database().server({ agency: { ...base, courtHours: { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '23:59' } } });
    try {
      const clerk = await person(closed.ctx, ['court_administrator']);
      const { secret } = await enrolled(closed.app, clerk);
      const outside = await signIn(closed.app, { ...clerk, otp: currentCode(secret, Date.now() + 30_000) }, REMOTE);
      expect(outside.statusCode).toBe(403);
      expect(outside.json().code).toBe('auth.remote_outside_hours');
      const clerk2 = await person(open.ctx, ['court_administrator']);
      const second = await enrolled(open.app, clerk2);
      const inside = await signIn(open.app, { ...clerk2, otp: currentCode(second.secret, Date.now() + 30_000) }, REMOTE);
      expect(inside.statusCode).toBe(200);
    } finally {
      await closed.close();
      await open.close();
    }
  });

  test('a user sees and ends their own sessions; an administrator ends anyone’s (S-110 §D)', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const first = bearer((await signIn(server.app, user)).json().token);
    const second = bearer((await signIn(server.app, user, '10.9.9.9')).json().token);
    const mine = (await inject({ url: '/api/v1/me/sessions', headers: first })).json().items;
    expect(mine).toHaveLength(2);
    expect(mine.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = mine.find((s: { current: boolean }) => !s.current);
    expect(other.source).toBe('10.9.9.9');
    expect((await inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: first })).statusCode).toBe(204);
    expect((await inject({ url: '/api/v1/me', headers: second })).statusCode).toBe(401);

    // Someone else's session id is "not found" to a non-administrator.
    const stranger = await person(server.ctx, ['records_clerk']);
    const strangerHeaders = bearer((await signIn(server.app, stranger)).json().token);
    const [firstId] = (await inject({ url: '/api/v1/me/sessions', headers: first })).json().items.map((s: { id: string }) => s.id);
    expect((await inject({ method: 'DELETE', url: `/api/v1/me/sessions/${firstId}`, headers: strangerHeaders })).statusCode).toBe(404);
    expect((await inject({ url: '/api/v1/me', headers: first })).statusCode).toBe(200);

    const all = (await inject({ url: `/api/v1/sessions?username=${user.username}`, headers: admin })).json().items;
    expect(all.map((s: { id: string }) => s.id)).toEqual([firstId]);
    expect((await inject({ method: 'DELETE', url: `/api/v1/sessions/${firstId}`, headers: admin })).statusCode).toBe(204);
    expect((await inject({ url: '/api/v1/me', headers: first })).statusCode).toBe(401);
    const rows = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'session.end').where('subject_id', '=', firstId).execute();
    expect(rows).toMatchObject([{ username: adminName, role: 'system_administrator', outcome: 'allowed' }]);
  });

  test('an administrator adds a named user, sets roles, unlocks, resets MFA and password, disables and enables (S-110 §D)', async () => {
    const added = await inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'tmarsh', firstName: 'Toni', lastName: 'Marsh', badge: '455', roles: ['supply_supervisor'] } });
    expect(added.statusCode).toBe(201);
    const { initialPassword } = added.json();
    const first = await signIn(server.app, { username: 'tmarsh', password: initialPassword });
    expect(first.json().mustChangePassword).toBe(true); // S-110 §D.2: the initial password is the administrator's, changed at once
    const generic = await inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'dispatch', firstName: 'Shared', lastName: 'Desk', roles: ['dispatcher'] } });
    expect(generic.statusCode).toBe(400);
    expect(generic.json().detail).toMatch(/generic login.*S-110 §D\.7/);
    const unnamed = await inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'xqz', firstName: '—', lastName: '1', roles: ['dispatcher'] } });
    expect(unnamed.json().detail).toMatch(/first and last name/);

    // roles that read no juvenile or CJIS data apply at once (the privileged ones wait for a second person: test/role-approvals.test.ts)
    const roles = await inject({ method: 'PUT', url: '/api/v1/users/tmarsh/roles', headers: admin, payload: { roles: ['supply_supervisor', 'auditor'] } });
    expect(roles.json().roles).toEqual(['supply_supervisor', 'auditor']);
    const badRole = await inject({ method: 'PUT', url: '/api/v1/users/tmarsh/roles', headers: admin, payload: { roles: ['overlord'] } });
    expect(badRole.statusCode).toBe(400);

    for (let i = 0; i < 5; i++) await signIn(server.app, { username: 'tmarsh', password: 'wrong-wrong-wrong' });
    expect([401, 429]).toContain((await signIn(server.app, { username: 'tmarsh', password: initialPassword })).statusCode); // locked, or told to wait
    let list = (await inject({ url: '/api/v1/users', headers: admin })).json().items;
    expect(list.find((u: { username: string }) => u.username === 'tmarsh').lockedUntil).not.toBeNull();
    expect((await inject({ method: 'POST', url: '/api/v1/users/tmarsh/unlock', headers: admin })).statusCode).toBe(204);
    expect((await signIn(server.app, { username: 'tmarsh', password: initialPassword })).statusCode).toBe(200);

    const reset = await inject({ method: 'POST', url: '/api/v1/users/tmarsh/password-reset', headers: admin });
    expect(reset.statusCode).toBe(200);
    expect((await signIn(server.app, { username: 'tmarsh', password: reset.json().initialPassword })).json().mustChangePassword).toBe(true);

    const disabled = await inject({ method: 'POST', url: '/api/v1/users/tmarsh/disable', headers: admin, payload: { reason: 'left the department' } });
    expect(disabled.statusCode).toBe(204);
    const refused = await signIn(server.app, { username: 'tmarsh', password: reset.json().initialPassword });
    expect(refused.json().code).toBe('auth.disabled');
    list = (await inject({ url: '/api/v1/users', headers: admin })).json().items;
    expect(list.find((u: { username: string }) => u.username === 'tmarsh')).toMatchObject({ disabledReason: 'left the department' }); // stays on record (S-110 §D.6)
    expect((await inject({ method: 'POST', url: '/api/v1/users/tmarsh/enable', headers: admin })).statusCode).toBe(204);
    expect((await signIn(server.app, { username: 'tmarsh', password: reset.json().initialPassword })).statusCode).toBe(200);

    const actions = (await auditRowsAbout(server.ctx, 'tmarsh')).filter((r) => r.username === adminName).map((r) => r.action);
    expect(actions).toEqual(['user.add', 'user.set_roles', 'user.unlock', 'user.reset_password', 'user.disable', 'user.enable']);
  });

  test('an administrator resets a lost authenticator; the user signs in with the password alone and enrolls again', async () => {
    const chief = await person(server.ctx, ['chief']);
    await enrolled(server.app, chief);
    expect((await signIn(server.app, chief)).json().code).toBe('auth.mfa_required');
    expect((await inject({ method: 'POST', url: `/api/v1/users/${chief.username}/mfa-reset`, headers: admin })).statusCode).toBe(204);
    const session = await signIn(server.app, chief);
    expect(session.statusCode).toBe(200);
    expect((await inject({ url: '/api/v1/me/mfa', headers: bearer(session.json().token) })).json()).toMatchObject({ enrolled: false, recoveryCodesLeft: 0 });
    expect((await signIn(server.app, chief, REMOTE)).json().code).toBe('auth.mfa_not_enrolled');
  });

  test('logins unused for inactiveDisableDays are disabled automatically, with the reason recorded (CJIS AC-2(3), S-110 §D.6)', async () => {
    const idle = await person(server.ctx, ['records_clerk']);
    const active = await person(server.ctx, ['records_clerk']);
    await signIn(server.app, active);
    const openSession = bearer((await signIn(server.app, idle)).json().token);
    await ageLogin(idle.username, 91);
    const disabled = await disableInactiveLogins(server.ctx);
    expect(disabled).toContain(idle.username);
    expect(disabled).not.toContain(active.username);
    expect(disabled).not.toContain(adminName);
    expect((await signIn(server.app, idle)).json().code).toBe('auth.disabled');
    expect((await inject({ url: '/api/v1/me', headers: openSession })).statusCode).toBe(401); // its sessions end too
    const [row] = (await auditRowsAbout(server.ctx, idle.username)).filter((r) => r.action === 'user.disable');
    expect(row).toMatchObject({ username: 'system', outcome: 'allowed', reason: expect.stringMatching(/not used for 90 days/) });
  });

  test('the server disables unused logins when it starts (and daily after)', async () => {
    const idle = await person(server.ctx, ['dispatcher']);
    await ageLogin(idle.username, 200);
    const restarted = await buildServer(server.ctx); // a second server on the same database, as after a restart
    await restarted.ready();
    await restarted.close();
    const row = await server.ctx.db.selectFrom('app_user').select(['disabled_at', 'disabled_reason']).where('username', '=', idle.username).executeTakeFirstOrThrow();
    expect(row.disabled_at).not.toBeNull();
    expect(row.disabled_reason).toMatch(/not used for 90 days \(last sign-in \d{4}-\d{2}-\d{2}\)/);
  });

  test('local sign-in from the trusted network needs no second factor for a user who has none', async () => {
    const user = await person(server.ctx, ['supply_supervisor']);
    expect((await signIn(server.app, user, LOCAL)).statusCode).toBe(200);
  });
});
