/** The HTTP contract of CJIS: request bodies and every success answer, in TypeBox. Bodies refuse unknown fields. */
import { Type, type Static, type TSchema } from 'typebox';
import { pageSchema } from '../core/paging.ts';
import { BOP_LIST_KINDS, DOCUMENT_KINDS, FLASH_REASONS, LEVELS, MESSAGE_TYPES, MISSING_CATEGORIES, OFFICIAL_ROLES, QUERY_KINDS, REQUESTER_KINDS, VALIDATION_OUTCOMES } from './model.ts';

const Strict = { additionalProperties: false } as const;
const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Literals = <const T extends string>(values: readonly T[]) => Type.Enum(values);
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const IncidentNumber = Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$', description: 'A CAD incident number, e.g. 26-00042' });
const Uuid = Type.String({ format: 'uuid' });

export const IdParams = Type.Object({ id: Uuid }, Strict);
export const UserParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, Strict);
export const MonthParams = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }) }, Strict);

export const Requester = Type.Object({
  name: Text(120), agency: Text(120),
  kind: Type.String({ maxLength: 40, description: `One of ${REQUESTER_KINDS.map((k) => k.code).join(', ')}` }),
}, { ...Strict, description: 'Who the query is run for, when not the operator (CJIS AU-3)' });

export const QueryBody = Type.Object({
  kind: Opt(Literals(QUERY_KINDS)),
  line: Opt(Type.String({ minLength: 1, maxLength: 120, description: 'A command line query: PLATE ABC123 MA, PERSON SMITH,JOHN 1980-01-01, VIN …, OWNER, OLN, WARRANT, GUN, ARTICLE, BOP' })),
  name: Opt(Type.String({ maxLength: 60, description: 'LAST,FIRST MIDDLE' })),
  dob: Opt(Type.String({ maxLength: 10 })),
  sex: Opt(Type.String({ maxLength: 1 })),
  race: Opt(Type.String({ maxLength: 1 })),
  identifier: Opt(Type.Object({ type: Literals(['OLN', 'SOC', 'FBI', 'SID']), value: Text(20), state: Opt(Type.String({ maxLength: 2 })) }, Strict)),
  plate: Opt(Type.String({ maxLength: 20 })),
  state: Opt(Type.String({ maxLength: 2 })),
  vin: Opt(Type.String({ maxLength: 25 })),
  serial: Opt(Type.String({ maxLength: 25 })),
  make: Opt(Type.String({ maxLength: 40 })),
  articleType: Opt(Type.String({ maxLength: 40 })),
  purpose: Opt(Type.String({ maxLength: 1, description: 'Purpose code (81A §J.1.b.x(a)); required' })),
  incident: Opt(IncidentNumber),
  caseNumber: Opt(Type.String({ pattern: '^[A-Z]{0,3}[0-9]{2}-[0-9]{5,}$' })),
  requester: Opt(Requester),
}, Strict);

const Confirmation = Type.Object({
  id: Uuid, number: Type.Integer(), priority: Literals(['urgent', 'routine']), requestedBy: Type.String(), requestedByName: Type.String(), requestedAt: Type.String(), dueAt: Type.String(),
  answeredAt: Nullable(Type.String()), answer: Nullable(Literals(['confirmed', 'not_confirmed'])), answeredBy: Nullable(Type.String()), remarks: Nullable(Type.String()),
  state: Literals(['waiting', 'overdue', 'answered']),
});

export const HitView = Type.Object({
  id: Uuid, position: Type.Integer(), nic: Nullable(Type.String()), type: Type.String(), typeName: Type.String(), source: Type.String(),
  ori: Type.String(), agency: Nullable(Type.String()), training: Type.Boolean(),
  descriptors: Type.Record(Type.String(), Type.String()),
  isHit: Type.Boolean(), probableCause: Type.Boolean(), match: Type.String(),
  differences: Type.Array(Type.Object({ field: Type.String(), query: Nullable(Type.String()), record: Nullable(Type.String()) })),
  needsConfirmation: Type.Boolean(), advice: Type.String(), clause: Type.String(),
  confirmations: Type.Array(Confirmation),
  /** The Locate this agency placed, if any. */
  locate: Nullable(Type.Object({ placedBy: Type.String(), placedByName: Type.String(), placedAt: Type.String() })),
  locateNeeded: Type.Boolean(),
  modifications: Type.Array(Type.Object({ at: Type.String(), by: Nullable(Type.String()), byName: Nullable(Type.String()), caution: Opt(Type.String()), remarks: Opt(Type.String()) })),
});
export type HitView = Static<typeof HitView>;

