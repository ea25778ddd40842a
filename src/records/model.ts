/** Request schemas of the records routes (TypeBox). Bodies refuse unknown fields. */
import { Type } from 'typebox';
import { BUSINESS_ROLES, PERSON_ROLES, VEHICLE_ROLES } from './rules.ts';
import { CASE_NUMBER_PATTERN } from './case-numbers.ts';

const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
const Strict = { additionalProperties: false } as const;

export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);

export const Name = Type.Object({ first: Text(80), last: Text(80), middle: Type.Optional(Type.String({ maxLength: 80 })) }, Strict);

export const PersonDetails = {
  aliases: Type.Optional(Type.Array(Name, { maxItems: 50 })),
  identifiers: Type.Optional(Type.Array(Type.Object({
    kind: Type.Union([Type.Literal('license'), Type.Literal('state_id'), Type.Literal('passport'), Type.Literal('fbi'), Type.Literal('sid'), Type.Literal('other')]),
    value: Text(60), state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  }, Strict), { maxItems: 50 })),
  addresses: Type.Optional(Type.Array(Type.Object({ address: Text(300), kind: Type.Optional(Type.Union([Type.Literal('home'), Type.Literal('work'), Type.Literal('mailing'), Type.Literal('other')])) }, Strict), { maxItems: 50 })),
  phones: Type.Optional(Type.Array(Type.Object({ number: Type.String({ pattern: '^[0-9()+ .-]{7,25}$' }), kind: Type.Optional(Type.Union([Type.Literal('mobile'), Type.Literal('home'), Type.Literal('work'), Type.Literal('other')])) }, Strict), { maxItems: 50 })),
};

export const NewPerson = Type.Object({
  first: Text(80), last: Text(80), middle: Type.Optional(Type.String({ maxLength: 80 })),
  dob: Type.Optional(Type.String({ format: 'date' })),
  sex: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('X'), Type.Literal('U')])),
  race: Type.Optional(Type.Union(['A', 'B', 'I', 'P', 'W', 'U'].map((r) => Type.Literal(r)))),
  heightIn: Type.Optional(Type.Integer({ minimum: 12, maximum: 108 })),
  weightLb: Type.Optional(Type.Integer({ minimum: 1, maximum: 1500 })),
  ...PersonDetails,
}, Strict);

export const Details = Type.Object(PersonDetails, Strict);
const OrNull = <T extends import('typebox').TSchema>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));
export const PersonChange = Type.Object({
  first: Type.Optional(Text(80)), last: Type.Optional(Text(80)), middle: Type.Optional(Type.String({ maxLength: 80 })),
  dob: OrNull(Type.String({ format: 'date' })),
  sex: OrNull(Type.Union([Type.Literal('M'), Type.Literal('F'), Type.Literal('X'), Type.Literal('U')])),
  race: OrNull(Type.Union(['A', 'B', 'I', 'P', 'W', 'U'].map((r) => Type.Literal(r)))),
  heightIn: OrNull(Type.Integer({ minimum: 12, maximum: 108 })), weightLb: OrNull(Type.Integer({ minimum: 1, maximum: 1500 })),
}, Strict);
export const DetailParams = Type.Object({
  id: Type.String({ format: 'uuid' }), kind: Type.Union([Type.Literal('alias'), Type.Literal('identifier'), Type.Literal('address'), Type.Literal('phone')]),
  detailId: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }),
}, Strict);
export const Merge = Type.Object({ duplicateId: Type.String({ format: 'uuid' }), reason: Text(500) }, Strict);
export const Undo = Type.Object({ reason: Text(500) }, Strict);

export const NameSearch = Type.Object({ q: Type.String({ minLength: 1, maxLength: 120 }), dob: Type.Optional(Type.String({ maxLength: 10 })) }, Strict);
export const TextSearch = Type.Object({ q: Type.String({ minLength: 1, maxLength: 120 }) }, Strict);

export const NewVehicle = Type.Object({
  plate: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9 -]{1,10}$' })), state: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  vin: Type.Optional(Type.String({ pattern: '^[A-HJ-NPR-Za-hj-npr-z0-9]{11,17}$' })),
  make: Type.Optional(Text(40)), model: Type.Optional(Text(40)), color: Type.Optional(Text(40)),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })),
}, Strict);

export const NewBusiness = Type.Object({
  name: Text(200), address: Text(300), phone: Type.Optional(Type.String({ maxLength: 40 })),
  emergencyContacts: Type.Optional(Type.Array(Type.Object({ name: Text(120), phone: Type.String({ pattern: '^[0-9()+ .-]{7,25}$' }), role: Type.Optional(Text(80)) }, Strict), { maxItems: 20 })),
}, Strict);

export const NewCase = Type.Object({ type: Text(40), location: Text(300), occurredAt: Type.Optional(Type.String({ format: 'date-time' })) }, Strict);
export const FromIncident = Type.Object({ incidentNumber: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' }) }, Strict);

export const Party = Type.Union([
  Type.Object({ type: Type.Literal('person'), id: Type.String({ format: 'uuid' }), role: Type.Union(PERSON_ROLES.map((r) => Type.Literal(r))) }, Strict),
  Type.Object({ type: Type.Literal('vehicle'), id: Type.String({ format: 'uuid' }), role: Type.Union(VEHICLE_ROLES.map((r) => Type.Literal(r))) }, Strict),
  Type.Object({ type: Type.Literal('business'), id: Type.String({ format: 'uuid' }), role: Type.Union(BUSINESS_ROLES.map((r) => Type.Literal(r))) }, Strict),
]);
const Fields = Type.Record(Type.String({ maxLength: 60 }), Type.Unknown());

export const NewReport = Type.Object({
  kind: Type.Union([Type.Literal('incident'), Type.Literal('arrest'), Type.Literal('field_interview')]),
  caseNumber: Type.Optional(Type.String({ pattern: CASE_NUMBER_PATTERN, description: 'file the report under this case (C26-00042)' })),
  occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
  fields: Type.Optional(Fields),
  narrative: Type.Optional(Type.String({ maxLength: 100_000 })),
  parties: Type.Optional(Type.Array(Party, { maxItems: 100 })),
}, Strict);

export const SaveDraft = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  fields: Type.Optional(Fields),
  narrative: Type.Optional(Type.String({ maxLength: 100_000 })),
  parties: Type.Optional(Type.Array(Party, { maxItems: 100 })),
}, Strict);

export const Comments = Type.Object({ comments: Text(4000) }, Strict);
export const Supplement = Type.Object({ narrative: Text(100_000) }, Strict);
export const PhotoQuery = Type.Object({
  reportId: Type.Optional(Type.String({ format: 'uuid' })), personId: Type.Optional(Type.String({ format: 'uuid' })),
  caption: Type.Optional(Type.String({ maxLength: 200 })),
}, Strict);
