import type { AgencyTables } from './tables/agency.ts';
import type { DirectoryTables } from './tables/directory.ts';
import type { DispatchTables } from './tables/dispatch.ts';
import type { IdentityTables } from './tables/identity.ts';
import type { KeysTables } from './tables/keys.ts';
import type { PlatformTables } from './tables/platform.ts';
import type { RecordsTables } from './tables/records.ts';
import type { CjisTables } from './tables/cjis.ts';
import type { RecordingsTables } from './tables/recordings.ts';
import type { GeoTables } from './tables/geo.ts';
import type { InventoryTables } from './tables/inventory.ts';
import type { AttendanceTables } from './tables/attendance.ts';
import type { BackupTables } from './tables/backup.ts';
import type { ItTables } from './tables/it.ts';
import type { ReleaseTables } from './tables/release.ts';
import type { EmdTables } from './tables/emd.ts';
import type { IntelligenceTables } from './tables/intelligence.ts';
import type { TrendsTables } from './tables/trends.ts';
import type { StreetsTables } from './tables/streets.ts';
import type { AlarmsTables } from './tables/alarms.ts';
import type { NotifyTables } from './tables/notify.ts';

export type { Json, ServerAssigned, StampedAt } from './tables/columns.ts';

/**
 * Every table, declared one way: each capability's tables live in `tables/<capability>.ts`
 * as an interface `<Capability>Tables`, and that capability alone reads and writes them
 * (test/architecture.test.ts checks it). The platform's tables (event log, audit trail,
 * settings, number series) are written only through `src/core`.
 */
export interface Database extends
  PlatformTables,
  IdentityTables,
  AgencyTables,
  DispatchTables,
  DirectoryTables,
  KeysTables,
  RecordsTables,
  CjisTables,
  RecordingsTables,
  GeoTables,
  BackupTables,
  ItTables,
  ReleaseTables,
  EmdTables,
  InventoryTables,
  IntelligenceTables,
  StreetsTables,
  AttendanceTables,
  TrendsTables,
  AlarmsTables,
  NotifyTables {}
export interface Database extends
  PlatformTables,
  IdentityTables,
  AgencyTables,
  DispatchTables,
  DirectoryTables,
  KeysTables,
  RecordsTables,
  CjisTables,
  RecordingsTables,
  GeoTables,
  BackupTables,
  ItTables {}
