import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { verifyAuditChain } from '../src/core/audit/trail.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { enrolled, person, signIn } from './identity-fixtures.ts';

forEachDatabase('the audit trail and the auditor’s reports (S-110 §D.4–5)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let auditor: { username: string; headers: Record<string, string> };
  let watched: { username: string; password: string };

  beforeAll(async () => {
    server = await database().server();
    auditor = await signedInAs(server.ctx, server.app, ['auditor']);
    watched = await person(server.ctx, ['dispatcher']);
    await signIn(server.app, watched);
    for (let i = 0; i < 5; i++) await signIn(server.app, { username: watched.username, password: `not-it-${i}-at-all` });
    const dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    await server.app.inject({ url: '/api/v1/users', headers: dispatcher.headers }); // an access violation
  });
  afterAll(async () => server?.close());

  const report = (name: string, query = '') => server.app.inject({ url: `/api/v1/audit/reports/${name}${query}`, headers: auditor.headers });

  test('sign-in history per user lists successes and failures with source and outcome', async () => {
    const rows = (await report('signins', `?username=${watched.username}`)).json();
    expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'allowed']); // newest first
    expect(rows.every((r: { subject: string }) => r.subject === `user:${watched.username}`)).toBe(true);
    expect(rows[0]).toMatchObject({ source: '10.1.2.3', remote: false });
  });

  test('failed sign-ins, lockouts and access violations are their own reports', async () => {
    const failed = (await report('failed-signins')).json();
    expect(failed.filter((r: { subject: string }) => r.subject === `user:${watched.username}`)).toHaveLength(5);
    expect(failed.every((r: { outcome: string }) => r.outcome !== 'allowed')).toBe(true);
    const lockouts = (await report('lockouts')).json();
    expect(lockouts).toMatchObject([{ action: 'user.locked', subject: `user:${watched.username}`, reason: '5 failed sign-ins in a row' }]);
    const violations = (await report('violations')).json();
    expect(violations.some((r: { action: string; reason: string }) => r.action === 'GET /api/v1/users' && r.reason === 'needs permission users.admin')).toBe(true);
    expect(violations.every((r: { outcome: string }) => r.outcome === 'denied')).toBe(true);
  });

  test('reports come as CSV with a header row, for a spreadsheet', async () => {
    const response = await report('failed-signins', '?format=csv');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="precinct-failed-signins-\d{4}-\d{2}-\d{2}\.csv"/);
    const records = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['id', 'at', 'username', 'role', 'source', 'remote', 'action', 'subject', 'outcome', 'reason']);
    expect(records.filter((r) => r.subject === `user:${watched.username}`)).toHaveLength(5);
    const empty = await report('lockouts', '?format=csv&from=2001-01-01&to=2001-01-02');
    expect(empty.body.trim()).toBe('id,at,username,role,source,remote,action,subject,outcome,reason');
  });

  test('the annual login verification lists every login with roles, last sign-in, password age, MFA and whether to disable it (S-110 §D.5)', async () => {
    const chief = await person(server.ctx, ['chief']);
    await enrolled(server.app, chief);
    const stale = await person(server.ctx, ['records_clerk']);
    const then = new Date(Date.now() - 120 * 86_400_000);
    await sql`update app_user set created_at = ${then}, password_changed_at = ${then} where username = ${stale.username}`.execute(server.ctx.db);
    const rows = (await report('login-verification')).json();
    expect(rows.find((r: { username: string }) => r.username === chief.username)).toMatchObject({ roles: 'chief', mfa: 'enrolled', shouldDisable: false, status: 'active' });
    expect(rows.find((r: { username: string }) => r.username === stale.username)).toMatchObject({
      mfa: 'not enrolled', shouldDisable: true, why: 'not used for 90 days', passwordAgeDays: 120, passwordExpired: true, lastSignInAt: null,
    });
    expect(rows.find((r: { username: string }) => r.username === watched.username)).toMatchObject({ status: 'locked' });
    const csv = parse((await report('login-verification', '?format=csv')).body, { columns: true }) as Record<string, string>[];
    expect(csv.find((r) => r.username === stale.username)).toMatchObject({ shouldDisable: 'yes', passwordExpired: 'yes' });
  });

  test('reading the audit trail is itself audited (CJIS AU-2), and other roles may not read it', async () => {
    const rows = await server.ctx.db.selectFrom('audit').selectAll().where('username', '=', auditor.username).execute();
    expect(rows.some((r) => r.action === 'GET /api/v1/audit/reports/:report' && r.role === 'auditor')).toBe(true);
    const clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    expect((await server.app.inject({ url: '/api/v1/audit/reports/signins', headers: clerk.headers })).statusCode).toBe(403);
  });

  test('a bad report name or period is a clear 400', async () => {
    expect((await report('everything')).statusCode).toBe(400);
    const backwards = await report('signins', '?from=2026-05-01&to=2026-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().detail).toMatch(/after/);
  });

  test('the audit table refuses updates and deletes from the server’s database user', async () => {
    expect((await server.app.inject({ url: '/api/v1/audit/verify', headers: auditor.headers })).json()).toMatchObject({ ok: true });
    await expect(server.ctx.db.updateTable('audit').set({ reason: 'nothing to see' }).execute()).rejects.toThrow(/append-only/);
    await expect(server.ctx.db.deleteFrom('audit').execute()).rejects.toThrow(/append-only/);
  });

  test('an audit row deleted directly in the database makes verify report the missing link', async () => {
    await signedInAs(server.ctx, server.app, ['dispatcher']);
    const ids = (await server.ctx.db.selectFrom('audit').select('id').orderBy('id', 'desc').limit(3).execute()).map((r) => r.id);
    const victim = ids[1]!;
    await sql`alter table audit disable trigger audit_append_only`.execute(server.ctx.db);
    try {
      await sql`delete from audit where id = ${victim}`.execute(server.ctx.db);
    } finally {
      await sql`alter table audit enable trigger audit_append_only`.execute(server.ctx.db);
    }
    const result = await verifyAuditChain(server.ctx);
    expect(result.ok).toBe(false);
    expect(result.breaks).toContainEqual(expect.objectContaining({ kind: 'removed', id: victim }));
  });

  test('an audit row edited directly in the database (trigger bypassed by a superuser) makes verify fail at that row', async () => {
    const target = await server.ctx.db.selectFrom('audit').select(['id']).where('action', '=', 'user.locked').executeTakeFirstOrThrow();
    // A superuser with direct database access hides the lockout: what the hash chain exists to catch.
    await sql`alter table audit disable trigger audit_append_only`.execute(server.ctx.db);
    try {
      await sql`update audit set reason = 'routine' where id = ${target.id}`.execute(server.ctx.db);
    } finally {
      await sql`alter table audit enable trigger audit_append_only`.execute(server.ctx.db);
    }
    const result = await verifyAuditChain(server.ctx);
    expect(result.ok).toBe(false);
    // Verify keeps going past a break: the row deleted by the test before is still reported, and this edit too.
    expect(result.breaks).toContainEqual(expect.objectContaining({ kind: 'changed', id: target.id, problem: expect.stringMatching(/changed after it was written/) }));
    expect(result.breaks).toContainEqual(expect.objectContaining({ kind: 'removed' }));
    const api = (await server.app.inject({ url: '/api/v1/audit/verify', headers: auditor.headers })).json();
    expect(api).toMatchObject({ ok: false, broken: { id: target.id } });
  });

});
