import type { Config } from './config.ts';
import type { DatabaseHandle, Db } from '../db/index.ts';
import type { AuditChainer } from './audit/chainer.ts';
import type { Clock } from './clock.ts';
import type { EventHub } from './events/hub.ts';

/** What every service is handed: the database, the settings, the event hub and audit chainer of this process, and the clock. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  hub: EventHub;
  /** Links committed audit rows into the keyed chain; holds the chain's key. */
  audit: AuditChainer;
  /** "Now" for rules that count time (deadlines, retention); tests set it. */
  clock: Clock;
  /** What the operator must hear at start (loose file modes tightened, a non-durable database, running as the table owner); the server logs each. */
  warnings: string[];
  /** True when a source address is inside the agency's trusted network. */
  isTrusted: (address: string) => boolean;
}
