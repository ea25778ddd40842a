/** Request and response schemas of criminal intelligence records (TypeBox). */
import { Type, type TSchema } from 'typebox';
import { pageParams, pageSchema } from '../core/paging.ts';
import { INTEL_PAGE } from './rules.ts';

const Strict = { additionalProperties: false } as const;
// The predicate, the activity and the recipient are checked by the rules, so that a missing one is refused with its clause.
const Text = (max: number) => Type.String({ maxLength: max });
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const NewRecord = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200, description: 'a short name for the file' }),
  activity: Opt(Text(500)),
  predicate: Opt(Text(4000)),
  information: Type.String({ minLength: 1, maxLength: 20000, description: 'the information kept' }),
  source: Opt(Text(500)),
  subjects: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50, uniqueItems: true, description: 'master names of the people suspected' }),
}, Strict);
export const NewDissemination = Type.Object({
  recipientAgency: Opt(Text(200)), recipientPerson: Opt(Text(200)), needToKnow: Opt(Type.Boolean()), rightToKnow: Opt(Type.Boolean()), reason: Opt(Text(2000)),
}, Strict);
export const Review = Type.Object({ note: Opt(Text(2000)) }, Strict);
export const Purge = Type.Object({ reason: Opt(Text(2000)) }, Strict);
export const ListQuery = Type.Object({ due: Opt(Type.Boolean({ description: 'only the records due for review or purge (28 CFR 23.20(h))' })), ...pageParams(INTEL_PAGE.default, INTEL_PAGE.max) }, Strict);

const Summary = {
  id: Type.String(), number: Type.String(), title: N(Type.String()), activity: N(Type.String()), subjects: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  openedBy: Type.String(), openedByName: Type.String(), openedAt: Type.String(), reviewDue: Type.String(), due: Type.Boolean(),
  reviewedAt: N(Type.String()), reviewedBy: N(Type.String()), reviewedByName: N(Type.String()),
  purgedAt: N(Type.String()), purgedBy: N(Type.String()), purgedByName: N(Type.String()), purgeReason: N(Type.String()),
};
export const RecordSummary = Type.Object(Summary);
export const RecordPage = pageSchema(RecordSummary);
export const DisseminationView = Type.Object({
  id: Type.String(), recipientAgency: Type.String(), recipientPerson: Type.String(), needToKnow: Type.Boolean(), rightToKnow: Type.Boolean(), reason: N(Type.String()),
  by: Type.String(), byName: Type.String(), at: Type.String(),
});
export const ReviewView = Type.Object({ decision: Type.String(), note: N(Type.String()), by: Type.String(), byName: Type.String(), at: Type.String(), nextDue: N(Type.String()) });
export const RecordView = Type.Object({
  ...Summary, predicate: N(Type.String()), information: N(Type.String()), source: N(Type.String()),
  disseminations: Type.Array(DisseminationView), reviews: Type.Array(ReviewView),
});
export const Created = Type.Object({ id: Type.String(), number: Type.String() });
export const DisseminationCreated = Type.Object({ id: Type.String() });
export const Reviewed = Type.Object({ reviewDue: Type.String() });
export const Done = Type.Object({ ok: Type.Boolean() });
