import type { Config } from './config.ts';
import type { DatabaseHandle, Db } from '../db/index.ts';
import type { EventHub } from '../events/hub.ts';

/** What every service is handed: the database, the settings and the event hub of this process. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  hub: EventHub;
  /** True when a source address is inside the agency's trusted network. */
  isTrusted: (address: string) => boolean;
}
