import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lon = Type.Number({ minimum: -180, maximum: 180 });

const Areas = {
  sector: Nullable(Type.String()),
  fireDistrict: Nullable(Type.String()),
  emsDistrict: Nullable(Type.String()),
};

export const Suggestion = Type.Object({
  kind: Type.Union([Type.Literal('address'), Type.Literal('block'), Type.Literal('intersection'), Type.Literal('street'), Type.Literal('place'), Type.Literal('mile_marker')], { description: 'block: a house number with no address point, placed on the centerline range that holds it' }),
  label: Type.String(), lat: Type.Number(), lon: Type.Number(), verified: Type.Boolean(), ...Areas,
  block: Type.Optional(Type.String({ description: 'for a block: the centerline range holding the number, 100–198' })),
  note: Type.Optional(Type.String({ description: 'for a block: on the 100–198 block of ELM ST' })),
});

export const VerifiedLocation = Type.Object({
  kind: Type.Optional(Type.String()), label: Type.String(), lat: Nullable(Type.Number()), lon: Nullable(Type.Number()), verified: Type.Boolean(), ...Areas,
  block: Type.Optional(Type.String()), note: Type.Optional(Type.String()),
});

export const ReverseAnswer = Type.Object({
  nearest: Nullable(Type.Intersect([Suggestion, Type.Object({ metres: Type.Number() })])),
  ...Areas,
});

export const SuggestQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 25 })),
}, { additionalProperties: false });

export const PointQuery = Type.Object({ lat: Lat, lon: Lon }, { additionalProperties: false });

export const LayerKindParam = Type.Object({
  kind: Type.Union([Type.Literal('addresses'), Type.Literal('streets'), Type.Literal('areas'), Type.Literal('places')]),
}, { additionalProperties: false });

export const ImportBody = Type.Object({
  format: Type.Union([Type.Literal('geojson'), Type.Literal('csv')]),
  text: Type.String({ minLength: 1 }),
  source: Type.String({ minLength: 1, maxLength: 200, description: 'the file name, for the audit trail' }),
  projection: Type.Optional(Type.String({ maxLength: 40, description: 'EPSG:26986, EPSG:2249 or EPSG:3857 when the file is not longitude/latitude' })),
  areaKind: Type.Optional(Type.Union([Type.Literal('sector'), Type.Literal('fire_district'), Type.Literal('ems_district')])),
  rangeColumns: Type.Optional(Type.Object({
    leftFrom: Type.String({ minLength: 1, maxLength: 40 }), leftTo: Type.String({ minLength: 1, maxLength: 40 }),
    rightFrom: Type.String({ minLength: 1, maxLength: 40 }), rightTo: Type.String({ minLength: 1, maxLength: 40 }),
  }, { additionalProperties: false, description: 'for streets: the left/right from–to address columns, when not one of the common names (L_F_ADD…, FROMLEFT…)' })),
}, { additionalProperties: false });

export const ImportAnswer = Type.Object({ kind: Type.String(), version: Type.Integer(), features: Type.Integer(), source: Type.String() });

export const LayerVersion = Type.Object({
  kind: Type.String(), version: Type.Integer(), source: Type.String(), features: Type.Integer(), importedAt: Type.String(), importedBy: Type.String(),
});

const Geometry = Type.Object({ type: Type.String(), coordinates: Type.Unknown() });
const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({ type: Type.Literal('Feature'), properties: Type.Record(Type.String(), Type.Unknown()), geometry: Geometry })),
});

export const MapLayers = Type.Object({
  streets: FeatureCollection,
  areas: FeatureCollection,
  places: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), lat: Type.Number(), lon: Type.Number() })),
});

export const UnitPosition = Type.Object({
  callSign: Type.String(), lat: Type.Number(), lon: Type.Number(), speedKmh: Nullable(Type.Number()), heading: Nullable(Type.Number()),
  source: Type.String(), fixedAt: Type.String(), stale: Type.Boolean(),
  /** The nearest address point within the agency's nearby distance (geo.nearbyMetres, 250 m unless changed), or null. */
  address: Nullable(Type.String()),
});

export const OwnPositionBody = Type.Object({
  lat: Lat, lon: Lon,
  speedKmh: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 400 }))),
  heading: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 360 }))),
  fixedAt: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

export const CallSignParam = Type.Object({ callSign: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false });

export const FeedBody = Type.Object({
  positions: Type.Array(Type.Object({
    modemId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.:-]+$' }),
    lat: Lat, lon: Lon,
    speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 400 })),
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    fixedAt: Type.String({ format: 'date-time' }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false });

export const FeedAnswer = Type.Object({
  accepted: Type.Integer(), late: Type.Integer(),
  refused: Type.Array(Type.Object({ index: Type.Integer(), modemId: Type.String(), detail: Type.String() })),
});

export const ModemParam = Type.Object({ modemId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.:-]+$' }) }, { additionalProperties: false });
export const ModemBody = Type.Object({ callSign: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false });
export const Modem = Type.Object({ modemId: Type.String(), callSign: Type.String() });
export const Empty = Type.Object({});

/** The agency's basemap file (a PMTiles archive of raster tiles), when it has one: what the map needs to draw it. */
export const BasemapAnswer = Type.Union([
  Type.Object({ configured: Type.Literal(false) }),
  Type.Object({
    configured: Type.Literal(true),
    /** Where the archive is read by byte range; the version in it changes with the file. */
    url: Type.String(),
    tileType: Type.Union([Type.Literal('png'), Type.Literal('jpeg'), Type.Literal('webp')]),
    minZoom: Type.Integer(), maxZoom: Type.Integer(),
    bounds: Type.Tuple([Lon, Lat, Lon, Lat]),
    attribution: Nullable(Type.String()),
  }),
]);

export const BasemapFileQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
