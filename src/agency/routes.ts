import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { codeTable, codeTableNames, codeUsage, putCode } from './service.ts';
import { changeProfile, EditableProfile } from './profile.ts';
import { SecuritySettings } from '../core/config.ts';
import { rosterFor } from '../directory/roster.ts';
import { unitRegister } from '../dispatch/units/service.ts';
import { NotFound } from '../core/errors.ts';
import * as S from './schemas.ts';

const TableParam = Type.Object({ table: Type.String({ pattern: '^[a-z_]{1,64}$' }) }, { additionalProperties: false });

export const agencyRoutes: Capability = async (app, { ctx }) => {
  // Every signed-in person, even one whose roles still wait for approval: its time zone dates every time on their screens.
  app.get('/agency', {
    config: { permission: 'signed_in' },
    schema: { tags: ['agency'], summary: 'The agency profile', response: { 200: S.AgencyAnswer } },
  }, async () => {
    const { name, ori, timeZone, address, phone, businessHours, courtHours } = ctx.config.agency;
    return { name, ori, timeZone, address, phone, businessHours, courtHours };
  });

  app.put('/agency', {
    config: { permission: 'codes.edit', auditedByService: true },
    schema: {
      tags: ['agency'], summary: 'Change the agency profile: name, address, phone, business and court hours (the ORI, time zone and trusted networks stay in the config file)',
      body: EditableProfile, response: { 200: S.AgencyAnswer },
    },
  }, async (request) => {
    await changeProfile(ctx, authOf(request).actor, request.body);
    const { name, ori, timeZone, address, phone, businessHours, courtHours } = ctx.config.agency;
    return { name, ori, timeZone, address, phone, businessHours, courtHours };
  });

  // Read only: these are read from the config file and the environment at start; none is changed at run time.
  app.get('/agency/settings', {
    config: { permission: ['codes.edit', 'users.admin'] },
    schema: { tags: ['agency'], summary: 'The security settings and the profile’s start-up settings, with where each is set', response: { 200: S.StartupSettingsAnswer } },
  }, async () => {
    const properties = (SecuritySettings as unknown as { properties: Record<string, { description?: string }> }).properties;
    const { ori, timeZone, trustedNetworks } = ctx.config.agency;
    return {
      security: Object.entries(ctx.config.security).map(([key, value]) => ({
        key, value: Array.isArray(value) ? value.join(', ') : String(value), description: properties[key]?.description ?? null,
        setIn: `"security": { "${key}": … } in the config file (PRECINCT_CONFIG); read at start`,
      })),
      profile: [
        { key: 'ori', value: ori, description: 'NCIC originating agency identifier', setIn: '"agency": { "ori" } in the config file, or PRECINCT_ORI; read at start' },
        { key: 'timeZone', value: timeZone, description: 'the agency’s time zone: every date and time on the screens', setIn: '"agency": { "timeZone" } in the config file, or PRECINCT_TIME_ZONE; read at start' },
        { key: 'trustedNetworks', value: trustedNetworks.join(', '), description: 'address ranges inside the secure location', setIn: '"agency": { "trustedNetworks" } in the config file, or PRECINCT_TRUSTED_NETWORKS; read at start' },
      ],
    };
  });

  app.get('/agency/units', {
    config: { permission: 'agency.read' },
    schema: { tags: ['agency'], summary: 'The agency’s units: police, fire and EMS, by call sign (81A §E.5.c)', response: { 200: S.AgencyUnitsAnswer } },
  }, async () => (await unitRegister(ctx.db)).map((u) => ({ callSign: u.call_sign, kind: u.kind, service: u.service, area: u.area, description: u.description })));

  app.get('/agency/roster', {
    config: { permission: 'agency.read' },
    schema: {
      tags: ['agency'], summary: 'Duty roster',
      querystring: Type.Object({ date: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false }), response: { 200: S.AgencyRosterAnswer },
    },
  }, async (request) => (await rosterFor(ctx.db, request.query.date)).map((r) => ({
    date: r.date, shift: r.shift, callSign: r.callSign, username: r.username, assignment: r.assignment,
    name: r.person?.name ?? null, badge: r.person?.badge ?? null,
  })));

  app.get('/code-tables', {
    config: { permission: 'agency.read' },
    schema: { tags: ['agency'], summary: 'The names of the code tables', response: { 200: Type.Array(Type.String()) } },
  }, async () => codeTableNames(ctx.db));

  app.get('/code-tables/:table', {
    config: { permission: 'agency.read' },
    schema: {
      tags: ['agency'], summary: 'One code table, with inactive codes when asked',
      params: TableParam,
      querystring: Type.Object({ inactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Array(S.CodeEntry) },
    },
  }, async (request) => {
    const rows = await codeTable(ctx.db, request.params.table, request.query.inactive);
    if (rows.length === 0 && !(await codeTableNames(ctx.db)).includes(request.params.table)) {
      throw new NotFound('code_table.not_found', `there is no code table "${request.params.table}"`);
    }
    return rows;
  });

  app.get('/code-tables/:table/:code/usage', {
    config: { permission: 'codes.edit' },
    schema: {
      tags: ['agency'], summary: 'What a change to a code affects: the records naming it, and where an active code is offered',
      params: Type.Object({ table: Type.String({ pattern: '^[a-z_]{1,64}$' }), code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' }) }, { additionalProperties: false }),
      response: { 200: S.CodeUsageAnswer },
    },
  }, async (request) => codeUsage(ctx.db, request.params.table, request.params.code));

  app.put('/code-tables/:table/:code', {
    config: { permission: 'codes.edit', auditedByService: true },
    schema: {
      tags: ['agency'], summary: 'Add or change a code (codes are deactivated, never deleted)',
      params: Type.Object({ table: Type.String({ pattern: '^[a-z_]{1,64}$' }), code: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' }) }, { additionalProperties: false }),
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        active: Type.Optional(Type.Boolean()),
        attrs: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }, { additionalProperties: false }),
      response: { 200: S.CodeEntry },
    },
  }, async (request) => putCode(ctx, authOf(request).actor, request.params.table, { code: request.params.code, ...request.body }));

  app.get('/incident-types', {
    config: { permission: 'agency.read' },
    schema: { tags: ['dispatch'], summary: 'Incident types with their required response (81A §E.3, §E.4)', response: { 200: S.IncidentTypesAnswer } },
  }, async () => (await codeTable(ctx.db, 'incident_type')).map((c) => ({
    code: c.code, name: c.name, priority: c.attrs.priority as number, minUnits: c.attrs.minUnits as number, supervisor: c.attrs.supervisor as boolean,
  })));

  app.get('/dispositions', {
    config: { permission: 'agency.read' },
    schema: { tags: ['dispatch'], summary: 'Incident dispositions', response: { 200: S.DispositionsAnswer } },
  }, async () => (await codeTable(ctx.db, 'disposition')).map((c) => ({ code: c.code, name: c.name })));
};
