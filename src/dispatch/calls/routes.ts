import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { suggestionsFor } from '../incidents/service.ts';
import { ALI_FIELDS, CALL_LINES } from './model.ts';
import { decideScreening, referToScreening } from './screening.ts';
import { callSettings, changeCallSettings } from './settings.ts';
import {
  answerCall, callList, checkAli, closeWithoutResponse, endCall, getCall, holdCall, linkToIncident, pendingQueue,
  receiveCall, recordDetails, relayCall, screeningCalls, transferCall,
} from './service.ts';
import { verifiedAli } from './views.ts';
import { callIntoIncident, callToIncident, intakeCall } from './intake.ts';
import { IncidentFieldsBody } from '../incidents/routes.ts';
import { CALL_PAGE, findCall } from './store.ts';
import { pageParams, pageSchema } from '../../core/paging.ts';
import { NotFound } from '../../core/errors.ts';
import { aliFromSpill, aliLayouts } from '../ali/service.ts';
import * as S from '../schemas.ts';
import { AttemptOutcome, CallbackView, callbackList, closeCallback, recordAttempt } from './callbacks.ts';

const text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const phone = Type.String({ maxLength: 40, pattern: '^[0-9+()\\-. x]*$' });

export const AliBody = Type.Object({
  callbackNumber: Type.Optional(phone),
  address: Type.Optional(text(300)),
  community: Type.Optional(text(100)),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  uncertaintyMetres: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  classOfService: Type.Optional(text(20)),
  carrier: Type.Optional(text(100)),
  customerName: Type.Optional(text(200)),
  esn: Type.Optional(text(10)),
}, { additionalProperties: false });

const Span = Type.Object({
  line: Type.Integer({ minimum: 0, maximum: 40 }), col: Type.Integer({ minimum: 0, maximum: 1000 }), length: Type.Integer({ minimum: 1, maximum: 200 }),
}, { additionalProperties: false });

const LayoutBody = Type.Object({
  name: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
  description: text(200),
  lines: Type.Integer({ minimum: 1, maximum: 40 }),
  fields: Type.Object(Object.fromEntries(ALI_FIELDS.map((f) => [f, Type.Optional(Span)])), { additionalProperties: false }),
}, { additionalProperties: false });

const NewCallBody = Type.Object({
  line: Type.Union(CALL_LINES.map((l) => Type.Literal(l))),
  callerName: Type.Optional(text(200)),
  callbackNumber: Type.Optional(phone),
  ali: Type.Optional(AliBody),
  transferredFrom: Type.Optional(text(100, 1)),
  category: Type.Optional(text(40, 1)),
}, { additionalProperties: false });

const Answers = Type.Record(Type.String({ maxLength: 60 }), Type.Union([text(1000), Type.Boolean(), Type.Number()]), { maxProperties: 30 });

const DetailsBody = Type.Object({
  category: Type.Optional(text(40, 1)),
  answers: Type.Optional(Answers),
  callerName: Type.Optional(text(200)),
  callbackNumber: Type.Optional(phone),
}, { additionalProperties: false });

const AliCheckBody = Type.Object({
  field: Type.Union(ALI_FIELDS.map((f) => Type.Literal(f))),
  action: Type.Union([Type.Literal('verified'), Type.Literal('corrected')]),
  value: Type.Optional(Type.Union([text(300, 1), Type.Number()])),
}, { additionalProperties: false });

/** What the call-taker learnt on the call, sent with the incident it becomes or joins. */
const Findings = {
  details: Type.Optional(DetailsBody),
  aliChecks: Type.Optional(Type.Array(AliCheckBody, { maxItems: ALI_FIELDS.length })),
};

const IncidentNumber = Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' });
const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const calls = { permission: 'dispatch.calls' } as const;
const tags = ['calls'];

