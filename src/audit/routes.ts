import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { Bytes } from '../core/contract.ts';
import { pageParams, pageSchema } from '../core/paging.ts';
import { authOf } from '../core/http.ts';
import { namer } from '../records/print.ts';
import { csvRow, describeFilter, EXPORT_LIMIT, searchTrail, TRAIL_CSV_COLUMNS, TRAIL_PAGE, trailForExport, type TrailFilter } from './browser.ts';
import { extractPdf, verifyExtract } from './extract.ts';
import { verifyAuditChain } from '../core/audit/trail.ts';
import { AUDIT_REPORTS, AUDIT_ROW_COLUMNS, auditReport, LOGIN_VERIFICATION_COLUMNS, loginVerification, toCsv } from './reports.ts';
import * as S from './schemas.ts';

const DateText = Type.String({ format: 'date' }); // a real day: 2026-02-30 is refused

/**
 * Who may browse the whole trail: holders of audit.read (the auditor, the chief, the captain, the IT Director, the system
 * administrator) and the CJIS representative (cjis.manage), who completes the agency's CJIS audits (81A §J.1.b.ix).
 */
const TRAIL_READERS = ['audit.read', 'cjis.manage'] as const;

const TrailQuery = {
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the login that acted' })),
  recordType: Type.Optional(Type.String({ pattern: '^[a-z][a-z_]{0,39}$', description: 'the kind of record: incident, case, report, person, knox_access, user…' })),
  recordId: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'the record: an incident or case number, an id' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'an action exactly, e.g. records.juvenile.read' })),
  outcome: Type.Optional(Type.Union([Type.Literal('allowed'), Type.Literal('denied'), Type.Literal('failed')])),
  access: Type.Optional(Type.Union([Type.Literal('read'), Type.Literal('change')], { description: 'reads only (who read it) or changes only' })),
  from: Type.Optional(Type.String({ ...DateText, description: 'first day, in the agency\'s zone' })),
  to: Type.Optional(Type.String({ ...DateText, description: 'last day, in the agency\'s zone' })),
};

const filterOf = (q: TrailFilter): TrailFilter => ({
  person: q.person, recordType: q.recordType, recordId: q.recordId, action: q.action, outcome: q.outcome, access: q.access, from: q.from, to: q.to,
});

/** The auditor's views (S-110 §D.4–5). Reading the audit trail is itself audited (CJIS AU-2). */
export const auditRoutes: Capability = async (app, { ctx }) => {
  app.get('/audit/reports/:report', {
    config: { permission: 'audit.read', auditRead: true },
    schema: {
      tags: ['audit'],
      summary: 'An audit report: sign-ins, failed sign-ins, lockouts, access violations, or the annual login verification; JSON or CSV',
      params: Type.Object({ report: Type.Union(AUDIT_REPORTS.map((r) => Type.Literal(r))) }, { additionalProperties: false }),
      querystring: Type.Object({
        username: Type.Optional(Type.String({ maxLength: 64 })),
        from: Type.Optional(DateText),
        to: Type.Optional(DateText),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
      }, { additionalProperties: false }), response: { 200: S.AuditReportsAnswer },
    },
  }, async (request, reply) => {
    const { report } = request.params;
    const rows = report === 'login-verification' ? await loginVerification(ctx) : await auditReport(ctx, report, request.query);
    if (request.query.format !== 'csv') return rows;
    const columns = report === 'login-verification' ? LOGIN_VERIFICATION_COLUMNS : AUDIT_ROW_COLUMNS;
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="precinct-${report}-${day}.csv"`)
      .send(toCsv(rows, columns));
  });

  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.get('/audit/trail', {
    config: { permission: [...TRAIL_READERS], auditRead: true, action: 'audit.trail.read' },
    schema: {
      tags: ['audit'],
      summary: 'Search the audit trail by person, record (as subject or shown by a listing), action, period (agency zone) and outcome; newest first, a page at a time',
      querystring: Type.Object({ ...TrailQuery, ...pageParams(TRAIL_PAGE.default, TRAIL_PAGE.max) }, { additionalProperties: false }),
      response: { 200: pageSchema(S.TrailRow) },
    },
  }, async (request) => {
    const { limit, after, ...query } = request.query;
    const filter = filterOf(query);
    const page = await searchTrail(ctx, filter, { limit, after });
    auditThisRead({ type: 'audit_trail', id: describeFilter(filter) }, 'audit.trail.read');
    return page;
  });

  app.get('/audit/trail/export', {
    config: { permission: [...TRAIL_READERS], auditRead: true, action: 'audit.trail.exported' },
    schema: {
      tags: ['audit'],
      summary: `The rows the filter selects as CSV (at most ${EXPORT_LIMIT.csv}) or as a signed PDF extract (at most ${EXPORT_LIMIT.pdf}) whose rows can be checked against the chain`,
      querystring: Type.Object({ ...TrailQuery, format: Type.Union([Type.Literal('csv'), Type.Literal('pdf')]) }, { additionalProperties: false }),
      response: { 200: Bytes('text/csv or application/pdf') },
    },
  }, async (request, reply) => {
    const { format, ...query } = request.query;
    const filter = filterOf(query);
    const rows = await trailForExport(ctx, filter, EXPORT_LIMIT[format]);
    auditThisRead({ type: 'audit_trail', id: describeFilter(filter) }, 'audit.trail.exported');
    const day = new Date().toISOString().slice(0, 10);
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="precinct-audit-trail-${day}.csv"`)
        .send(toCsv(rows.map((r) => csvRow(r, ctx.config.agency.timeZone)), TRAIL_CSV_COLUMNS));
    }
    const { actor } = authOf(request);
    const name = await namer(ctx.db, [actor.username]);
    const pdf = await extractPdf(ctx, rows, filter, { name: name(actor.username), username: actor.username });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="precinct-audit-extract-${day}.pdf"`).send(pdf);
  });

  app.post('/audit/extracts/verify', {
    config: { permission: [...TRAIL_READERS], action: 'audit.extract.verified' },
    schema: {
      tags: ['audit'], summary: 'Check a signed audit extract (the PDF as the body, application/pdf): its signature, and each row against the keyed chain',
      response: { 200: S.ExtractCheck },
    },
  }, async (request) => verifyExtract(ctx, Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)));

  app.get('/audit/verify', {
    config: { permission: 'audit.read', auditRead: true },
    schema: {
      tags: ['audit'], summary: 'Walk the keyed audit chain and report every changed, removed or inserted row and a missing or re-linked tail',
      response: { 200: S.VerifyView },
    },
  }, async () => verifyAuditChain(ctx));
};
