// shpjs 6 ships no types (and @types/shpjs describes its 3.x API): the two functions the importer uses.
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** A .shp's shapes as GeoJSON geometries; reprojected only when a projection is given (the importer gives none). */
  export function parseShp(shp: Uint8Array | ArrayBuffer | DataView, prj?: string): Geometry[];
  /** A .dbf's rows, decoded with the .cpg's code page when given. */
  export function parseDbf(dbf: Uint8Array | ArrayBuffer | DataView, cpg?: string): Record<string, unknown>[];
}
