/**
 * Roles and the permissions they carry: the one table in code that decides who
 * may do what (S-110 §D; the role table of DESIGN.md). Each route names the
 * permission it needs; a test walks every route and every role against this table.
 */
export const ROLES = [
  'dispatcher',
  'commanding_officer',
  'patrol_officer',
  'records_clerk',
  'supply_supervisor',
  'cjis_representative',
  'system_administrator',
  'chief',
  'captain',
  'court_administrator',
  'auditor',
  'patrol_supervisor',
  'recorder',
  // Geography: the AVL gateway's system login.
  'avl_gateway',
  'it_director',
  // Criminal intelligence (28 CFR Part 23): the officer the Chief designates to keep the intelligence file.
  'intelligence_officer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  dispatcher: 'Dispatcher',
  commanding_officer: 'Commanding officer / OIC',
  patrol_officer: 'Patrol officer',
  records_clerk: 'Records clerk',
  supply_supervisor: 'Supply supervisor',
  cjis_representative: 'CJIS representative',
  system_administrator: 'System administrator',
  chief: 'Chief',
  captain: 'Captain',
  court_administrator: 'Court administrator',
  auditor: 'Auditor',
  patrol_supervisor: 'Patrol supervisor (sergeant)',
  recorder: 'Call recorder (system login that uploads recordings)',
  avl_gateway: 'AVL gateway (system login that posts vehicle positions)',
  it_director: 'IT Director',
  intelligence_officer: 'Intelligence officer (designated by the Chief)',
};

/** Roles that may sign in from outside the trusted network, always with a second factor (S-110 §H). */
export const REMOTE_ROLES: readonly Role[] = ['system_administrator', 'chief', 'captain', 'court_administrator'];

