import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { changeRegisterUnit, registerUnits, retireUnit } from './register.ts';

const Service = Type.Union([Type.Literal('police'), Type.Literal('fire'), Type.Literal('ems')]);
const RegisterUnit = Type.Object({
  callSign: Type.String(), kind: Type.String(), service: Service, area: Type.Union([Type.Null(), Type.String()]),
  description: Type.Union([Type.Null(), Type.String()]), supervisor: Type.Boolean(),
  retiredAt: Type.Union([Type.Null(), Type.String({ format: 'date-time' })]), retiredReason: Type.Union([Type.Null(), Type.String()]),
});
const UnitParam = Type.Object({ callSign: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

/** The unit register for the administration screen: call signs, service and sector, retirement (81A §E.5.c). */
export const unitRegisterRoutes: Capability = async (app, { ctx }) => {
  app.get('/unit-register', {
    config: { permission: 'agency.read' },
    schema: { tags: ['dispatch'], summary: 'Every unit of the register, retired ones included (last)', response: { 200: Type.Array(RegisterUnit) } },
  }, async () => registerUnits(ctx.db));

  app.patch('/unit-register/:callSign', {
    config: { permission: 'codes.edit', auditedByService: true },
    schema: {
      tags: ['dispatch'], summary: 'Change a unit’s service, sector (area), kind, description or supervisor mark',
      params: UnitParam,
      body: Type.Object({
        kind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
        service: Type.Optional(Service),
        area: Type.Optional(Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 100 })])),
        description: Type.Optional(Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 200 })])),
        supervisor: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: RegisterUnit },
    },
  }, async (request) => changeRegisterUnit(ctx, authOf(request).actor, request.params.callSign, request.body));

  app.post('/unit-register/:callSign/retire', {
    config: { permission: 'codes.edit', auditedByService: true },
    schema: {
      tags: ['dispatch'], summary: 'Retire a unit: it leaves the board, its record stays (old incidents name it)',
      params: UnitParam,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
      response: { 200: RegisterUnit },
    },
  }, async (request) => retireUnit(ctx, authOf(request).actor, request.params.callSign, request.body.reason));
};
