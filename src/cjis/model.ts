/**
 * CJIS and NCIC code lists (81A §J): purposes, certification levels, query kinds,
 * entry kinds, missing-person criteria and administrative message types, each with
 * the clause it comes from. No I/O.
 */

/** Purpose codes a query is run for. Only criminal-justice purposes are allowed (81A §J.1.b.x(a)). */
export const PURPOSES = [
  { code: 'C', name: 'Criminal justice: patrol, investigation, traffic stop, call for service', criminalJustice: true },
  { code: 'J', name: 'Criminal justice employment (agency applicant)', criminalJustice: true },
  { code: 'D', name: 'Domestic violence or stalking (criminal justice)', criminalJustice: true },
  { code: 'F', name: 'Firearms licensing by the licensing authority', criminalJustice: true },
  { code: 'H', name: 'Housing or tenant screening (not criminal justice)', criminalJustice: false },
  { code: 'E', name: 'Other employment or licensing (not criminal justice)', criminalJustice: false },
  { code: 'M', name: 'Another town department (not criminal justice)', criminalJustice: false },
] as const;
export type PurposeCode = (typeof PURPOSES)[number]['code'];

/** Who a query is run for when it is not the operator's own. */
export const REQUESTER_KINDS = [
  { code: 'officer', name: 'An officer of this agency', criminalJustice: true },
  { code: 'criminal_justice_agency', name: 'Another criminal justice agency (police, court, probation, corrections)', criminalJustice: true },
  { code: 'town_department', name: 'Another department of the town', criminalJustice: false },
  { code: 'other', name: 'Anyone else (private person, company)', criminalJustice: false },
] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number]['code'];

/**
 * CJIS certification levels of the state's training (81A §J.1.b.i–ii, §J.2). Full Access
 * may query, enter, modify, locate, clear and send administrative messages; Query Only may query.
 */
export const LEVELS = [
  { code: 'full_access', name: 'Full Access' },
  { code: 'query_only', name: 'Query Only' },
] as const;
export type Level = (typeof LEVELS)[number]['code'];

/** What a CJIS function needs of the operator's certification. */
export type CjisFunction = 'query' | 'bop' | 'full';

