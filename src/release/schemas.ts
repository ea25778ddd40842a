import { Type } from 'typebox';
import { pageParams, pageSchema } from '../core/paging.ts';
import { CORI_PAGE, IDENTITY_METHODS } from './model.ts';

const Strict = { additionalProperties: false } as const;
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$' });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
/** A calendar day, YYYY-MM-DD; 2026-02-30 is refused (the format checks the calendar). */
export const Day = Type.String({ format: 'date', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD' });
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid }, Strict);
export const DateParams = Type.Object({ date: Day }, Strict);

// The register of agencies and employees authorized to receive CORI (81A §K.1.b.i)
export const AgencyBody = Type.Object({ name: text(200), ori: Type.Optional(text(20)) }, Strict);
export const EmployeeBody = Type.Object({ name: text(200), employeeId: Type.Optional(text(60)) }, Strict);
export const RevokeBody = Type.Object({ reason: text(500) }, Strict);
export const EmployeeView = Type.Object({
  id: Type.String(), name: Type.String(), employeeId: N(Type.String()), authorized: Type.Boolean(), addedBy: Type.String(), addedAt: Type.String(),
  revokedBy: N(Type.String()), revokedAt: N(Type.String()), revokeReason: N(Type.String()),
});
export const AgencyView = Type.Object({
  id: Type.String(), name: Type.String(), ori: N(Type.String()), authorized: Type.Boolean(), addedBy: Type.String(), addedAt: Type.String(),
  revokedBy: N(Type.String()), revokedAt: N(Type.String()), revokeReason: N(Type.String()), employees: Type.Array(EmployeeView),
});

// Records checks (81A §K)
const Subject = Type.Object({ name: text(200), dob: Type.Optional(Day) }, Strict);
export const CheckBody = Type.Object({
  agency: text(200, 1), employee: text(200, 1),
  municipalDepartment: Type.Optional(Type.Boolean({ description: 'the requester is another department of the town (81A §J.1.b.x(b): always refused)' })),
  subject: Subject, purpose: text(500),
  identity: Type.Optional(Type.Object({ method: Literals(IDENTITY_METHODS), note: Type.Optional(text(500)) }, Strict)),
  disseminated: Type.Optional(text(4000, 0)),
}, Strict);
export const AnswerBody = Type.Object({ disseminated: text(4000), identity: Type.Optional(Type.Object({ method: Literals(IDENTITY_METHODS), note: Type.Optional(text(500)) }, Strict)) }, Strict);
export const CheckView = Type.Object({
  id: Type.String(), number: Type.Integer(), receivedAt: Type.String(), receivedBy: Type.String(), agency: Type.String(), employee: Type.String(),
  subject: Type.Object({ name: Type.String(), dob: N(Type.String()) }), purpose: Type.String(),
  routing: Type.Union([Type.Literal('records_office'), Type.Literal('answered_after_hours')]), status: Type.Union([Type.Literal('open'), Type.Literal('answered')]),
  identityMethod: N(Type.String()), identityNote: N(Type.String()), answeredBy: N(Type.String()), answeredAt: N(Type.String()),
  clause: Type.String(), message: Type.String(), disseminationId: N(Type.String()),
});
export const CheckQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')])), ...pageParams(CORI_PAGE.default, CORI_PAGE.max) }, Strict);

// The dissemination log (803 CMR 7.11)
export const DisseminationBody = Type.Object({
  subject: Subject, recipientName: text(200), recipientAgency: text(200), purpose: text(500), what: text(4000),
}, Strict);
export const NoteBody = Type.Object({ note: text(2000) }, Strict);
export const NoteView = Type.Object({ id: Type.String(), note: Type.String(), notedBy: Type.String(), notedAt: Type.String() });
export const DisseminationView = Type.Object({
  id: Type.String(), number: Type.Integer(), disseminatedAt: Type.String(), disseminatedBy: Type.String(),
  subject: Type.Object({ name: Type.String(), dob: N(Type.String()) }), recipientName: Type.String(), recipientAgency: Type.String(),
  purpose: Type.String(), what: Type.String(), recordsCheckId: N(Type.String()), identityMethod: N(Type.String()), notes: Type.Array(NoteView),
});
const disseminationFilter = { subject: Type.Optional(text(200)), recipient: Type.Optional(text(200)), from: Type.Optional(Day), to: Type.Optional(Day) };
export const DisseminationQuery = Type.Object(disseminationFilter, Strict);
export const DisseminationPageQuery = Type.Object({ ...disseminationFilter, ...pageParams(CORI_PAGE.default, CORI_PAGE.max) }, Strict);

// The daily police logs (M.G.L. c.41 §98F)
const EntryFields = {
  ref: Type.String(), kind: Type.Union([Type.Literal('incident'), Type.Literal('arrest')]), at: Type.String(), type: Type.String(), typeName: Type.String(), location: Type.String(),
  officers: Type.Array(Type.String()), disposition: N(Type.String()),
  arrestee: Type.Optional(Type.Object({ name: Type.String(), address: N(Type.String()) })), charges: Type.Optional(Type.Array(Type.String())),
};
export const LogEntry = Type.Object(EntryFields);
export const RestrictedEntry = Type.Object({ ...EntryFields, reasons: Type.Array(Type.String()) });
export const CorrectionView = Type.Object({ id: Type.String(), entryRef: N(Type.String()), text: Type.String(), madeBy: Type.String(), madeAt: Type.String(), correction: Type.Literal(true) });
export const PublicLog = Type.Object({
  date: Type.String(), status: Type.Union([Type.Literal('draft'), Type.Literal('published')]), publishedAt: N(Type.String()), publishedBy: N(Type.String()),
  entries: Type.Array(LogEntry), corrections: Type.Array(CorrectionView),
});
export const RestrictedLog = Type.Object({ date: Type.String(), entries: Type.Array(RestrictedEntry) });
export const CorrectionBody = Type.Object({ entryRef: Type.Optional(text(100)), text: text(2000) }, Strict);
export const PublicPageBody = Type.Object({ enabled: Type.Boolean() }, Strict);
export const PublicPageView = Type.Object({ enabled: Type.Boolean() });

// The response deadline of a public records request (M.G.L. c.66 §10(a)); the requests: request-schemas.ts
export const DeadlineQuery = Type.Object({ received: Day }, Strict);
export const DeadlineView = Type.Object({
  received: Type.String(), deadline: Type.String(), businessDays: Type.Integer(), skipped: Type.Array(Type.Object({ date: Type.String(), why: Type.String() })),
});
export const CheckPage = pageSchema(CheckView);
export const DisseminationPage = pageSchema(DisseminationView);