export const QueryView = Type.Object({
  id: Uuid, at: Type.String(), training: Type.Boolean(), banner: Nullable(Type.String()),
  kind: Type.String(), mke: Type.String(), criteria: Type.Record(Type.String(), Type.String()), purpose: Type.String(),
  incident: Nullable(Type.String()), caseNumber: Nullable(Type.String()), requester: Nullable(Requester),
  operator: Type.String(), operatorName: Type.String({ description: 'the person behind the login, as boards name them' }), terminal: Type.String(), status: Type.String(), error: Nullable(Type.String()), roundTripMs: Nullable(Type.Integer()),
  summary: Type.String(),
  hits: Type.Array(HitView),
  warrantsWithoutLocate: Type.Array(Uuid),
});
export type QueryView = Static<typeof QueryView>;

export const QueryLogQuery = Type.Object({
  from: Opt(Type.String({ format: 'date-time' })), to: Opt(Type.String({ format: 'date-time' })),
  operator: Opt(Type.String({ maxLength: 64 })), incident: Opt(IncidentNumber), limit: Opt(Type.Integer({ minimum: 1, maximum: 1000 })),
}, Strict);

export const QueryLogItem = Type.Object({
  id: Uuid, at: Type.String(), operator: Type.String(), operatorName: Type.String({ description: 'the person behind the login, as boards name them' }), terminal: Type.String(), kind: Type.String(), mke: Type.String(),
  criteria: Type.Record(Type.String(), Type.String()), purpose: Type.String(), incident: Nullable(Type.String()), caseNumber: Nullable(Type.String()),
  requester: Nullable(Requester), status: Type.String(), hitCount: Type.Integer(), training: Type.Boolean(),
});

export const ConfirmationBody = Type.Object({ priority: Literals(['urgent', 'routine']) }, Strict);
export const LocateBody = Type.Object({ incident: Opt(IncidentNumber) }, Strict);
export const WmsBody = Type.Object({ caution: Opt(Type.String({ maxLength: 200 })), remarks: Opt(Type.String({ maxLength: 500 })) }, Strict);

export const OpenConfirmation = Type.Object({
  id: Uuid, hitId: Uuid, queryId: Uuid, number: Type.Integer(), priority: Type.String(), nic: Nullable(Type.String()), recordType: Type.String(),
  ori: Type.String(), agency: Nullable(Type.String()), incident: Nullable(Type.String()), requestedAt: Type.String(), dueAt: Type.String(),
  state: Literals(['waiting', 'overdue']), msLeft: Type.Integer(),
});

// ---------------------------------------------------------------- documents and entries

export const DocumentQuery = Type.Object({
  kind: Literals(Object.keys(DOCUMENT_KINDS)),
  filename: Opt(Type.String({ minLength: 1, maxLength: 120 })),
}, Strict);
export const DocumentMeta = Type.Object({
  id: Uuid, kind: Type.String(), kindName: Type.String(), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(),
  uploadedBy: Type.String(), uploadedAt: Type.String(),
});

const Person = {
  name: Opt(Type.String({ maxLength: 60 })), dob: Opt(Type.String({ maxLength: 10 })), sex: Opt(Type.String({ maxLength: 1 })), race: Opt(Type.String({ maxLength: 1 })),
  heightIn: Opt(Type.Integer({ minimum: 12, maximum: 108 })), weightLb: Opt(Type.Integer({ minimum: 1, maximum: 1500 })),
};
export const EntryBody = Type.Object({
  kind: Literals(['warrant', 'vehicle', 'plate', 'missing']),
  ...Person,
  offense: Opt(Type.String({ maxLength: 100 })), warrantNumber: Opt(Type.String({ maxLength: 30 })), warrantDate: Opt(Type.String({ maxLength: 10 })), court: Opt(Type.String({ maxLength: 100 })),
  outOfStateNeed: Opt(Type.String({ maxLength: 500, description: '81A §J.3.b.ii: why agencies outside the Commonwealth must find it' })),
  fingerprintsAvailable: Opt(Type.Boolean()), photoAvailable: Opt(Type.Boolean()),
  plate: Opt(Type.String({ maxLength: 20 })), state: Opt(Type.String({ maxLength: 2 })), plateYear: Opt(Type.Integer({ minimum: 1900, maximum: 2100 })),
  vin: Opt(Type.String({ maxLength: 25 })), vehicleYear: Opt(Type.Integer({ minimum: 1900, maximum: 2100 })), make: Opt(Type.String({ maxLength: 40 })),
  model: Opt(Type.String({ maxLength: 40 })), color: Opt(Type.String({ maxLength: 40 })), theftDate: Opt(Type.String({ maxLength: 10 })),
  category: Opt(Type.String({ maxLength: 40, description: `Missing-person criterion: ${MISSING_CATEGORIES.map((c) => c.code).join(', ')}` })),
  notifiedOn: Opt(Type.String({ maxLength: 10, description: 'When the reporting party notified the agency (missing persons)' })),
  lastContact: Opt(Type.String({ maxLength: 10 })),
  reportId: Opt(Type.String({ format: 'uuid', description: 'The report in Records (theft or missing-person report)' })),
  incident: Opt(IncidentNumber), caseNumber: Opt(Type.String({ pattern: '^[A-Z]{0,3}[0-9]{2}-[0-9]{5,}$' })),
  caution: Opt(Type.String({ maxLength: 200 })), remarks: Opt(Type.String({ maxLength: 500 })),
  documents: Opt(Type.Array(Uuid, { maxItems: 20, uniqueItems: true })),
}, Strict);

