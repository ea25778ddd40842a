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
  'dailylog.publish': 'Review and publish the day’s public police log, correct it, open the public page (M.G.L. c.41 §98F)',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const everyone: Permission[] = ['agency.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  dispatcher: [...everyone, 'events.read', 'dispatch.calls', 'dispatch.dispatch', 'dispatch.confidential', 'directory.residential', 'knox.request', 'cjis.query'],
  commanding_officer: [
    ...everyone, 'events.read', 'dispatch.calls', 'dispatch.dispatch', 'dispatch.override', 'dispatch.confidential', 'directory.residential',
    'knox.request', 'knox.authorize', 'records.read', 'records.approve', 'cjis.query',
  ],
  patrol_officer: [...everyone, 'events.read', 'dispatch.own_unit', 'knox.request', 'records.read', 'records.write', 'cjis.query'],
  records_clerk: [...everyone, 'records.read', 'records.write', 'records.juvenile', 'records.release'],
  supply_supervisor: [...everyone, 'knox.register'],
  cjis_representative: [...everyone, 'cjis.manage', 'cjis.query'],
  system_administrator: [...everyone, 'codes.edit', 'users.admin', 'sessions.admin', 'audit.read'],
  chief: [...everyone, 'events.read', 'records.read', 'records.approve', 'records.juvenile', 'records.release', 'audit.read', 'cjis.bop_list'],
  captain: [...everyone, 'events.read', 'records.read', 'records.approve', 'dispatch.override', 'audit.read'],
  court_administrator: [...everyone, 'records.read'],
  auditor: [...everyone, 'audit.read'],
  // O-604 §III.C: the patrol supervisor, like the OIC, authorizes Knox access and hands out keys.
  patrol_supervisor: [...everyone, 'events.read', 'dispatch.own_unit', 'knox.request', 'knox.authorize', 'records.read', 'records.write', 'records.approve', 'cjis.query'],
  recorder: ['recordings.import'],
  avl_gateway: ['geo.avl'],
  it_director: [...everyone],
};

// 81A §L–M recordings: the dispatcher's instant recall, the commanding officer's review, holds and retention.
ROLE_PERMISSIONS.dispatcher = [...ROLE_PERMISSIONS.dispatcher, 'recordings.replay'];
ROLE_PERMISSIONS.commanding_officer = [...ROLE_PERMISSIONS.commanding_officer, 'recordings.replay', 'recordings.review', 'recordings.hold', 'recordings.retention'];
ROLE_PERMISSIONS.chief = [...ROLE_PERMISSIONS.chief, 'recordings.hold', 'recordings.retention'];
ROLE_PERMISSIONS.captain = [...ROLE_PERMISSIONS.captain, 'recordings.hold'];

// S-110 §A.1.j, u property and evidence: a supervisor authorizes release to the owner and destruction.
for (const role of ['commanding_officer', 'patrol_supervisor', 'captain', 'chief'] as const) ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], 'property.authorize'];
ROLE_PERMISSIONS.system_administrator = [...ROLE_PERMISSIONS.system_administrator, 'recordings.import', 'recordings.retention'];

// Geography: the system administrator loads the town's layers and assigns modems.
ROLE_PERMISSIONS.system_administrator = [...ROLE_PERMISSIONS.system_administrator, 'geo.import'];
// S-110 §C, §E, §G, §I: backups and the IT records, kept by the system administrator and the IT Director.
ROLE_PERMISSIONS.it_director = [...ROLE_PERMISSIONS.it_director, 'backup.run', 'backup.policy', 'it.read', 'it.records', 'audit.read'];
ROLE_PERMISSIONS.system_administrator = [...ROLE_PERMISSIONS.system_administrator, 'backup.run', 'it.read', 'it.records'];
ROLE_PERMISSIONS.chief = [...ROLE_PERMISSIONS.chief, 'it.read', 'it.authorize'];
ROLE_PERMISSIONS.auditor = [...ROLE_PERMISSIONS.auditor, 'it.read'];

// Two people for privilege: a second administrator or the chief approves privileged role changes.
ROLE_PERMISSIONS.system_administrator = [...ROLE_PERMISSIONS.system_administrator, 'users.approve_roles'];
ROLE_PERMISSIONS.chief = [...ROLE_PERMISSIONS.chief, 'users.approve_roles'];

// S-110 §A.1.q NIBRS: the Records Bureau's clerks and the chief. NIBRS data carries every victim's, offender's and
// arrestee's age, juveniles' included, so only roles that read juvenile records keep it (S-110 §B.1).
for (const role of ['records_clerk', 'chief'] as const) ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], 'records.nibrs'];
// Release of records: dispatch takes records checks (81A §K); command staff keep the CORI register
// (there is no separate records-supervisor role); supervisors publish the daily log (§98F).
for (const role of ['dispatcher', 'commanding_officer', 'records_clerk'] as const) ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], 'cori.check'];
for (const role of ['chief', 'captain'] as const) ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], 'cori.register'];
for (const role of ['records_clerk', 'commanding_officer', 'captain', 'chief'] as const) ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], 'dailylog.restricted'];
for (const role of ['commanding_officer', 'patrol_supervisor', 'captain', 'chief'] as const) ROLE_PERMISSIONS[role] = [...ROLE_PERMISSIONS[role], 'dailylog.publish'];

/** Permissions that make a role privileged: changing who holds such a role takes two people. */
export const PRIVILEGED_PERMISSIONS: readonly Permission[] = ['users.admin', 'records.juvenile', 'cjis.query', 'cjis.manage', 'cjis.bop_list'];

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
