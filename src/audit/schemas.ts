import { Type } from 'typebox';

export const LoginVerificationRow = Type.Object({ username: Type.String(), name: Type.String(), badge: Type.Union([Type.Null(), Type.String()]), unit: Type.Union([Type.Null(), Type.String()]), roles: Type.String(), status: Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')]), lastSignInAt: Type.Union([Type.Null(), Type.String()]), passwordAgeDays: Type.Number(), passwordExpired: Type.Boolean(), mfa: Type.Union([Type.Literal('enrolled'), Type.Literal('not enrolled')]), shouldDisable: Type.Boolean(), why: Type.String() });

export const AuditRowView = Type.Object({ id: Type.Number(), at: Type.String(), username: Type.Union([Type.Null(), Type.String()]), role: Type.Union([Type.Null(), Type.String()]), source: Type.Union([Type.Null(), Type.String()]), remote: Type.Boolean(), action: Type.String(), subject: Type.Union([Type.Null(), Type.String()]), outcome: Type.String(), reason: Type.Union([Type.Null(), Type.String()]) });

export const AuditReportsAnswer = Type.Union([Type.String(), Type.Array(LoginVerificationRow), Type.Array(AuditRowView)]);
