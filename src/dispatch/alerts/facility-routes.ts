import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { FACILITIES, listFacilityAlarms, receiveFacilityAlarm, recordTold } from './facility.ts';
import * as S from '../schemas.ts';

export const facilityRoutes: Capability = async (app, { ctx }) => {
  app.post('/facility-alarms', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'A furnace, water pumping station or generator alarm (81A §B.2.a.xi): alerts the dispatcher with whom to notify',
      body: Type.Object({ facility: Type.Union(FACILITIES.map((f) => Type.Literal(f))), note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) }, { additionalProperties: false }), response: { 201: S.FacilityAlarmView },
    },
  }, async (request, reply) => reply.code(201).send(await receiveFacilityAlarm(ctx, authOf(request).actor, request.body.facility, request.body.note)));

  app.get('/facility-alarms', {
    config: { permission: 'dispatch.dispatch' },
    schema: { tags: ['alerts'], summary: 'Facility alarms, newest first, with who was told', response: { 200: Type.Array(S.FacilityAlarmView) } },
  }, async () => listFacilityAlarms(ctx));

  app.post('/facility-alarms/:id/told', {
    config: { permission: 'dispatch.dispatch' },
    schema: {
      tags: ['alerts'], summary: 'Record who was told of a facility alarm',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      body: Type.Object({ who: Type.String({ minLength: 1, maxLength: 200 }), means: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }, { additionalProperties: false }), response: { 200: S.FacilityAlarmView },
    },
  }, async (request) => recordTold(ctx, authOf(request).actor, request.params.id, request.body.who, request.body.means));
};
