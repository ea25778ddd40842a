import { defineSetting } from '../core/settings.ts';
import type { Actor } from '../core/actor.ts';
import { MINIMUM_RETENTION_YEARS, type RetentionClass, type Talkgroup } from './model.ts';

/** Years each class is kept (81A §L): never below three; the agency may keep longer. */
export const RETENTION_YEARS = defineSetting<Record<RetentionClass, number>>('recordings.retentionYears', {
  e911: MINIMUM_RETENTION_YEARS, radio: MINIMUM_RETENTION_YEARS, business_line: MINIMUM_RETENTION_YEARS, call_detail: MINIMUM_RETENTION_YEARS,
});

/** How far back a dispatcher's instant recall reaches (81A §M.2), in minutes. */
export const RECALL_MINUTES = defineSetting<number>('recordings.recallMinutes', 60);

/** The talkgroups the recorder records and whose units talk on them (radio matching by talkgroup and time). */
export const TALKGROUPS = defineSetting<Talkgroup[]>('recordings.talkgroups', [
  { id: '1001', name: 'Police main', service: 'police' },
  { id: '2001', name: 'Fire dispatch', service: 'fire' },
  { id: '3001', name: 'EMS', service: 'ems' },
]);

/** How far the call-detail-record capture has read the ended E-911 calls. */
export const CALL_DETAIL_CURSOR = defineSetting<string>('recordings.callDetailCursor', '1970-01-01T00:00:00.000Z');

/** The actors of work no person starts: the drop-folder import and the retention jobs. */
export function systemActor(username: 'recorder-drop' | 'recordings-retention' | 'recordings-call-details', source: string | null = null): Actor {
  return { username, roles: [], source, remote: false };
}
