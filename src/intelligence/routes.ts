import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import * as S from './schemas.ts';
import { disseminate, getRecord, listRecords, openRecord, purgeRecord, review } from './service.ts';

/** Criminal intelligence records (28 CFR Part 23; S-110 §A.1.m): one permission for every route, every read audited. */
export const intelligenceRoutes: Capability = async (app, { ctx }) => {
  const tags = ['intelligence'];
  const permission = 'intelligence.records';

  app.post('/intelligence', {
    config: { permission },
    schema: { tags, summary: 'Open an intelligence record on a criminal predicate (28 CFR 23.20(a))', body: S.NewRecord, response: { 201: S.Created } },
  }, async (request, reply) => reply.status(201).send(await openRecord(ctx, authOf(request).actor, request.body)));

  app.get('/intelligence', {
    config: { permission },
    schema: { tags, summary: 'The intelligence register, or the records due for review or purge (each read audited)', querystring: S.ListQuery, response: { 200: S.RecordPage } },
  }, async (request) => {
    const { limit, after, due } = request.query;
    return listRecords(ctx, authOf(request).actor, { due }, { limit, after });
  });

  app.get('/intelligence/:id', {
    config: { permission },
    schema: { tags, summary: 'One intelligence record (the read is audited)', params: S.Id, response: { 200: S.RecordView } },
  }, async (request) => getRecord(ctx, authOf(request).actor, request.params.id));

  app.post('/intelligence/:id/disseminations', {
    config: { permission },
    schema: { tags, summary: 'Record a dissemination: the recipient, need-to-know, right-to-know and why (28 CFR 23.20(e))', params: S.Id, body: S.NewDissemination, response: { 201: S.DisseminationCreated } },
  }, async (request, reply) => reply.status(201).send(await disseminate(ctx, authOf(request).actor, request.params.id, request.body)));

  app.post('/intelligence/:id/review', {
    config: { permission },
    schema: { tags, summary: 'Validate a record on review: kept five more years (28 CFR 23.20(h))', params: S.Id, body: S.Review, response: { 200: S.Reviewed } },
  }, async (request) => review(ctx, authOf(request).actor, request.params.id, request.body.note));

  app.post('/intelligence/:id/purge', {
    config: { permission },
    schema: { tags, summary: 'Purge a record: its content goes, an audited tombstone stays (28 CFR 23.20(h))', params: S.Id, body: S.Purge, response: { 200: S.Done } },
  }, async (request) => purgeRecord(ctx, authOf(request).actor, request.params.id, request.body.reason));
};
