/** Request and response schemas of the street file (TypeBox). */
import { Type } from 'typebox';

const Strict = { additionalProperties: false } as const;
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const HouseNumber = Type.Integer({ minimum: 0, maximum: 999_999 });
const Day = Type.String({ format: 'date' });

export const NOTE_KINDS = ['premises', 'hazard'] as const;
export const SIDES = ['odd', 'even', 'both'] as const;

const RangeObject = Type.Object({ low: Type.Integer(), high: Type.Integer() });
const Range = N(RangeObject);
export const Street = Type.Object({
  name: Type.String({ description: 'as the geography stores it: ELM ST' }),
  source: Type.Union([Type.Literal('geography'), Type.Literal('hand')], { description: 'geography: from the imported layers; hand: entered by hand for a town without a centerline file' }),
  odd: Range, even: Range,
  centerlineOdd: Type.Union([RangeObject, Type.Null()], { description: 'odd numbers as the centerline file’s left/right from–to ranges give them (null: the file gives none)' }),
  centerlineEven: Type.Union([RangeObject, Type.Null()], { description: 'even numbers as the centerline file’s ranges give them' }),
  sectors: Type.Array(Type.String()), crossStreets: Type.Array(Type.String()),
  addresses: Type.Integer({ description: 'address points the town’s file has on the street' }),
});

export const StreetQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words of the street’s name (each a prefix of one of its words)' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 300 }),
}, Strict);
export const StreetList = Type.Object({ total: Type.Integer(), streets: Type.Array(Street) });
export const StreetParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, Strict);

export const NewHandStreet = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  oddLow: Type.Optional(HouseNumber), oddHigh: Type.Optional(HouseNumber), evenLow: Type.Optional(HouseNumber), evenHigh: Type.Optional(HouseNumber),
  sectors: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 })),
  crossStreets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
}, Strict);

export const NewNote = Type.Object({
  street: Type.String({ minLength: 1, maxLength: 100, description: 'a street of the index' }),
  number: Type.Optional(Type.String({ minLength: 1, maxLength: 14, description: 'one address on the street (a house number); or give low and high for a range; neither: the whole street' })),
  low: Type.Optional(HouseNumber), high: Type.Optional(HouseNumber),
  side: Type.Optional(Type.Union(SIDES.map((s) => Type.Literal(s)), { description: 'which side of the range: odd, even or both (the default)' })),
  kind: Type.Union(NOTE_KINDS.map((k) => Type.Literal(k)), { description: 'premises: how to get in, what is there; hazard: what endangers responders or blocks the way' }),
  text: Type.String({ minLength: 1, maxLength: 1000 }),
  effectiveFrom: Type.Optional(Day), effectiveUntil: Type.Optional(Type.String({ format: 'date', description: 'the last day it is in force; none: until ended' })),
}, Strict);

export const Note = Type.Object({
  id: Type.String(), street: Type.String(), number: N(Type.String()), low: N(Type.Integer()), high: N(Type.Integer()), side: N(Type.String()),
  place: Type.String({ description: 'the place in words: the whole street, no. 12, 10–40 (even side)' }),
  kind: Type.String(), text: Type.String(), effectiveFrom: Type.String(), effectiveUntil: N(Type.String()),
  state: Type.Union([Type.Literal('in_force'), Type.Literal('scheduled'), Type.Literal('expired'), Type.Literal('ended')]),
  enteredBy: Type.String(), enteredByName: Type.String(), enteredAt: Type.String(),
  endedByName: N(Type.String()), endedAt: N(Type.String()), endedReason: N(Type.String()),
});

export const StreetPage = Type.Object({ ...Street.properties, notes: Type.Array(Note) });
export const NoteParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const Ending = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, Strict);
export const AtQuery = Type.Object({ address: Type.String({ minLength: 1, maxLength: 300, description: 'a location as the dispatcher types it' }) }, Strict);
export const NotesAt = Type.Object({
  streets: Type.Array(Type.String(), { description: 'the streets of the index the location is on' }), number: N(Type.String()), notes: Type.Array(Note),
});
