import { Type } from 'typebox';

/** The HTTP contract of the emergency button and its credential (81A §E.6.e). */

export const TerminalPosition = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
}, { additionalProperties: false, description: 'The terminal’s geolocation, when the officer allows it' });

export const ReportedLocation = Type.Object({
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
}, { additionalProperties: false });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AlertViewSchema = Type.Object({
  id: Type.String(), kind: Type.String(), priority: Type.Integer(), title: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()), callSign: Nullable(Type.String()), incident: Nullable(Type.String()),
  audience: Type.Array(Type.String()), raisedAt: Type.String(), acknowledgedAt: Nullable(Type.String()),
  acknowledgedBy: Nullable(Type.String()), acknowledgment: Nullable(Type.String()),
});

export const PositionSchema = Type.Object({
  source: Type.String(), sourceText: Type.String(), address: Type.String(),
  lat: Type.Union([Type.Number(), Type.Null()]), lon: Type.Union([Type.Number(), Type.Null()]),
  accuracyM: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
});

export const EmergencyOutcomeSchema = Type.Object({
  alert: AlertViewSchema, incident: Type.String(), unknownRadio: Type.Boolean(), position: PositionSchema,
});

export const CredentialViewSchema = Type.Object({
  id: Type.String(), username: Type.String(), officer: Type.String(), callSign: Type.String(), issuedAt: Type.String(), expiresAt: Type.String(),
  revokedAt: Nullable(Type.String()), revokedBy: Nullable(Type.String()), lastUsedAt: Nullable(Type.String()),
});

export const IssuedCredentialSchema = Type.Object({ ...CredentialViewSchema.properties, token: Type.String() });

/** The header a field terminal sends its emergency credential in. */
export const CREDENTIAL_HEADER = 'x-emergency-credential';
