import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultSecurity } from '../src/core/config.ts';
import type { AppContext } from '../src/core/context.ts';
import { manualClock } from '../src/core/clock.ts';
import { forEachDatabase } from './support/databases.ts';
import { person, signIn } from './identity-fixtures.ts';

/** Passwords actually checked against a login: each one leaves a failed "wrong password" row or a successful sign-in. */
async function passwordsChecked(ctx: AppContext, username: string): Promise<number> {
  const rows = await ctx.db.selectFrom('audit').select(['outcome', 'reason']).where('action', '=', 'session.signin')
    .where('subject_id', '=', username).execute();
  return rows.filter((r) => r.reason === 'wrong password' || r.outcome === 'allowed').length;
}

forEachDatabase('sign-in lockout holds against parallel guesses (CJIS AC-7)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  // The throttle is set out of the way here: these tests are about the lock in the database alone.
  beforeAll(async () => {
    server = await database().server({ security: { ...defaultSecurity, signinTrustedAddressFailures: 100_000, signinLoginFailures: 100_000 } });
  }, 300_000);
  afterAll(async () => server?.close());

  test('CJIS AC-7: 100 wrong passwords sent at once get exactly the threshold (5) checked; the rest are refused unchecked and the login locks', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(server.app, { username: user.username, password: `parallel-guess-${i}-xx` })));
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([401]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1); // locked or not, the same answer
    expect(await passwordsChecked(server.ctx, user.username)).toBe(defaultSecurity.lockoutThreshold);
    const row = await server.ctx.db.selectFrom('app_user').select(['locked_until', 'failed_signins']).where('username', '=', user.username).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    expect((await signIn(server.app, user)).statusCode).toBe(401); // the right password, now, is refused too
  }, 120_000);

  test('CJIS AC-7: 99 wrong guesses and the right password last, all at once: at most 5 passwords are checked, and a right one is accepted only among them', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const guesses = Array.from({ length: 99 }, (_, i) => ({ username: user.username, password: `parallel-guess-${i}-yy` }));
    const answers = await Promise.all([...guesses, user].map((body) => signIn(server.app, body)));
    const checked = await passwordsChecked(server.ctx, user.username);
    expect(checked).toBeLessThanOrEqual(defaultSecurity.lockoutThreshold);
    const accepted = answers.filter((a) => a.statusCode === 200).length;
    const signins = await server.ctx.db.selectFrom('audit').select('id').where('action', '=', 'session.signin')
      .where('subject_id', '=', user.username).where('outcome', '=', 'allowed').execute();
    expect(signins).toHaveLength(accepted);
  }, 120_000);

  test('CJIS AC-7: after the lock ends the login gets a fresh count; a right password then signs in and clears it', async () => {
    const user = await person(server.ctx, ['records_clerk']);
    await server.ctx.db.updateTable('app_user').set({ failed_signins: 5, locked_until: new Date(Date.now() - 1000) }).where('username', '=', user.username).execute();
    expect((await signIn(server.app, { username: user.username, password: 'still-wrong-guess' })).statusCode).toBe(401);
    const afterOne = await server.ctx.db.selectFrom('app_user').select(['failed_signins', 'locked_until']).where('username', '=', user.username).executeTakeFirstOrThrow();
    expect(afterOne).toEqual({ failed_signins: 1, locked_until: null });
    expect((await signIn(server.app, user)).statusCode).toBe(200);
  });
});

forEachDatabase('sign-in throttling per address and per login, the same for known and unknown logins (CJIS AC-7, OWASP ASVS 2.2.1)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  const clock = manualClock(new Date());
  beforeAll(async () => {
    server = await database().server({
      security: { ...defaultSecurity, signinRemoteAddressFailures: 3, signinTrustedAddressFailures: 8, signinLoginFailures: 2, signinMaxDelaySeconds: 30 },
    });
    server.ctx.clock = clock;
  }, 300_000);
  afterAll(async () => server?.close());

  test('an outside address that keeps failing must wait, doubling, whatever logins it tries; the answer names the wait in Retry-After', async () => {
    const from = '203.0.113.50';
    const user = await person(server.ctx, ['dispatcher']);
    for (const name of ['nosuchperson1', user.username, 'nosuchperson2']) {
      expect((await signIn(server.app, { username: name, password: 'wrong-guess-here' }, from)).statusCode).toBe(401);
    }
    const held = await signIn(server.app, { username: 'nosuchperson3', password: 'wrong-guess-here' }, from);
    expect(held.statusCode).toBe(429);
    expect(held.json().code).toBe('auth.throttled');
    expect(held.headers['retry-after']).toBe('1');
    clock.advance(1000);
    expect((await signIn(server.app, { username: 'nosuchperson4', password: 'wrong-guess-here' }, from)).statusCode).toBe(401);
    const longer = await signIn(server.app, { username: 'nosuchperson5', password: 'wrong-guess-here' }, from);
    expect(longer.headers['retry-after']).toBe('2');
    const rows = await server.ctx.db.selectFrom('audit').select('reason').where('source', '=', from).where('reason', '=', 'throttled').execute();
    expect(rows).toHaveLength(2);
  });

  test('a known and an unknown login get the same answers in the same order as failures mount (no way to tell which exists)', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const answers = async (username: string, from: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await signIn(server.app, { username, password: `wrong-guess-${i}-here` }, from);
        seen.push(`${r.statusCode} ${r.json().code} ${r.json().detail}`);
      }
      return seen;
    };
    const known = await answers(user.username, '10.9.0.1');
    const unknown = await answers('nosuchpersonatall', '10.9.0.2');
    expect(known).toEqual(unknown);
    expect(known.at(-1)).toMatch(/^429 auth.throttled/);
  });

  test('the dispatch floor is not slowed by guessing from outside: the same login signs in from a trusted address', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    for (const from of ['203.0.113.60', '203.0.113.61']) {
      await signIn(server.app, { username: user.username, password: 'outside-guess-one' }, from);
    }
    expect((await signIn(server.app, { username: user.username, password: 'outside-guess-two' }, '203.0.113.62')).statusCode).toBe(429);
    expect((await signIn(server.app, user, '10.9.0.3')).statusCode).toBe(200);
  });

  test('a trusted network has its own, higher address limit (many dispatchers share few addresses)', async () => {
    const from = '10.9.0.4';
    const answers: number[] = [];
    for (let i = 0; i < 9; i++) answers.push((await signIn(server.app, { username: `floor-person-${i}`, password: 'wrong-guess-here' }, from)).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
  });
});
