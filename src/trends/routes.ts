import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { NoContent } from '../core/contract.ts';
import { displayName } from '../identity/people.ts';
import * as S from './schemas.ts';
import { chartCsv, chartData } from './service.ts';
import { monthlyReport } from './report.ts';

const tags = ['trends'];

/**
 * Policing trends and workload (S-110 §II, §A.1.s): each chart's aggregates, computed in SQL,
 * its CSV, the record of a PNG saved in the browser, and the chief's monthly PDF. Every export
 * is audited (`trends.exported`, `trends.report_printed`); reading a chart on screen is not.
 */
export const trendsRoutes: Capability = async (app, { ctx }) => {
  app.get('/trends/:chart', {
    config: { permission: 'stats.read' },
    schema: {
      tags, summary: 'One chart’s data: heat map, monthly by type or sector with a year before, response times, unit workload, Part I crime, or map points',
      params: S.ChartParams, querystring: S.TrendFilter, response: { 200: S.TrendAnswer },
    },
  }, async (request) => chartData(ctx, authOf(request).actor, request.params.chart, request.query));

  app.get('/trends/:chart.csv', {
    config: { permission: 'stats.read', auditRead: true, action: 'trends.exported' },
    schema: { tags, summary: 'One chart’s data as CSV, for a spreadsheet (audited)', params: S.ChartParams, querystring: S.TrendFilter, response: { 200: Type.String() } },
  }, async (request, reply) => {
    const csv = await chartCsv(ctx, authOf(request).actor, request.params.chart, request.query);
    reply.header('content-disposition', `attachment; filename="trends-${request.params.chart}-${request.query.from}-${request.query.to}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(csv);
  });

  app.post('/trends/exports', {
    config: { permission: 'stats.read', action: 'trends.exported' },
    schema: { tags, summary: 'Record that a chart was saved as a PNG in the browser (the picture never reaches the server; the export is audited)', body: S.ExportBody, response: { 204: NoContent } },
  }, async (_request, reply) => reply.status(204).send());

  app.get('/trends/report.pdf', {
    config: { permission: 'stats.read', auditRead: true, action: 'trends.report_printed' },
    schema: { tags, summary: 'The chief’s monthly trends report (PDF, audited)', querystring: S.ReportQuery, response: { 200: Type.Unknown() } },
  }, async (request, reply) => {
    const { actor, user } = authOf(request);
    const printedBy = displayName({ name: `${user.firstName} ${user.lastName}`, badge: user.badge }, user.username);
    reply.header('content-disposition', `attachment; filename="trends-${request.query.month}.pdf"`);
    return reply.type('application/pdf').send(await monthlyReport(ctx, actor, request.query.month, printedBy));
  });
};
