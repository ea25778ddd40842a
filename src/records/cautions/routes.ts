import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import * as S from './schemas.ts';
import { cautionedAddresses, cautionFlags, flagCaution, removeCaution } from './service.ts';

/** Caution flags on addresses and people: officer safety at call time and on the field view. */
export const cautionFlagRoutes: Capability = async (app, { ctx }) => {
  const tags = ['cautions'];

  app.post('/caution-flags', {
    config: { permission: 'cautions.flag' },
    schema: { tags, summary: 'Flag a hazard at an address or on a person, with its source and an optional expiry (supervisors and records staff)', body: S.NewFlag, response: { 201: S.Created } },
  }, async (request, reply) => reply.status(201).send(await flagCaution(ctx, authOf(request).actor, request.body)));

  app.get('/caution-flags', {
    config: { permission: ['dispatch.calls', 'dispatch.own_unit', 'records.read', 'cautions.flag'] },
    schema: { tags, summary: 'Caution flags in force at an address, on a person, or on the master names a name closely matches (expired and removed ones are left out)', querystring: S.FlagQuery, response: { 200: Type.Array(S.FlagView) } },
  }, async (request) => cautionFlags(ctx, authOf(request).actor, request.query));

  app.get('/caution-flags/addresses', {
    config: { permission: ['dispatch.calls', 'dispatch.own_unit', 'records.read', 'cautions.flag'] },
    schema: { tags, summary: 'The addresses with a caution in force, placed from the town’s address file, with the kinds (not the notes): the map’s caution layer', response: { 200: Type.Array(S.CautionedAddress) } },
  }, async () => cautionedAddresses(ctx));

  app.post('/caution-flags/:id/remove', {
    config: { permission: 'cautions.flag' },
    schema: { tags, summary: 'Remove a caution flag, saying why; it stays on record', params: S.Id, body: S.Removal, response: { 200: Type.Object({ ok: Type.Boolean() }) } },
  }, async (request) => {
    await removeCaution(ctx, authOf(request).actor, request.params.id, request.body.reason);
    return { ok: true };
  });
};
