import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { BadRequest } from '../core/errors.ts';
import * as M from './model.ts';
import { reportPdf } from './pdf.ts';
import { namer } from './print.ts';
import { PHOTO_LIMIT, PHOTO_TYPES, readPhoto, uploadPhoto } from './photos.ts';
import { approvalQueue, getReport, myReports, QUEUE_PAGE } from './report-view.ts';
import { pageParams } from '../core/paging.ts';
import { createReport, createSupplement, decide, saveDraft } from './reports.ts';
import * as S from './schemas.ts';
import { Bytes } from '../core/contract.ts';

/** Reports: write → submit → approve or return; supplements; photos; PDF. */
export const reportRoutes: Capability = async (app, { ctx }) => {
  const tags = ['records'];
  app.addContentTypeParser(Object.keys(PHOTO_TYPES), { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT }, (_request, body, done) => done(null, body));

  app.post('/reports', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Start a report (incident, arrest booking, field interview); incident and arrest reports get a case number', body: M.NewReport, response: { 201: S.ReportsPostAnswer } },
  }, async (request, reply) => reply.status(201).send(await createReport(ctx, authOf(request).actor, request.body)));

  app.get('/reports/mine', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'My drafts, returned and submitted reports', response: { 200: Type.Array(S.ReportSummary) } },
  }, async (request) => myReports(ctx, authOf(request).actor));

  app.get('/reports/queue', {
    config: { permission: 'records.approve' },
    schema: {
      tags, summary: 'Reports waiting for approval, oldest first, a page at a time',
      querystring: Type.Object(pageParams(QUEUE_PAGE.default, QUEUE_PAGE.max), { additionalProperties: false }), response: { 200: S.ReportQueuePage },
    },
  }, async (request) => approvalQueue(ctx, authOf(request).actor, request.query));

  app.get('/reports/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'One report with parties, supplements and photos', params: M.Id, response: { 200: S.ReportsAnswer } },
  }, async (request) => getReport(ctx, authOf(request).actor, request.params.id));

  app.get('/reports/:id/pdf', {
    config: { permission: 'records.read', auditRead: true }, schema: { tags, summary: 'The report printed to PDF', params: M.Id, response: { 200: Bytes('application/pdf') } },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const report = await getReport(ctx, actor, request.params.id);
    const printer = (await namer(ctx.db, [actor.username]))(actor.username);
    const pdf = await reportPdf(report, ctx.config.agency, printer, ctx.clock.now());
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${report.caseNumber ?? report.id}.pdf"`).send(Buffer.from(pdf));
  });

  app.put('/reports/:id', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Save a draft (autosave); give the version last read', params: M.Id, body: M.SaveDraft, response: { 200: S.ReportsPutAnswer } },
  }, async (request) => saveDraft(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/reports/:id/submit', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Submit for approval', params: M.Id, response: { 200: S.ReportsSubmitPostAnswer } },
  }, async (request) => decide(ctx, authOf(request).actor, request.params.id, 'submit'));

  app.post('/reports/:id/approve', {
    config: { permission: 'records.approve' }, schema: { tags, summary: 'Approve (not one’s own); the report is then locked', params: M.Id, response: { 200: S.ReportsSubmitPostAnswer } },
  }, async (request) => decide(ctx, authOf(request).actor, request.params.id, 'approve'));

  app.post('/reports/:id/return', {
    config: { permission: 'records.approve' }, schema: { tags, summary: 'Return to the author with comments', params: M.Id, body: M.Comments, response: { 200: S.ReportsSubmitPostAnswer } },
  }, async (request) => decide(ctx, authOf(request).actor, request.params.id, 'return', request.body.comments));

  app.post('/reports/:id/supplements', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Add a supplement to an approved report', params: M.Id, body: M.Supplement, response: { 201: S.CreatedId } },
  }, async (request, reply) => reply.status(201).send(await createSupplement(ctx, authOf(request).actor, request.params.id, request.body.narrative)));

  app.post('/photos', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Upload a photo (the image bytes as the body) for a report or a master name; SHA-256 recorded', querystring: M.PhotoQuery, response: { 201: S.PhotosPostAnswer } },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new BadRequest('photo.body', `send the image bytes with a content type of ${Object.keys(PHOTO_TYPES).join(', ')}`);
    const contentType = String(request.headers['content-type']).split(';')[0]!.trim();
    return reply.status(201).send(await uploadPhoto(ctx, authOf(request).actor, request.query, contentType, request.body));
  });

  app.get('/photos/:id', {
    config: { permission: 'records.read', auditRead: true }, schema: { tags, summary: 'A photo, its SHA-256 verified before it is served', params: M.Id, response: { 200: Bytes('the photo (JPEG or PNG)') } },
  }, async (request, reply) => {
    const photo = await readPhoto(ctx, authOf(request).actor, request.params.id);
    return reply.type(photo.contentType).header('x-content-sha256', photo.sha256).header('cache-control', 'no-store').send(photo.bytes);
  });
};
