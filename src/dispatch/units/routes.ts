import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { emergencyActivation } from '../alerts/emergency.ts';
import { EmergencyOutcomeSchema, ReportedLocation, TerminalPosition } from '../alerts/schemas.ts';
import { ownUnits } from './store.ts';
import { initiateIncident } from './initiate.ts';
import { UNIT_STATUSES } from './model.ts';
import { recommend } from './recommend.ts';
import { clearUnit, closeIncident, dispatchUnits, markConfidential, withBoard } from './service.ts';
import { actingFor, addUnit, assignment, changeStatus, reportBackup, setLocation, setPersonnel, unitHistory, unitsBoard, unitView } from './status.ts';
import * as S from '../schemas.ts';

const IncidentParam = Type.Object({ number: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' }) }, { additionalProperties: false });
const UnitParam = Type.Object({ callSign: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });

export const unitRoutes: Capability = async (app, { ctx }) => {
  app.post('/incidents/:number/dispatch', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['dispatch'], summary: 'Dispatch units (81A §E.2); 409 response.too_few_units / response.supervisor_required / unit.unavailable',
      params: IncidentParam,
      body: Type.Object({
        units: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 50 }),
        override: Type.Optional(Type.Object({ reason: Reason }, { additionalProperties: false })),
      }, { additionalProperties: false }), response: { 200: S.IncidentAnswer },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    return withBoard(ctx, actor, await dispatchUnits(ctx, actor, request.params.number, request.body), request.body.units);
  });

  app.post('/incidents/:number/close', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['dispatch'], summary: 'Close an incident with a disposition; its units go available. 409 knox.master_keys_out while master keys taken on it are not back (O-604 §III.F); the OIC may override with a reason',
      params: IncidentParam,
      body: Type.Object({
        disposition: Type.String({ minLength: 1, maxLength: 40 }),
        override: Type.Optional(Type.Object({ reason: Reason }, { additionalProperties: false, description: 'O-604 §III.F: the OIC closes it with master keys still out, saying why; an alert stays until they are back' })),
      }, { additionalProperties: false }), response: { 200: S.IncidentAnswer },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    const closed = await closeIncident(ctx, actor, request.params.number, request.body.disposition, request.body.override);
    return withBoard(ctx, actor, closed, closed.units.map((u) => u.callSign));
  });

  app.post('/incidents/:number/units/:callSign/clear', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['dispatch'], summary: 'Clear one unit from an incident (81A §E.2.f); 409 unit.not_on_incident',
      params: Type.Object({ number: IncidentParam.properties.number, callSign: UnitParam.properties.callSign }, { additionalProperties: false }), response: { 200: S.IncidentAnswer },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    return withBoard(ctx, actor, await clearUnit(ctx, actor, request.params.number, request.params.callSign), [request.params.callSign]);
  });

  app.post('/incidents/:number/confidential', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['dispatch'], summary: 'Mark an incident confidential (81A §E.2.c): details withheld from the open stream',
      params: IncidentParam, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: S.IncidentAnswer },
    },
  }, async (request) => {
    // the board shows the incident's units as on a confidential one from now on
    const actor = authOf(request).actor;
    const marked = await markConfidential(ctx, actor, request.params.number, request.body.reason);
    return withBoard(ctx, actor, marked, marked.units.filter((u) => !u.clearedAt).map((u) => u.callSign));
  });

  app.get('/incidents/:number/recommendation', {
    config: { permission: 'dispatch.dispatch' },
    schema: { tags: ['dispatch'], summary: 'Units ranked by area, availability, nature of the call and distance (81A §E.2.b), a page at a time', params: IncidentParam, querystring: S.RecommendationPage, response: { 200: S.Recommendation } },
  }, async (request) => recommend(ctx, request.params.number, request.query));

  app.get('/units', {
    config: { permission: 'events.read' },
    schema: { tags: ['dispatch'], summary: 'The status board (81A §E.1.a): every unit, its status, incident and since when', response: { 200: Type.Array(S.UnitView) } },
  }, async (request) => unitsBoard(ctx, authOf(request).actor));

  app.post('/units', {
    config: { permission: ['dispatch.dispatch', 'codes.edit'] }, // a dispatcher adds a detail; an administrator keeps the register
    schema: {
      tags: ['dispatch'], summary: 'Add a unit to the board, e.g. a detail by badge number (81A §E.5.c.iii)',
      body: Type.Object({
        callSign: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9 -]{0,39}$' }),
        kind: Type.String({ pattern: '^[a-z_]{1,40}$' }),
        service: Type.Union([Type.Literal('police'), Type.Literal('fire'), Type.Literal('ems')]),
        area: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        description: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        personnel: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 10 })),
      }, { additionalProperties: false }), response: { 201: S.UnitView },
    },
  }, async (request, reply) => reply.code(201).send(await addUnit(ctx, authOf(request).actor, request.body)));

  app.get('/units/:callSign', {
    config: { permission: 'events.read' },
    schema: { tags: ['dispatch'], summary: 'One unit', params: UnitParam, response: { 200: S.UnitView } },
  }, async (request) => unitView(ctx, authOf(request).actor, request.params.callSign));

  app.get('/units/:callSign/history', {
    config: { permission: 'events.read' },
    schema: { tags: ['dispatch'], summary: 'Every status change of a unit, time-stamped and attributed', params: UnitParam, response: { 200: Type.Array(S.DispatchEvent) } },
  }, async (request) => unitHistory(ctx, authOf(request).actor, request.params.callSign));

  app.get('/units/:callSign/assignment', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: { tags: ['dispatch'], summary: 'The incident a unit is on, for its own officers even when confidential (81A §E.2.c)', params: UnitParam, response: { 200: S.UnitsAssignmentAnswer } },
  }, async (request) => assignment(ctx, authOf(request).actor, request.params.callSign));

  app.post('/units/:callSign/status', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'Change a unit’s status: dispatchers any unit, field officers their own (81A §E.5.a)',
      params: UnitParam,
      body: Type.Object({
        status: Type.Union(UNIT_STATUSES.map((s) => Type.Literal(s))),
        reason: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'out_of_service_reason code' })),
        detail: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), {
          description: 'MV stop: plate, state, location; transport: destination, passengers, mileage',
        })),
      }, { additionalProperties: false }), response: { 200: S.UnitAnswer },
    },
  }, async (request) => changeStatus(ctx, authOf(request).actor, request.params.callSign, request.body));

  app.post('/units/:callSign/emergency', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: {
      tags: ['alerts'], summary: 'The emergency button of a field terminal (81A §E.6.e): an officer for their own unit, the same alert as the radio’s',
      params: UnitParam,
      body: Type.Object({ location: Type.Optional(ReportedLocation), position: Type.Optional(TerminalPosition) }, { additionalProperties: false }),
      response: { 201: EmergencyOutcomeSchema },
    },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const own = (await ownUnits(ctx.db, ctx.config.agency.timeZone, actor.username)).includes(request.params.callSign);
    await actingFor(ctx, actor, request.params.callSign);
    // A mobile radio's id is its unit's call sign: the terminal raises the same activation,
    // naming the officer who pressed it on their own unit's terminal.
    return reply.code(201).send(await emergencyActivation(ctx, actor, {
      radioId: request.params.callSign, officer: own ? actor.username : undefined, location: request.body.location, position: request.body.position,
    }));
  });

  // Officer-initiated work (81A §E.5.a.vi): the incident and the unit on scene at it, in one request.
  app.post('/units/:callSign/initiate', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'Officer-initiated incident or traffic stop: opens the incident and puts the unit on scene at it, in one transaction (81A §E.5.a.vi)',
      params: UnitParam,
      body: Type.Object({
        type: Type.String({ minLength: 1, maxLength: 40, description: 'incident_type code; MV_STOP for a traffic stop' }),
        address: Type.String({ minLength: 1, maxLength: 300 }),
        plate: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9 -]{1,10}$', description: 'a stopped vehicle’s plate (needed for MV_STOP)' })),
        state: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'the plate’s state or province, two letters' })),
        narrative: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
      }, { additionalProperties: false }),
      response: { 201: S.IncidentAnswer },
    },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    await actingFor(ctx, actor, request.params.callSign);
    const incident = await initiateIncident(ctx, actor, request.params.callSign, request.body);
    return reply.code(201).send(await withBoard(ctx, actor, incident, [request.params.callSign]));
  });

  // A field officer takes a pending incident for their own unit: a dispatch, with the same required-response check.
  app.post('/units/:callSign/self-assign', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'A field unit assigns itself to a pending incident (81A §E.2; the required response of §E.3–4 still applies)',
      params: UnitParam, body: Type.Object({ incident: IncidentParam.properties.number }, { additionalProperties: false }),
      response: { 200: S.IncidentAnswer },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    await actingFor(ctx, actor, request.params.callSign);
    const incident = await dispatchUnits(ctx, { ...actor, unit: request.params.callSign }, request.body.incident, { units: [request.params.callSign] });
    return withBoard(ctx, actor, incident, [request.params.callSign]);
  });

  app.post('/units/:callSign/backup', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'A field unit backs up another on an incident and is recorded on scene (81A §E.6.d)',
      params: UnitParam, body: Type.Object({ incident: IncidentParam.properties.number }, { additionalProperties: false }), response: { 200: S.UnitAnswer },
    },
  }, async (request) => reportBackup(ctx, authOf(request).actor, request.params.callSign, request.body.incident));

  app.post('/units/:callSign/location', {
    config: { permission: ['dispatch.dispatch', 'dispatch.own_unit'] },
    schema: {
      tags: ['dispatch'], summary: 'Last known location, typed or from a position feed',
      params: UnitParam,
      body: Type.Object({
        address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
        lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
      }, { additionalProperties: false }), response: { 200: S.UnitView },
    },
  }, async (request) => setLocation(ctx, authOf(request).actor, request.params.callSign, request.body));

  app.put('/units/:callSign/personnel', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['dispatch'], summary: 'The personnel aboard a unit for the shift',
      params: UnitParam, body: Type.Object({ personnel: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 10 }) }, { additionalProperties: false }), response: { 200: S.UnitView },
    },
  }, async (request) => setPersonnel(ctx, authOf(request).actor, request.params.callSign, request.body.personnel));
};
