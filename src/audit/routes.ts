import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { verifyAuditChain } from '../core/audit/trail.ts';
import { AUDIT_REPORTS, AUDIT_ROW_COLUMNS, auditReport, LOGIN_VERIFICATION_COLUMNS, loginVerification, toCsv } from './reports.ts';
import * as S from './schemas.ts';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

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

  app.get('/audit/verify', {
    config: { permission: 'audit.read', auditRead: true },
    schema: {
      tags: ['audit'], summary: 'Walk the keyed audit chain and report every changed, removed or inserted row and a missing or re-linked tail',
      response: { 200: S.VerifyView },
    },
  }, async () => verifyAuditChain(ctx));
};