export const EntryView = Type.Object({
  id: Uuid, kind: Type.String(), mke: Type.String(), nic: Nullable(Type.String()), status: Type.String(), subject: Type.Record(Type.String(), Type.String()),
  summary: Type.String(), incident: Nullable(Type.String()), caseNumber: Nullable(Type.String()), reportId: Nullable(Type.String()),
  enteredBy: Type.String(), enteredByName: Type.String({ description: 'the person behind the login, as boards name them' }), enteredAt: Type.String(), ageDays: Type.Integer(), recalledOn: Nullable(Type.String()),
  closedAt: Nullable(Type.String()), closedBy: Nullable(Type.String()), closeMke: Nullable(Type.String()), closeReason: Nullable(Type.String()),
  documents: Type.Array(DocumentMeta), training: Type.Boolean(),
});
export type EntryView = Static<typeof EntryView>;

export const EntryListQuery = Type.Object({
  status: Opt(Literals(['active', 'all'])), recalled: Opt(Type.Boolean({ description: 'Only warrants recalled but not yet removed' })),
}, Strict);
export const RecallBody = Type.Object({ recalledOn: DateText }, Strict);
export const CloseBody = Type.Object({ reason: Text(300), incident: Opt(IncidentNumber) }, Strict);

// ---------------------------------------------------------------- administrative messages

export const MessageBody = Type.Object({
  type: Literals(Object.keys(MESSAGE_TYPES)),
  agencies: Opt(Type.Array(Type.String({ maxLength: 9 }), { maxItems: 50 })),
  areas: Opt(Type.Array(Type.String({ maxLength: 2 }), { maxItems: 50 })),
  states: Opt(Type.Array(Type.String({ maxLength: 2 }), { maxItems: 50 })),
  regions: Opt(Type.Array(Type.String({ maxLength: 1 }), { maxItems: 50 })),
  statewide: Opt(Type.Boolean()), nationwide: Opt(Type.Boolean()),
  reason: Opt(Type.String({ maxLength: 40, description: `AF only: ${FLASH_REASONS.join(', ')}` })),
  text: Text(3000),
}, Strict);

export const MessageView = Type.Object({
  id: Uuid, direction: Type.String(), type: Type.String(), typeName: Type.String(), fromOri: Type.String(),
  destinations: Type.Object({
    agencies: Opt(Type.Array(Type.String())), areas: Opt(Type.Array(Type.String())), states: Opt(Type.Array(Type.String())), regions: Opt(Type.Array(Type.String())),
    statewide: Opt(Type.Boolean()), nationwide: Opt(Type.Boolean()),
  }),
  text: Type.String(), reason: Nullable(Type.String()), sentBy: Nullable(Type.String()), at: Type.String(), training: Type.Boolean(),
});
export const MessageSearch = Type.Object({ q: Opt(Type.String({ maxLength: 100 })), direction: Opt(Literals(['in', 'out'])), limit: Opt(Type.Integer({ minimum: 1, maximum: 500 })) }, Strict);
export const TrainingMessageBody = Type.Object({ fromOri: Type.String({ maxLength: 9 }), type: Literals(Object.keys(MESSAGE_TYPES)), text: Text(3000) }, Strict);

// ---------------------------------------------------------------- the desk

export const CjisUserView = Type.Object({
  username: Type.String(), name: Type.String(), roles: Type.Array(Type.String()), unit: Nullable(Type.String()), communications: Type.Boolean(),
  employedSince: Nullable(Type.String()), level: Nullable(Type.String()), certifiedOn: Nullable(Type.String()), expiresOn: Nullable(Type.String()),
  certificationId: Nullable(Uuid), certificateDocumentId: Nullable(Uuid),
  state: Type.String(), until: Nullable(Type.String()), reminderSentAt: Nullable(Type.String()),
  queryAllowed: Type.Boolean(), fullAllowed: Type.Boolean(), refusal: Nullable(Type.Object({ code: Type.String(), clause: Type.String(), detail: Type.String() })),
});
export type CjisUserView = Static<typeof CjisUserView>;

