import { Type } from 'typebox';
import type { Capability } from '../../core/plugin.ts';
import { authOf } from '../../core/http.ts';
import { NotFound } from '../../core/errors.ts';
import { CaseNumberParam } from '../case-schemas.ts';
import * as S from './schemas.ts';
import { authorizeFinalAct, caseItems, createItem, getItem, moveItem, recipients } from './service.ts';
import { closeShelfAudit, recover, scanTag, searchStolen, shelfReport, startShelfAudit, stolenMatches } from './recovery.ts';
import { custodyPdf, labelPdf } from './label.ts';
import { itemByTag } from './store.ts';
import { namer } from '../print.ts';

/** Property and evidence with chain of custody (S-110 §A.1.j, u). */
export const propertyRoutes: Capability = async (app, { ctx }) => {
  const tags = ['property'];
  const pdf = { 200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'application/pdf' }) };

  app.post('/property', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Record an item (evidence, found, safekeeping or stolen) under a case; it gets a tag for its label', body: S.NewItem, response: { 201: S.Created } },
  }, async (request, reply) => reply.status(201).send(await createItem(ctx, authOf(request).actor, request.body)));

  app.get('/property/stolen', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'Outstanding stolen items by serial number or description, forgiving, best first (S-110 §A.1.u)', querystring: S.StolenQuery, response: { 200: Type.Array(S.StolenHit) } },
  }, async (request) => searchStolen(ctx, request.query));

  app.get('/property/by-tag', {
    config: { permission: 'records.read' },
    schema: { tags, summary: 'The item with this tag (a scanned label)', querystring: S.TagQuery, response: { 200: S.ItemView } },
  }, async (request) => {
    const item = await itemByTag(ctx.db, request.query.tag);
    if (!item) throw new NotFound('property.not_found', `no item tagged ${request.query.tag}`);
    return getItem(ctx, item.id);
  });

  app.get('/property/recipients', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'The agency\'s people an item can be handed to ("Received by"), by name', response: { 200: Type.Array(S.Recipient) } },
  }, async () => recipients(ctx));

  app.get('/property/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'An item with its whole chain of custody', params: S.Id, response: { 200: S.ItemView } },
  }, async (request) => getItem(ctx, request.params.id));

  app.get('/cases/:number/property', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'The items filed under a case', params: CaseNumberParam, response: { 200: Type.Array(S.ItemSummary) } },
  }, async (request) => caseItems(ctx, request.params.number));

  app.post('/property/:id/custody', {
    config: { permission: 'records.write' },
    schema: { tags, summary: 'Move an item (transfer, lab, court, returned, release, destruction): an append-only custody entry', params: S.Id, body: S.Movement, response: { 200: S.Moved } },
  }, async (request) => moveItem(ctx, authOf(request).actor, request.params.id, request.body as S_Movement));

  app.post('/property/:id/authorizations', {
    config: { permission: 'property.authorize' },
    schema: { tags, summary: 'Authorize release to the owner or destruction of an item', params: S.Id, body: S.Authorize, response: { 201: S.AuthorizationMade } },
  }, async (request, reply) => reply.status(201).send(await authorizeFinalAct(ctx, authOf(request).actor, request.params.id, request.body)));

  app.get('/property/:id/matches', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'Stolen reports this item may be', params: S.Id, response: { 200: Type.Array(S.StolenHit) } },
  }, async (request) => stolenMatches(ctx, request.params.id));

  app.post('/property/:id/recovers', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'This item is the stolen one: mark the stolen report recovered', params: S.Id, body: S.Recover, response: { 200: S.Recovered } },
  }, async (request) => recover(ctx, authOf(request).actor, request.params.id, request.body.stolenId));

  app.get('/property/:id/label.pdf', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'The item’s barcode label (QR code) for 4 × 2 inch label stock', params: S.Id, response: pdf },
  }, async (request, reply) => {
    const item = await getItem(ctx, request.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${item.tag}-label.pdf"`).send(Buffer.from(await labelPdf(item, ctx.config.agency)));
  });

  app.get('/property/:id/custody.pdf', {
    config: { permission: 'records.read', auditRead: true }, schema: { tags, summary: 'The chain of custody printed', params: S.Id, response: pdf },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const item = await getItem(ctx, request.params.id);
    const nameOf = await namer(ctx.db, [actor.username, ...item.custody.flatMap((c) => [c.recordedBy, c.authorizedBy])]);
    const bytes = await custodyPdf(item, ctx.config.agency, nameOf, nameOf(actor.username), new Date());
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${item.tag}-custody.pdf"`).send(Buffer.from(bytes));
  });

  app.post('/property-audits', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Start a shelf audit: what should be at this location', body: S.ShelfBody, response: { 201: S.ShelfStarted } },
  }, async (request, reply) => reply.status(201).send(await startShelfAudit(ctx, authOf(request).actor, request.body.location)));
  app.post('/property-audits/:id/scans', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'A tag scanned on the shelf', params: S.Id, body: S.ScanBody, response: { 200: S.ShelfReport } },
  }, async (request) => scanTag(ctx, authOf(request).actor, request.params.id, request.body.tag));
  app.post('/property-audits/:id/close', {
    config: { permission: 'records.write' }, schema: { tags, summary: 'Close the shelf audit', params: S.Id, response: { 200: S.ShelfReport } },
  }, async (request) => closeShelfAudit(ctx, authOf(request).actor, request.params.id));
  app.get('/property-audits/:id', {
    config: { permission: 'records.read' }, schema: { tags, summary: 'The shelf audit: expected, scanned, missing and unexpected items', params: S.Id, response: { 200: S.ShelfReport } },
  }, async (request) => shelfReport(ctx, request.params.id));
};

type S_Movement = Parameters<typeof moveItem>[3];
