import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { permissionsOf } from '../core/permissions.ts';
import { addKey, listKeys, retireKey } from './register.ts';
import { acknowledgeAlert, alertsFor, assignKey, keyBoard, reportKeyLost, reportMissingMasterKeys, returnKey } from './shift.ts';
import { describeChannel, outboundSettings, recentDeliveries, retryNow, setOutbound } from './outbound.ts';
import { dailyLog, distributionCsv, distributionRecord } from './reports.ts';
import * as S from './schemas.ts';
import { NoContent } from '../core/contract.ts';

const KeyNumber = Type.Object({ number: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) }, { additionalProperties: false });
const Details = Type.Object({ details: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });

/** The key register, keys for a shift, alerts, notices, reports and the outbound channel. */
export const keyRoutes: Capability = async (app, { ctx }) => {
  app.get('/knox/keys', {
    config: { permission: ['knox.request', 'knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'The numbered access keys and their status (O-604 §III.A)', response: { 200: S.KnoxKeysAnswer } },
  }, async () => { return listKeys(ctx); });

  app.post('/knox/keys', {
    config: { permission: 'knox.register' },
    schema: {
      tags: ['knox'], summary: 'Register an access key numbered by the Housing Authority (O-604 §III.A)',
      body: Type.Object({ number: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 201: S.KnoxKeysPostAnswer },
    },
  }, async (request, reply) => reply.status(201).send(await addKey(ctx, authOf(request).actor, request.body)));

  app.post('/knox/keys/:number/retire', {
    config: { permission: 'knox.register' },
    schema: { tags: ['knox'], summary: 'Retire a key from the register', params: KeyNumber, body: Details, response: { 204: NoContent } },
  }, async (request, reply) => { await retireKey(ctx, authOf(request).actor, request.params.number, request.body.details); return reply.status(204).send(); });

  app.post('/knox/keys/:number/assign', {
    config: { permission: 'knox.authorize' },
    schema: {
      tags: ['knox'], summary: 'OIC assigns a key to a cruiser or bicycle officer for the shift (O-604 §III.B)', params: KeyNumber,
      body: Type.Object({
        officer: Type.String({ minLength: 1, maxLength: 64 }),
        callSign: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        shiftHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 16, description: 'Hours until the shift ends, overriding the roster; without it, the end of the officer’s shift on the duty roster, else 8' })),
      }, { additionalProperties: false }), response: { 200: S.KnoxKeysAssignPostAnswer },
    },
  }, async (request) => assignKey(ctx, authOf(request).actor, request.params.number, request.body));

  app.post('/knox/keys/:number/return', {
    config: { permission: 'knox.authorize' },
    schema: { tags: ['knox'], summary: 'OIC records the key back (O-604 §III.B)', params: KeyNumber, response: { 200: S.KnoxKeysReturnPostAnswer } },
  }, async (request) => returnKey(ctx, authOf(request).actor, request.params.number));

  app.post('/knox/keys/:number/lost', {
    config: { permission: ['knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'Report an access key lost: notifies the Housing Authority and the Supply Supervisor (O-604 §III.I)', params: KeyNumber, body: Details, response: { 200: S.KnoxKeysLostPostAnswer } },
  }, async (request) => reportKeyLost(ctx, authOf(request).actor, request.params.number, request.body.details));

  app.post('/knox/boxes/:id/missing-keys', {
    config: { permission: ['knox.authorize', 'knox.register'] },
    schema: {
      tags: ['knox'], summary: 'Report master keys missing from a box: notifies its authority and the Supply Supervisor (O-604 §III.I)',
      params: Type.Object({ id: Type.String({ maxLength: 20 }) }, { additionalProperties: false }), body: Details, response: { 200: S.KnoxBoxesMissingKeysPostAnswer },
    },
  }, async (request) => reportMissingMasterKeys(ctx, authOf(request).actor, request.params.id, request.body.details));

  app.get('/knox/board', {
    config: { permission: ['knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'The OIC’s board: which keys are out and with whom (O-604 §III.B)', response: { 200: S.KnoxBoardAnswer } },
  }, async () => { return keyBoard(ctx); });

  app.get('/knox/alerts', {
    config: { permission: ['knox.request', 'knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'Open Knox alerts: all for the OIC and Supply Supervisor, one’s own for an officer', response: { 200: S.KnoxAlertsAnswer } },
  }, async (request) => {
    const actor = authOf(request).actor;
    const held = permissionsOf(actor.roles);
    return alertsFor(ctx, actor, held.has('knox.authorize') || held.has('knox.register'));
  });

  app.post('/knox/alerts/:id/acknowledge', {
    config: { permission: ['knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'Acknowledge a notice alert (not an unreturned-key alert)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), response: { 204: NoContent } },
  }, async (request, reply) => { await acknowledgeAlert(ctx, authOf(request).actor, request.params.id); return reply.status(204).send(); });

  app.get('/knox/distribution', {
    config: { permission: ['knox.authorize', 'knox.register'] },
    schema: {
      tags: ['knox'], summary: 'The key distribution record (O-604 §III.A); format=csv',
      querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 20 })), officer: Type.Optional(Type.String({ maxLength: 64 })), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false }), response: { 200: S.KnoxDistributionAnswer },
    },
  }, async (request, reply) => {
    const rows = await distributionRecord(ctx, request.query);
    if (request.query.format !== 'csv') return rows;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="knox-distribution.csv"').send(distributionCsv(rows));
  });

  app.get('/knox/daily-log', {
    config: { permission: 'events.read' },
    schema: { tags: ['knox'], summary: 'Knox removals and returns on the Dispatch Daily Log for a date (O-604 §III.E)', querystring: Type.Object({ date: Type.String({ format: 'date' }) }, { additionalProperties: false }), response: { 200: S.KnoxDailyLogAnswer } },
  }, async (request) => dailyLog(ctx, request.query.date));

  app.get('/knox/deliveries', {
    config: { permission: ['knox.request', 'knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'Recent reporting-form and notice deliveries with their status', response: { 200: S.KnoxDeliveriesAnswer } },
  }, async () => { return { channel: describeChannel(await outboundSettings(ctx.db)), deliveries: await recentDeliveries(ctx) }; });

  app.post('/knox/deliveries/:id/retry', {
    config: { permission: ['knox.request', 'knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'Try an undelivered form or notice again now', params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), response: { 200: S.Delivery } },
  }, async (request) => { return retryNow(ctx, request.params.id); });

  app.put('/knox/outbound', {
    config: { permission: 'knox.register' },
    schema: {
      tags: ['knox'], summary: 'Set the outbound SMTP channel for forms and notices (e-mail or e-mail-to-fax gateway)',
      body: Type.Object({ smtpUrl: Type.String({ minLength: 8, maxLength: 500 }), from: Type.String({ minLength: 3, maxLength: 200 }) }, { additionalProperties: false }), response: { 200: S.KnoxOutboundPutAnswer },
    },
  }, async (request) => setOutbound(ctx, authOf(request).actor, request.body));
};
