/** What the Knox API answers, as the console uses it. */
export interface BoardKey {
  number: string;
  status: 'cabinet' | 'assigned' | 'lost' | 'retired';
  note: string | null;
  out: null | { assignmentId: string; officer: string; officerName: string; callSign: string | null; assignedBy: string; assignedAt: string; dueBackAt: string; overdue: boolean };
}

export interface KnoxAlert { id: string; kind: string; key: string | null; box: string | null; officer: string | null; message: string; raisedAt: string }

export interface Box {
  id: string;
  location: { building: string; address: string; lat: number | null; lon: number | null };
  kind: 'housing_authority' | 'state_housing' | 'school';
  authority: string;
  contacts: { role: string; name: string; email?: string | null; phone?: string | null }[];
  reportTo: string;
  units: string[];
}

export interface Reason { code: string; label: string; allowed: boolean; clause: string; scope: string; quote: string }

export interface Delivery { id: string; recipient: string; recipientName: string; status: 'pending' | 'delivered'; attempts: number; lastError: string | null; nextAttemptAt: string | null; deliveredAt: string | null; subject: string }

export interface Access {
  id: string;
  status: 'requested' | 'authorized' | 'removed' | 'returned';
  incident: string;
  box: { id: string; building: string; address: string };
  reason: { code: string; label: string; clause: string | null };
  apartments: string[];
  occupant: string | null;
  officerName: string;
  officerUnit: string | null;
  warrantAuthorizedBy: { name: string; title: string } | null;
  requestedAt: string;
  authorizedByName: string | null;
  authorizedAt: string | null;
  removedAt: string | null;
  returnedAt: string | null;
  report: { url: string; filedAt: string } | null;
  deliveries: Delivery[];
}

export const BOX_KIND_NAMES: Record<Box['kind'], string> = {
  housing_authority: 'Housing Authority',
  state_housing: 'State Housing Authority',
  school: 'School',
};

export const KEY_STATUS_NAMES: Record<BoardKey['status'], string> = {
  cabinet: 'In the key cabinet',
  assigned: 'Out',
  lost: 'LOST',
  retired: 'Retired',
};

let agencyZone: string | undefined;
/** Times on the Knox screens are the agency's local time, whatever the workstation's clock says. */
export function setAgencyZone(zone: string | undefined): void {
  agencyZone = zone;
}

export function clock(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-US', { timeZone: agencyZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export interface DistributionRow {
  id: string; key: string; officerName: string; callSign: string | null; assignedByName: string; assignedAt: string;
  dueBackAt: string; returnedAt: string | null; returnedToName: string | null; wentOffDuty: boolean; lostAt: string | null;
}
