import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { callUnanswered, contactMade, putOnStandby } from './contact.ts';
import { emergencyActivation, registerRadio } from './emergency.ts';
import { acknowledgeAlert, listAlerts, setTimers } from './service.ts';
import { readTimers } from './store.ts';
import { emergencyByCredential, issueCredential, openCredentials, revokeCredential } from './credential.ts';
import { CREDENTIAL_HEADER, CredentialViewSchema, EmergencyOutcomeSchema, IssuedCredentialSchema, ReportedLocation, TerminalPosition } from './schemas.ts';
import { actingFor } from '../units/status.ts';
import * as S from '../schemas.ts';

const UnitParam = Type.Object({ callSign: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
const RadioId = Type.String({ minLength: 1, maxLength: 40 });
const Minutes = Type.Integer({ minimum: 1, maximum: 24 * 60 });

export const alertRoutes: Capability = async (app, { ctx }) => {
  app.post('/radio/emergency', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Emergency button activation from the radio system (81A §E.6.e); an unknown radio id still alerts, flagged',
      body: Type.Object({
        radioId: RadioId,
        location: Type.Optional(ReportedLocation),
      }, { additionalProperties: false }),
      response: { 201: EmergencyOutcomeSchema },
    },
  }, async (request, reply) => reply.code(201).send(await emergencyActivation(ctx, authOf(request).actor, request.body)));

  // The field terminal's emergency-only credential (81A §E.6.e): works with the session expired or the screen locked.
  app.post('/units/:callSign/emergency-credential', {
    config: { permission: 'dispatch.own_unit' },
    schema: {
      tags: ['alerts'], summary: 'Give this terminal an emergency-only credential for the officer’s own unit, valid to the end of the shift (shown once)',
      params: UnitParam, body: Type.Object({}, { additionalProperties: false }), response: { 201: IssuedCredentialSchema },
    },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    await actingFor(ctx, actor, request.params.callSign);
    return reply.code(201).send(await issueCredential(ctx, actor, request.params.callSign));
  });

  app.post('/emergency', {
    config: { permission: 'public' },
    schema: {
      tags: ['alerts'], summary: `Raise an emergency with a terminal’s emergency credential in the ${CREDENTIAL_HEADER} header, with or without a session (81A §E.6.e)`,
      headers: Type.Object({ [CREDENTIAL_HEADER]: Type.String({ minLength: 20, maxLength: 200 }) }),
      body: Type.Object({ position: Type.Optional(TerminalPosition) }, { additionalProperties: false }),
      response: { 201: EmergencyOutcomeSchema },
    },
  }, async (request, reply) => {
    const token = request.headers[CREDENTIAL_HEADER] as string;
    return reply.code(201).send(await emergencyByCredential(ctx, token, request.origin, request.body.position));
  });

  app.get('/emergency-credentials', {
    config: { permission: 'sessions.admin' },
    schema: { tags: ['alerts'], summary: 'Field terminals’ open emergency credentials', response: { 200: Type.Array(CredentialViewSchema) } },
  }, async () => openCredentials(ctx));

  app.post('/emergency-credentials/:id/revoke', {
    config: { permission: 'sessions.admin' },
    schema: {
      tags: ['alerts'], summary: 'Revoke a terminal’s emergency credential (a lost or stolen terminal)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), body: Type.Object({}, { additionalProperties: false }),
      response: { 200: CredentialViewSchema },
    },
  }, async (request) => revokeCredential(ctx, authOf(request).actor, request.params.id));

  app.post('/radios', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Register a mobile or portable radio to a unit or an officer (81A §E.5.c.iii)',
      body: Type.Object({
        radioId: RadioId, kind: Type.Union([Type.Literal('mobile'), Type.Literal('portable')]),
        callSign: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })), username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      }, { additionalProperties: false }), response: { 201: S.RadiosPostAnswer },
    },
  }, async (request, reply) => reply.code(201).send(await registerRadio(ctx, authOf(request).actor, request.body)));

  app.get('/radios', {
    config: { permission: 'dispatch.dispatch' },
    schema: { tags: ['alerts'], summary: 'Registered radios', response: { 200: S.RadiosAnswer } },
  }, async () => (await ctx.db.selectFrom('unit_radio').selectAll().orderBy('radio_id').execute())
    .map((r) => ({ radioId: r.radio_id, kind: r.kind, callSign: r.call_sign, username: r.username })));

  app.post('/units/:callSign/standby', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Put a unit on standby; the dispatcher is reminded to re-contact it (81A §E.5.d)',
      params: UnitParam, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), response: { 200: S.UnitView },
    },
  }, async (request) => putOnStandby(ctx, authOf(request).actor, request.params.callSign, request.body.reason));

  app.post('/units/:callSign/contact', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Contact with the unit made: ends standby and resets unanswered calls',
      params: UnitParam, body: Type.Object({ via: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }, { additionalProperties: false }), response: { 200: S.UnitView },
    },
  }, async (request) => contactMade(ctx, authOf(request).actor, request.params.callSign, request.body.via));

  app.post('/units/:callSign/unanswered', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Record a radio call the unit did not answer (81A §E.6); after two, a prompt',
      params: UnitParam, body: Type.Object({}, { additionalProperties: false }), response: { 200: S.UnitsUnansweredPostAnswer },
    },
  }, async (request) => callUnanswered(ctx, authOf(request).actor, request.params.callSign));

  app.get('/alerts', {
    config: { permission: 'events.read' },
    schema: {
      tags: ['alerts'], summary: 'Open alerts for this user, most urgent first (all=true adds acknowledged ones)',
      querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(S.AlertView) },
    },
  }, async (request) => listAlerts(ctx, authOf(request).actor, request.query.all ?? false));

  app.post('/alerts/:id/acknowledge', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Acknowledge an alert (recorded: who, when, note; an emergency needs a note)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      body: Type.Object({ note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }, { additionalProperties: false }), response: { 200: S.AlertView },
    },
  }, async (request) => acknowledgeAlert(ctx, authOf(request).actor, request.params.id, request.body.note));

  app.get('/dispatch/timers', {
    config: { permission: ['events.read', 'codes.edit'] },
    schema: { tags: ['alerts'], summary: 'Standby, non-response and status-check limits in minutes; the window for reopening an incident in hours; the address history in days', response: { 200: S.Timers } },
  }, async () => readTimers(ctx.db));

  app.put('/dispatch/timers', {
    config: { permission: ['dispatch.override', 'codes.edit'] },
    schema: {
      tags: ['alerts'], summary: 'Change the timers (commanding officer, or the administrator on the administration screen)',
      body: Type.Object({
        standbyMinutes: Type.Optional(Minutes), nonResponseMinutes: Type.Optional(Minutes),
        onSceneMinutes: Type.Optional(Minutes), outOfServiceMinutes: Type.Optional(Minutes),
        reopenHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 30, description: 'hours after its close that an incident may be reopened (81A §D.3)' })),
        historyDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'how far back an address history at call time reaches' })),
      }, { additionalProperties: false, minProperties: 1 }), response: { 200: S.Timers },
    },
  }, async (request) => setTimers(ctx, authOf(request).actor, request.body));
};
