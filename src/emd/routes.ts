import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { authOf } from '../core/http.ts';
import * as D from '../dispatch/schemas.ts';
import * as S from './schemas.ts';
import {
  callTakers, cardList, certificationList, incidentEmd, loadCard, markInstructionGiven, protocolProduct, recordAnswer, recordCertification, setProtocolProduct,
} from './service.ts';

const tags = ['emd'];

/** Emergency medical dispatch (81A §I): protocol cards, certifications, the card panel of a medical call. */
export const emdRoutes: Capability = async (app, { ctx }) => {
  app.get('/emd/cards', {
    config: { permission: ['dispatch.calls', 'emd.manage'] },
    schema: { tags, summary: 'The agency’s approved protocol cards, current ones (or every version with all=true) (81A §I.1.b)', querystring: S.CardsQuery, response: { 200: Type.Array(S.CardView) } },
  }, async (request) => cardList(ctx, request.query.all === true));

  app.post('/emd/cards', {
    config: { permission: 'emd.manage', action: 'emd.card.loaded' },
    schema: { tags, summary: 'Load an approved protocol card; a new version of a complaint’s card supersedes the old, which is kept (81A §I.1.b)', body: S.CardBody, response: { 201: S.CardView } },
  }, async (request, reply) => reply.status(201).send(await loadCard(ctx, authOf(request).actor, request.body)));

  app.get('/emd/certifications', {
    config: { permission: 'emd.manage' },
    schema: { tags, summary: 'Every employee’s EMD certifications with their state and reminder (81A §I.1.a)', response: { 200: Type.Array(S.CertificationView) } },
  }, async () => certificationList(ctx));

  app.get('/emd/people', {
    config: { permission: 'emd.manage' },
    schema: { tags, summary: 'The people who take calls, by name: whose EMD certification is recorded', response: { 200: Type.Array(S.PersonView) } },
  }, async () => callTakers(ctx));

  app.get('/emd/certifications/mine', {
    config: { permission: 'signed_in' },
    schema: { tags, summary: 'My own EMD certifications', response: { 200: Type.Array(S.CertificationView) } },
  }, async (request) => certificationList(ctx, authOf(request).actor.username));

  app.post('/emd/people/:username/certifications', {
    config: { permission: 'emd.manage', action: 'emd.certification.recorded' },
    schema: { tags, summary: 'Record an employee’s EMD certification (never one’s own); reminded before it expires (81A §I.1.a)', params: S.UserParams, body: S.CertificationBody, response: { 201: Type.Array(S.CertificationView) } },
  }, async (request, reply) => reply.status(201).send(await recordCertification(ctx, authOf(request).actor, request.params.username, request.body)));

  app.get('/emd/product', {
    config: { permission: ['dispatch.calls', 'emd.manage'] },
    schema: { tags, summary: 'The licensed EMD product opened from a medical call, if the agency has one (docs/emd.md)', response: { 200: S.ProductView } },
  }, async () => protocolProduct(ctx));

  app.put('/emd/product', {
    config: { permission: 'emd.manage', action: 'emd.product.set' },
    schema: { tags, summary: 'Set the licensed EMD product’s name and launch URL template', body: S.ProductBody, response: { 200: S.ProductView } },
  }, async (request) => setProtocolProduct(ctx, authOf(request).actor, request.body));

  app.delete('/emd/product', {
    config: { permission: 'emd.manage', action: 'emd.product.set' },
    schema: { tags, summary: 'Take the licensed EMD product off the card panel', response: { 200: S.ProductView } },
  }, async (request) => setProtocolProduct(ctx, authOf(request).actor, null));

  app.get('/incidents/:number/emd', {
    config: { permission: 'dispatch.calls' },
    schema: { tags, summary: 'The card panel of a medical call: cards, answers and instructions recorded, whether I may give instructions (81A §I)', params: S.NumberParam, querystring: S.IncidentEmdQuery, response: { 200: S.IncidentEmdView } },
  }, async (request) => {
    const view = await incidentEmd(ctx, authOf(request).actor, request.params.number, request.query.complaint);
    if (view.confidential) auditThisRead({ type: 'incident', id: view.number }, 'incident.read_confidential');
    return view;
  });

  app.post('/incidents/:number/emd/answers', {
    config: { permission: 'dispatch.calls' },
    schema: { tags, summary: 'Record the caller’s answer to a card’s key question, on the timeline (81A §I.1)', params: S.NumberParam, body: S.AnswerBody, response: { 201: D.IncidentRecord } },
  }, async (request, reply) => reply.status(201).send(await recordAnswer(ctx, authOf(request).actor, request.params.number, request.body)));

  app.post('/incidents/:number/emd/instructions', {
    config: { permission: 'dispatch.calls' },
    schema: { tags, summary: 'Mark a pre-arrival instruction given: only with a current EMD certification, else 403 (81A §I.1.a)', params: S.NumberParam, body: S.InstructionBody, response: { 201: D.IncidentRecord } },
  }, async (request, reply) => reply.status(201).send(await markInstructionGiven(ctx, authOf(request).actor, request.params.number, request.body)));
};
