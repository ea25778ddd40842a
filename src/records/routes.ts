import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { getCase } from './case-view.ts';
import { openCase, openCaseFromIncident } from './cases.ts';
import { historyCsv, offenderHistory } from './history.ts';
import { createBusiness, createVehicle, getBusiness, getVehicle } from './indexes.ts';
import * as M from './model.ts';
import { CASE_NUMBER_PATTERN } from './case-numbers.ts';
import { addPersonDetails, createPerson, getPerson, mergePersons, undoMerge } from './names.ts';
import { changePerson, removeDetail } from './person-edit.ts';
import { searchBusinesses, searchNames, searchVehicles } from './search.ts';
import * as S from './schemas.ts';

/** Records management (S-110 §A, §B): master indexes and cases here; reports in report-routes.ts. */
export const recordsRoutes: Capability = async (app, { ctx }) => {
  const tags = ['records'];

  app.post('/names', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Add a master name, with aliases, identifiers, addresses and phones', body: M.NewPerson, response: { 201: S.NamesPostAnswer } },
  }, async (request, reply) => {
    const created = await createPerson(ctx, authOf(request).actor, request.body);
    return reply.status(201).send({ ...created, ...(await getPerson(ctx, authOf(request).actor, created.id)) });
  });

  app.get('/names/search', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Forgiving name search: misspellings, transpositions, nicknames, sound-alikes, partial DOB; best first, with why', querystring: M.NameSearch, response: { 200: Type.Array(S.NameHit) } },
  }, async (request) => searchNames(ctx, authOf(request).actor, request.query.q, request.query.dob));

  app.get('/names/:id', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'A master name with every linked record (juvenile records separate, for those who may see them)', params: M.Id, response: { 200: S.NamesPostAnswer } },
  }, async (request) => getPerson(ctx, authOf(request).actor, request.params.id));

  app.post('/names/:id/details', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Add aliases, identifiers, addresses or phones to a master name', params: M.Id, body: M.Details, response: { 200: S.NamesPostAnswer } },
  }, async (request) => {
    await addPersonDetails(ctx, authOf(request).actor, request.params.id, request.body);
    return getPerson(ctx, authOf(request).actor, request.params.id);
  });

  app.patch('/names/:id', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Change a master name: name, date of birth and physical description', params: M.Id, body: M.PersonChange, response: { 200: S.NamesPostAnswer } },
  }, async (request) => {
    await changePerson(ctx, authOf(request).actor, request.params.id, request.body);
    return getPerson(ctx, authOf(request).actor, request.params.id);
  });

  app.delete('/names/:id/:kind/:detailId', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Remove one alias, identifier, address or phone from a master name', params: M.DetailParams, response: { 200: S.NamesPostAnswer } },
  }, async (request) => {
    await removeDetail(ctx, authOf(request).actor, request.params.id, request.params.kind, request.params.detailId);
    return getPerson(ctx, authOf(request).actor, request.params.id);
  });

  app.get('/names/:id/history', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Offender history; juvenile entries segregated (S-110 §B.1)', params: M.Id, response: { 200: S.OffenderHistory } },
  }, async (request) => offenderHistory(ctx, authOf(request).actor, request.params.id));

  app.get('/names/:id/history.csv', {
    config: { permission: 'records.read', auditRead: true },
    schema: { tags, summary: 'Offender history export (CSV); juvenile entries only for records.juvenile, marked', params: M.Id, response: { 200: Type.String() } },
  }, async (request, reply) => {
    const csv = historyCsv(await offenderHistory(ctx, authOf(request).actor, request.params.id));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="history-${request.params.id}.csv"`).send(csv);
  });

  app.post('/names/:id/merge', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Merge a duplicate into this master name, with a reason', params: M.Id, body: M.Merge, response: { 200: S.NamesMergePostAnswer } },
  }, async (request) => mergePersons(ctx, authOf(request).actor, request.params.id, request.body.duplicateId, request.body.reason));

  app.post('/names/merges/:id/undo', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Undo a merge: both entries keep their own histories', params: M.Id, body: M.Undo, response: { 200: S.NamesMergePostAnswer } },
  }, async (request) => undoMerge(ctx, authOf(request).actor, request.params.id, request.body.reason));

  app.post('/vehicles', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Add a vehicle to the master index', body: M.NewVehicle, response: { 201: S.CreatedId } },
  }, async (request, reply) => reply.status(201).send(await createVehicle(ctx, authOf(request).actor, request.body)));
  app.get('/vehicles/search', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'Vehicles by plate, VIN or description, with why', querystring: M.TextSearch, response: { 200: Type.Array(S.IndexHit) } },
  }, async (request) => searchVehicles(ctx, request.query.q));
  app.get('/vehicles/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'A vehicle with its linked records', params: M.Id, response: { 200: S.VehiclesAnswer } },
  }, async (request) => getVehicle(ctx, authOf(request).actor, request.params.id));

  app.post('/businesses', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Add a business with its after-hours emergency contacts (S-110 §A.1.c)', body: M.NewBusiness, response: { 201: S.CreatedId } },
  }, async (request, reply) => reply.status(201).send(await createBusiness(ctx, authOf(request).actor, request.body)));
  app.get('/businesses/search', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'Businesses by name or address, with why', querystring: M.TextSearch, response: { 200: Type.Array(S.IndexHit) } },
  }, async (request) => searchBusinesses(ctx, request.query.q));
  app.get('/businesses/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'A business, its emergency contacts and linked records', params: M.Id, response: { 200: S.BusinessesAnswer } },
  }, async (request) => getBusiness(ctx, authOf(request).actor, request.params.id));

  app.post('/cases', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Open a case with the next case number (S-110 §B)', body: M.NewCase, response: { 201: Type.Object({ number: Type.String() }) } },
  }, async (request, reply) => reply.status(201).send(await openCase(ctx, authOf(request).actor, request.body)));
  app.post('/cases/from-incident', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Open a case from a CAD incident in one action, carrying its 81.2.3 fields', body: M.FromIncident, response: { 201: S.CasesFromIncidentPostAnswer } },
  }, async (request, reply) => reply.status(201).send(await openCaseFromIncident(ctx, authOf(request).actor, request.body.incidentNumber)));
  app.get('/cases/:number', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'A case and its reports', params: { type: 'object', properties: { number: { type: 'string', pattern: CASE_NUMBER_PATTERN } }, required: ['number'], additionalProperties: false }, response: { 200: S.CasesAnswer } },
  }, async (request) => getCase(ctx, authOf(request).actor, (request.params as { number: string }).number));

};