export const PERMISSIONS = {
  'agency.read': 'See the agency profile, code tables, units and roster',
  'codes.edit': 'Edit code tables',
  'events.read': 'Read the dispatch event log and stream',
  'dispatch.calls': 'Take calls and create incidents',
  'dispatch.dispatch': 'Dispatch units and change any unit status',
  'dispatch.override': 'Override a required response (commanding officer)',
  'dispatch.own_unit': 'Change one’s own unit status, see one’s assigned incidents',
  'dispatch.confidential': 'See confidential incidents and shelter addresses',
  'directory.residential': 'Read personnel residential telephone numbers (restricted, every read audited; 81A §B.2.b.iii)',
  'records.read': 'Read cases, reports and master indexes',
  'records.write': 'Write reports and master-index entries',
  'cautions.flag': 'Enter and remove caution flags on addresses and people (supervisors and records staff)',
  'records.approve': 'Approve or return reports',
  'records.juvenile': 'Read juvenile records',
  'records.release': 'Release records; keep the CORI log',
  'records.nibrs': 'Keep the NIBRS data of incidents, the offense mapping, the edit inbox and the monthly submissions (S-110 §A.1.q)',
  'property.authorize': 'Authorize the release of property to its owner and the destruction of property and evidence (S-110 §A.1.j, u)',
  'knox.request': 'Request and record Knox Box access',
  'knox.authorize': 'Authorize Knox Box access; assign keys for a shift',
  'knox.register': 'Keep the Knox key register and distribution record',
  'cjis.query': 'Run CJIS/NCIC queries',
  'cjis.manage': 'Keep CJIS users, certificates and validations',
  'cjis.bop_list': 'Keep the Chief’s list of employees authorized for Board of Probation (CORI) queries (81A §J.4.c)',
  'users.admin': 'Add users, assign roles, disable, unlock, reset passwords and MFA',
  'sessions.admin': 'See and end anyone’s sessions',
  'users.approve_roles': 'Approve or refuse another administrator’s grant or removal of a privileged role (two-person rule)',
  'audit.read': 'Read the audit trail and login reports',
  'recordings.import': 'Upload recordings from the center’s recorder (81A §L)',
  'recordings.replay': 'Instantly replay the recent recordings of one’s own dispatch position (81A §M.2)',
  'recordings.review': 'Search, play and export any recording, stating the purpose (81A §M.1)',
  'recordings.hold': 'Place and release litigation holds on recordings and call detail records (81A §L)',
  'recordings.retention': 'Set retention periods, see what will be purged, run the purge (81A §L)',
  // Geography (81A §C.2.b, §E.2)
  'geo.import': 'Load the town’s geography (addresses, centerlines, sectors, places) and assign AVL modems',
  'geo.avl': 'Post vehicle positions from an AVL gateway',
  'backup.run': 'Back up now, list, verify and prune archives, run restore drills (S-110 §E)',
  'backup.policy': 'Set backup retention, frequency and drill interval (S-110 §E.2, the IT Director)',
  'it.read': 'Read the IT records: change requests, media register, server-room access (S-110 §C, §G, §I)',
  'it.records': 'Keep the IT records: change requests, media, sanitization, destruction, server-room access (S-110 §C, §G, §I)',
  'it.authorize': 'Authorize or refuse software and hardware changes (S-110 §C.1, the Chief)',
  // Release of records: CORI checks, the dissemination log, the daily police logs
  'cori.check': 'Take a criminal justice agency’s records-check request; after business hours answer it for an authorized requester (81A §K)',
  'cori.register': 'Keep the register of agencies and employees authorized to receive CORI (81A §K.1.b.i)',
  'dailylog.restricted': 'Read the non-public daily log: domestic violence, sexual assault, protective-order arrests, minors (M.G.L. c.41 §98F)',
  'emd.manage': 'Load the agency’s approved EMD protocol cards and record employees’ EMD certifications (81A §I)',
  'stats.read': 'See the policing trends and workload charts, export them, print the monthly report (S-110 §II, §A.1.s; command staff, records and the auditor)',
  'dailylog.publish': 'Review and publish the day’s public police log, correct it, open the public page (M.G.L. c.41 §98F)',
  'inventory.read': 'Read the department inventory: equipment, who holds it, where it is, its history (S-110 §A.1.f)',
  'inventory.manage': 'Keep the department inventory: register equipment, issue, return, move, repair, report lost, retire (S-110 §A.1.f)',
  'streets.keep': 'Keep the street file: enter streets by hand where the town has no centerline file, add and end premises notes and hazards (S-110 §A.1.v)',
  'attendance.record': 'Record and correct employees’ absences, court time and overtime: the commanding officer anyone’s, a patrol supervisor their own shift’s (S-110 §A.1.i)',
  'attendance.read': 'Read everyone’s attendance, the roster with its absences and the period report; export it (S-110 §A.1.i)',
  'attendance.own': 'Read one’s own attendance entries and totals (S-110 §A.1.i)',
  'alarms.manage': 'Keep the alarm premises register: premises, alarm company, permit, key holders; make an entry inactive (S-110 §A.1.a)',
  'intelligence.records': 'Open, read, disseminate, review and purge criminal intelligence records (28 CFR Part 23; S-110 §A.1.m; every read audited)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const everyone: Permission[] = ['agency.read'];

/**
 * Each role's permissions, in one place. Where a grant follows from a clause, the clause is named:
 * recordings 81A §L–M; property S-110 §A.1.j, u; backups and IT records S-110 §C, §E, §G, §I; NIBRS
 * S-110 §A.1.q (only roles that read juvenile records, since NIBRS data carries juveniles' ages, §B.1);
 * records checks 81A §K; the daily log M.G.L. c.41 §98F; the trends charts S-110 §II (management decision-making: command staff,
 * records and the auditor; dispatch and patrol do not need them); the street file S-110 §A.1.v (kept, as the caution
 * flags, by the commanding officer and the records clerk; read by everyone who reads caution flags). There is no separate records-supervisor
 * role: command staff keep the CORI register. Attendance (S-110 §A.1.i): the commanding officer and the patrol
 * supervisor record it (the supervisor for their own shift, src/attendance/rules.ts), command staff and the auditor
 * read everyone's, every other employee reads their own; the court administrator and system logins are not employees.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  dispatcher: [
    ...everyone, 'events.read', 'dispatch.calls', 'dispatch.dispatch', 'dispatch.confidential', 'directory.residential', 'knox.request', 'cjis.query',
    'recordings.replay', 'cori.check', 'attendance.own',
  ],
  commanding_officer: [
    ...everyone, 'events.read', 'dispatch.calls', 'dispatch.dispatch', 'dispatch.override', 'dispatch.confidential', 'directory.residential',
    'knox.request', 'knox.authorize', 'records.read', 'records.approve', 'cjis.query',
    'recordings.replay', 'recordings.review', 'recordings.hold', 'recordings.retention', 'property.authorize',
    'cori.check', 'dailylog.restricted', 'dailylog.publish', 'cautions.flag', 'emd.manage', 'stats.read', 'attendance.record', 'attendance.read',
    // the OIC keeps the alarm register with the records clerk: alarm companies call the desk at any hour (S-110 §A.1.a)
    'alarms.manage', 'streets.keep',
  ],
  patrol_officer: [...everyone, 'events.read', 'dispatch.own_unit', 'knox.request', 'records.read', 'records.write', 'cjis.query', 'attendance.own'],
  records_clerk: [
    ...everyone, 'records.read', 'records.write', 'records.juvenile', 'records.release', 'records.nibrs', 'cori.check', 'dailylog.restricted',
    'cautions.flag', 'stats.read', 'attendance.own', 'alarms.manage', 'streets.keep',
  ],
  // the Supply Supervisor keeps the department's equipment as they keep the Knox keys (S-110 §A.1.f; O-604 §III.A)
  supply_supervisor: [...everyone, 'knox.register', 'inventory.read', 'inventory.manage', 'attendance.own'],
  cjis_representative: [...everyone, 'cjis.manage', 'cjis.query', 'attendance.own'],
  // Two people for privilege: a second administrator (or the chief) approves privileged role changes.
  system_administrator: [
    ...everyone, 'codes.edit', 'users.admin', 'sessions.admin', 'audit.read', 'users.approve_roles',
    'recordings.import', 'recordings.retention', 'geo.import', 'backup.run', 'it.read', 'it.records', 'emd.manage', 'attendance.own',
  ],
  chief: [
    ...everyone, 'events.read', 'records.read', 'records.approve', 'records.juvenile', 'records.release', 'records.nibrs', 'audit.read',
    'cjis.bop_list', 'users.approve_roles', 'recordings.hold', 'recordings.retention', 'property.authorize', 'it.read', 'it.authorize',
    'cori.register', 'dailylog.restricted', 'dailylog.publish', 'stats.read', 'intelligence.records', 'inventory.read', 'attendance.read',
  ],
  captain: [
    ...everyone, 'events.read', 'records.read', 'records.approve', 'dispatch.override', 'audit.read', 'recordings.hold', 'property.authorize',
    'cori.register', 'dailylog.restricted', 'dailylog.publish', 'cautions.flag', 'stats.read', 'intelligence.records', 'inventory.read', 'attendance.read',
  ],
  court_administrator: [...everyone, 'records.read'],
  auditor: [...everyone, 'audit.read', 'it.read', 'stats.read', 'inventory.read', 'attendance.read'],
  // O-604 §III.C: the patrol supervisor, like the OIC, authorizes Knox access and hands out keys.
  patrol_supervisor: [
    ...everyone, 'events.read', 'dispatch.own_unit', 'knox.request', 'knox.authorize', 'records.read', 'records.write', 'records.approve',
    'cjis.query', 'property.authorize', 'dailylog.publish', 'cautions.flag', 'attendance.record', 'attendance.read',
  ],
  recorder: ['recordings.import'],
  avl_gateway: ['geo.avl'],
  it_director: [...everyone, 'backup.run', 'backup.policy', 'it.read', 'it.records', 'audit.read', 'inventory.read', 'inventory.manage', 'attendance.own'],
  // 28 CFR 23.20(g): only designated personnel reach the intelligence file — the Chief, the captains and the
  // intelligence officer; no other role, not even the auditor (who sees that records were read, in the audit trail).
  intelligence_officer: [...everyone, 'records.read', 'intelligence.records', 'attendance.own'],
};

/** Permissions that make a role privileged: changing who holds such a role takes two people. */
export const PRIVILEGED_PERMISSIONS: readonly Permission[] = ['users.admin', 'records.juvenile', 'cjis.query', 'cjis.manage', 'cjis.bop_list', 'intelligence.records'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The permissions a user with these roles holds. */
export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const held = new Set<Permission>();
  for (const role of roles) if (isRole(role)) for (const p of ROLE_PERMISSIONS[role]) held.add(p);
  return held;
}

/** The first of the user's roles that carries the permission: the role recorded as used in the audit row. */
export function roleUsedFor(roles: readonly string[], permission: Permission | readonly Permission[]): Role | undefined {
  const anyOf: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return roles.filter(isRole).find((role) => anyOf.some((p) => ROLE_PERMISSIONS[role].includes(p)));
}
