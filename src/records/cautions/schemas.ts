/** Request and response schemas of caution flags (TypeBox). */
import { Type } from 'typebox';

const Strict = { additionalProperties: false } as const;
const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const FLAG_KINDS = ['weapons', 'violent', 'dog', 'hazard', 'medical', 'mental_health', 'officer_safety', 'other'] as const;

export const NewFlag = Type.Object({
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'the address the caution is about' })),
  personId: Type.Optional(Type.String({ format: 'uuid', description: 'or the person (master name) it is about' })),
  kind: Type.Union(FLAG_KINDS.map((k) => Type.Literal(k))),
  note: Type.String({ minLength: 1, maxLength: 1000, description: 'what responding officers must know' }),
  source: Type.String({ minLength: 1, maxLength: 200, description: 'where it comes from: a report, an officer, another agency' }),
  expiresOn: Type.Optional(Type.String({ format: 'date', description: 'the last day it is shown; none: until removed' })),
}, Strict);

export const FlagQuery = Type.Object({
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  personId: Type.Optional(Type.String({ format: 'uuid' })),
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: 'a name as the caller gives it: the flags of the master names it matches closely' })),
}, Strict);

export const FlagView = Type.Object({
  id: Type.String(), address: N(Type.String()), personId: N(Type.String()), person: N(Type.String()), kind: Type.String(), note: Type.String(),
  source: Type.String(), expiresOn: N(Type.String()), createdBy: Type.String(), createdAt: Type.String(),
});

export const Removal = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, Strict);
export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const Created = Type.Object({ id: Type.String() });

export const CautionedAddress = Type.Object({ address: Type.String(), kinds: Type.Array(Type.String()), lat: Type.Number(), lon: Type.Number() });