export const callRoutes: Capability = async (app, { ctx }) => {
  app.post('/calls', {
    config: calls,
    schema: { tags, summary: 'A call comes in (81A §C.1): the server stamps the time; the answer carries the greeting and questions', body: NewCallBody, response: { 201: S.CallView } },
  }, async (request, reply) => reply.status(201).send(await receiveCall(ctx, authOf(request).actor, request.body)));

  app.post('/calls/intake', {
    config: { ...calls, action: 'call.intake' },
    schema: {
      tags, summary: 'A call typed at the console becomes an incident in one transaction: the call, its category, answers and ALI checks, the incident, the call ended (81A §C, §D.3)',
      body: Type.Object({ call: NewCallBody, ...Findings, incident: IncidentFieldsBody }, { additionalProperties: false }), response: { 201: S.CallTaken },
    },
  }, async (request, reply) => reply.status(201).send(await intakeCall(ctx, authOf(request).actor, request.body)));

  app.post('/calls/:id/incident', {
    config: { ...calls, action: 'call.incident' },
    schema: {
      tags, summary: 'A call taken from the queue becomes an incident in one transaction: its answers and ALI checks, the incident, the call ended (81A §C, §D.3)', params: IdParam,
      body: Type.Object({ ...Findings, incident: IncidentFieldsBody }, { additionalProperties: false }), response: { 201: S.CallTaken },
    },
  }, async (request, reply) => reply.status(201).send(await callIntoIncident(ctx, authOf(request).actor, request.params.id, request.body)));

  app.post('/calls/ali-spill', {
    config: calls,
    schema: {
      tags, summary: 'An E-911 call from a raw ALI spill (one record), parsed with a configured layout',
      body: Type.Object({ spill: Type.String({ minLength: 1, maxLength: 4096 }), layout: Type.Optional(text(40, 1)), transferredFrom: Type.Optional(text(100, 1)) }, { additionalProperties: false }), response: { 201: S.CallView },
    },
  }, async (request, reply) => {
    const ali = await aliFromSpill(ctx.db, request.body.spill, request.body.layout);
    const view = await receiveCall(ctx, authOf(request).actor, { line: 'e911', ali, transferredFrom: request.body.transferredFrom });
    return reply.status(201).send(view);
  });

  app.get('/calls/ali-layouts', {
    config: { permission: ['dispatch.calls', 'codes.edit'] }, // the call taker, and the administrator who edits the layouts
    schema: { tags, summary: 'The ALI spill layouts: the presets and the agency’s own (setting ali.layouts), and the default', response: { 200: S.CallsAliLayoutsAnswer } },
  }, async () => aliLayouts(ctx.db));

  app.get('/calls/settings', {
    config: { permission: 'agency.read' },
    schema: { tags, summary: 'Call-taking settings: hold limit, the agency’s ALI layouts and the default layout, the nearby-incident distance', response: { 200: S.CallSettings } },
  }, async () => callSettings(ctx.db));

  app.put('/calls/settings', {
    config: { permission: 'codes.edit' },
    schema: {
      tags, summary: 'Change the hold limit (81A §C "Placing Calls on Hold"), the ALI layouts or the nearby-incident distance (81A §C "Multiple Calls")',
      body: Type.Object({
        holdLimitSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
        aliLayouts: Type.Optional(Type.Array(LayoutBody, { maxItems: 20 })),
        aliDefaultLayout: Type.Optional(text(40, 1)),
        nearbyMetres: Type.Optional(Type.Integer({ minimum: 10, maximum: 2000, description: 'a new call this many metres or less from an open incident is offered it; reverse lookup reaches this far' })),
      }, { additionalProperties: false }), response: { 200: S.CallSettings },
    },
  }, async (request) => changeCallSettings(ctx, authOf(request).actor, request.body));

  app.get('/calls', {
    config: calls,
    schema: {
      tags, summary: 'Calls: open ones (line not ended) by priority then age (the default), or ended / closed (ended or given an outcome: the closed-call log) / all, newest first, a page at a time (`after` the previous page’s `next`)',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('ended'), Type.Literal('closed'), Type.Literal('all')])),
        ...pageParams(CALL_PAGE, 500),
      }, { additionalProperties: false }), response: { 200: pageSchema(S.CallView) },
    },
  }, async (request) => callList(ctx, request.query.status ?? 'open', request.query));

  app.get('/calls/queue', {
    config: calls,
    schema: {
      tags, summary: 'The pending queue (81A §C.2.a, §C.3): held calls over the limit first, then priority, then age, with waiting times; with answered=true, then the calls answered and not yet finished',
      querystring: Type.Object({ answered: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Type.Array(S.CallView) },
    },
  }, async (request) => pendingQueue(ctx, request.query.answered === true));

  app.get('/calls/screening', {
    config: { permission: 'dispatch.override' },
    schema: { tags, summary: '81A §D.4: reports by mail, e-mail or telephone for the commanding officer to screen', response: { 200: Type.Array(S.CallView) } },
  }, async () => screeningCalls(ctx));

  app.get('/calls/callbacks', {
    config: calls,
    schema: {
      tags, summary: '81A §C.2.f: abandoned E-911 calls to call back, newest first, with each attempt; all=true adds the finished ones',
      querystring: Type.Object({ all: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
      response: { 200: Type.Array(CallbackView) },
    },
  }, async (request) => callbackList(ctx, request.query.all === true, request.query.limit ?? 200));

  app.post('/calls/:id/callback-attempts', {
    config: calls,
    schema: {
      tags, summary: '81A §C.2.f: one attempt to call an abandoned E-911 caller back (when and who stamped by the server); reached finishes the call back', params: IdParam,
      body: Type.Object({ outcome: AttemptOutcome, note: Type.Optional(text(2000)) }, { additionalProperties: false }),
      response: { 201: CallbackView },
    },
  }, async (request, reply) => reply.status(201).send(await recordAttempt(ctx, authOf(request).actor, request.params.id, request.body)));

  app.post('/calls/:id/callback/close', {
    config: calls,
    schema: {
      tags, summary: '81A §C.2.f: close a call back that did not reach the caller, with the reason', params: IdParam,
      body: Type.Object({ reason: text(2000, 1) }, { additionalProperties: false }), response: { 200: CallbackView },
    },
  }, async (request) => closeCallback(ctx, authOf(request).actor, request.params.id, request.body.reason));

  app.get('/calls/:id', { config: calls, schema: { tags, summary: 'One call', params: IdParam, response: { 200: S.CallView } } }, async (request) => getCall(ctx, request.params.id));

  app.post('/calls/:id/answer', {
    config: calls, schema: { tags, summary: 'Answer a ringing call or pick a held one back up (81A §C.4.b: two call takers at most)', params: IdParam, response: { 200: S.CallView } },
  }, async (request) => answerCall(ctx, authOf(request).actor, request.params.id));

  app.post('/calls/:id/hold', {
    config: calls,
    schema: { tags, summary: 'Put the caller on hold, saying why (81A §C "Placing Calls on Hold")', params: IdParam, body: Type.Object({ reason: text(500, 1) }, { additionalProperties: false }), response: { 200: S.CallView } },
  }, async (request) => holdCall(ctx, authOf(request).actor, request.params.id, request.body.reason));

  app.post('/calls/:id/details', {
    config: calls,
    schema: {
      tags, summary: 'The call’s category (81A §C.3), answers to its questions, caller name and number', params: IdParam,
      body: DetailsBody, response: { 200: S.CallView },
    },
  }, async (request) => recordDetails(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/calls/:id/ali-checks', {
    config: calls,
    schema: {
      tags, summary: 'Mark an ALI field verified with the caller, or corrected; both values are kept (81A §C.2.b.iii)', params: IdParam,
      body: AliCheckBody, response: { 200: S.CallView },
    },
  }, async (request) => checkAli(ctx, authOf(request).actor, request.params.id, request.body.field, request.body.action, request.body.value));

  app.post('/calls/:id/transfer', {
    config: calls,
    schema: {
      tags, summary: 'Transfer the call out once, the caller told where (81A §C.4–5)', params: IdParam,
      body: Type.Object({ to: text(200, 1), callerAdvised: Type.Boolean() }, { additionalProperties: false }), response: { 200: S.CallView },
    },
  }, async (request) => transferCall(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/calls/:id/relay', {
    config: calls,
    schema: {
      tags, summary: 'Record the information and relay it to another agency (81A §C.5.a.ii)', params: IdParam,
      body: Type.Object({ agency: text(200, 1), information: text(5000, 1) }, { additionalProperties: false }), response: { 200: S.CallView },
    },
  }, async (request) => relayCall(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/calls/:id/close', {
    config: calls,
    schema: {
      tags, summary: 'Close a call needing no police response, with its type (81A §D.1)', params: IdParam,
      body: Type.Object({ type: text(40, 1), note: Type.Optional(text(2000)) }, { additionalProperties: false }), response: { 200: S.CallView },
    },
  }, async (request) => closeWithoutResponse(ctx, authOf(request).actor, request.params.id, request.body.type, request.body.note));

  app.post('/calls/:id/end', {
    config: calls, schema: { tags, summary: 'The call ends (hang-up or finished); the server stamps the time', params: IdParam, response: { 200: S.CallView } },
  }, async (request) => endCall(ctx, authOf(request).actor, request.params.id));

  app.post('/calls/:id/link', {
    config: calls,
    schema: {
      tags, summary: 'Another caller about an open incident (81A §C "Multiple Calls"); the call ends', params: IdParam,
      body: Type.Object({ incident: IncidentNumber }, { additionalProperties: false }), response: { 200: S.CallView },
    },
  }, async (request) => linkToIncident(ctx, authOf(request).actor, request.params.id, request.body.incident));

  app.post('/calls/:id/incident-link', {
    config: { ...calls, action: 'call.incident_link' },
    schema: {
      tags, summary: 'Another caller about an open incident, with what the call-taker learnt, in one transaction; answers with the call and the incident (81A §C "Multiple Calls")', params: IdParam,
      body: Type.Object({ incident: IncidentNumber, ...Findings }, { additionalProperties: false }), response: { 200: S.CallTaken },
    },
  }, async (request) => callToIncident(ctx, authOf(request).actor, request.params.id, request.body.incident, request.body));

  app.get('/calls/:id/suggestions', {
    config: calls,
    schema: {
      tags, summary: 'Open incidents near this call’s (verified) location', params: IdParam,
      querystring: Type.Object({ type: Type.Optional(text(40)), address: Type.Optional(text(300)) }, { additionalProperties: false }), response: { 200: Type.Array(S.Suggestion) },
    },
  }, async (request) => {
    const call = await findCall(ctx.db, request.params.id);
    if (!call) throw new NotFound('call.not_found', `There is no call ${request.params.id}.`);
    const ali = verifiedAli(call);
    return suggestionsFor(ctx, authOf(request).actor, {
      type: request.query.type, address: request.query.address ?? ali.address ?? undefined,
      lat: ali.lat ?? undefined, lon: ali.lon ?? undefined,
    });
  });

  app.post('/calls/:id/screening', {
    config: calls,
    schema: {
      tags, summary: '81A §D.4: send a mailed, e-mailed or telephoned report to the commanding officer’s screening queue', params: IdParam,
      body: Type.Object({ medium: Type.Union([Type.Literal('mail'), Type.Literal('email'), Type.Literal('telephone')]), summary: text(5000, 1) }, { additionalProperties: false }), response: { 200: S.CallView },
    },
  }, async (request) => referToScreening(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/calls/:id/screening/decision', {
    config: { permission: 'dispatch.override' },
    schema: {
      tags, summary: 'The commanding officer screens a report: respond (then create the incident) or no response', params: IdParam,
      body: Type.Object({ decision: Type.Union([Type.Literal('respond'), Type.Literal('no_response')]), note: Type.Optional(text(2000)) }, { additionalProperties: false }), response: { 200: S.CallView },
    },
  }, async (request) => decideScreening(ctx, authOf(request).actor, request.params.id, request.body));
};
