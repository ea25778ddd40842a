// @mapbox/shp-write ships no types: what the shapefile import test uses to write real shapefiles.
declare module '@mapbox/shp-write' {
  import type { FeatureCollection } from 'geojson';
  type Files = { shp: DataView; shx: DataView; dbf: DataView; prj: string };
  /** Writes one layer's .shp/.shx/.dbf (geometries: [x, y] for points, [[[x, y], …]] for lines). */
  export function write(rows: Record<string, unknown>[], type: 'POINT' | 'POLYLINE' | 'POLYGON', geometries: unknown[], done: (error: unknown, files: Files) => void): void;
  /** A .zip of one shapefile per geometry type in the collection, named by `types`, with `prj` as each one's .prj. */
  export function zip(collection: FeatureCollection, options: { outputType: 'nodebuffer'; prj?: string; types?: Record<string, string>; compression?: string }): Promise<Buffer>;
}
