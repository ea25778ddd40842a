import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { KNOX_REASONS, WARRANT_AUTHORIZERS } from './model.ts';
import { accessDetail, accessReportPdf, authorizeAccess, readableAccess, readableAccesses, recordRemoved, recordReturned, requestAccess } from './access.ts';
import { addBox, listBoxes, updateBox } from './register.ts';
import { ACCESSES_PAGE, accessesCsv, accessHistory, accessHistoryPage } from './reports.ts';
import { pageParams } from '../core/paging.ts';
import * as S from './schemas.ts';
import { Bytes } from '../core/contract.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const Contact = Type.Object({
  role: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. Executive Director, Administrator, Designee, Director of Maintenance' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
}, { additionalProperties: false });

const boxFields = {
  building: Type.String({ minLength: 1, maxLength: 200 }),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  kind: Type.Union([Type.Literal('housing_authority'), Type.Literal('state_housing'), Type.Literal('school')]),
  authority: Type.String({ minLength: 1, maxLength: 200 }),
  contacts: Type.Array(Contact, { minItems: 1, maxItems: 10 }),
  reportTo: Type.String({ minLength: 3, maxLength: 200, description: 'Where the reporting form goes: an e-mail address or an e-mail-to-fax gateway address' }),
  units: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 2000 }),
};
const NewBox = Type.Object({
  id: Type.String({ pattern: '^[A-Z0-9-]{2,20}$', description: 'The box’s short name, e.g. MHA-HILLSIDE' }),
  ...boxFields,
}, { additionalProperties: false });
const BoxChange = Type.Object({ ...boxFields, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

const AccessRequest = Type.Object({
  box: Type.String({ minLength: 1, maxLength: 20 }),
  incident: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$', description: 'The CAD incident number, e.g. 26-00042' }),
  reason: Type.String({ minLength: 1, maxLength: 40, description: 'A code of GET /knox/reasons' }),
  apartments: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 }),
  occupant: Type.Optional(Type.String({ maxLength: 200 })),
  officer: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The accessing officer when a dispatcher enters the request; default the caller' })),
  accessKey: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'O-604 §III.C: the number of the Knox access key the accessing officer holds this shift; may be left out when they hold exactly one' })),
  warrantAuthorization: Type.Optional(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    title: Type.Union(WARRANT_AUTHORIZERS.map((t) => Type.Literal(t))),
  }, { additionalProperties: false, description: 'O-604 §II.B: who at the Housing Authority authorized a search-warrant entry' })),
  oicNote: Type.Optional(Type.String({ minLength: 3, maxLength: 500, description: 'O-604 §II: the OIC’s note when the declared reason does not fit the incident’s type (entered by the OIC)' })),
}, { additionalProperties: false });

const AccessQuery = Type.Object({
  box: Type.Optional(Type.String({ maxLength: 20 })),
  officer: Type.Optional(Type.String({ maxLength: 64 })),
  open: Type.Optional(Type.Boolean()),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  ...pageParams(ACCESSES_PAGE.default, ACCESSES_PAGE.max),
}, { additionalProperties: false });

/** Who may ask for accesses and their forms at all; which ones each reads is the access rule (src/keys/custody.ts, O-604 §III.H). */
const ACCESS_READERS = ['knox.request', 'knox.authorize', 'knox.register', 'records.release', 'audit.read'] as const;

