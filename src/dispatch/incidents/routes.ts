import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { auditThisRead } from '../../core/audit/action.ts';
import { authOf } from '../../core/http.ts';
import { permissionsOf } from '../../core/permissions.ts';
import { ownUnitOnIncident } from '../units/status.ts';
import { addNote, addressHistory, createIncident, incidentRecord, openIncidents, readShelterAddresses, suggestionsFor } from './service.ts';
import { INCIDENT_PAGE } from './store.ts';
import { pageParams, pageSchema } from '../../core/paging.ts';
import * as S from '../schemas.ts';

const text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const LocationBody = Type.Object({
  address: text(300, 1),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  placeName: Type.Optional(text(200)),
  confidentialShelter: Type.Optional(Type.Boolean({ description: '81A §D.3.c: a domestic-violence program; the record shows the police department’s address' })),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'the patrol sector; derived from the point when absent' })),
}, { additionalProperties: false });

export const ComplainantBody = Type.Object({
  name: text(200, 1),
  address: text(300),
  phone: Type.String({ maxLength: 40, pattern: '^[0-9+()\\-. x]*$' }),
  confidentialShelter: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const ReportingPartyBody = Type.Object({
  what: Type.Optional(text(2000)), where: Type.Optional(text(2000)), when: Type.Optional(text(2000)),
  how: Type.Optional(text(2000)), who: Type.Optional(text(2000)), why: Type.Optional(text(2000)),
}, { additionalProperties: false, description: '81A §D.2.c WHAT / WHERE / WHEN / HOW / WHO / WHY' });

const incidentFields = {
  type: Type.String({ minLength: 1, maxLength: 40 }),
  location: LocationBody,
  complainant: Type.Optional(ComplainantBody),
  narrative: Type.Optional(text(10_000)),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  reportingParty: Type.Optional(ReportingPartyBody),
  confidential: Type.Optional(Type.Boolean({ description: '81A §E.2.c: kept secret from its first event; only the assigned units and holders of dispatch.confidential ever read it' })),
};

/** The incident's own fields: what a call taken into an incident sends (the call is the route's). */
export const IncidentFieldsBody = Type.Object(incidentFields, { additionalProperties: false });

const NewIncidentBody = Type.Object({ callId: Type.Optional(Type.String({ maxLength: 64 })), ...incidentFields }, { additionalProperties: false });

export const NumberParam = Type.Object({ number: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' }) }, { additionalProperties: false });

export const incidentRoutes: Capability = async (app, { ctx }) => {
  app.post('/incidents', {
    config: { permission: 'dispatch.calls' },
    schema: { tags: ['dispatch'], summary: 'Create an incident (81A §D.3; CALEA 81.2.3): the server assigns its number and time', body: NewIncidentBody, response: { 201: S.IncidentRecord } },
  }, async (request, reply) => {
    const record = await createIncident(ctx, authOf(request).actor, request.body);
    return reply.status(201).send(record);
  });

  app.get('/incidents', {
    config: { permission: 'events.read' },
    schema: {
      tags: ['dispatch'], summary: 'Incidents, a page at a time: open ones by priority then age (the default), or closed, or all, newest first',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')])),
        ...pageParams(INCIDENT_PAGE, 500),
      }, { additionalProperties: false }), response: { 200: pageSchema(S.IncidentSummary) },
    },
  }, async (request) => openIncidents(ctx, authOf(request).actor, request.query.status ?? 'open', request.query));

  app.get('/incidents/suggestions', {
    config: { permission: 'dispatch.calls' },
    schema: {
      tags: ['dispatch'], summary: '81A §C "Multiple Calls": open incidents near a location, same type counting in favour',
      querystring: Type.Object({
        address: Type.Optional(text(300)), type: Type.Optional(text(40)),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
      }, { additionalProperties: false }), response: { 200: Type.Array(S.Suggestion) },
    },
  }, async (request) => suggestionsFor(ctx, authOf(request).actor, request.query));

  app.get('/incidents/history', {
    config: { permission: ['dispatch.calls', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'An address’s history at call time: incidents at the same address in the agency’s window (dispatch timers, historyDays), newest first',
      querystring: Type.Object({ address: text(300, 1) }, { additionalProperties: false }), response: { 200: Type.Array(S.AddressHistoryEntry) },
    },
  }, async (request) => addressHistory(ctx, authOf(request).actor, request.query.address));

  app.get('/incidents/:number', {
    config: { permission: 'events.read' },
    schema: { tags: ['dispatch'], summary: 'The incident record with its units, callers and timeline', params: NumberParam, response: { 200: S.IncidentRecord } },
  }, async (request) => {
    const record = await incidentRecord(ctx, request.params.number, authOf(request).actor);
    // Every read of a confidential incident is audited, by whoever reads it (81A §E.2.c; CJIS AU-2).
    if (record.confidential) auditThisRead({ type: 'incident', id: record.number }, 'incident.read_confidential');
    return record;
  });

  app.post('/incidents/:number/notes', {
    config: { permission: ['dispatch.calls', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'Add a journal note; a correction names the timeline entry (seq) it corrects — nothing is edited',
      params: NumberParam,
      body: Type.Object({ text: text(10_000, 1), corrects: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }), response: { 201: S.IncidentRecord },
    },
  }, async (request, reply) => {
    let actor = authOf(request).actor;
    // A field officer adds notes to an incident their own unit is on (the field view).
    if (!permissionsOf(actor.roles).has('dispatch.calls')) actor = { ...actor, unit: await ownUnitOnIncident(ctx, actor, request.params.number) };
    return reply.status(201).send(await addNote(ctx, actor, request.params.number, request.body));
  });

  app.get('/incidents/:number/shelter-addresses', {
    config: { permission: 'dispatch.confidential', auditedByService: true },
    schema: { tags: ['dispatch'], summary: '81A §D.3.c: the real address of a domestic-violence program; every read is audited', params: NumberParam, response: { 200: S.IncidentsShelterAddressesAnswer } },
  }, async (request) => readShelterAddresses(ctx, authOf(request).actor, request.params.number));
};
