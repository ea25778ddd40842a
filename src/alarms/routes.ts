import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { pageParams, pageSchema } from '../core/paging.ts';
import { PREMISES_PAGE, premisesAt, premisesPage, premisesRecord, registerPremises, updatePremises } from './service.ts';
import { Id, PremisesBody, PremisesView, text } from './schemas.ts';

const tags = ['alarms'];
const Strict = { additionalProperties: false } as const;

/** Alarm premises (S-110 §A.1.a): the register the records clerk keeps, read by dispatch at call time. */
export const alarmRoutes: Capability = async (app, { ctx }) => {
  app.get('/alarm-premises', {
    config: { permission: ['alarms.manage', 'records.read', 'dispatch.calls'] },
    schema: {
      tags, summary: 'The alarm premises register by name, a page at a time, with each one’s false-alarm count; by text in the name, address, company, account or permit',
      querystring: Type.Object({ q: Type.Optional(text(100)), active: Type.Optional(Type.Boolean()), ...pageParams(PREMISES_PAGE.default, PREMISES_PAGE.max) }, Strict),
      response: { 200: pageSchema(PremisesView) },
    },
  }, async (request) => {
    const { limit, after, ...filter } = request.query;
    return premisesPage(ctx, authOf(request).actor, filter, { limit, after });
  });

  app.get('/alarm-premises/at', {
    config: { permission: ['dispatch.calls', 'dispatch.own_unit', 'records.read', 'alarms.manage'] },
    schema: {
      tags, summary: 'At call time: the active alarm premises at an address (the same place however spelled), with company phone, key holders, permit and false-alarm count',
      querystring: Type.Object({ address: text(300) }, Strict), response: { 200: Type.Array(PremisesView) },
    },
  }, async (request) => premisesAt(ctx, authOf(request).actor, request.query.address));

  app.post('/alarm-premises', {
    config: { permission: 'alarms.manage' },
    schema: {
      tags, summary: 'Register alarm premises: name, address (checked against the town’s file), alarm types, company, permit, key holders in calling order, notes',
      body: PremisesBody, response: { 201: PremisesView },
    },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const id = await registerPremises(ctx, actor, request.body);
    return reply.status(201).send(await premisesRecord(ctx, actor, id));
  });

  app.get('/alarm-premises/:id', {
    config: { permission: ['alarms.manage', 'records.read', 'dispatch.calls'] },
    schema: { tags, summary: 'One alarm premises with its false alarms listed by incident number', params: Id, response: { 200: PremisesView } },
  }, async (request) => premisesRecord(ctx, authOf(request).actor, request.params.id));

  app.put('/alarm-premises/:id', {
    config: { permission: 'alarms.manage' },
    schema: { tags, summary: 'Change alarm premises (the whole entry as the form shows it), or make it inactive or active again; never deleted', params: Id, body: PremisesBody, response: { 200: PremisesView } },
  }, async (request) => {
    const actor = authOf(request).actor;
    await updatePremises(ctx, actor, request.params.id, request.body);
    return premisesRecord(ctx, actor, request.params.id);
  });
};
