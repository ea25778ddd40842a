import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { endSession, openSessions, SESSIONS_PAGE } from './account.ts';
import { pageParams } from '../core/paging.ts';
import { SessionId } from './account-routes.ts';
import { ROLES } from '../core/permissions.ts';
import { addUser, disableUser, resetPassword } from './service.ts';
import { enableUser, listUsers, refuseSelfChange, resetUserMfa, unlockUser, USERS_PAGE } from './users.ts';
import { changeRoles, decideRoleChange, openRoleChanges } from './role-changes.ts';
import * as S from './schemas.ts';
import { NoContent } from '../core/contract.ts';

const Username = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const RoleList = Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { minItems: 1, maxItems: ROLES.length });
const InitialPassword = Type.Object({ initialPassword: Type.String() });
const RoleChangeView = S.RoleChangeView;

/** User administration (S-110 §D: only system administrators assign logins and initial passwords). */
export const adminRoutes: Capability = async (app, { ctx }) => {
  const admin = { permission: 'users.admin', auditedByService: true } as const;

  app.get('/users', {
    config: { permission: 'users.admin' },
    schema: {
      tags: ['users'], summary: 'Every login, enabled or not, by last name, a page at a time',
      querystring: Type.Object(pageParams(USERS_PAGE.default, USERS_PAGE.max), { additionalProperties: false }), response: { 200: S.UserPage },
    },
  }, async (request) => listUsers(ctx, request.query));

  app.post('/users', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Add a named person’s login; answers the initial password once (changed at first sign-in)',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 64 }),
        firstName: Type.String({ minLength: 1, maxLength: 100 }),
        lastName: Type.String({ minLength: 1, maxLength: 100 }),
        badge: Type.Optional(Type.String({ maxLength: 40 })),
        unit: Type.Optional(Type.String({ maxLength: 100 })),
        roles: RoleList,
      }, { additionalProperties: false }), response: { 201: S.UsersPostAnswer },
    },
  }, async (request, reply) => {
    const { user, initialPassword, pendingRoleChange } = await addUser(ctx, authOf(request).actor, request.body);
    return reply.status(201).send({ user, initialPassword: initialPassword!, pendingRoleChange });
  });

  app.put('/users/:username/roles', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Set a login’s roles (never one’s own); a privileged change answers 202 and waits for a second person',
      params: Username, body: Type.Object({ roles: RoleList }, { additionalProperties: false }),
      response: { 200: S.RolesAnswer, 202: S.RolesAnswer },
    },
  }, async (request, reply) => {
    const answer = await changeRoles(ctx, authOf(request).actor, request.params.username, request.body.roles);
    return reply.status(answer.pending ? 202 : 200).send(answer);
  });

  app.get('/users/role-changes', {
    config: { permission: ['users.admin', 'users.approve_roles'] },
    schema: { tags: ['users'], summary: 'Privileged role changes waiting for a second person', response: { 200: Type.Array(RoleChangeView) } },
  }, async () => openRoleChanges(ctx));

  for (const [path, approve, permission] of [['approve', true, 'users.approve_roles'], ['refuse', false, ['users.approve_roles', 'users.admin']]] as const) {
    app.post(`/users/role-changes/:id/${path}`, {
      config: { permission, auditedByService: true },
      schema: {
        tags: ['users'], summary: approve ? 'Approve a waiting privileged role change: not one’s own request, login or recent creation' : 'Refuse or withdraw a waiting role change',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ username: Type.String(), roles: Type.Array(Type.String()) }) },
      },
    }, async (request) => decideRoleChange(ctx, authOf(request).actor, request.params.id, approve));
  }

  app.post('/users/:username/disable', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Disable a login; it stays on record (S-110 §D.6)', params: Username,
      body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }), response: { 204: NoContent },
    },
  }, async (request, reply) => {
    const { actor } = authOf(request);
    await refuseSelfChange(ctx, actor, request.params.username, 'user.disable');
    await disableUser(ctx, actor, request.params.username, request.body.reason);
    return reply.status(204).send();
  });

  for (const [path, summary, act] of [
    ['enable', 'Enable a disabled login again', enableUser],
    ['unlock', 'Unlock a login locked by failed sign-ins', unlockUser],
    ['mfa-reset', 'Remove a login’s authenticator and recovery codes; the user enrolls again', resetUserMfa],
  ] as const) {
    app.post(`/users/:username/${path}`, { config: admin, schema: { tags: ['users'], summary, params: Username, response: { 204: NoContent } } }, async (request, reply) => {
      await act(ctx, authOf(request).actor, request.params.username);
      return reply.status(204).send();
    });
  }

  app.post('/users/:username/password-reset', {
    config: admin,
    schema: { tags: ['users'], summary: 'A new initial password (answered once), changed at next sign-in; also unlocks', params: Username, response: { 200: InitialPassword } },
  }, async (request) => {
    const { actor } = authOf(request);
    await refuseSelfChange(ctx, actor, request.params.username, 'user.reset_password');
    return { initialPassword: await resetPassword(ctx, actor, request.params.username) };
  });

  app.get('/sessions', {
    config: { permission: 'sessions.admin' },
    schema: {
      tags: ['users'], summary: 'Everyone’s open sessions, newest first, a page at a time',
      querystring: Type.Object({ username: Type.Optional(Type.String({ maxLength: 64 })), ...pageParams(SESSIONS_PAGE.default, SESSIONS_PAGE.max) }, { additionalProperties: false }),
      response: { 200: S.SessionPage },
    },
  }, async (request) => openSessions(ctx, authOf(request), request.query.username, request.query));

  app.delete('/sessions/:id', {
    config: { permission: 'sessions.admin', auditedByService: true },
    schema: { tags: ['users'], summary: 'End anyone’s session', params: SessionId, response: { 204: NoContent } },
  }, async (request, reply) => {
    await endSession(ctx, authOf(request), request.params.id, true);
    return reply.status(204).send();
  });
};
