import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { NotFound } from '../core/errors.ts';
import { pageParams } from '../core/paging.ts';
import { buildRegister } from './reports.ts';
import { registerCsv, registerPdf } from './registers.ts';
import { importAccessLog, recordVisit, roomAccess, visitEnded, visitors } from './room.ts';
import * as S from './schemas.ts';
import {
  changeRequestPage, completeChange, decideChange, destructionCertificate, lockForDestruction, IT_PAGE, mediaRegisterPage, moveMedium, recordDestruction, registeredMedium, registerMedium, requestChange, sanitizeMedium,
} from './service.ts';
import { instant } from './input.ts';
import { accessView, changeViews, mediumViews, namedChange, visitView } from './views.ts';
import { displayName } from '../identity/people.ts';

const tags = ['it-records'];
const DAY_MS = 86_400_000;

/** The IT records of S-110 §C, §G and §I: the system administrator's and the IT Director's screen; the Chief decides changes. */
export const itRoutes: Capability = async (app, { ctx }) => {
  const medium = async (id: string) => {
    const found = await registeredMedium(ctx, id);
    if (!found) throw new NotFound('it.medium_not_found', 'No medium in the register has that id.');
    return (await mediumViews(ctx.db, [found]))[0]!;
  };

  app.get('/it/changes', {
    config: { permission: 'it.read' },
    schema: {
      tags, summary: 'Software and hardware change requests and the Chief’s decisions (S-110 §C), newest first, a page at a time',
      querystring: Type.Object(pageParams(IT_PAGE.default, IT_PAGE.max), { additionalProperties: false }), response: { 200: S.ChangePage },
    },
  }, async (request) => {
    const page = await changeRequestPage(ctx, request.query);
    return { ...page, items: await changeViews(ctx.db, page.items) };
  });

  app.post('/it/changes', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'Record a change request from the helpdesk: who asked, what, why, on which computer (S-110 §C.1)', body: S.ChangeBody, response: { 201: S.ChangeView } },
  }, async (request, reply) => reply.status(201).send(await namedChange(ctx.db, await requestChange(ctx, authOf(request).actor, request.body))));

  app.post('/it/changes/:id/decision', {
    config: { permission: 'it.authorize' },
    schema: { tags, summary: 'The Chief authorizes or refuses a change; software needs its licence (S-110 §C.1, §C.2)', params: S.IdParams, body: S.DecisionBody, response: { 200: S.ChangeView } },
  }, async (request) => namedChange(ctx.db, await decideChange(ctx, authOf(request).actor, request.params.id, request.body)));

  app.post('/it/changes/:id/completed', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'IT made the authorized change (refused unless the Chief authorized it, S-110 §C.1)', params: S.IdParams, response: { 200: S.ChangeView } },
  }, async (request) => namedChange(ctx.db, await completeChange(ctx, authOf(request).actor, request.params.id)));

  app.get('/it/media', {
    config: { permission: 'it.read' },
    schema: {
      tags, summary: 'The electronic media register with sanitization and destruction (S-110 §G.2, §I), by serial number, a page at a time',
      querystring: Type.Object(pageParams(IT_PAGE.default, IT_PAGE.max), { additionalProperties: false }), response: { 200: S.MediumPage },
    },
  }, async (request) => {
    const page = await mediaRegisterPage(ctx, request.query);
    return { ...page, items: await mediumViews(ctx.db, page.items) };
  });

  app.post('/it/media', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'Register a drive or removable medium: serial, type, whether it holds CJIS data, where it is stored (S-110 §G.2)', body: S.MediumBody, response: { 201: S.MediumView } },
  }, async (request, reply) => {
    const row = await registerMedium(ctx, authOf(request).actor, request.body);
    return reply.status(201).send(await medium(row.id));
  });

  app.post('/it/media/:id/location', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'Move a medium to another secure location (S-110 §G.2)', params: S.IdParams, body: S.MoveBody, response: { 200: S.MediumView } },
  }, async (request) => {
    await moveMedium(ctx, authOf(request).actor, request.params.id, request.body);
    return medium(request.params.id);
  });

  app.post('/it/media/:id/sanitization', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'Record a sanitization: overwrite at least three times, or degauss (S-110 §I.1)', params: S.IdParams, body: S.SanitizeBody, response: { 200: S.MediumView } },
  }, async (request) => {
    await sanitizeMedium(ctx, authOf(request).actor, request.params.id, request.body);
    return medium(request.params.id);
  });

  app.post('/it/media/:id/locked-case', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'Place the medium in a secure case locked by IT before transport to destruction (S-110 §I.2.c)', params: S.IdParams, body: S.LockBody, response: { 200: S.MediumView } },
  }, async (request) => {
    await lockForDestruction(ctx, authOf(request).actor, request.params.id, request.body);
    return medium(request.params.id);
  });

  app.post('/it/media/:id/destruction', {
    config: { permission: 'it.records' },
    bodyLimit: 16 * 1024 * 1024,
    schema: {
      tags, summary: 'Record the witnessed destruction with the vendor’s certificate naming the serial and date (S-110 §I.2)', params: S.IdParams, body: S.DestructionBody, response: { 200: S.MediumView },
    },
  }, async (request) => {
    const { certificate, ...rest } = request.body;
    await recordDestruction(ctx, authOf(request).actor, request.params.id, {
      ...rest, certificate: certificate ? { fileName: certificate.fileName, contentType: certificate.contentType, data: Buffer.from(certificate.data, 'base64') } : undefined,
    });
    return medium(request.params.id);
  });

  app.get('/it/media/:id/certificate', {
    config: { permission: 'it.read', auditRead: true },
    schema: { tags, summary: 'The vendor’s certificate of destruction, as uploaded', params: S.IdParams, response: { 200: Type.Unknown() } },
  }, async (request, reply) => {
    const file = await destructionCertificate(ctx, request.params.id);
    return reply.type(file.type).header('content-disposition', `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`).send(file.data);
  });

  app.get('/it/room', {
    config: { permission: 'it.read' },
    schema: { tags, summary: 'Server-room access (imported from the access-control system) and escorted visitors (S-110 §G.1)', querystring: S.RoomQuery, response: { 200: S.RoomView } },
  }, async (request) => {
    const to = request.query.to ? instant(request.query.to, 'to') : ctx.clock.now();
    const from = request.query.from ? instant(request.query.from, 'from') : new Date(to.getTime() - 31 * DAY_MS);
    return { access: (await roomAccess(ctx, from, to)).map(accessView), visitors: (await visitors(ctx)).map(visitView) };
  });

  app.post('/it/room/access-log', {
    config: { permission: 'it.records' },
    bodyLimit: 24 * 1024 * 1024,
    schema: { tags, summary: 'Import the access-control system’s log (CSV: time, badge, name, door, result); lines already imported are skipped', body: S.AccessLogBody, response: { 200: S.AccessImported } },
  }, async (request) => importAccessLog(ctx, authOf(request).actor, request.body.name, request.body.csv));

  app.post('/it/room/visitors', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'Record an escorted visitor (S-110 §G.1)', body: S.VisitBody, response: { 201: S.VisitView } },
  }, async (request, reply) => reply.status(201).send(visitView(await recordVisit(ctx, authOf(request).actor, request.body))));

  app.post('/it/room/visitors/:id/left', {
    config: { permission: 'it.records' },
    schema: { tags, summary: 'The escorted visitor left the server room', params: S.IdParams, body: S.LeftBody, response: { 200: S.VisitView } },
  }, async (request) => visitView(await visitEnded(ctx, authOf(request).actor, request.params.id, request.body.leftAt)));

  app.get('/it/registers/:register.:format', {
    config: { permission: 'it.read', auditRead: true, action: 'it.register_printed' },
    schema: { tags, summary: 'A printable register (PDF) or CSV export for an audit: changes, media, or room (the last 31 days)', params: S.RegisterParams, response: { 200: Type.Unknown() } },
  }, async (request, reply) => {
    const now = ctx.clock.now();
    const register = await buildRegister(ctx, request.params.register, new Date(now.getTime() - 31 * DAY_MS), now);
    const name = `${request.params.register}-register-${now.toISOString().slice(0, 10)}.${request.params.format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    if (request.params.format === 'csv') return reply.type('text/csv; charset=utf-8').send(registerCsv(register));
    const { user } = authOf(request);
    const printedBy = displayName({ name: `${user.firstName} ${user.lastName}`, badge: user.badge }, user.username);
    return reply.type('application/pdf').send(await registerPdf(ctx.config.agency, register, printedBy, now));
  });
};
