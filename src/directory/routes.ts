import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { CATEGORIES, officerInCharge, postRoster, residentialPhones, saveEntry, searchResources, setResidentialPhone } from './service.ts';
import * as S from './schemas.ts';

const Query = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const Entry = Type.Object({
  category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  organization: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  notes: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  facility: Type.Optional(Type.Union([Type.Literal('furnace'), Type.Literal('water_pumping_station'), Type.Literal('generator')])),
}, { additionalProperties: false });

/** Dispatcher resources (81A §B.2.b), searchable from the console. */
export const directoryRoutes: Capability = async (app, { ctx }) => {
  app.get('/directory', {
    config: { permission: 'agency.read' },
    schema: { tags: ['directory'], summary: 'Search the dispatcher’s resources: officer in charge, duty roster, contacts, directory, plans (81A §B.2.b)', querystring: Query, response: { 200: S.DirectoryAnswer } },
  }, async (request) => searchResources(ctx, request.query.q));

  app.get('/directory/officer-in-charge', {
    config: { permission: 'agency.read' },
    schema: { tags: ['directory'], summary: 'The officer in charge now (81A §B.2.b.i)', response: { 200: S.DirectoryOfficerInChargeAnswer } },
  }, async () => officerInCharge(ctx));

  // the dispatcher on the floor, or the administrator keeping the agency's configuration
  app.post('/directory/entries', {
    config: { permission: ['dispatch.dispatch', 'codes.edit'] },
    schema: { tags: ['directory'], summary: 'Add a contact, directory entry or plan link (81A §B.2.a.ix)', body: Entry, response: { 201: S.Entry } },
  }, async (request, reply) => reply.code(201).send(await saveEntry(ctx, authOf(request).actor, null, request.body)));

  app.put('/directory/entries/:id', {
    config: { permission: ['dispatch.dispatch', 'codes.edit'] },
    schema: { tags: ['directory'], summary: 'Change a directory entry', params: Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), body: Entry, response: { 200: S.Entry } },
  }, async (request) => saveEntry(ctx, authOf(request).actor, request.params.id, request.body));

  app.post('/directory/roster', {
    config: { permission: ['dispatch.override', 'codes.edit'] },
    schema: {
      tags: ['directory'], summary: 'Post a shift’s duty roster, police or fire (81A §B.3.d, §B.3.f)',
      body: Type.Object({
        date: Type.Optional(Type.String({ format: 'date' })),
        shift: Type.String({ minLength: 1, maxLength: 100 }),
        entries: Type.Array(Type.Object({
          callSign: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          assignment: Type.String({ minLength: 1, maxLength: 200 }),
        }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
      }, { additionalProperties: false }), response: { 201: S.DirectoryRosterPostAnswer },
    },
  }, async (request, reply) => reply.code(201).send(await postRoster(ctx, authOf(request).actor, request.body)));

  app.get('/directory/residential-phones', {
    config: { permission: 'directory.residential', auditedByService: true },
    schema: { tags: ['directory'], summary: 'Personnel residential telephone numbers (restricted; every read audited, 81A §B.2.b.iii)', querystring: Query, response: { 200: S.DirectoryResidentialPhonesAnswer } },
  }, async (request) => residentialPhones(ctx, authOf(request).actor, request.query.q));

  app.put('/directory/residential-phones/:username', {
    config: { permission: 'users.admin' },
    schema: {
      tags: ['directory'], summary: 'Set a person’s residential telephone number',
      params: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
      body: Type.Object({ phone: Type.String({ minLength: 3, maxLength: 40 }) }, { additionalProperties: false }), response: { 200: S.DirectoryResidentialPhonesPutAnswer },
    },
  }, async (request) => setResidentialPhone(ctx, authOf(request).actor, request.params.username, request.body.phone));
};
