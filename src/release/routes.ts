import { Type } from 'typebox';
import { stringify } from 'csv-stringify/sync';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import * as S from './schemas.ts';
import {
  addAgency, addEmployee, annotateDissemination, answerRecordsCheck, disseminationPage, coriRegister, logDissemination, recordsChecks, revokeRegistration, searchDisseminations, takeRecordsCheck,
} from './cori.ts';
import { correctLog, publicLog, publicPageEnabled, publishLog, restrictedLog, setPublicPage } from './daily-log.ts';
import { dailyLogPdf } from './pdf.ts';
import { responseDeadline } from './deadline.ts';

const tags = ['release'];

/** Spreadsheet formula injection: a value starting with = + - @ is quoted. */
const cell = (v: string | number | null) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v ?? '');

/** CORI checks (81A §K), the CORI dissemination log (803 CMR 7.11), the daily police logs (M.G.L. c.41 §98F). */
export const releaseRoutes: Capability = async (app, { ctx }) => {
  // The register of agencies and employees authorized to receive CORI (81A §K.1.b.i)
  app.get('/cori/register', {
    config: { permission: ['cori.register', 'cori.check', 'records.release'] },
    schema: { tags, summary: 'Agencies and employees recorded as authorized to receive CORI (81A §K.1.b.i)', response: { 200: Type.Array(S.AgencyView) } },
  }, async () => coriRegister(ctx));
  app.post('/cori/register', {
    config: { permission: 'cori.register' },
    schema: { tags, summary: 'Record an agency as authorized to receive CORI', body: S.AgencyBody, response: { 201: S.AgencyView } },
  }, async (request, reply) => {
    const id = await addAgency(ctx, authOf(request).actor, request.body);
    return reply.status(201).send((await coriRegister(ctx)).find((a) => a.id === id)!);
  });
  app.post('/cori/register/:id/employees', {
    config: { permission: 'cori.register' },
    schema: { tags, summary: 'Record an employee of a registered agency as authorized to receive CORI', params: S.IdParams, body: S.EmployeeBody, response: { 201: S.AgencyView } },
  }, async (request, reply) => {
    await addEmployee(ctx, authOf(request).actor, request.params.id, request.body);
    return reply.status(201).send((await coriRegister(ctx)).find((a) => a.id === request.params.id)!);
  });
  app.post('/cori/register/:id/revoke', {
    config: { permission: 'cori.register' },
    schema: { tags, summary: 'An agency is no longer authorized (kept in the register, marked revoked)', params: S.IdParams, body: S.RevokeBody, response: { 200: Type.Array(S.AgencyView) } },
  }, async (request) => { await revokeRegistration(ctx, authOf(request).actor, 'agency', request.params.id, request.body.reason); return coriRegister(ctx); });
  app.post('/cori/employees/:id/revoke', {
    config: { permission: 'cori.register' },
    schema: { tags, summary: 'An employee is no longer authorized', params: S.IdParams, body: S.RevokeBody, response: { 200: Type.Array(S.AgencyView) } },
  }, async (request) => { await revokeRegistration(ctx, authOf(request).actor, 'employee', request.params.id, request.body.reason); return coriRegister(ctx); });

  // Records checks (81A §K)
  app.post('/records-checks', {
    config: { permission: 'cori.check' },
    schema: {
      tags, summary: 'A criminal justice agency asks for a records check: routed to Records in business hours, answered and logged after hours, or refused with the clause (81A §K)',
      body: S.CheckBody, response: { 201: S.CheckView },
    },
  }, async (request, reply) => reply.status(201).send(await takeRecordsCheck(ctx, authOf(request).actor, request.body)));
  app.get('/records-checks', {
    config: { permission: 'records.release', auditRead: true, action: 'cori.checks.read' },
    schema: { tags, summary: 'The Records Office’s records checks (open: to answer)', querystring: S.CheckQuery, response: { 200: S.CheckPage } },
  }, async (request) => recordsChecks(ctx, request.query.status, request.query));
  app.post('/records-checks/:id/answer', {
    config: { permission: 'records.release' },
    schema: { tags, summary: 'The Records Office answers a routed check; the answer enters the CORI log (803 CMR 7.11)', params: S.IdParams, body: S.AnswerBody, response: { 200: S.CheckView } },
  }, async (request) => answerRecordsCheck(ctx, authOf(request).actor, request.params.id, request.body));

  // The CORI dissemination log (803 CMR 7.11): no edit and no delete route
  app.post('/cori/disseminations', {
    config: { permission: 'records.release' },
    schema: { tags, summary: 'Log a CORI dissemination made other than through a records check', body: S.DisseminationBody, response: { 201: S.DisseminationView } },
  }, async (request, reply) => reply.status(201).send(await logDissemination(ctx, authOf(request).actor, request.body)));
  app.get('/cori/disseminations', {
    config: { permission: ['records.release', 'audit.read'], auditRead: true, action: 'cori.log.read' },
    schema: { tags, summary: 'Search the CORI dissemination log by subject, recipient and dates (agency dates, inclusive), oldest first, a page at a time', querystring: S.DisseminationPageQuery, response: { 200: S.DisseminationPage } },
  }, async (request) => {
    const { limit, after, ...filter } = request.query;
    return disseminationPage(ctx, filter, { limit, after });
  });
  app.get('/cori/disseminations.csv', {
    config: { permission: ['records.release', 'audit.read'], auditRead: true, action: 'cori.log.exported' },
    schema: { tags, summary: 'The CORI dissemination log as CSV for a state audit (same filters): every matching entry, not a page', querystring: S.DisseminationQuery, response: { 200: Type.Unknown() } },
  }, async (request, reply) => {
    const rows = await searchDisseminations(ctx, request.query);
    const header = ['number', 'disseminated_at', 'disseminated_by', 'subject_name', 'subject_dob', 'recipient_name', 'recipient_agency', 'purpose', 'what', 'records_check', 'identity_verified_by', 'annotations'];
    const csv = stringify([header, ...rows.map((r) => [
      r.number, r.disseminatedAt, r.disseminatedBy, r.subject.name, r.subject.dob, r.recipientName, r.recipientAgency, r.purpose, r.what, r.recordsCheckId, r.identityMethod,
      r.notes.map((n) => `${n.notedAt} ${n.notedBy}: ${n.note}`).join(' | '),
    ].map(cell))]);
    reply.header('content-disposition', `attachment; filename="cori-dissemination-log-${ctx.clock.now().toISOString().slice(0, 10)}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(csv);
  });
  app.post('/cori/disseminations/:id/annotations', {
    config: { permission: 'records.release' },
    schema: { tags, summary: 'Annotate an entry of the CORI log (entries are never edited)', params: S.IdParams, body: S.NoteBody, response: { 201: S.DisseminationView } },
  }, async (request, reply) => reply.status(201).send(await annotateDissemination(ctx, authOf(request).actor, request.params.id, request.body.note)));

  // The daily police logs (M.G.L. c.41 §98F)
  app.get('/daily-logs/public-page', {
    config: { permission: ['records.read', 'events.read', 'dailylog.publish'] },
    schema: { tags, summary: 'Whether the agency publishes its daily log on the public web page', response: { 200: S.PublicPageView } },
  }, async () => ({ enabled: await publicPageEnabled(ctx) }));
  app.put('/daily-logs/public-page', {
    config: { permission: 'dailylog.publish' },
    schema: { tags, summary: 'Turn the public daily-log page on or off (off by default)', body: S.PublicPageBody, response: { 200: S.PublicPageView } },
  }, async (request) => setPublicPage(ctx, authOf(request).actor, request.body.enabled));
  app.get('/daily-logs/:date', {
    config: { permission: ['records.read', 'events.read'], auditRead: true, action: 'dailylog.read' },
    schema: { tags, summary: 'The public log of a day: as published with its corrections, or the draft before publication', params: S.DateParams, response: { 200: S.PublicLog } },
  }, async (request) => publicLog(ctx, request.params.date));
  app.get('/daily-logs/:date/log.pdf', {
    config: { permission: ['records.read', 'events.read'], auditRead: true, action: 'dailylog.printed' },
    schema: { tags, summary: 'The public log of a day as a PDF', params: S.DateParams, response: { 200: Type.Unknown() } },
  }, async (request, reply) => reply.type('application/pdf').send(Buffer.from(await dailyLogPdf(ctx.config.agency, await publicLog(ctx, request.params.date)))));
  app.get('/daily-logs/:date/non-public', {
    config: { permission: 'dailylog.restricted', auditRead: true, action: 'dailylog.non_public.read' },
    schema: { tags, summary: 'The non-public log of a day: domestic violence, sexual assault, protective-order arrests, minors, confidential incidents, shelter addresses', params: S.DateParams, response: { 200: S.RestrictedLog } },
  }, async (request) => restrictedLog(ctx, authOf(request).actor, request.params.date));
  app.post('/daily-logs/:date/publish', {
    config: { permission: 'dailylog.publish' },
    schema: { tags, summary: 'A supervisor publishes the reviewed public log of a day that is over', params: S.DateParams, response: { 200: S.PublicLog } },
  }, async (request) => publishLog(ctx, authOf(request).actor, request.params.date));
  app.post('/daily-logs/:date/corrections', {
    config: { permission: 'dailylog.publish' },
    schema: { tags, summary: 'Correct a published log: a new entry, marked as a correction', params: S.DateParams, body: S.CorrectionBody, response: { 201: S.PublicLog } },
  }, async (request, reply) => reply.status(201).send(await correctLog(ctx, authOf(request).actor, request.params.date, request.body)));

  // The response deadline of a public records request (the requests themselves: request-routes.ts)
  app.get('/public-records/deadline', {
    config: { permission: 'records.release' },
    schema: { tags, summary: 'The response deadline of a public records request received on a date: ten business days following receipt, skipping weekends and legal holidays (M.G.L. c.66 §10(a), c.4 §7)', querystring: S.DeadlineQuery, response: { 200: S.DeadlineView } },
  }, async (request) => {
    const answer = responseDeadline(request.query.received, { businessDays: ctx.config.agency.businessHours.days });
    return { received: request.query.received, businessDays: 10, ...answer };
  });
};
