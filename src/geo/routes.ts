import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { Forbidden, NotFound, Problem } from '../core/errors.ts';
import { Bytes } from '../core/contract.ts';
import { rosterDates } from '../core/clock.ts';
import { callSignsOf } from '../directory/roster.ts';
import { unitByCallSign } from '../dispatch/units/service.ts';
import * as S from './schemas.ts';
import {
  assignModem, importLayer, layerVersions, mapLayers, modemUnits, recordPosition, recordPositions, reverseLookup, suggestLocations, unitPositions, verifyLocation,
  type PositionReport,
} from './service.ts';
import { basemapBytes, currentBasemap } from './basemap.ts';

const tags = ['geography'];
const locators = ['dispatch.calls', 'dispatch.own_unit'] as const;
/** Who may see the map: the console and field views (events), and the trends map (S-110 §A.1.s). */
const mapReaders = ['events.read', 'stats.read'] as const;
const BASEMAP_FILE = '/api/v1/geo/basemap.pmtiles';
/** A town's address file runs to tens of megabytes of GeoJSON. */
const IMPORT_LIMIT = 256 * 1024 * 1024;

/** The town's geography (81A §C.2.b, §E.2): verified locations, the map's layers, vehicle locations. */
export const geoRoutes: Capability = async (app, { ctx }) => {
  app.get('/geo/suggestions', {
    config: { permission: locators },
    schema: { tags, summary: 'What a typed location may mean: addresses, intersections, streets, places, mile markers', querystring: S.SuggestQuery, response: { 200: Type.Array(S.Suggestion) } },
  }, async (request) => suggestLocations(ctx, request.query.q, request.query.limit ?? 10));

  app.get('/geo/verify', {
    config: { permission: locators },
    schema: { tags, summary: 'The location as the town’s files know it, or the text as typed flagged unverified', querystring: S.SuggestQuery, response: { 200: S.VerifiedLocation } },
  }, async (request) => verifyLocation(ctx, request.query.q));

  app.get('/geo/reverse', {
    config: { permission: locators },
    schema: { tags, summary: 'The nearest address point to a point, and the sector and districts it lies in', querystring: S.PointQuery, response: { 200: S.ReverseAnswer } },
  }, async (request) => reverseLookup(ctx, request.query));

  app.get('/geo/layers', {
    config: { permission: mapReaders },
    schema: { tags, summary: 'The map’s own layers: street centerlines, sectors and districts, place names', response: { 200: S.MapLayers } },
  }, async () => mapLayers(ctx));

  app.get('/geo/basemap', {
    config: { permission: mapReaders },
    schema: { tags, summary: 'The agency’s basemap file under the map, if it has one (a PMTiles archive of raster tiles)', response: { 200: S.BasemapAnswer } },
  }, async () => {
    const basemap = await currentBasemap(ctx);
    if (!basemap) return { configured: false as const };
    const { tileType, minZoom, maxZoom, bounds, attribution } = basemap;
    return { configured: true as const, url: `${BASEMAP_FILE}?v=${basemap.sha256.slice(0, 16)}`, tileType, minZoom, maxZoom, bounds, attribution };
  });

  app.get('/geo/basemap.pmtiles', {
    config: { permission: mapReaders },
    schema: {
      tags, summary: 'The basemap archive, whole or the one byte range a PMTiles reader asks for (Range: bytes=start-end)', querystring: S.BasemapFileQuery,
      response: { 200: Bytes('the PMTiles archive'), 206: Bytes('the requested byte range of the archive') },
    },
  }, async (request, reply) => {
    const answer = await basemapBytes(ctx, request.headers.range).catch((error: unknown) => {
      if (error instanceof Problem && error.status === 416) reply.header('content-range', `bytes */${String(error.extra?.size)}`);
      throw error;
    });
    // The address carries the file's version, so a browser may keep what it read; private: only signed-in map readers get it.
    reply.header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=86400').header('etag', `"${answer.basemap.sha256}"`).type('application/vnd.pmtiles');
    if (answer.range) {
      reply.status(206).header('content-range', `bytes ${answer.range.start}-${answer.range.end}/${answer.basemap.bytes}`).header('content-length', answer.range.end - answer.range.start + 1);
    } else {
      reply.header('content-length', answer.basemap.bytes);
    }
    return reply.send(answer.stream);
  });

  app.get('/geo/layers/versions', {
    config: { permission: 'agency.read' },
    schema: { tags, summary: 'Which version of each layer is in use, from which file, loaded by whom', response: { 200: Type.Array(S.LayerVersion) } },
  }, async () => layerVersions(ctx));

  app.post('/geo/layers/:kind', {
    config: { permission: 'geo.import' },
    bodyLimit: IMPORT_LIMIT,
    schema: { tags, summary: 'Replace a layer from a GeoJSON or CSV file (all of it or none of it)', params: S.LayerKindParam, body: S.ImportBody, response: { 201: S.ImportAnswer } },
  }, async (request, reply) => {
    const result = await importLayer(ctx, authOf(request).actor, { ...request.body, kind: request.params.kind });
    return reply.status(201).send(result);
  });

  app.get('/geo/units', {
    config: { permission: 'events.read' },
    schema: { tags, summary: 'Every unit’s last position, stale ones marked', response: { 200: Type.Array(S.UnitPosition) } },
  }, async () => unitPositions(ctx));

  app.post('/geo/units/:callSign/position', {
    config: { permission: 'dispatch.own_unit' },
    schema: { tags, summary: 'The field view reports its own unit’s position (when the officer allows it)', params: S.CallSignParam, body: S.OwnPositionBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const { actor } = authOf(request);
    const own = await callSignsOf(ctx.db, actor.username, rosterDates(ctx.config.agency.timeZone));
    if (!own.includes(request.params.callSign)) throw new Forbidden('geo.not_own_unit', `${request.params.callSign} is not a unit you ride in today (81A §B.4.c)`);
    const fixedAt = request.body.fixedAt ? new Date(request.body.fixedAt) : undefined;
    await recordPosition(ctx, actor, { ...request.body, callSign: request.params.callSign, fixedAt, source: 'field' });
    return reply.status(204).send(null);
  });

  app.post('/geo/avl', {
    config: { permission: 'geo.avl' },
    schema: { tags, summary: 'The AVL gateway’s JSON feed: modem positions', body: S.FeedBody, response: { 200: S.FeedAnswer } },
  }, async (request) => {
    const units = await modemUnits(ctx);
    const answer = { accepted: 0, late: 0, refused: [] as { index: number; modemId: string; detail: string }[] };
    // the request's positions are kept in one transaction, told in one event
    const reports: { index: number; modemId: string; report: PositionReport }[] = [];
    for (const [index, p] of request.body.positions.entries()) {
      const callSign = units.get(p.modemId);
      if (!callSign) { answer.refused.push({ index, modemId: p.modemId, detail: 'this modem is not assigned to a unit' }); continue; }
      reports.push({ index, modemId: p.modemId, report: { ...p, callSign, fixedAt: new Date(p.fixedAt), source: 'http' } });
    }
    const outcomes = await recordPositions(ctx, authOf(request).actor, reports.map((r) => r.report));
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome === 'kept') answer.accepted += 1;
      else if (outcome === 'late') answer.late += 1;
      else answer.refused.push({ index: reports[i]!.index, modemId: reports[i]!.modemId, detail: outcome.refused });
    }
    answer.refused.sort((a, b) => a.index - b.index);
    return answer;
  });

  app.get('/geo/modems', {
    config: { permission: 'geo.import' },
    schema: { tags, summary: 'Which in-vehicle modem reports for which unit', response: { 200: Type.Array(S.Modem) } },
  }, async () => [...(await modemUnits(ctx))].map(([modemId, callSign]) => ({ modemId, callSign })));

  app.put('/geo/modems/:modemId', {
    config: { permission: 'geo.import' },
    schema: { tags, summary: 'Say which unit a modem reports for', params: S.ModemParam, body: S.ModemBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    if (!(await unitByCallSign(ctx.db, request.body.callSign))) throw new NotFound('unit.not_found', `there is no unit ${request.body.callSign}`);
    await assignModem(ctx, authOf(request).actor, request.params.modemId, request.body.callSign);
    return reply.status(204).send(null);
  });
};
