import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.ts';

/** The kinds of layer a town loads: each is replaced whole by an import. */
export type GeoLayerKind = 'addresses' | 'streets' | 'areas' | 'places';

/** The version of each layer now in use, and who loaded it from which file. */
export interface GeoLayerTable {
  kind: GeoLayerKind;
  version: number;
  source: string;
  features: number;
  /** Stamped by the database at the first import, by the server at each replacement. */
  imported_at: ColumnType<Date, never, Date>;
  imported_by: string;
}

/** One E-911 address point. `street` is normalised (`ELM ST`). */
export interface GeoAddressTable {
  id: Generated<number>;
  number: string;
  street: string;
  unit: string | null;
  city: string | null;
  lat: number;
  lon: number;
}

/** One street centerline segment, coordinates as GeoJSON `[lon, lat]` pairs. */
export interface GeoStreetTable {
  id: Generated<number>;
  name: string;
  coords: Json<[number, number][]>;
  speed_kmh: number;
  /** The segment's address ranges as the centerline file gives them: left and right side, from and to (null: not given). */
  l_from: ColumnType<number | null, number | null | undefined, number | null>;
  l_to: ColumnType<number | null, number | null | undefined, number | null>;
  r_from: ColumnType<number | null, number | null | undefined, number | null>;
  r_to: ColumnType<number | null, number | null | undefined, number | null>;
}

export type GeoAreaKind = 'sector' | 'fire_district' | 'ems_district';

/** A patrol sector/beat or a fire or EMS district: a GeoJSON Polygon or MultiPolygon. */
export interface GeoAreaTable {
  id: Generated<number>;
  kind: GeoAreaKind;
  name: string;
  geometry: Json<{ type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }>;
}

/** A common place name ("Town Hall", "the mall") or a mile marker. */
export interface GeoPlaceTable {
  id: Generated<number>;
  kind: 'place' | 'mile_marker';
  name: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  lat: number;
  lon: number;
}

/** A unit's last reported position (AVL, the field view, or the HTTP feed). */
export interface GeoUnitPositionTable {
  call_sign: string;
  lat: number;
  lon: number;
  speed_kmh: number | null;
  heading: number | null;
  source: 'field' | 'modem' | 'http';
  fixed_at: Date;
  received_at: Date;
}

/** Which in-vehicle modem reports for which unit. */
export interface GeoModemTable {
  modem_id: string;
  call_sign: string;
}

export interface GeoTables {
  geo_layer: GeoLayerTable;
  geo_address: GeoAddressTable;
  geo_street: GeoStreetTable;
  geo_area: GeoAreaTable;
  geo_place: GeoPlaceTable;
  geo_unit_position: GeoUnitPositionTable;
  geo_modem: GeoModemTable;
}
