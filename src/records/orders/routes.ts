import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import * as S from './schemas.ts';
import { cautions, createOrder, getOrder, listOrders, serveOrVacate } from './service.ts';

/** Restraining orders (S-110 §A.1.t) and trespass notices (§A.1.x); cautions at call time. */
export const orderRoutes: Capability = async (app, { ctx }) => {
  const tags = ['orders'];

  app.post('/orders', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Record a restraining order or trespass notice under a case', body: S.NewOrder, response: { 201: S.Created } },
  }, async (request, reply) => reply.status(201).send(await createOrder(ctx, authOf(request).actor, request.body)));

  app.get('/orders', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Orders and notices by person, case, kind, status, issue days and docket, newest first (each order shown is an audited read)', querystring: S.OrderQuery, response: { 200: S.OrderPage } },
  }, async (request) => {
    const { limit, after, ...filter } = request.query;
    return listOrders(ctx, authOf(request).actor, filter, { limit, after });
  });

  app.get('/orders/:id', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'One order (the read is audited)', params: S.Id, response: { 200: S.OrderView } },
  }, async (request) => getOrder(ctx, authOf(request).actor, request.params.id));

  for (const what of ['served', 'vacated'] as const) {
    app.post(`/orders/:id/${what === 'served' ? 'service' : 'vacate'}`, {
      config: { permission: 'records.write' },
      schema: { tags, summary: what === 'served' ? 'Record that the order was served' : 'Record that the court vacated the order', params: S.Id, body: S.When, response: { 200: S.Done } },
    }, async (request) => {
      const body = request.body as { at?: string };
      await serveOrVacate(ctx, authOf(request).actor, (request.params as { id: string }).id, what, body.at ? new Date(body.at) : ctx.clock.now());
      return { ok: true };
    });
  }

  app.get('/cautions', {
    config: { permission: ['dispatch.calls', 'dispatch.own_unit', 'records.read'] },
    schema: { tags, summary: 'Restraining orders and trespass notices in force at an address or against a person: cautions at call time', querystring: S.CautionQuery, response: { 200: Type.Array(S.Caution) } },
  }, async (request) => cautions(ctx, authOf(request).actor, request.query));
};
