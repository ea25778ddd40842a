import L from 'leaflet';
import { FetchSource, PMTiles, leafletRasterLayer } from 'pmtiles';
import type { Static } from 'typebox';
import type { BasemapAnswer } from '../../../src/geo/schemas.ts';
import { api } from '../shared/api.ts';

export type Basemap = Extract<Static<typeof BasemapAnswer>, { configured: true }>;

/** The agency's basemap file, if it has one (`null`: the map is the town's own layers, as without one). */
export async function loadBasemap(): Promise<Basemap | null> {
  const answer = await api<Static<typeof BasemapAnswer>>('/api/v1/geo/basemap').catch(() => null);
  return answer?.configured ? answer : null;
}

/**
 * The basemap as a Leaflet layer under the town's layers: the `pmtiles` reader fetches
 * the archive from our own server by byte range (no tile server) and hands each tile
 * to an <img>. Its requests are background ones: drawing tiles does not keep a session
 * alive (CJIS AC-11). Beyond the archive's deepest zoom its tiles are enlarged.
 */
export function basemapLayer(basemap: Basemap): L.Layer {
  const source = new FetchSource(basemap.url, new Headers({ 'x-precinct-activity': 'background' }), 'same-origin');
  const [west, south, east, north] = basemap.bounds;
  // The package's Leaflet adapter extends the global `L`, which Leaflet's own bundle sets.
  (window as unknown as { L?: typeof L }).L ??= L;
  const layer = leafletRasterLayer(new PMTiles(source), {
    className: 'map-basemap', attribution: basemap.attribution ?? undefined,
    minNativeZoom: basemap.minZoom, maxNativeZoom: basemap.maxZoom, bounds: L.latLngBounds([south, west], [north, east]),
  }) as L.GridLayer;
  // A tile is a picture of the ground with nothing to read: hidden from assistive tools, as Leaflet's own tiles are.
  layer.on('tileloadstart', (event: L.TileEvent) => { event.tile.alt = ''; event.tile.setAttribute('role', 'presentation'); });
  return layer;
}
