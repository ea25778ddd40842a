import { Type } from 'typebox';
import { pageSchema } from '../core/paging.ts';
import { CHANGE_ACTIONS, CHANGE_KINDS, MEDIA_TYPES, SANITIZE_METHODS } from './model.ts';

const Strict = { additionalProperties: false } as const;
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$' });
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Day = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD' });
// a time without seconds is allowed (the date-time format would not); an impossible date or time is refused by `instant` and `day` (it/input.ts)
const Instant = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$', maxLength: 40 });
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const Login = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid }, Strict);

export const ChangeBody = Type.Object({
  kind: Literals(CHANGE_KINDS), action: Literals(CHANGE_ACTIONS), requestedBy: text(200), helpdeskTicket: Type.Optional(text(60)),
  what: text(1000), why: text(2000), computer: text(200), licence: Type.Optional(text(500, 0)),
}, Strict);
export const DecisionBody = Type.Object({ authorize: Type.Boolean(), note: Type.Optional(text(1000, 0)), licence: Type.Optional(text(500, 0)) }, Strict);
export const ChangeView = Type.Object({
  id: Type.String(), number: Type.Integer(), kind: Type.String(), action: Type.String(), requestedBy: Type.String(), helpdeskTicket: N(Type.String()),
  what: Type.String(), why: Type.String(), computer: Type.String(), licence: N(Type.String()), status: Type.String(),
  decidedBy: N(Type.String()), decidedByName: N(Type.String()), decidedAt: N(Type.String()), decisionNote: N(Type.String()), completedBy: N(Type.String()), completedByName: N(Type.String()), completedAt: N(Type.String()),
  recordedBy: Type.String(), recordedAt: Type.String(),
});

export const MediumBody = Type.Object({
  serial: text(100), mediaType: Literals(Object.keys(MEDIA_TYPES)), description: text(300), holdsCjis: Type.Boolean(), location: text(200),
  status: Type.Optional(Literals(['in_use', 'stored'])),
}, Strict);
export const MoveBody = Type.Object({ location: text(200), status: Type.Optional(Literals(['in_use', 'stored'])) }, Strict);
export const SanitizeBody = Type.Object({
  method: Type.Optional(Literals(SANITIZE_METHODS)), passes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  performedBy: text(200), performedOn: Day, note: Type.Optional(text(1000, 0)),
}, Strict);
export const LockBody = Type.Object({ caseLabel: text(100) }, Strict);
export const DestructionBody = Type.Object({
  transportedBy: text(200), transportedOn: Day, vendor: text(200), witnessedBy: Login, destroyedOn: Day,
  certificateNumber: Type.Optional(text(100)), certificateSerial: text(100), certificateDate: Day,
  certificate: Type.Optional(Type.Object({
    fileName: text(200), contentType: Literals(['application/pdf', 'image/png', 'image/jpeg']),
    data: Type.String({ maxLength: 14_000_000, pattern: '^[A-Za-z0-9+/]*={0,2}$', description: 'the vendor’s certificate, base64 (at most 10 MB)' }),
  }, Strict)),
}, Strict);

const SanitizationView = Type.Object({ method: Type.String(), passes: N(Type.Integer()), performedBy: Type.String(), performedOn: Type.String(), note: N(Type.String()), recordedBy: Type.String() });
const DestructionView = Type.Object({
  caseLabel: Type.String(), lockedBy: Type.String(), lockedByName: Type.String({ description: 'the person behind the login, as boards name them' }), lockedAt: Type.String(), transportedBy: N(Type.String()), transportedOn: N(Type.String()), vendor: N(Type.String()),
  witnessedBy: N(Type.String()), witnessedByName: N(Type.String()), destroyedOn: N(Type.String()), certificateNumber: N(Type.String()), certificateSerial: N(Type.String()), certificateDate: N(Type.String()),
  certificateSha256: N(Type.String()), certificateName: N(Type.String()),
});
export const MediumView = Type.Object({
  id: Type.String(), serial: Type.String(), mediaType: Type.String(), description: Type.String(), holdsCjis: Type.Boolean(), location: Type.String(), status: Type.String(),
  registeredBy: Type.String(), registeredByName: Type.String({ description: 'the person behind the login, as boards name them' }), registeredAt: Type.String(), sanitizations: Type.Array(SanitizationView), destruction: N(DestructionView),
});

export const AccessLogBody = Type.Object({ name: text(200), csv: Type.String({ minLength: 1, maxLength: 20_000_000 }) }, Strict);
export const ChangePage = pageSchema(ChangeView);
export const MediumPage = pageSchema(MediumView);
export const AccessImported = Type.Object({ lines: Type.Integer(), added: Type.Integer() });
export const RoomQuery = Type.Object({ from: Type.Optional(Instant), to: Type.Optional(Instant) }, Strict);
export const AccessView = Type.Object({ id: Type.String(), at: Type.String(), badge: Type.String(), person: Type.String(), door: Type.String(), result: Type.String(), importName: Type.String() });
export const VisitBody = Type.Object({ visitor: text(200), organization: Type.Optional(text(200)), purpose: text(500), escort: text(200), enteredAt: Instant, leftAt: Type.Optional(Instant) }, Strict);
export const LeftBody = Type.Object({ leftAt: Instant }, Strict);
export const VisitView = Type.Object({ id: Type.String(), visitor: Type.String(), organization: N(Type.String()), purpose: Type.String(), escort: Type.String(), enteredAt: Type.String(), leftAt: N(Type.String()), recordedBy: Type.String() });
export const RoomView = Type.Object({ access: Type.Array(AccessView), visitors: Type.Array(VisitView) });
export const RegisterParams = Type.Object({ register: Literals(['changes', 'media', 'room']), format: Literals(['pdf', 'csv']) }, Strict);
