import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { Problem } from '../core/errors.ts';
import { DOCUMENT_KINDS, FLASH_REASONS, LEVELS, MESSAGE_TYPES, MISSING_CATEGORIES, NLETS_REGIONS, PURPOSES, QUERY_KINDS, REQUESTER_KINDS, STATE_AREAS, TRAINING_BANNER, type DocumentKind, type EntryKind, type MessageType, type QueryKind } from './model.ts';
import * as S from './schemas.ts';
import { queryLog, readQuery, runQuery } from './queries.ts';
import { modifyWms, openConfirmationList, placeLocate, requestConfirmation } from './hits.ts';
import { DOCUMENT_LIMIT, DOCUMENT_TYPES, readDocument, uploadDocument } from './documents.ts';
import { entries, entryReportPdf, entryView, makeEntry, recordRecall, removeEntry } from './entries.ts';
import { injectTrainingMessage, listMessages, sendMessage } from './messages.ts';
import { cjisLink, closeCjisLink, configureCjisLink, isTraining } from './link.ts';
import { myCjisStatus } from './desk.ts';
import { requireCjisReader } from './access.ts';
import { Bytes } from '../core/contract.ts';

const tags = ['cjis'];

/**
 * CJIS operations (81A §J): queries and their hits, hit confirmations, locates, WMS
 * modifications, the agency's entries with their documents, administrative messages,
 * and the state of the link to the switch. The CJIS Representative's desk is desk-routes.ts.
 */
