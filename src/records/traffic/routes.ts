import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { BadRequest, NotFound } from '../../core/errors.ts';
import * as S from './schemas.ts';
import { attachDiagram, createCitation, createCrash, createTow, disposeCitation, getCitation, getCrash, getTow, towStep } from './service.ts';
import { diagramOf } from './store.ts';
import { listCitations, listCrashes, listTows } from './lists.ts';
import { crashPdf } from './pdf.ts';
import { incidentStart } from './from-incident.ts';
import { namer } from '../print.ts';

const DIAGRAM_TYPES = ['image/png', 'image/jpeg', 'application/pdf'];

/** Motor-vehicle citations (S-110 §A.1.p), crash reports (§A.1.e) and tows (§A.1.w). */
export const trafficRoutes: Capability = async (app, { ctx }) => {
  const tags = ['traffic'];
  app.addContentTypeParser(DIAGRAM_TYPES, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.get('/cases/from-incident/:number', {
    config: { permission: 'records.write' },
    schema: {
      tags, summary: 'What a citation, crash report or tow started from this CAD incident is filled with (type, time, place, a traffic stop’s plate, its case), for a records writer without CAD access; a confidential incident only to dispatch.confidential or records.release',
      params: S.IncidentNumberParam, response: { 200: S.IncidentStart },
    },
  }, async (request) => incidentStart(ctx, authOf(request).actor, request.params.number));
  app.post('/citations', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Issue a motor-vehicle citation under a case (from a traffic stop: give its incident number)', body: S.NewCitation, response: { 201: S.CitationFiled } },
  }, async (request, reply) => reply.status(201).send(await createCitation(ctx, authOf(request).actor, request.body)));
  app.get('/citations', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Citations by number, agency days, case, plate, violator and disposition, newest first, a page at a time', querystring: S.CitationQuery, response: { 200: S.CitationPage } },
  }, async (request) => listCitations(ctx, request.query));
  app.get('/crashes', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Crash reports by agency days, case, plate, driver or occupant and diagram, newest first, a page at a time', querystring: S.CrashQuery, response: { 200: S.CrashPage } },
  }, async (request) => listCrashes(ctx, request.query));
  app.get('/tows', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Tows by agency days, case, plate and status (held, owner not notified, released), newest first, a page at a time', querystring: S.TowQuery, response: { 200: S.TowPage } },
  }, async (request) => listTows(ctx, request.query));
  app.get('/citations/:number', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'A citation', params: S.NumberParam, response: { 200: S.CitationView } },
  }, async (request) => getCitation(ctx, request.params.number));
  app.post('/citations/:number/disposition', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Record the citation’s disposition', params: S.NumberParam, body: S.Disposition, response: { 200: S.Disposed } },
  }, async (request) => disposeCitation(ctx, authOf(request).actor, request.params.number, request.body.disposition));

  app.post('/crashes', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Report a crash: units, drivers, occupants and injuries, damage, road, light and weather', body: S.NewCrash, response: { 201: S.Filed } },
  }, async (request, reply) => reply.status(201).send(await createCrash(ctx, authOf(request).actor, request.body)));
  app.get('/crashes/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'A crash report', params: S.Id, response: { 200: S.CrashView } },
  }, async (request) => getCrash(ctx, request.params.id));
  app.get('/crashes/:id/report.pdf', {
    config: { permission: 'records.read', auditRead: true },
    schema: { tags, summary: 'The crash report printed: conditions in words, units, people by name, agency times', params: S.Id, response: { 200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'application/pdf' }) } },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const crash = await getCrash(ctx, request.params.id);
    const printedBy = (await namer(ctx.db, [actor.username]))(actor.username);
    const bytes = await crashPdf(crash, ctx.config.agency, printedBy, new Date());
    return reply.type('application/pdf').header('content-disposition', `inline; filename="crash-${crash.caseNumber}.pdf"`).send(Buffer.from(bytes));
  });
  app.put('/crashes/:id/diagram', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Attach the crash diagram (PNG, JPEG or PDF bytes as the body)', params: S.Id, response: { 200: S.DiagramStored } },
  }, async (request) => {
    const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (!Buffer.isBuffer(request.body) || !DIAGRAM_TYPES.includes(type)) throw new BadRequest('crash.diagram_type', `send the diagram as ${DIAGRAM_TYPES.join(', ')}`, { field: 'body' });
    return attachDiagram(ctx, authOf(request).actor, request.params.id, type, request.body);
  });
  app.get('/crashes/:id/diagram', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'The crash diagram', params: S.Id, response: { 200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
  }, async (request, reply) => {
    const d = await diagramOf(ctx.db, request.params.id);
    if (!d?.diagram) throw new NotFound('crash.no_diagram', 'the crash report has no diagram');
    return reply.type(d.diagram_type!).header('x-content-sha256', d.diagram_sha256!).send(d.diagram);
  });

  app.post('/tows', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Log a tow: company, reason, storage, linked to the vehicle and the case', body: S.NewTow, response: { 201: S.Filed } },
  }, async (request, reply) => reply.status(201).send(await createTow(ctx, authOf(request).actor, request.body)));
  app.get('/tows/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'A tow', params: S.Id, response: { 200: S.TowView } },
  }, async (request) => getTow(ctx, request.params.id));
  app.post('/tows/:id/owner-notified', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Record how and when the owner was notified', params: S.Id, body: S.Notified, response: { 200: S.TowView } },
  }, async (request) => towStep(ctx, authOf(request).actor, request.params.id, { notified: request.body }));
  app.post('/tows/:id/release', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Release the vehicle (after the owner was notified)', params: S.Id, body: S.Released, response: { 200: S.TowView } },
  }, async (request) => towStep(ctx, authOf(request).actor, request.params.id, { released: request.body }));
};
