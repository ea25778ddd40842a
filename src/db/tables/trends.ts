/**
 * The Trends page's roll-up (migration 0049): written only by triggers on `incident`,
 * `incident_unit` and `call` in the same transaction as those writes, and by
 * `trend_clock_set` when the agency's zone changes; src/trends reads them.
 * `month`, `dow` (ISO, 1 Monday) and `hour` are on the agency's clock (the zone in `trend_clock`).
 */
export interface TrendClockTable {
  one: boolean;
  time_zone: string;
}

/** One per incident: what the charts count by, and the first unit's times in whole seconds from the call received. */
export interface TrendIncidentTable {
  number: string;
  reported_at: Date;
  month: string;
  dow: number;
  hour: number;
  type: string;
  priority: number;
  /** `location.area`, '' when none */
  sector: string;
  /** false for a duplicate merged into another incident */
  counted: boolean;
  /** confidential, or at a shelter by its location's flag (the shelter_address rows are checked when drawing) */
  hidden: boolean;
  lat: number | null;
  lon: number | null;
  dispatch_seconds: number | null;
  en_route_seconds: number | null;
  arrival_seconds: number | null;
}

export interface TrendCallTable {
  id: string;
  received_at: Date;
  /** since migration 0054 */
  month: string;
  dow: number;
  hour: number;
  priority: number;
  incident_number: string | null;
}

/** One per unit assignment, with its incident's narrowing copied so the workload reads one table. */
export interface TrendAssignmentTable {
  incident_number: string;
  call_sign: string;
  dispatched_at: Date;
  hour: number;
  cleared_at: Date | null;
  type: string;
  priority: number;
  sector: string;
  counted: boolean;
}

/** Counted incidents by agency month, type, priority and sector (migration 0054, kept by triggers on `trend_incident`). */
export interface TrendMonthTable {
  month: string;
  type: string;
  priority: number;
  sector: string;
  n: number;
}

/** Calls and counted incidents by agency month, ISO day of week and hour (migration 0054, kept by triggers on `trend_call` and `trend_incident`). */
export interface TrendHeatTable {
  month: string;
  dow: number;
  hour: number;
  calls: number;
  incidents: number;
}

/**
 * The response-time chart's histogram (migration 0051, kept by triggers on `trend_incident`):
 * incidents by agency month, priority, sector and watch (1 day, 2 evening, 3 night), counted by
 * stage (1 dispatch, 2 en route, 3 arrival) in buckets of `RESPONSE_BUCKET_SECONDS`.
 */
export interface TrendResponseTable {
  month: string;
  priority: number;
  sector: string;
  watch: number;
  stage: number;
  bucket: number;
  n: number;
}

export interface TrendsTables {
  trend_clock: TrendClockTable;
  trend_incident: TrendIncidentTable;
  trend_call: TrendCallTable;
  trend_assignment: TrendAssignmentTable;
  trend_month: TrendMonthTable;
  trend_heat: TrendHeatTable;
  trend_response: TrendResponseTable;
}