export const knoxRoutes: Capability = async (app, { ctx }) => {

  app.get('/knox/boxes', {
    config: { permission: ['knox.request', 'knox.authorize', 'knox.register'] },
    schema: {
      tags: ['knox'], summary: 'The Knox Box register: location, kind, owning authority and contacts, units opened (O-604 §I.B); `address` lists only the boxes there',
      querystring: Type.Object({ address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })) }, { additionalProperties: false }), response: { 200: S.KnoxBoxesAnswer },
    },
  }, async (request) => listBoxes(ctx, request.query.address));

  app.post('/knox/boxes', {
    config: { permission: 'knox.register' },
    schema: { tags: ['knox'], summary: 'Register a Knox Box (Supply Supervisor, O-604 §III.A)', body: NewBox, response: { 201: S.Box } },
  }, async (request, reply) => reply.status(201).send(await addBox(ctx, authOf(request).actor, request.body)));

  app.put('/knox/boxes/:id', {
    config: { permission: 'knox.register' },
    schema: {
      tags: ['knox'], summary: 'Correct a box’s register entry (Supply Supervisor, O-604 §III.A)',
      params: Type.Object({ id: Type.String({ maxLength: 20 }) }, { additionalProperties: false }),
      body: BoxChange, response: { 200: S.Box },
    },
  }, async (request) => updateBox(ctx, authOf(request).actor, request.params.id, request.body));

  app.get('/knox/reasons', {
    config: { permission: ['knox.request', 'knox.authorize', 'knox.register'] },
    schema: { tags: ['knox'], summary: 'Allowed reasons (O-604 §II.A) and forbidden uses (§II.B–C)', response: { 200: S.KnoxReasonsAnswer } },
  }, async () => {
    return KNOX_REASONS.map((r) => ({ code: r.code, label: r.label, allowed: r.allowed, clause: r.clause, scope: r.scope, quote: r.quote }));
  });

  app.post('/knox/accesses', {
    config: { permission: 'knox.request' },
    schema: { tags: ['knox'], summary: 'Request access to a box’s master keys for a CAD incident (O-604 §II, §III.C)', body: AccessRequest, response: { 201: S.Access } },
  }, async (request, reply) => reply.status(201).send(await requestAccess(ctx, authOf(request).actor, request.body)));

  app.get('/knox/accesses', {
    config: { permission: ACCESS_READERS },
    schema: { tags: ['knox'], summary: 'Access history per box or officer, newest first, a page at a time; open=true for unreturned keys; format=csv for every matching access the reader may read (not a page)', querystring: AccessQuery, response: { 200: S.KnoxAccessesAnswer } },
  }, async (request, reply) => {
    const { limit, after, format, ...filter } = request.query;
    const actor = authOf(request).actor;
    if (format !== 'csv') return accessHistoryPage(ctx, actor, filter, { limit, after });
    const rows = await readableAccesses(ctx, actor, await accessHistory(ctx, filter));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="knox-accesses.csv"').send(accessesCsv(rows));
  });

  app.get('/knox/accesses/:id', {
    config: { permission: ACCESS_READERS },
    schema: { tags: ['knox'], summary: 'One access with its times, report and delivery status', params: Id, response: { 200: S.Access } },
  }, async (request) => {
    await readableAccess(ctx, authOf(request).actor, request.params.id);
    return accessDetail(ctx, request.params.id);
  });

  app.post('/knox/accesses/:id/authorize', {
    config: { permission: 'knox.authorize' },
    schema: { tags: ['knox'], summary: 'Authorize the access: OIC or patrol supervisor only (O-604 §III.C)', params: Id, response: { 200: S.Access } },
  }, async (request) => authorizeAccess(ctx, authOf(request).actor, request.params.id));

  app.post('/knox/accesses/:id/removed', {
    config: { permission: 'knox.request' },
    schema: { tags: ['knox'], summary: 'Log that the master keys were removed; the server stamps the time (O-604 §III.D–E)', params: Id, response: { 200: S.Access } },
  }, async (request) => {
    await readableAccess(ctx, authOf(request).actor, request.params.id);
    return recordRemoved(ctx, authOf(request).actor, request.params.id);
  });

  app.post('/knox/accesses/:id/returned', {
    config: { permission: 'knox.request' },
    schema: { tags: ['knox'], summary: 'Log the return; completes, files and sends the Access Reporting Form (O-604 §III.F–H)', params: Id, response: { 200: S.Access } },
  }, async (request) => {
    await readableAccess(ctx, authOf(request).actor, request.params.id);
    return recordReturned(ctx, authOf(request).actor, request.params.id);
  });

  app.get('/knox/accesses/:id/report.pdf', {
    config: { permission: ACCESS_READERS },
    schema: { tags: ['knox'], summary: 'The Knox Box Access Reporting Form (O-604 §III.H) as PDF: for its parties, the OIC, dispatch, the Records Bureau and the auditor', params: Id, response: { 200: Bytes('application/pdf') } },
  }, async (request, reply) => {
    await readableAccess(ctx, authOf(request).actor, request.params.id);
    const pdf = await accessReportPdf(ctx, request.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="knox-access-${request.params.id}.pdf"`).send(Buffer.from(pdf));
  });
};