export const QUERY_KINDS = ['person', 'warrant', 'plate', 'vin', 'owner', 'gun', 'article', 'bop'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** The NCIC message key each query kind is sent as. BQ (Board of Probation) is the state's. */
export const QUERY_MKE: Record<QueryKind, string> = {
  person: 'QW', warrant: 'QW', plate: 'QV', vin: 'QV', owner: 'QV', gun: 'QG', article: 'QA', bop: 'BQ',
};

/** Record types the switch answers with (the RTY field). */
export const RECORD_TYPES = {
  W: 'warrant', V: 'stolen_vehicle', L: 'stolen_plate', M: 'missing_person', G: 'stolen_gun', A: 'stolen_article', R: 'registration', B: 'bop_entry',
} as const;
export type RecordType = (typeof RECORD_TYPES)[keyof typeof RECORD_TYPES];

/** Where a record lives: the Trial Court's Warrant Management System, the state CJIS, NCIC, the registry (RMV), the Board of Probation. */
export const SOURCES = ['WMS', 'CJIS', 'NCIC', 'RMV', 'BOP'] as const;
export type Source = (typeof SOURCES)[number];

export const RECORD_NAMES: Record<RecordType, string> = {
  warrant: 'Warrant', stolen_vehicle: 'Stolen vehicle', stolen_plate: 'Stolen plate', missing_person: 'Missing person',
  stolen_gun: 'Stolen gun', stolen_article: 'Stolen article', registration: 'Registration', bop_entry: 'Board of Probation entry',
};

/** Hit confirmation priorities (81A §J.1.b.x(c)); NCIC's answer times: urgent 10 minutes, routine one hour. */
export const CONFIRMATION_PRIORITIES = { urgent: 10 * 60_000, routine: 60 * 60_000 } as const;
export type ConfirmationPriority = keyof typeof CONFIRMATION_PRIORITIES;

/** Entries this agency makes (81A §J.3.b, §J.5, §J.6) and their NCIC message keys. */
export const ENTRY_KINDS = ['warrant', 'vehicle', 'plate', 'missing'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Missing-person criteria (81A §J.6.a) and the NCIC entry key of each. */
export const MISSING_CATEGORIES = [
  { code: 'disability', name: 'Disability', mke: 'EMD', juvenileOnly: false, clause: '81A §J.6.a.i(a)' },
  { code: 'endangered', name: 'Endangered', mke: 'EME', juvenileOnly: false, clause: '81A §J.6.a.i(b)' },
  { code: 'involuntary', name: 'Involuntary', mke: 'EMI', juvenileOnly: false, clause: '81A §J.6.a.i(c)' },
  { code: 'catastrophe_victim', name: 'Catastrophe victim', mke: 'EMV', juvenileOnly: false, clause: '81A §J.6.a.i(d)' },
  { code: 'juvenile', name: 'Juvenile', mke: 'EMJ', juvenileOnly: true, clause: '81A §J.6.a.ii(a)' },
  { code: 'juvenile_abduction', name: 'Juvenile abduction', mke: 'EMJ', juvenileOnly: true, clause: '81A §J.6.a.ii(b)' },
  { code: 'juvenile_foul_play', name: 'Juvenile foul play', mke: 'EMJ', juvenileOnly: true, clause: '81A §J.6.a.ii(c)' },
] as const;
export type MissingCategory = (typeof MISSING_CATEGORIES)[number]['code'];

/** Documents kept with entries, certifications, agreements and audits. */
export const DOCUMENT_KINDS = {
  warrant_printout: 'Copy of the warrant (WMS printout)',
  da_authorization: 'District Attorney’s written authorization for rendition',
  incident_report: 'Copy of the incident report',
  fingerprint_card: 'Fingerprint card of the wanted person',
  photograph: 'Photograph of the wanted person',
  signed_theft_report: 'Theft report signed by the reporting party',
  signed_missing_report: 'Missing person report signed by the reporting party',
  certificate: 'CJIS training certificate',
  users_agreement: 'CJIS Users Agreement',
  cjis_audit: 'CJIS audit report',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Administrative messages of 81A §J.7 and how many destinations each takes. */
export const MESSAGE_TYPES = {
  LP: { name: 'In-state point-to-point', clause: '81A §J.7.a' },
  BC: { name: 'In-state broadcast', clause: '81A §J.7.b' },
  NL: { name: 'Out-of-state administrative message', clause: '81A §J.7.c' },
  AF: { name: 'In-state administrative flash broadcast', clause: '81A §J.7.c.iv' },
} as const;
export type MessageType = keyof typeof MESSAGE_TYPES;
export const MAX_DESTINATIONS = 5;

/** Broadcast areas of the state switch (BC): the state police troops' areas. */
export const STATE_AREAS = ['A', 'B', 'C', 'D', 'E', 'H'] as const;
/** NLETS regions of the country (NL regional broadcast). */
export const NLETS_REGIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
/** Urgent matters an AF flash broadcast is for (81A §J.7.c.iv). */
export const FLASH_REASONS = ['robbery', 'prison_escape', 'other_exigent'] as const;

/** Officials whose assignment makes a new Users Agreement due within ten days (81A §J.1.b.viii(b)). */
export const OFFICIAL_ROLES = { cjis_rep: 'CJIS Representative', backup_rep: 'Backup CJIS Representative', chief: 'Chief of Police' } as const;
export type OfficialRole = keyof typeof OFFICIAL_ROLES;

/** How the Chief's BOP list names an employee (81A §J.4.c): by position (a Precinct role), title or unit, or name (a login). */
export const BOP_LIST_KINDS = { position: 'Position', title: 'Title / assignment', name: 'Name' } as const;
export type BopListKind = keyof typeof BOP_LIST_KINDS;

/** What the CJIS rep decides for each entry on the monthly validation list (81A §J.1.b.iii). */
export const VALIDATION_OUTCOMES = { valid: 'Still valid: confirmed with the complainant or court', modified: 'Modified to be correct', removed: 'No longer valid: removed' } as const;
export type ValidationOutcome = keyof typeof VALIDATION_OUTCOMES;

/** Marked on every screen and every answer while the training switch is the other end. */
export const TRAINING_BANNER = 'TRAINING — records from the built-in training switch, not the state or NCIC';
