import type { Capability } from '../core/plugin.ts';
import type { Permission } from '../core/permissions.ts';
import { authOf } from '../core/http.ts';
import * as S from './schemas.ts';
import { addHandStreet, addNote, endNote, notesAt, streetPage, streets } from './service.ts';

const tags = ['street file'];
/** Who reads the street file: as the caution flags, everyone who takes calls, answers them in the field, or reads records (S-110 §A.1.v). */
const READERS: Permission[] = ['dispatch.calls', 'dispatch.own_unit', 'records.read', 'streets.keep'];

/** Street files (S-110 §A.1.v): the street index, and premises notes and hazards shown at call time. */
export const streetFileRoutes: Capability = async (app, { ctx }) => {
  app.get('/street-file/streets', {
    config: { permission: READERS },
    schema: { tags, summary: 'The town’s street index: each street with its odd and even ranges, sectors and cross streets (from the geography layers; streets entered by hand flagged)', querystring: S.StreetQuery, response: { 200: S.StreetList } },
  }, async (request) => streets(ctx, request.query));

  app.post('/street-file/streets', {
    config: { permission: 'streets.keep' },
    schema: { tags, summary: 'Enter a street by hand for a town without a centerline file: its ranges, sectors and cross streets', body: S.NewHandStreet, response: { 201: S.StreetPage } },
  }, async (request, reply) => reply.status(201).send(await streetPage(ctx, await addHandStreet(ctx, authOf(request).actor, request.body))));

  app.get('/street-file/streets/:name', {
    config: { permission: READERS },
    schema: { tags, summary: 'A street of the index with its premises notes and hazards: in force, scheduled, expired and ended', params: S.StreetParams, response: { 200: S.StreetPage } },
  }, async (request) => streetPage(ctx, request.params.name));

  app.post('/street-file/notes', {
    config: { permission: 'streets.keep' },
    schema: { tags, summary: 'Add a premises note or hazard on a street, a range of it or an address, in force from one day until another (or until ended)', body: S.NewNote, response: { 201: S.Note } },
  }, async (request, reply) => reply.status(201).send(await addNote(ctx, authOf(request).actor, request.body)));

  app.post('/street-file/notes/:id/end', {
    config: { permission: 'streets.keep' },
    schema: { tags, summary: 'End a note now, saying why; it stays on the street’s page', params: S.NoteParams, body: S.Ending, response: { 200: S.Note } },
  }, async (request) => endNote(ctx, authOf(request).actor, request.params.id, request.body.reason));

  app.get('/street-file/at', {
    config: { permission: READERS },
    schema: { tags, summary: 'The premises notes and hazards in force at a location as typed on a call: the street’s, the range’s covering the number, the address’s', querystring: S.AtQuery, response: { 200: S.NotesAt } },
  }, async (request) => notesAt(ctx, request.query.address));
};
