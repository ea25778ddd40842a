/** Request and response schemas of the property and evidence routes (TypeBox). */
import { Type, type TSchema } from 'typebox';
import { CASE_NUMBER_PATTERN } from '../case-numbers.ts';

const Strict = { additionalProperties: false } as const;
const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);

export const NewItem = Type.Object({
  caseNumber: Type.String({ pattern: CASE_NUMBER_PATTERN, description: 'the case the item is filed under' }),
  kind: Type.Union([Type.Literal('evidence'), Type.Literal('found'), Type.Literal('safekeeping'), Type.Literal('stolen')]),
  category: Text(60), description: Text(500),
  make: Opt(Text(60)), model: Opt(Text(60)), serial: Opt(Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9 ./#-]+$' })),
  value: Opt(Type.Number({ minimum: 0, maximum: 100_000_000 })),
  ownerId: Opt(Type.String({ format: 'uuid' })),
  location: Opt(Text(120)), holder: Opt(Text(120)),
}, Strict);

export const Movement = Type.Object({
  action: Type.Union(['transfer', 'lab', 'court', 'returned', 'release', 'destruction'].map((a) => Type.Literal(a))),
  from: Type.String({ minLength: 1, maxLength: 120, description: 'where the item is now, as the person moving it sees it' }),
  to: Text(120), reason: Text(500),
  receivedBy: Type.Union([
    Type.Object({ username: Type.String({ minLength: 1, maxLength: 64, description: 'one of the agency\'s people, by login (GET /api/v1/property/recipients)' }) }, Strict),
    Type.Object({ outside: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', description: 'an outside recipient as named: a lab, a court, an owner' }) }, Strict),
  ], { description: 'who receives the item' }),
  authorizationId: Opt(Type.String({ format: 'uuid', description: 'the supervisor’s authorization (release and destruction)' })),
}, Strict);

export const Authorize = Type.Object({ action: Type.Union([Type.Literal('release'), Type.Literal('destruction')]), reason: Text(500) }, Strict);
export const Recover = Type.Object({ stolenId: Type.String({ format: 'uuid' }) }, Strict);
export const StolenQuery = Type.Object({ serial: Opt(Type.String({ maxLength: 60 })), q: Opt(Type.String({ maxLength: 120 })) }, Strict);
export const TagQuery = Type.Object({ tag: Type.String({ pattern: '^[A-Za-z]{0,3}[0-9]{2}-[0-9]{5,}$' }) }, Strict);
export const ShelfBody = Type.Object({ location: Text(120) }, Strict);
export const ScanBody = Type.Object({ tag: Type.String({ pattern: '^[A-Za-z0-9-]{3,20}$' }) }, Strict);

const Custody = Type.Object({
  action: Type.String(), fromLocation: N(Type.String()), toLocation: N(Type.String()), fromHolder: N(Type.String()), toHolder: N(Type.String()),
  fromHolderName: N(Type.String({ description: 'the holder as named: "Name #badge" for one of the agency\'s people, an outside recipient as given, marked "(outside recipient)"' })), toHolderName: N(Type.String()),
  fromOutside: Type.Boolean(), toOutside: Type.Boolean(),
  reason: Type.String(), authorizedBy: N(Type.String()), authorizedByName: N(Type.String()), recordedBy: Type.String(), recordedByName: Type.String(), at: Type.String(),
});
export const ItemView = Type.Object({
  id: Type.String(), tag: Type.String(), caseNumber: Type.String(), kind: Type.String(), category: Type.String(), description: Type.String(),
  make: N(Type.String()), model: N(Type.String()), serial: N(Type.String()), value: N(Type.Number()), ownerId: N(Type.String()), owner: N(Type.String()),
  status: Type.String(), location: N(Type.String()), holder: N(Type.String()), holderName: N(Type.String()), holderOutside: Type.Boolean(), recoveredItemId: N(Type.String()),
  createdBy: Type.String(), createdAt: Type.String(), custody: Type.Array(Custody),
  authorizations: Type.Array(Type.Object({ id: Type.String(), action: Type.String(), reason: Type.String(), authorizedBy: Type.String(), authorizedByName: Type.String() }), { description: 'authorizations of release or destruction not yet used' }),
});
export const ItemSummary = Type.Object({
  id: Type.String(), tag: Type.String(), kind: Type.String(), category: Type.String(), description: Type.String(), serial: N(Type.String()), status: Type.String(), location: N(Type.String()),
});
export const Recipient = Type.Object({ username: Type.String(), name: Type.String(), unit: N(Type.String()) });
export const Created = Type.Object({ id: Type.String(), tag: Type.String() });
export const Moved = Type.Object({ status: Type.String(), location: N(Type.String()) });
export const AuthorizationMade = Type.Object({ id: Type.String() });
export const StolenHit = Type.Object({
  id: Type.String(), tag: Type.String(), caseNumber: Type.String(), description: Type.String(), serial: N(Type.String()), make: N(Type.String()), model: N(Type.String()),
  score: Type.Number(), matchedBy: Type.Array(Type.String()),
});
export const Recovered = Type.Object({ stolenTag: Type.String() });
export const ShelfStarted = Type.Object({ id: Type.String(), location: Type.String(), expected: Type.Array(Type.String()) });
export const ShelfReport = Type.Object({
  id: Type.String(), location: Type.String(), startedBy: Type.String(), startedAt: Type.String(), closedAt: N(Type.String()),
  expected: Type.Array(Type.String()), scanned: Type.Array(Type.String()), found: Type.Array(Type.String()), missing: Type.Array(Type.String()),
  unexpected: Type.Array(Type.Object({ tag: Type.String(), recordedLocation: N(Type.String()), status: Type.String() })),
});
