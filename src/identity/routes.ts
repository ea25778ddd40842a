import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf, setSessionCookie } from '../core/http.ts';
import { permissionsOf, REMOTE_ROLES, ROLE_NAMES, ROLES } from '../core/permissions.ts';
import { passwordExpiresAt } from './rules.ts';
import { idleMinutesFor, signIn, signOut } from './service.ts';
import { NoContent } from '../core/contract.ts';
import * as S from './schemas.ts';

export const identityRoutes: Capability = async (app, { ctx }) => {
  app.post('/session', {
    config: { permission: 'public', auditedByService: true },
    schema: {
      tags: ['session'],
      summary: 'Sign in',
      security: [],
      body: Type.Object(
        {
          // Long enough that an absurd login reaches the service and is refused and audited like any unknown one.
          username: Type.String({ minLength: 1, maxLength: 2048 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
          otp: Type.Optional(Type.String({ maxLength: 16 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: S.SessionAnswer },
    },
  }, async (request, reply) => {
    // a lockout's Retry-After is set by the root error handler from the problem's retryAfter
    const session = await signIn(ctx, request.body, request.origin);
    setSessionCookie(reply, session.token, ctx.config);
    return session;
  });

  app.delete('/session', {
    config: { permission: 'signed_in', auditedByService: true, duringPasswordChange: true, duringMfaEnrollment: true },
    schema: { tags: ['session'], summary: 'Sign out', response: { 204: NoContent } },
  }, async (request, reply) => {
    await signOut(ctx, authOf(request));
    setSessionCookie(reply, null, ctx.config);
    return reply.status(204).send();
  });

  app.get('/me', {
    config: { permission: 'signed_in', duringPasswordChange: true, duringMfaEnrollment: true },
    schema: {
      tags: ['session'],
      summary: 'Who am I: the signed-in user, roles and permissions',
      response: { 200: S.MeAnswer },
    },
  }, async (request) => {
    const auth = authOf(request);
    const row = await ctx.db.selectFrom('app_user').select(['password_changed_at', 'mfa_secret']).where('username', '=', auth.actor.username).executeTakeFirstOrThrow();
    return {
      user: auth.user, permissions: [...permissionsOf(auth.user.roles)].sort(), mustChangePassword: auth.mustChangePassword, mustEnrollMfa: auth.mustEnrollMfa,
      passwordExpiresAt: passwordExpiresAt(row.password_changed_at, ctx.config.security.passwordMaxAgeDays).toISOString(),
      mfaEnrolled: Boolean(row.mfa_secret), remote: auth.actor.remote, idleMinutes: idleMinutesFor(ctx, request.origin.source),
    };
  });

  app.get('/roles', {
    config: { permission: 'signed_in', duringPasswordChange: true, duringMfaEnrollment: true },
    schema: { tags: ['session'], summary: 'Every role with its name as people read it, and whether it may sign in remotely (S-110 §H)', response: { 200: Type.Array(S.RoleView) } },
  }, async () => ROLES.map((role) => ({ role, name: ROLE_NAMES[role], remote: REMOTE_ROLES.includes(role) })));
};
