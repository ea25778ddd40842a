import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { decide, getMessage, listMessages, MEANS, MESSAGE_KINDS, receiveMessage, recordDelivery, requesterTold } from './service.ts';
import * as S from '../schemas.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const Note = Type.Optional(Type.String({ minLength: 1, maxLength: 2000 }));
const Person = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  agency: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

/** Emergency messages (81A §H): contents are personal, so reads are audited. */
export const messageRoutes: Capability = async (app, { ctx }) => {
  app.post('/emergency-messages', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['messages'], summary: 'Record an emergency message to relay (81A §H.3); routine messages are refused (§H.4)',
      body: Type.Object({
        kind: Type.Union(MESSAGE_KINDS.map((k) => Type.Literal(k))), message: Type.String({ minLength: 1, maxLength: 4000 }), requester: Person, recipient: Person,
      }, { additionalProperties: false }), response: { 201: S.MessageView },
    },
  }, async (request, reply) => reply.code(201).send(await receiveMessage(ctx, authOf(request).actor, request.body)));

  app.get('/emergency-messages', {
    config: { permission: 'dispatch.dispatch', auditRead: true },
    schema: { tags: ['messages'], summary: 'Emergency messages, newest first (open=true: those still needing action)', querystring: Type.Object({ open: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(S.MessageView) } },
  }, async (request) => listMessages(ctx, request.query.open ?? false));

  app.get('/emergency-messages/:id', {
    config: { permission: 'dispatch.dispatch', auditRead: true },
    schema: { tags: ['messages'], summary: 'One emergency message', params: Id, response: { 200: S.MessageView } },
  }, async (request) => getMessage(ctx, request.params.id));

  app.post('/emergency-messages/:id/decision', {
    config: { permission: 'dispatch.override' },
    schema: {
      tags: ['messages'], summary: 'The commanding officer’s decision on how to relay the message (81A §H.1)',
      params: Id, body: Type.Object({ means: Type.Union(MEANS.map((m) => Type.Literal(m))), note: Note }, { additionalProperties: false }), response: { 200: S.MessageView },
    },
  }, async (request) => decide(ctx, authOf(request).actor, request.params.id, request.body.means, request.body.note));

  app.post('/emergency-messages/:id/delivery', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['messages'], summary: 'Whether the message was delivered and who acknowledged receiving it; undelivered prompts telling the requester (81A §H.2)',
      params: Id, body: Type.Object({
        delivered: Type.Boolean(),
        acknowledgedBy: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'who acknowledged receiving the message (the recipient, or who took it for them); only when delivered' })),
        note: Note,
      }, { additionalProperties: false }), response: { 200: S.MessageView },
    },
  }, async (request) => recordDelivery(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/emergency-messages/:id/requester-told', {
    config: { permission: 'dispatch.dispatch' },
    schema: { tags: ['messages'], summary: 'The requester was told the message was not delivered (81A §H.2)', params: Id, body: Type.Object({ note: Note }, { additionalProperties: false }), response: { 200: S.MessageView } },
  }, async (request) => requesterTold(ctx, authOf(request).actor, request.params.id, request.body.note));
};
