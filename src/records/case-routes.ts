import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { enforce } from '../core/decision.ts';
import { inTransaction } from '../db/index.ts';
import { readSetting, writeSetting } from '../core/settings.ts';
import { auditSubject } from '../core/audit/action.ts';
import * as S from './case-schemas.ts';
import { CASE_PREFIX, caseNumberOf, casePrefixAllowed } from './case-numbers.ts';
import { searchCases, searchReports } from './case-search.ts';
import { setCaseStatus } from './cases.ts';

/** The case file (S-110 §B): browse and search cases and reports; the case-number prefix; a case's status. */
export const caseRoutes: Capability = async (app, { ctx }) => {
  const tags = ['records'];

  app.get('/cases', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Cases by number, date range, address, officer, type, status, person or CAD incident, newest first, a page at a time', querystring: S.CaseQuery, response: { 200: S.CasePage } },
  }, async (request) => searchCases(ctx, authOf(request).actor, request.query));

  app.get('/reports', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Reports by case, number, date range, address, officer, kind, status or person, newest first, a page at a time', querystring: S.ReportQuery, response: { 200: S.ReportPage } },
  }, async (request) => searchReports(ctx, authOf(request).actor, request.query));

  app.post('/cases/:number/status', {
    config: { permission: 'records.approve' },
    schema: { tags, summary: 'Close, reopen or mark a case inactive', params: S.CaseNumberParam, body: S.CaseStatusBody, response: { 200: S.CaseStatusBody } },
  }, async (request) => setCaseStatus(ctx, authOf(request).actor, request.params.number, request.body.status));

  app.get('/cases/number-prefix', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'The letters before every new case number', response: { 200: S.PrefixView } },
  }, async () => {
    const prefix = await readSetting(ctx.db, CASE_PREFIX);
    return { prefix, example: caseNumberOf(prefix, '26-00042') };
  });

  app.put('/cases/number-prefix', {
    config: { permission: 'codes.edit' },
    schema: { tags, summary: 'Set the letters before new case numbers (one to three capitals), so a case never reads like an incident (S-110 §B)', body: S.PrefixBody, response: { 200: S.PrefixView } },
  }, async (request) => {
    enforce(casePrefixAllowed(request.body.prefix));
    await inTransaction(ctx.db, async (tx) => {
      await writeSetting(tx, CASE_PREFIX, request.body.prefix);
      auditSubject(tx, { type: 'setting', id: CASE_PREFIX.key }, 'records.case_prefix.set');
    });
    return { prefix: request.body.prefix, example: caseNumberOf(request.body.prefix, '26-00042') };
  });
};
