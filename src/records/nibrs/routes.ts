import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { Bytes } from '../../core/contract.ts';
import { OFFENSES } from './model.ts';
import { CODE_LISTS } from './codes.ts';
import * as S from './schemas.ts';
import * as nibrs from './service.ts';
import { fromReports } from './fill.ts';
import type { NibrsData } from './model.ts';

/**
 * NIBRS (S-110 §A.1.q): incidents' NIBRS data, the offense mapping, the edit inbox and the
 * monthly submissions, for the records clerk and records supervisors (`records.nibrs`).
 */
export const nibrsRoutes: Capability = async (app, { ctx }) => {
  const tags = ['nibrs'];

  app.get('/nibrs/offenses', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'The NIBRS 2019 offense codes (Data Element 6), with group and what each is a crime against', response: { 200: Type.Array(S.OffenseCode) } },
  }, async () => [...OFFENSES]);

  app.get('/nibrs/offense-map', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'The agency offense code → NIBRS offense code table', response: { 200: Type.Array(S.Mapping) } },
  }, async () => nibrs.listMapping(ctx));

  app.put('/nibrs/offense-map/:agencyCode', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'Map an agency offense code to a NIBRS offense code (added or changed)', params: S.MappingParam, body: S.MappingBody, response: { 200: S.Mapping } },
  }, async (request) => nibrs.setMapping(ctx, authOf(request).actor, request.params.agencyCode, request.body.nibrsCode, request.body.description));

  app.delete('/nibrs/offense-map/:agencyCode', {
    config: { permission: 'records.nibrs' }, schema: { tags, summary: 'Remove an agency offense code from the mapping', params: S.MappingParam, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await nibrs.removeMapping(ctx, authOf(request).actor, request.params.agencyCode);
    return reply.status(204).send(null);
  });

  app.get('/cases/:number/nibrs', {
    config: { permission: 'records.nibrs' }, schema: { tags, summary: 'The NIBRS data of a case’s incident, with the FBI edits it fails', params: S.CaseParam, response: { 200: S.NibrsView } },
  }, async (request) => nibrs.getNibrs(ctx, request.params.number));

  app.get('/cases/:number/nibrs/from-reports', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'What the case’s reports and property items say that NIBRS needs (offenses, victims, offenders, arrestees, property), each with where it came from; nothing is saved', params: S.CaseParam, response: { 200: S.FromReports } },
  }, async (request) => fromReports(ctx, request.params.number));

  app.put('/cases/:number/nibrs', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'Save the NIBRS data of a case’s incident (offenses, property, victims, offenders, arrestees); the edits run at once', params: S.CaseParam, body: S.SaveNibrs, response: { 200: S.NibrsView } },
  }, async (request) => nibrs.saveNibrs(ctx, authOf(request).actor, request.params.number, request.body.data as NibrsData, request.body.version));

  app.delete('/cases/:number/nibrs', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'Withdraw the incident from NIBRS; one submitted before is deleted (action D) in the next submission', params: S.CaseParam, body: S.DeleteNibrs, response: { 200: S.NibrsView } },
  }, async (request) => nibrs.deleteNibrs(ctx, authOf(request).actor, request.params.number, request.body.reason));

  app.get('/nibrs/codes', {
    config: { permission: 'records.nibrs' }, schema: { tags, summary: 'The NIBRS code lists (location types, weapons, property, victims…), each code with the FBI’s words, for the data editor’s pickers', response: { 200: S.CodeLists } },
  }, async () => CODE_LISTS);

  app.get('/nibrs/inbox', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'Incidents held back by the FBI edits, each error naming the field to fix; oldest first; `month` keeps those that happened in that month', querystring: S.MonthFilter, response: { 200: Type.Array(S.InboxEntry) } },
  }, async (request) => nibrs.inbox(ctx, request.query.month));

  app.get('/nibrs/counts', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'How many incidents are ready, held back, submitted and withdrawn; `month` counts those that happened in that month', querystring: S.MonthFilter, response: { 200: S.StatusCounts } },
  }, async (request) => nibrs.statusCounts(ctx, request.query.month));

  app.post('/nibrs/submissions', {
    config: { permission: 'records.nibrs' },
    schema: { tags, summary: 'Build the month’s NIBRS submission: Group A incidents, replacements and deletes, Group B arrests, or a zero report; every document validated against the FBI XSD before it is kept', body: S.NewSubmission, response: { 201: S.SubmissionMade } },
  }, async (request, reply) => reply.status(201).send(await nibrs.buildSubmission(ctx, authOf(request).actor, request.body.month)));

  app.get('/nibrs/submissions', {
    config: { permission: 'records.nibrs' }, schema: { tags, summary: 'The submissions made, newest first', response: { 200: Type.Array(S.SubmissionSummary) } },
  }, async () => nibrs.listSubmissions(ctx));

  app.get('/nibrs/submissions/:id', {
    config: { permission: 'records.nibrs' }, schema: { tags, summary: 'One submission: when, by whom, and its documents', params: S.SubmissionParam, response: { 200: S.SubmissionView } },
  }, async (request) => nibrs.getSubmission(ctx, request.params.id));

  app.get('/nibrs/submissions/:id/files/:seq', {
    config: { permission: 'records.nibrs', auditRead: true },
    schema: { tags, summary: 'One NIBRS XML document of a submission, exactly as validated and kept', params: S.FileParam, response: { 200: Bytes('application/xml') } },
  }, async (request, reply) => {
    const file = await nibrs.submissionFile(ctx, request.params.id, request.params.seq);
    return reply.type('application/xml; charset=utf-8').header('x-content-sha256', file.sha256)
      .header('content-disposition', `attachment; filename="nibrs-${request.params.id}-${request.params.seq}.xml"`).send(file.xml);
  });
};
