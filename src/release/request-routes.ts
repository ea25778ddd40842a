import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import * as S from './request-schemas.ts';
import { EXEMPTIONS, EXEMPTION_CODES } from './redaction.ts';
import {
  addRedaction, completeReview, decideRedaction, gatherRecord, listRequests, logRequest, previewRecord, releaseDocument, releaseRequest, requestDetail, requestReminders, withdrawRequest,
} from './requests.ts';

const tags = ['release'];
const permission = 'records.release';

/** Public records requests (S-110 §B.2; M.G.L. c.66 §10): log, gather, review, release or deny. */
export const publicRecordsRoutes: Capability = async (app, { ctx }) => {
  app.get('/public-records/exemptions', {
    config: { permission },
    schema: { tags, summary: 'The exemptions a redaction or denial may cite (M.G.L. c.4 §7(26) and the statutes it brings in)', response: { 200: S.ExemptionList } },
  }, async () => EXEMPTION_CODES.map((code) => ({ code, ...EXEMPTIONS[code] })));
  app.post('/public-records/requests', {
    config: { permission },
    schema: { tags, summary: 'Log a public records request as received; its deadline is the tenth business day after (M.G.L. c.66 §10(a))', body: S.NewRequestBody, response: { 201: S.RequestView } },
  }, async (request, reply) => reply.status(201).send(await logRequest(ctx, authOf(request).actor, request.body)));
  app.get('/public-records/requests', {
    config: { permission, auditRead: true, action: 'records_request.list_read' },
    schema: { tags, summary: 'Requests by status, soonest deadline first, a page at a time, each with its days left and reminder', querystring: S.RequestQuery, response: { 200: S.RequestList } },
  }, async (request) => listRequests(ctx, request.query));
  app.get('/public-records/reminders', {
    config: { permission },
    schema: { tags, summary: 'How many open requests are overdue and how many are due within two business days', response: { 200: S.Reminders } },
  }, async () => requestReminders(ctx));
  app.get('/public-records/requests/:id', {
    config: { permission, auditRead: true, action: 'records_request.read' },
    schema: { tags, summary: 'One request with its records, redactions and releases', params: S.RequestParams, response: { 200: S.RequestDetail } },
  }, async (request) => requestDetail(ctx, request.params.id));
  app.post('/public-records/requests/:id/records', {
    config: { permission },
    schema: { tags, summary: 'Gather a report, an incident or a day’s public log into the request, read through its own access rule; the system proposes redactions', params: S.RequestParams, body: S.GatherBody, response: { 201: S.RequestDetail } },
  }, async (request, reply) => reply.status(201).send(await gatherRecord(ctx, authOf(request).actor, request.params.id, request.body)));
  app.get('/public-records/requests/:id/records/:itemId', {
    config: { permission, auditRead: true, action: 'records_request.record_read' },
    schema: { tags, summary: 'A gathered record as it is and as it would be released now', params: S.ItemParams, response: { 200: S.RecordPreview } },
  }, async (request) => previewRecord(ctx, authOf(request).actor, request.params.id, request.params.itemId));
  app.post('/public-records/requests/:id/redactions', {
    config: { permission },
    schema: { tags, summary: 'Add a redaction with its exemption and reason (a reason is required, S-110 §B.2)', params: S.RequestParams, body: S.RedactionBody, response: { 201: S.RequestDetail } },
  }, async (request, reply) => reply.status(201).send(await addRedaction(ctx, authOf(request).actor, request.params.id, request.body)));
  app.post('/public-records/requests/:id/redactions/:redactionId', {
    config: { permission },
    schema: { tags, summary: 'Accept a proposed redaction, or remove it saying why (reason)', params: S.RedactionParams, body: S.DecisionBody, response: { 200: S.RequestDetail } },
  }, async (request) => decideRedaction(ctx, authOf(request).actor, request.params.id, request.params.redactionId, request.body));
  app.post('/public-records/requests/:id/review', {
    config: { permission },
    schema: { tags, summary: 'Complete the review once every proposed redaction is decided', params: S.RequestParams, response: { 200: S.RequestDetail } },
  }, async (request) => completeReview(ctx, authOf(request).actor, request.params.id));
  app.post('/public-records/requests/:id/release', {
    config: { permission },
    schema: { tags, summary: 'Release the reviewed records as a redacted PDF, or deny citing exemptions; a partial release or denial has a response letter', params: S.RequestParams, body: S.ReleaseBody, response: { 201: S.Released } },
  }, async (request, reply) => reply.status(201).send(await releaseRequest(ctx, authOf(request).actor, request.params.id, request.body)));
  app.post('/public-records/requests/:id/withdraw', {
    config: { permission },
    schema: { tags, summary: 'The requester withdrew the request', params: S.RequestParams, body: S.WithdrawBody, response: { 200: S.RequestDetail } },
  }, async (request) => withdrawRequest(ctx, authOf(request).actor, request.params.id, request.body.reason));
  for (const which of ['records', 'letter'] as const) {
    app.get(`/public-records/releases/:releaseId/${which}.pdf`, {
      config: { permission, auditRead: true, action: `records_request.${which}_pdf_read` },
      schema: { tags, summary: which === 'records' ? 'The released, redacted records as sent' : 'The response letter as sent', params: S.ReleaseParams, response: { 200: Type.Unknown() } },
    }, async (request, reply) => reply.type('application/pdf').send(await releaseDocument(ctx, request.params.releaseId, which)));
  }
};
