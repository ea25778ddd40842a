/** The HTTP contract of emergency medical dispatch (81A §I): bodies refuse unknown fields. */
import { Type } from 'typebox';

const Strict = { additionalProperties: false } as const;
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: 'lower-case letters, digits, _ and -; at most 40' });
const Item = Type.Object({ code: Code, text: Text(1000) }, Strict);

export const CardBody = Type.Object({
  complaintCode: Code,
  complaint: Text(100),
  version: Text(40),
  approvedOn: DateText,
  approvedBy: Text(200),
  keyQuestions: Type.Array(Item, { minItems: 1, maxItems: 40 }),
  instructions: Type.Array(Item, { minItems: 1, maxItems: 40 }),
  demo: Type.Optional(Type.Boolean({ description: 'demo text, not an approved guideline: the console labels it so' })),
}, Strict);

const ItemView = Type.Object({ code: Type.String(), text: Type.String() });
export const CardView = Type.Object({
  id: Type.String(), complaintCode: Type.String(), complaint: Type.String(), version: Type.String(), approvedOn: Type.String(), approvedBy: Type.String(),
  keyQuestions: Type.Array(ItemView), instructions: Type.Array(ItemView), demo: Type.Boolean(), loadedBy: Type.String(), loadedAt: Type.String(),
  supersededAt: Nullable(Type.String()), supersededBy: Nullable(Type.String()),
});

export const CardsQuery = Type.Object({ all: Type.Optional(Type.Boolean({ description: 'also the superseded versions' })) }, Strict);

export const PersonView = Type.Object({ username: Type.String(), name: Type.String({ description: 'as "Dana Kowalski #D-12"' }) });
export const UserParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, Strict);
export const CertificationBody = Type.Object({
  number: Text(60), issuingBody: Text(200), issuedOn: DateText, expiresOn: DateText,
}, Strict);
export const CertificationView = Type.Object({
  id: Type.String(), username: Type.String(), name: Type.String(), number: Type.String(), issuingBody: Type.String(), issuedOn: Type.String(), expiresOn: Type.String(),
  state: Type.Union([Type.Literal('current'), Type.Literal('expired'), Type.Literal('not_yet_valid')]),
  recordedBy: Type.String(), recordedAt: Type.String(), remindedAt: Nullable(Type.String()),
});

export const ProductBody = Type.Object({
  name: Text(80),
  launchUrl: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL; {incident}, {address}, {callback} and {complaint} are replaced, URL-encoded' }),
}, Strict);
export const ProductView = Type.Union([Type.Object({ name: Type.String(), launchUrl: Type.String() }), Type.Null()]);

export const NumberParam = Type.Object({ number: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' }) }, Strict);
export const IncidentEmdQuery = Type.Object({ complaint: Type.Optional(Code) }, Strict);
export const IncidentEmdView = Type.Object({
  number: Type.String(), medical: Type.Boolean(),
  medicalBecause: Type.Union([Type.Literal('incident_type'), Type.Literal('call_category'), Type.Null()]),
  cards: Type.Array(CardView),
  certified: Type.Boolean(),
  certification: Type.Union([Type.Object({ number: Type.String(), issuingBody: Type.String(), expiresOn: Type.String() }), Type.Null()]),
  certifiedOnDuty: Type.Array(Type.String(), { description: 'people on today’s roster with a current EMD certification, by name' }),
  recorded: Type.Array(Type.Object({
    seq: Type.Number(), at: Type.String(), kind: Type.Union([Type.Literal('answer'), Type.Literal('instruction')]),
    cardId: Type.String(), version: Type.String(), code: Type.String(), answer: Nullable(Type.String()), by: Nullable(Type.String()),
  })),
  launch: Type.Union([Type.Object({ productName: Type.String(), url: Type.String() }), Type.Null()]),
  confidential: Type.Boolean(),
});
export const AnswerBody = Type.Object({ cardId: Type.String({ format: 'uuid' }), question: Code, answer: Text(2000) }, Strict);
export const InstructionBody = Type.Object({ cardId: Type.String({ format: 'uuid' }), instruction: Code }, Strict);
