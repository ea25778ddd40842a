import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { correctIncident, mergeIncident, reopenIncident } from './corrections.ts';
import type { IncidentRecord } from './model.ts';
import { withBoard } from '../units/service.ts';
import type { Actor } from '../../core/actor.ts';
import { ComplainantBody, LocationBody, NumberParam } from './routes.ts';
import * as S from '../schemas.ts';

const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'why the record changes; kept on the timeline (81A §D.3)' });

/** Corrections without rewriting history (81A §D.3): each is a new timeline entry with the old and new values. */
export const incidentCorrectionRoutes: Capability = async (app, { ctx }) => {
  // The board shows each unit's incident type and priority: the answer carries the rows of
  // the incident's units, so the console that made the change needs no GET /units.
  const answer = async (actor: Actor, record: IncidentRecord) => withBoard(ctx, actor, record, [...new Set(record.units.map((u) => u.callSign))]);

  app.post('/incidents/:number/corrections', {
    config: { permission: 'dispatch.calls' },
    schema: {
      tags: ['dispatch'], summary: 'Correct the type, priority, location or complainant, with a reason; a new type re-sets the required response (81A §D.3, §E.3–4)',
      params: NumberParam,
      body: Type.Object({
        reason: Reason,
        type: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
        priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
        location: Type.Optional(LocationBody),
        complainant: Type.Optional(ComplainantBody),
      }, { additionalProperties: false }),
      response: { 200: S.IncidentAnswer },
    },
  }, async (request) => answer(authOf(request).actor, await correctIncident(ctx, authOf(request).actor, request.params.number, request.body)));

  app.post('/incidents/:number/reopen', {
    config: { permission: 'dispatch.calls' },
    schema: {
      tags: ['dispatch'], summary: 'Reopen a closed incident within the agency\'s window (dispatch timers, reopenHours), with a reason',
      params: NumberParam, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: S.IncidentAnswer },
    },
  }, async (request) => answer(authOf(request).actor, await reopenIncident(ctx, authOf(request).actor, request.params.number, request.body.reason)));

  app.post('/incidents/:number/merge', {
    config: { permission: 'dispatch.calls' },
    schema: {
      tags: ['dispatch'], summary: 'Merge this duplicate into another open incident: its callers and units move over, it closes as DUPLICATE (81A §C "Multiple Calls")',
      params: NumberParam,
      body: Type.Object({ into: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' }), reason: Reason }, { additionalProperties: false }),
      response: { 200: S.IncidentAnswer },
    },
  }, async (request) => answer(authOf(request).actor, await mergeIncident(ctx, authOf(request).actor, request.params.number, request.body.into, request.body.reason)));
};
