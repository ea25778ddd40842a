import { Type, type Static } from 'typebox';

/** The charts of the Trends page (S-110 §II, §A.1.s); each answers `{ rows }`, and exports as CSV. */
export const CHARTS = ['heatmap', 'monthly', 'response', 'workload', 'crime', 'map'] as const;
export type Chart = (typeof CHARTS)[number];

const Day = Type.String({ format: 'date', description: 'a day on the agency’s calendar, YYYY-MM-DD' });

/** What every chart is filtered by: the period (agency days, both included), and optionally one type, sector or priority. */
export const TrendFilter = Type.Object({
  from: Day,
  to: Day,
  type: Type.Optional(Type.String({ pattern: '^[A-Z0-9_]{1,40}$', description: 'an incident type code' })),
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'a patrol sector, as incidents carry it' })),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  by: Type.Optional(Type.Union([Type.Literal('type'), Type.Literal('sector'), Type.Literal('priority'), Type.Literal('shift')], {
    description: 'monthly: type (default) or sector; response: priority (default), sector or shift',
  })),
}, { additionalProperties: false });
export type TrendFilter = Static<typeof TrendFilter>;

export const ChartParams = Type.Object({ chart: Type.Union(CHARTS.map((c) => Type.Literal(c))) }, { additionalProperties: false });

export const HeatCell = Type.Object({
  day: Type.Integer({ description: '1 Monday … 7 Sunday (ISO), on the agency’s clock' }), hour: Type.Integer({ minimum: 0, maximum: 23 }),
  calls: Type.Integer(), incidents: Type.Integer(),
});
export const MonthRow = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }), key: Type.String({ description: 'the type code or the sector' }), name: Type.String(),
  count: Type.Integer(), yearBefore: Type.Integer({ description: 'the same month a year before' }),
});
export const ResponseRow = Type.Object({
  key: Type.String({ description: 'the priority, sector or shift' }),
  stage: Type.Union([Type.Literal('dispatch'), Type.Literal('en_route'), Type.Literal('arrival')]),
  incidents: Type.Integer(), medianSeconds: Type.Number(), p90Seconds: Type.Number(),
});
export const ResponseBucket = Type.Object({
  stage: Type.Union([Type.Literal('dispatch'), Type.Literal('en_route'), Type.Literal('arrival')]),
  minute: Type.Integer({ description: 'whole minutes from the call; 30 holds 30 and over' }), incidents: Type.Integer(),
});
export const WorkloadRow = Type.Object({
  callSign: Type.String(), shift: Type.String(), assignments: Type.Integer(), minutes: Type.Number({ description: 'time committed, dispatch to clear (or the period’s end)' }),
});
export const CrimeRow = Type.Object({
  month: Type.String(), category: Type.String({ description: 'the Part I offense, or "Other Group A"' }), count: Type.Integer(), yearBefore: Type.Integer(),
});
export const MapPoint = Type.Object({
  number: Type.String(), type: Type.String(), name: Type.String(), priority: Type.Integer(), lat: Type.Number(), lon: Type.Number(),
  reportedAt: Type.String({ description: 'ISO 8601' }),
});

export const TrendAnswer = Type.Object({
  chart: Type.String(),
  rows: Type.Array(Type.Union([HeatCell, MonthRow, ResponseRow, WorkloadRow, CrimeRow, MapPoint])),
  buckets: Type.Optional(Type.Array(ResponseBucket, { description: 'response: how many incidents took each whole minute, by stage' })),
  withheld: Type.Optional(Type.Integer({ description: 'map: incidents in the period not drawn (confidential or a shelter address, or no point)' })),
});

export const ExportBody = Type.Object({ chart: Type.Union(CHARTS.map((c) => Type.Literal(c))), format: Type.Literal('png') }, { additionalProperties: false });
export const ReportQuery = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) }, { additionalProperties: false });
