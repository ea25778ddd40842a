import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultSecurity } from '../src/core/config.ts';
import { currentCode } from '../src/identity/mfa.ts';
import { forEachDatabase } from './support/databases.ts';
import { auditRowsAbout, bearer, person, signIn } from './identity-fixtures.ts';

forEachDatabase('identity: MFA required for everyone (CJIS IA-2(2)) and password re-entry counted for lockout (CJIS AC-7)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let plain: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  beforeAll(async () => {
    server = await database().server({ security: { ...defaultSecurity, requireMfaForAll: true } });
    plain = await database().server();
  });
  afterAll(async () => { await server?.close(); await plain?.close(); });
  const get = (s: typeof server, url: string, headers: Record<string, string>) => s.app.inject({ url, headers });
  const post = (s: typeof server, url: string, headers: Record<string, string>, payload: object) => s.app.inject({ method: 'POST', url, headers, payload });

  test('DESIGN MFA / CJIS IA-2(2): with requireMfaForAll on, a login without an authenticator can only enroll one, then every sign-in asks for a code', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const session = await signIn(server.app, user);
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ mustEnrollMfa: true, mustChangePassword: false });
    const headers = bearer(session.json().token);
    const blocked = await get(server, '/api/v1/agency', headers);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.mfa_enrollment_required');
    expect((await get(server, '/api/v1/me', headers)).json()).toMatchObject({ mustEnrollMfa: true, mfaEnrolled: false });

    const start = await post(server, '/api/v1/me/mfa/enrollment', headers, { password: user.password });
    expect(start.statusCode).toBe(200);
    const confirm = await post(server, '/api/v1/me/mfa/confirmation', headers, { code: currentCode(start.json().secret) });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().recoveryCodes).toHaveLength(10);
    // enrolled: the same session goes on, at the station too
    expect((await get(server, '/api/v1/agency', headers)).statusCode).toBe(200);
    expect((await get(server, '/api/v1/me', headers)).json()).toMatchObject({ mustEnrollMfa: false, mfaEnrolled: true });

    const noCode = await signIn(server.app, user);
    expect(noCode.statusCode).toBe(403);
    expect(noCode.json().code).toBe('auth.mfa_required');
    const rows = await auditRowsAbout(server.ctx, user.username);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: 'session.restricted', outcome: 'denied', reason: expect.stringContaining('requireMfaForAll') }),
      expect.objectContaining({ action: 'mfa.enroll', outcome: 'allowed' }),
    ]));
  });

  test('CJIS IA-2(2): a forced password change comes first, then enrollment; sign-out works throughout', async () => {
    const user = await person(server.ctx, ['records_clerk'], { mustChangePassword: true });
    const session = await signIn(server.app, user);
    expect(session.json()).toMatchObject({ mustChangePassword: true, mustEnrollMfa: true });
    const headers = bearer(session.json().token);
    expect((await post(server, '/api/v1/me/mfa/enrollment', headers, { password: user.password })).json().code).toBe('auth.password_change_required');
    const newPassword = 'Juniper-Lighthouse-Anvil-52';
    expect((await post(server, '/api/v1/me/password', headers, { currentPassword: user.password, newPassword })).statusCode).toBe(200);
    expect((await get(server, '/api/v1/agency', headers)).json().code).toBe('auth.mfa_enrollment_required');
    expect((await post(server, '/api/v1/me/mfa/enrollment', headers, { password: newPassword })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode).toBe(204);
  });

  test('CJIS IA-2(2): after an administrator resets the authenticator, the next session is held to enrollment again', async () => {
    const user = await person(server.ctx, ['patrol_officer']);
    const first = await signIn(server.app, user);
    const headers = bearer(first.json().token);
    const start = await post(server, '/api/v1/me/mfa/enrollment', headers, { password: user.password });
    await post(server, '/api/v1/me/mfa/confirmation', headers, { code: currentCode(start.json().secret) });
    await server.ctx.db.updateTable('app_user').set({ mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null }).where('username', '=', user.username).execute();
    // the open session is restricted at once, not only the next one
    expect((await get(server, '/api/v1/agency', headers)).json().code).toBe('auth.mfa_enrollment_required');
    expect((await signIn(server.app, user)).json().mustEnrollMfa).toBe(true);
  });

  test('the setting is off by default: a login without an authenticator signs in with the password alone and is not held', async () => {
    const user = await person(plain.ctx, ['dispatcher']);
    const session = await signIn(plain.app, user);
    expect(session.json().mustEnrollMfa).toBe(false);
    expect((await get(plain, '/api/v1/agency', bearer(session.json().token))).statusCode).toBe(200);
  });

  test('CJIS AC-7: wrong current passwords on the password-change form count towards the lockout; at 5 the login locks and its sessions end', async () => {
    const user = await person(plain.ctx, ['dispatcher']);
    const headers = bearer((await signIn(plain.app, user)).json().token);
    const other = bearer((await signIn(plain.app, user)).json().token);
    for (let i = 1; i <= 4; i++) {
      const wrong = await post(plain, '/api/v1/me/password', headers, { currentPassword: `not-it-${i}-at-all`, newPassword: 'Saffron-Quarry-Beacon-77' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().code).toBe('password.current_wrong');
    }
    const fifth = await post(plain, '/api/v1/me/password', headers, { currentPassword: 'not-it-5-at-all', newPassword: 'Saffron-Quarry-Beacon-77' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('auth.locked');
    expect(fifth.json().detail).toMatch(/signed out/);
    // both sessions of the login are ended, and the right password at sign-in is refused while locked
    expect((await get(plain, '/api/v1/me', headers)).statusCode).toBe(401);
    expect((await get(plain, '/api/v1/me', other)).statusCode).toBe(401);
    expect((await signIn(plain.app, user)).statusCode).toBe(401);
    const row = await plain.ctx.db.selectFrom('app_user').select(['password_hash', 'failed_signins', 'locked_until']).where('username', '=', user.username).executeTakeFirstOrThrow();
    expect(row.failed_signins).toBe(5);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    const rows = await auditRowsAbout(plain.ctx, user.username);
    expect(rows.filter((r) => r.action === 'user.change_password' && r.outcome === 'failed')).toHaveLength(5);
    expect(rows.filter((r) => r.action === 'user.locked')).toMatchObject([{ reason: expect.stringMatching(/^5 failed attempts in a row/) }]);
  });

  test('CJIS AC-7: password-change failures and sign-in failures add up; a right current password resets the count', async () => {
    const user = await person(plain.ctx, ['records_clerk']);
    const headers = bearer((await signIn(plain.app, user)).json().token);
    for (let i = 1; i <= 3; i++) await signIn(plain.app, { username: user.username, password: `guess-${i}-guess-guess` });
    await post(plain, '/api/v1/me/password', headers, { currentPassword: 'still-not-it', newPassword: 'Saffron-Quarry-Beacon-78' });
    const count = async () => (await plain.ctx.db.selectFrom('app_user').select('failed_signins').where('username', '=', user.username).executeTakeFirstOrThrow()).failed_signins;
    expect(await count()).toBe(4);
    const changed = await post(plain, '/api/v1/me/password', headers, { currentPassword: user.password, newPassword: 'Saffron-Quarry-Beacon-78' });
    expect(changed.statusCode).toBe(200);
    expect(await count()).toBe(0);
  });

  test('CJIS AC-7: a wrong password when starting authenticator enrollment counts too', async () => {
    const fresh = await person(plain.ctx, ['dispatcher']);
    const h = bearer((await signIn(plain.app, fresh)).json().token);
    const wrong = await post(plain, '/api/v1/me/mfa/enrollment', h, { password: 'definitely-wrong-pw' });
    expect(wrong.json().code).toBe('password.current_wrong');
    const row = await plain.ctx.db.selectFrom('app_user').select('failed_signins').where('username', '=', fresh.username).executeTakeFirstOrThrow();
    expect(row.failed_signins).toBe(1);
  });
});
