import { lazy, type ComponentType } from 'react';
import type { Me } from '../shared/api.ts';
import { Console } from '../console/Console.tsx';
import { FieldView } from '../field/FieldView.tsx';
import { CallLog } from '../console/CallLog.tsx';
import { FloorPage } from '../console/floor/FloorPage.tsx';
import { Account } from '../account/Account.tsx';
import { AuditReports } from '../admin/AuditReports.tsx';
import { AuditTrail } from '../admin/AuditTrail.tsx';
import { AllSessions, Users } from '../admin/Users.tsx';
import { KnoxPage } from '../keys/KnoxPage.tsx';
import { RecordsSection } from '../records/RecordsSection.tsx';
import { CjisSection } from '../cjis/CjisSection.tsx';
import { RecordingsPage } from '../recordings/RecordingsPage.tsx';
import { RoleApprovalsPage } from '../admin/RoleApprovals.tsx';
import { ItPage } from '../it/ItPage.tsx';
import { EmdPage } from '../emd/EmdPage.tsx';
import { Configuration } from '../admin/config/Configuration.tsx';
import { InventoryPage } from '../inventory/InventoryPage.tsx';
import { AlarmsPage } from '../alarms/AlarmsPage.tsx';
import { IntelligencePage } from '../intelligence/IntelligencePage.tsx';
import { StreetFilePage } from '../streets/StreetFilePage.tsx';
import { AttendancePage } from '../attendance/AttendancePage.tsx';

// The trends page brings the chart library: it loads when first opened, not with the dispatch console.
const TrendsPage = lazy(async () => ({ default: (await import('../trends/TrendsPage.tsx')).TrendsPage }));

/**
 * A part of the console reachable from the navigation. A section appears only for
 * users holding one of its permissions (every signed-in user when it names none); each capability adds its own entry.
 */
export interface Section {
  path: string;
  label: string;
  anyOf: string[];
  component: ComponentType<{ me: Me }>;
}

export const sections: Section[] = [
  { path: '/console', label: 'Dispatch', anyOf: ['dispatch.calls', 'dispatch.dispatch'], component: Console },
  // the closed-call log of the shift (LOG on the console's command line, or F8)
  { path: '/calls', label: 'Call log', anyOf: ['dispatch.calls'], component: CallLog },
  // the dispatch floor's screens: transfer and relay, call backs, screening, messages, alarms, directory, timers (XFER, CB, … on the command line)
  { path: '/floor', label: 'Floor', anyOf: ['dispatch.calls', 'dispatch.dispatch'], component: FloorPage },
  { path: '/field', label: 'My unit', anyOf: ['dispatch.own_unit'], component: FieldView },
  { path: '/knox', label: 'Knox keys', anyOf: ['knox.request', 'knox.authorize', 'knox.register'], component: KnoxPage },
  { path: '/records', label: 'Records', anyOf: ['records.read'], component: RecordsSection },
  { path: '/cjis', label: 'CJIS', anyOf: ['cjis.query', 'cjis.manage', 'cjis.bop_list'], component: CjisSection },
  { path: '/admin/users', label: 'Users', anyOf: ['users.admin'], component: Users },
  { path: '/admin/sessions', label: 'Sessions', anyOf: ['sessions.admin'], component: AllSessions },
  // code tables, units, agency profile, timers, ALI layouts, directory and roster; security settings read only
  { path: '/admin/config', label: 'Administration', anyOf: ['codes.edit'], component: Configuration },
  { path: '/audit', label: 'Audit', anyOf: ['audit.read'], component: AuditReports },
  // the audit browser: the auditor and the CJIS representative (81A §J.1.b.ix) search the whole trail
  { path: '/audit-trail', label: 'Audit trail', anyOf: ['audit.read', 'cjis.manage'], component: AuditTrail },
  // every signed-in person, a new login still waiting for its roles included: password, authenticator, sessions
  { path: '/account', label: 'My account', anyOf: [], component: Account },
  { path: '/recordings', label: 'Recordings', anyOf: ['recordings.review', 'recordings.hold', 'recordings.retention'], component: RecordingsPage },
  // Two people for privilege: the chief approves privileged role changes (administrators also see them under Users).
  { path: '/admin/approvals', label: 'Role approvals', anyOf: ['users.approve_roles'], component: RoleApprovalsPage },
  // IT records and backups (S-110 §C, §E, §G, §I)
  { path: '/it', label: 'IT', anyOf: ['backup.run', 'it.read'], component: ItPage },
  // emergency medical dispatch: certifications, protocol cards, the licensed product (81A §I)
  { path: '/emd', label: 'EMD', anyOf: ['emd.manage'], component: EmdPage },
  // department inventory: the Supply Supervisor's and the IT Director's register of equipment (S-110 §A.1.f)
  { path: '/inventory', label: 'Inventory', anyOf: ['inventory.read'], component: InventoryPage },
  // alarm premises: the records clerk's and the OIC's register, read by dispatch and patrol (S-110 §A.1.a)
  { path: '/alarms', label: 'Alarms', anyOf: ['alarms.manage', 'records.read', 'dispatch.calls'], component: AlarmsPage },
  // criminal intelligence records (28 CFR Part 23; S-110 §A.1.m): the Chief, captains and the intelligence officer only
  { path: '/intelligence', label: 'Intelligence', anyOf: ['intelligence.records'], component: IntelligencePage },
  // policing trends and workload as charts, the monthly report (S-110 §II, §A.1.s)
  { path: '/trends', label: 'Trends', anyOf: ['stats.read'], component: TrendsPage },
  // street files: the street index, premises notes and hazards (S-110 §A.1.v); read as the caution flags are, kept by the OIC and records
  { path: '/street-file', label: 'Street file', anyOf: ['dispatch.calls', 'records.read', 'streets.keep'], component: StreetFilePage },
  // employee attendance beside the roster (S-110 §A.1.i): supervisors record, command staff and the auditor read, everyone else their own
  { path: '/attendance', label: 'Attendance', anyOf: ['attendance.read', 'attendance.own'], component: AttendancePage },
];
