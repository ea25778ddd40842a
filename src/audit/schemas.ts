import { Type, type TSchema } from 'typebox';

export const LoginVerificationRow = Type.Object({ username: Type.String(), name: Type.String(), badge: Type.Union([Type.Null(), Type.String()]), unit: Type.Union([Type.Null(), Type.String()]), roles: Type.String(), status: Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')]), lastSignInAt: Type.Union([Type.Null(), Type.String()]), passwordAgeDays: Type.Number(), passwordExpired: Type.Boolean(), mfa: Type.Union([Type.Literal('enrolled'), Type.Literal('not enrolled')]), shouldDisable: Type.Boolean(), why: Type.String() });

export const AuditRowView = Type.Object({ id: Type.Number(), at: Type.String(), username: Type.Union([Type.Null(), Type.String()]), role: Type.Union([Type.Null(), Type.String()]), source: Type.Union([Type.Null(), Type.String()]), remote: Type.Boolean(), action: Type.String(), subject: Type.Union([Type.Null(), Type.String()]), outcome: Type.String(), reason: Type.Union([Type.Null(), Type.String()]) });

export const AuditReportsAnswer = Type.Union([Type.String(), Type.Array(LoginVerificationRow), Type.Array(AuditRowView)]);

/** One break verify found in the chain, by position and kind (CJIS AU-9). */
export const Break = Type.Object({
  kind: Type.Union([Type.Literal('changed'), Type.Literal('removed'), Type.Literal('inserted'), Type.Literal('tail_missing'), Type.Literal('rewritten'), Type.Literal('checkpoint_forged')]),
  position: Type.Optional(Type.Integer()), id: Type.Optional(Type.Integer()), problem: Type.String(),
});
/** What `precinct audit verify` and `GET /audit/verify` report: every break, not only the first. */
export const VerifyView = Type.Object({
  ok: Type.Boolean(), rows: Type.Integer({ description: 'rows linked into the chain' }),
  pending: Type.Integer({ description: 'rows committed but not yet linked' }),
  breaks: Type.Array(Break, { description: 'every break found, in chain order (at most 1 000)' }), breakCount: Type.Integer(),
  checkpoint: Type.Union([Type.Null(), Type.Object({ at: Type.String(), positions: Type.Integer(), head: Type.String(), mac: Type.String() })]),
  broken: Type.Optional(Type.Object({ id: Type.Integer(), problem: Type.String() })),
});


const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);

/** One row of the audit browser: who (login and name), when, what, which record, how it ended, where it stands in the chain. */
export const TrailRow = Type.Object({
  id: Type.Integer(), position: Nullable(Type.Integer({ description: 'position in the keyed chain; null until the chainer links it' })),
  at: Type.String({ description: 'ISO 8601 UTC' }), username: Nullable(Type.String()), name: Nullable(Type.String({ description: 'the person, as boards name them' })),
  role: Nullable(Type.String()), source: Nullable(Type.String()), remote: Type.Boolean(), action: Type.String(),
  subjectType: Nullable(Type.String()), subjectId: Nullable(Type.String()),
  also: Type.Array(Type.String(), { description: 'other records the same read showed, type:id' }),
  outcome: Type.Union([Type.Literal('allowed'), Type.Literal('denied'), Type.Literal('failed')]), reason: Nullable(Type.String()), route: Nullable(Type.String()),
});

/** What `POST /audit/extracts/verify` and `precinct audit verify-extract` report. */
export const ExtractCheck = Type.Object({
  ok: Type.Boolean(), signature: Type.Union([Type.Literal('valid'), Type.Literal('invalid'), Type.Literal('missing')]),
  rows: Type.Integer(), producedAt: Nullable(Type.String()), producedBy: Nullable(Type.String()),
  problems: Type.Array(Type.Object({ id: Type.Optional(Type.Integer()), position: Type.Optional(Type.Integer()), problem: Type.String() })),
});
