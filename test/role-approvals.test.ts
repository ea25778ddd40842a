import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

forEachDatabase('two people for privilege: privileged role grants and removals wait for a second administrator or the chief (CJIS AC-5, AC-6(1); S-110 §D)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  beforeAll(async () => { server = await database().server(); }, 300_000);
  afterAll(async () => server?.close());

  const post = (url: string, headers: Record<string, string>, payload?: Record<string, unknown>) =>
    server.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
  const rolesOf = async (username: string) =>
    (await server.ctx.db.selectFrom('app_user').select('roles').where('username', '=', username).executeTakeFirstOrThrow()).roles;

  test('one administrator cannot make a second administrator alone: the new login waits without the role, the creator cannot approve, the chief can', async () => {
    const first = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const chief = await signedInAs(server.ctx, server.app, ['chief']);
    const added = await post('/api/v1/users', first.headers, { username: 'kvance', firstName: 'Kit', lastName: 'Vance', roles: ['system_administrator'] });
    expect(added.statusCode).toBe(201);
    expect(added.json().user.roles).toEqual([]);
    expect(await rolesOf('kvance')).toEqual([]);
    const waiting = (await server.app.inject({ url: '/api/v1/users/role-changes', headers: first.headers })).json();
    const request = waiting.find((c: { username: string }) => c.username === 'kvance');
    expect(request).toMatchObject({ roles: ['system_administrator'], beforeRoles: [], requestedBy: first.username });

    const own = await post(`/api/v1/users/role-changes/${request.id}/approve`, first.headers);
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'user.approve_own_request', clause: expect.stringMatching(/two people/) });
    expect(await rolesOf('kvance')).toEqual([]);

    const approved = await post(`/api/v1/users/role-changes/${request.id}/approve`, chief.headers);
    expect(approved.statusCode).toBe(200);
    expect(await rolesOf('kvance')).toEqual(['system_administrator']);
    const rows = await server.ctx.db.selectFrom('audit').select(['username', 'action', 'detail']).where('subject_id', '=', 'kvance').orderBy('id').execute();
    expect(rows.map((r) => [r.username, r.action])).toEqual([[first.username, 'user.add'], [chief.username, 'user.set_roles']]);
    expect(rows[1]!.detail).toMatchObject({ requestedBy: first.username, approvedBy: chief.username, after: ['system_administrator'] });
  });

  test('the second administrator cannot hand the first more roles on their own say, and nobody approves a change to themselves', async () => {
    const first = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const second = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const grant = await server.app.inject({ method: 'PUT', url: `/api/v1/users/${first.username}/roles`, headers: second.headers, payload: { roles: ['system_administrator', 'records_clerk'] } });
    expect(grant.statusCode).toBe(202);
    expect(grant.json().roles).toEqual(['system_administrator']);
    const self = await post(`/api/v1/users/role-changes/${grant.json().pending.id}/approve`, first.headers);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('user.approve_own');
    expect(await rolesOf(first.username)).toEqual(['system_administrator']);
  });

  test('removing the system administrator role waits too; a role reading no juvenile or CJIS data applies at once', async () => {
    const first = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const target = await signedInAs(server.ctx, server.app, ['system_administrator', 'auditor']);
    const removal = await server.app.inject({ method: 'PUT', url: `/api/v1/users/${target.username}/roles`, headers: first.headers, payload: { roles: ['auditor'] } });
    expect(removal.statusCode).toBe(202);
    const plain = await signedInAs(server.ctx, server.app, ['auditor']);
    const harmless = await server.app.inject({ method: 'PUT', url: `/api/v1/users/${plain.username}/roles`, headers: first.headers, payload: { roles: ['auditor', 'supply_supervisor'] } });
    expect(harmless.statusCode).toBe(200);
    expect(await rolesOf(plain.username)).toEqual(['auditor', 'supply_supervisor']);
  });

  test('whoever created a login within the last day may not approve its privileges, even when another administrator asked', async () => {
    const creator = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const other = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const added = await post('/api/v1/users', creator.headers, { username: 'rbellamy', firstName: 'Rae', lastName: 'Bellamy', roles: ['supply_supervisor'] });
    expect(added.json().user.roles).toEqual(['supply_supervisor']); // nothing privileged: given at once
    const request = await server.app.inject({ method: 'PUT', url: '/api/v1/users/rbellamy/roles', headers: other.headers, payload: { roles: ['supply_supervisor', 'records_clerk'] } });
    expect(request.statusCode).toBe(202);
    const refused = await post(`/api/v1/users/role-changes/${request.json().pending.id}/approve`, creator.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('user.approve_created');
    await server.ctx.db.updateTable('app_user').set({ created_by: 'someone-else' }).where('username', '=', 'rbellamy').execute();
    expect((await post(`/api/v1/users/role-changes/${request.json().pending.id}/approve`, creator.headers)).statusCode).toBe(200);
    expect(await rolesOf('rbellamy')).toEqual(['supply_supervisor', 'records_clerk']);
  });

  test('a waiting change can be refused; it then changes nothing and is recorded', async () => {
    const first = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const chief = await signedInAs(server.ctx, server.app, ['chief']);
    const target = await signedInAs(server.ctx, server.app, ['auditor']);
    const request = await server.app.inject({ method: 'PUT', url: `/api/v1/users/${target.username}/roles`, headers: first.headers, payload: { roles: ['dispatcher'] } });
    const refused = await post(`/api/v1/users/role-changes/${request.json().pending.id}/refuse`, chief.headers);
    expect(refused.statusCode).toBe(200);
    expect(await rolesOf(target.username)).toEqual(['auditor']);
    const row = await server.ctx.db.selectFrom('audit').select(['username', 'action']).where('subject_id', '=', target.username).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row).toEqual({ username: chief.username, action: 'user.role_change_refused' });
  });
});