export const EmploymentBody = Type.Object({ employedSince: Nullable(DateText) }, Strict);
export const CertificationBody = Type.Object({
  level: Literals(LEVELS.map((l) => l.code)), certifiedOn: DateText,
  documentId: Opt(Type.String({ format: 'uuid', description: 'An uploaded certificate (kind certificate); without it a certificate PDF is generated' })),
}, Strict);

export const AgreementBody = Type.Object({
  signedOn: DateText, filedWithRecordsOn: Opt(DateText), filedWithChsbOn: Opt(DateText), documentId: Opt(Uuid),
}, Strict);
export const OfficialBody = Type.Object({ role: Literals(Object.keys(OFFICIAL_ROLES)), name: Text(120), username: Opt(Type.String({ maxLength: 64 })), assignedOn: DateText }, Strict);
export const AgreementsView = Type.Object({
  agreements: Type.Array(Type.Object({ id: Uuid, signedOn: Type.String(), filedWithRecordsOn: Nullable(Type.String()), filedWithChsbOn: Nullable(Type.String()), documentId: Nullable(Type.String()), recordedBy: Type.String() })),
  officials: Type.Array(Type.Object({ id: Uuid, role: Type.String(), roleName: Type.String(), name: Type.String(), username: Nullable(Type.String()), assignedOn: Type.String() })),
  due: Type.Array(Type.Object({ due: Type.String(), reason: Type.String(), clause: Type.String(), overdue: Type.Boolean() })),
});

export const ValidationView = Type.Object({
  month: Type.String(), requestedAt: Nullable(Type.String()), requestedBy: Nullable(Type.String()), complete: Type.Boolean(), training: Type.Boolean(),
  items: Type.Array(Type.Object({
    nic: Type.String(), type: Type.String(), mke: Type.String(), enteredOn: Type.String(), summary: Type.String(), entryId: Nullable(Type.String()),
    outcome: Nullable(Type.String()), note: Nullable(Type.String()), validatedBy: Nullable(Type.String()), validatedByName: Nullable(Type.String()), validatedAt: Nullable(Type.String()),
  })),
});
export const ValidationBody = Type.Object({ outcome: Literals(Object.keys(VALIDATION_OUTCOMES)), note: Opt(Type.String({ maxLength: 500 })) }, Strict);
export const NicParams = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }), nic: Type.String({ pattern: '^[A-Z][0-9]{9}$' }) }, Strict);

export const BopItem = Type.Object({
  id: Uuid, kind: Type.String(), kindName: Type.String(), value: Type.String(),
  valueName: Type.String({ description: 'the line as people read it: a position by its role’s name, a login by its person ("Terry Carver #122")' }),
  addedBy: Type.String(), addedByName: Type.String(), addedAt: Type.String(),
});
export const BopBody = Type.Object({ kind: Literals(Object.keys(BOP_LIST_KINDS)), value: Text(120) }, Strict);

export const AuditBody = Type.Object({ auditDate: DateText, auditor: Text(120), result: Text(2000), filedWithRecordsOn: DateText, documentId: Opt(Uuid) }, Strict);
export const AuditView = Type.Object({ id: Uuid, auditDate: Type.String(), auditor: Type.String(), result: Type.String(), filedWithRecordsOn: Type.String(), documentId: Nullable(Type.String()), recordedBy: Type.String() });
export const AuditPage = pageSchema(AuditView);

export const ReminderView = Type.Object({ certificationId: Uuid, username: Type.String(), expiresOn: Type.String(), sentAt: Type.String() });

export const SwitchStatusView = Type.Object({
  mode: Type.String(), endpoint: Type.String(), connected: Type.Boolean(), since: Type.String(), reconnects: Type.Integer(), sent: Type.Integer(),
  answered: Type.Integer(), failed: Type.Integer(), queued: Type.Integer(), inFlight: Type.Integer(), malformed: Type.Integer(), unexpected: Type.Integer(),
  unsolicited: Type.Integer(), lastError: Nullable(Type.String()), banner: Nullable(Type.String()),
});

export const Created = Type.Object({ id: Uuid });
export const Ok = Type.Object({ ok: Type.Boolean() });

/** CJIS code lists for the screens: purposes, requesters, query kinds, criteria, message types. */
export const CodesView = Type.Object({ training: Type.Boolean(), banner: Type.Union([Type.String(), Type.Null()]), purposes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), criminalJustice: Type.Boolean() })), requesterKinds: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), criminalJustice: Type.Boolean() })), queryKinds: Type.Array(Type.String()), levels: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), missingCategories: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), juvenileOnly: Type.Boolean(), clause: Type.String() })), messageTypes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), clause: Type.String() })), areas: Type.Array(Type.String()), regions: Type.Array(Type.String()), flashReasons: Type.Array(Type.String()), documentKinds: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) });
