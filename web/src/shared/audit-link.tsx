import { navigate } from './router.ts';
import '../admin/audit-trail.css';

/** What the audit browser is opened on (its query string): a person, a record, an action, a period, an outcome. */
export type TrailFilter = Partial<Record<'person' | 'recordType' | 'recordId' | 'action' | 'outcome' | 'access' | 'from' | 'to', string>>;

/** Who may open the audit browser: as the server decides (audit.read, or cjis.manage for the CJIS representative). */
export const readsAuditTrail = (permissions: readonly string[]) => permissions.includes('audit.read') || permissions.includes('cjis.manage');

/** The browser's address for a filter: what "who read this" and "what did this person do" open. */
export function auditTrailPath(filter: TrailFilter): string {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  return `/audit-trail?${query.toString()}`;
}

/** A button that opens the audit browser, shown only to those who may read the trail. */
export function AuditTrailLink({ permissions, filter, label, name }: { permissions: readonly string[]; filter: TrailFilter; label: string; name?: string }) {
  if (!readsAuditTrail(permissions)) return null;
  return <button type="button" className="audit-link" aria-label={name} onClick={() => navigate(auditTrailPath(filter))}>{label}</button>;
}

