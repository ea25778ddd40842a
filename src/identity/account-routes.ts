import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { Conflict } from '../core/errors.ts';
import { authOf } from '../core/http.ts';
import { changePassword, checkCurrentPassword, endSession, openSessions, SESSIONS_PAGE } from './account.ts';
import { pageParams } from '../core/paging.ts';
import { confirmEnrollment, remainingRecoveryCodes, startEnrollment } from './mfa.ts';
import { NoContent } from '../core/contract.ts';
import * as S from './schemas.ts';

export const SessionId = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

/** What a signed-in user does with their own account: password, second factor, sessions. */
export const accountRoutes: Capability = async (app, { ctx }) => {
  app.post('/me/password', {
    config: { permission: 'signed_in', auditedByService: true, duringPasswordChange: true, duringMfaEnrollment: true },
    schema: {
      tags: ['account'], summary: 'Change one’s own password (S-110 §D.1)',
      body: Type.Object({
        currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
        newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
      }, { additionalProperties: false }),
      response: { 200: S.PasswordChanged },
    },
  }, async (request) => changePassword(ctx, authOf(request), request.body));

  app.get('/me/sessions', {
    config: { permission: 'signed_in' },
    schema: {
      tags: ['account'], summary: 'My open sessions, newest first, a page at a time',
      querystring: Type.Object(pageParams(SESSIONS_PAGE.default, SESSIONS_PAGE.max), { additionalProperties: false }), response: { 200: S.SessionPage },
    },
  }, async (request) => {
    const auth = authOf(request);
    return openSessions(ctx, auth, auth.actor.username, request.query);
  });

  app.delete('/me/sessions/:id', {
    config: { permission: 'signed_in', auditedByService: true },
    schema: { tags: ['account'], summary: 'End one of my sessions', params: SessionId, response: { 204: NoContent } },
  }, async (request, reply) => {
    await endSession(ctx, authOf(request), request.params.id, false);
    return reply.status(204).send();
  });

  app.get('/me/mfa', {
    config: { permission: 'signed_in', duringMfaEnrollment: true },
    schema: {
      tags: ['account'], summary: 'My second factor',
      response: { 200: S.MfaStatus },
    },
  }, async (request) => {
    const { username } = authOf(request).actor;
    const user = await ctx.db.selectFrom('app_user').select(['mfa_secret', 'mfa_enabled_at']).where('username', '=', username).executeTakeFirstOrThrow();
    return { enrolled: Boolean(user.mfa_secret), enrolledAt: user.mfa_enabled_at?.toISOString() ?? null, recoveryCodesLeft: await remainingRecoveryCodes(ctx, username) };
  });

  app.post('/me/mfa/enrollment', {
    config: { permission: 'signed_in', auditedByService: true, duringMfaEnrollment: true },
    schema: {
      tags: ['account'], summary: 'Start enrolling an authenticator: a new secret and its QR code (S-110 §H)',
      body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
      response: { 200: S.MfaEnrollment },
    },
  }, async (request) => {
    const { actor } = authOf(request);
    const user = await ctx.db.selectFrom('app_user').select(['username', 'password_hash', 'mfa_secret', 'locked_until']).where('username', '=', actor.username).executeTakeFirstOrThrow();
    await checkCurrentPassword(ctx, authOf(request), user, request.body.password, 'mfa.enroll_start');
    if (user.mfa_secret) {
      throw new Conflict('mfa.already_enrolled', 'You already have an authenticator. A system administrator must reset it before you enroll a new one.');
    }
    return startEnrollment(ctx, actor);
  });

  app.post('/me/mfa/confirmation', {
    config: { permission: 'signed_in', auditedByService: true, duringMfaEnrollment: true },
    schema: {
      tags: ['account'], summary: 'Confirm the authenticator with a code; answers the recovery codes, shown this once',
      body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 16 }) }, { additionalProperties: false }),
      response: { 200: S.MfaRecoveryCodes },
    },
  }, async (request) => confirmEnrollment(ctx, authOf(request).actor, request.body.code.trim()));
};