export const cjisRoutes: Capability = async (app, { ctx }) => {
  configureCjisLink(ctx, { log: { warn: (d, m) => app.log.warn(d, m), info: (d, m) => app.log.info(d, m) } });
  app.addHook('onClose', async () => closeCjisLink(ctx));
  app.addContentTypeParser(Object.keys(DOCUMENT_TYPES), { parseAs: 'buffer', bodyLimit: DOCUMENT_LIMIT }, (_request, body, done) => done(null, body));

  app.get('/cjis/codes', {
    config: { permission: ['cjis.query', 'cjis.manage', 'cjis.bop_list'] },
    schema: { tags, summary: 'CJIS code lists: purposes, requesters, query kinds, missing-person criteria, message types and destinations; whether this is the training switch', response: { 200: S.CodesView } },
  }, async () => ({
    training: isTraining(ctx), banner: isTraining(ctx) ? TRAINING_BANNER : null,
    purposes: PURPOSES.map((p) => ({ ...p })), requesterKinds: REQUESTER_KINDS.map((k) => ({ ...k })), queryKinds: [...QUERY_KINDS], levels: LEVELS.map((l) => ({ ...l })),
    missingCategories: MISSING_CATEGORIES.map((c) => ({ code: c.code, name: c.name, juvenileOnly: c.juvenileOnly, clause: c.clause })),
    messageTypes: Object.entries(MESSAGE_TYPES).map(([code, t]) => ({ code, name: t.name, clause: t.clause })),
    areas: [...STATE_AREAS], regions: [...NLETS_REGIONS], flashReasons: [...FLASH_REASONS],
    documentKinds: Object.entries(DOCUMENT_KINDS).map(([code, name]) => ({ code, name })),
  }));

  app.get('/cjis/switch', {
    config: { permission: ['cjis.query', 'cjis.manage'] },
    schema: { tags, summary: 'The link to the state switch (or the training switch): connected, reconnects, queued, malformed and unexpected messages', response: { 200: S.SwitchStatusView } },
  }, async () => {
    const link = await cjisLink(ctx);
    return { ...link.switch.status(), banner: link.training ? TRAINING_BANNER : null };
  });

  app.get('/cjis/me', {
    config: { permission: ['cjis.query', 'cjis.manage'] },
    schema: { tags, summary: 'My CJIS certification and whether CJIS functions are open to me (81A §J.1.b.i, §J.2)', response: { 200: S.CjisUserView } },
  }, async (request) => myCjisStatus(ctx, authOf(request).actor));

  app.post('/cjis/queries', {
    config: { permission: 'cjis.query', action: 'cjis.query' },
    schema: { tags, summary: 'Run a CJIS query (persons, warrants, plates, VINs, owners, guns, articles, BOP); logged with operator, terminal, purpose, incident or case and requester (CJIS AU-3)', body: S.QueryBody, response: { 201: S.QueryView } },
  }, async (request, reply) => {
    const body = request.body;
    return reply.status(201).send(await runQuery(ctx, authOf(request).actor, { ...body, kind: body.kind as QueryKind | undefined }));
  });

  app.get('/cjis/queries', {
    config: { permission: ['cjis.manage', 'audit.read'], auditRead: true },
    schema: { tags, summary: 'The CJIS query log for the CJIS Representative and the auditor (CJIS AU-3, AU-11)', querystring: S.QueryLogQuery, response: { 200: Type.Array(S.QueryLogItem) } },
  }, async (request) => {
    const q = request.query;
    return queryLog(ctx, { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, operator: q.operator, incident: q.incident, limit: q.limit ?? 200 });
  });

  app.get('/cjis/queries/:id', {
    config: { permission: ['cjis.query', 'cjis.manage', 'audit.read'], auditRead: true },
    schema: { tags, summary: 'One query with its records, what each means, confirmations and locates', params: S.IdParams, response: { 200: S.QueryView } },
  }, async (request) => readQuery(ctx, authOf(request).actor, request.params.id));

  app.post('/cjis/hits/:id/confirmations', {
    config: { permission: 'cjis.query', action: 'cjis.confirmation.requested' },
    schema: { tags, summary: 'Send a hit confirmation request (YQ) to the entering agency: urgent (10 minutes) or routine (1 hour) (81A §J.1.b.x(c))', params: S.IdParams, body: S.ConfirmationBody, response: { 200: S.QueryView } },
  }, async (request) => requestConfirmation(ctx, authOf(request).actor, request.params.id, request.body.priority));

  app.post('/cjis/hits/:id/locate', {
    config: { permission: 'cjis.query', action: 'cjis.locate.placed' },
    schema: { tags, summary: 'Place a Warrant Locate (LW) or vehicle Locate (LV) on a record another agency entered (81A §J.3.a.iv)', params: S.IdParams, body: S.LocateBody, response: { 200: S.QueryView } },
  }, async (request) => placeLocate(ctx, authOf(request).actor, request.params.id, request.body.incident));

  app.post('/cjis/hits/:id/wms', {
    config: { permission: 'cjis.query', action: 'cjis.wms.modified' },
    schema: { tags, summary: 'Modify the Caution and Remarks of a WMS warrant (81A §J.3.a.ii)', params: S.IdParams, body: S.WmsBody, response: { 200: S.QueryView } },
  }, async (request) => modifyWms(ctx, authOf(request).actor, request.params.id, request.body));

  app.get('/cjis/confirmations', {
    config: { permission: ['cjis.query', 'cjis.manage'] },
    schema: { tags, summary: 'Hits waiting for the entering agency’s answer, with the time left (81A §J.1.b.x(c))', response: { 200: Type.Array(S.OpenConfirmation) } },
  }, async (request) => {
    await requireCjisReader(ctx, authOf(request).actor);
    return openConfirmationList(ctx);
  });

  app.post('/cjis/documents', {
    config: { permission: ['cjis.query', 'cjis.manage'], action: 'cjis.document.uploaded' },
    schema: { tags, summary: 'Upload a document (PDF, JPEG or PNG body, up to 10 MiB) to attach to an entry, a certification, an agreement or an audit', querystring: S.DocumentQuery, response: { 201: S.DocumentMeta } },
  }, async (request, reply) => {
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new Problem(415, 'cjis.document_type', 'Unsupported media type', `Send the document's bytes as ${Object.keys(DOCUMENT_TYPES).join(', ')}.`);
    return reply.status(201).send(await uploadDocument(ctx, authOf(request).actor, request.query.kind as DocumentKind, request.query.filename, request.headers['content-type']?.split(';')[0] ?? '', body));
  });

  app.get('/cjis/documents/:id', {
    config: { permission: ['cjis.query', 'cjis.manage', 'audit.read'], auditedByService: true },
    schema: { tags, summary: 'A stored document (its SHA-256 checked; every read audited)', params: S.IdParams, response: { 200: Bytes('the document as filed (PDF or image)') } },
  }, async (request, reply) => {
    await requireCjisReader(ctx, authOf(request).actor);
    const doc = await readDocument(ctx, authOf(request).actor, request.params.id);
    return reply.type(doc.contentType).header('content-disposition', `inline; filename="${doc.filename.replace(/[^\w.-]/g, '_')}"`).send(doc.bytes);
  });

  app.post('/cjis/entries', {
    config: { permission: 'cjis.query', action: 'cjis.entry.made' },
    schema: { tags, summary: 'Enter a warrant (EW), stolen vehicle (EV), stolen plate (EL) or missing person (EM*) (81A §J.3.b, §J.5, §J.6)', body: S.EntryBody, response: { 201: S.EntryView } },
  }, async (request, reply) => reply.status(201).send(await makeEntry(ctx, authOf(request).actor, { ...request.body, kind: request.body.kind as EntryKind })));

  app.get('/cjis/entries', {
    config: { permission: ['cjis.query', 'cjis.manage'] },
    schema: { tags, summary: 'The agency’s entries: open ones with their age, or warrants recalled but not yet removed (81A §J.3.b.vi, §J.5.f)', querystring: S.EntryListQuery, response: { 200: Type.Array(S.EntryView) } },
  }, async (request) => {
    await requireCjisReader(ctx, authOf(request).actor);
    return entries(ctx, request.query);
  });

  app.get('/cjis/entries/:id', {
    config: { permission: ['cjis.query', 'cjis.manage'] },
    schema: { tags, summary: 'One entry with its documents', params: S.IdParams, response: { 200: S.EntryView } },
  }, async (request) => {
    await requireCjisReader(ctx, authOf(request).actor);
    return entryView(ctx, request.params.id);
  });

  app.get('/cjis/entries/:id/report.pdf', {
    config: { permission: ['cjis.query', 'cjis.manage'], auditRead: true },
    schema: { tags, summary: 'The Records report behind an entry, readable at once to confirm a hit (81A §J.5.d)', params: S.IdParams, response: { 200: Bytes('application/pdf') } },
  }, async (request, reply) => {
    await requireCjisReader(ctx, authOf(request).actor);
    return reply.type('application/pdf').send(Buffer.from(await entryReportPdf(ctx, authOf(request).actor, request.params.id)));
  });

  app.post('/cjis/entries/:id/recall', {
    config: { permission: 'cjis.query', action: 'cjis.entry.recalled' },
    schema: { tags, summary: 'Record that the court recalled the warrant: it must then be removed promptly (81A §J.3.b.vi)', params: S.IdParams, body: S.RecallBody, response: { 200: S.EntryView } },
  }, async (request) => recordRecall(ctx, authOf(request).actor, request.params.id, request.body.recalledOn));

  app.post('/cjis/entries/:id/clear', {
    config: { permission: 'cjis.query', action: 'cjis.entry.cleared' },
    schema: { tags, summary: 'Clear the entry (CW, CV, CL, CM): the person found, the vehicle or plate recovered (81A §J.5.f)', params: S.IdParams, body: S.CloseBody, response: { 200: S.EntryView } },
  }, async (request) => removeEntry(ctx, authOf(request).actor, request.params.id, 'clear', request.body.reason, request.body.incident));

  app.post('/cjis/entries/:id/cancel', {
    config: { permission: 'cjis.query', action: 'cjis.entry.cancelled' },
    schema: { tags, summary: 'Cancel the entry (XW, XV, XL, XM): a recalled warrant, an entry no longer valid (81A §J.3.b.vi)', params: S.IdParams, body: S.CloseBody, response: { 200: S.EntryView } },
  }, async (request) => removeEntry(ctx, authOf(request).actor, request.params.id, 'cancel', request.body.reason, request.body.incident));

  app.post('/cjis/messages', {
    config: { permission: 'cjis.query', action: 'cjis.message.sent' },
    schema: { tags, summary: 'Send an administrative message: LP, BC, NL or AF (81A §J.7)', body: S.MessageBody, response: { 201: S.MessageView } },
  }, async (request, reply) => reply.status(201).send(await sendMessage(ctx, authOf(request).actor, { ...request.body, type: request.body.type as MessageType })));

  app.get('/cjis/messages', {
    config: { permission: ['cjis.query', 'cjis.manage'] },
    schema: { tags, summary: 'Administrative messages sent and received, newest first; q searches text, agencies and destinations', querystring: S.MessageSearch, response: { 200: Type.Array(S.MessageView) } },
  }, async (request) => {
    await requireCjisReader(ctx, authOf(request).actor);
    return listMessages(ctx, request.query);
  });

  app.post('/cjis/training/messages', {
    config: { permission: 'cjis.manage', action: 'cjis.training.message' },
    schema: { tags, summary: 'TRAINING: have a simulated agency send this agency an administrative message through the training switch', body: S.TrainingMessageBody, response: { 202: S.Ok } },
  }, async (request, reply) => {
    await injectTrainingMessage(ctx, { ...request.body, type: request.body.type as MessageType });
    return reply.status(202).send({ ok: true });
  });
};
