/** Request and response schemas of restraining orders and trespass notices (TypeBox). */
import { Type, type TSchema } from 'typebox';
import { CASE_NUMBER_PATTERN } from '../case-numbers.ts';
import { pageParams, pageSchema } from '../../core/paging.ts';
import { ORDERS_PAGE } from './rules.ts';

const Strict = { additionalProperties: false } as const;
const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date' });

export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const NewOrder = Type.Object({
  kind: Type.Union([Type.Literal('restraining'), Type.Literal('trespass')]),
  caseNumber: Type.String({ pattern: CASE_NUMBER_PATTERN }),
  respondentId: Type.String({ format: 'uuid', description: 'the person the order is against (master name)' }),
  protectedId: Opt(Type.String({ format: 'uuid', description: 'the person protected (restraining order)' })),
  addresses: Type.Array(Text(300), { minItems: 1, maxItems: 10, description: 'the addresses the respondent must stay away from' }),
  terms: Text(2000), court: Opt(Text(120)), docket: Opt(Text(40)),
  issuedOn: Day, expiresOn: Opt(Day), servedAt: Opt(Type.String({ format: 'date-time' })),
}, Strict);
export const When = Type.Object({ at: Opt(Type.String({ format: 'date-time' })) }, Strict);
export const OrderQuery = Type.Object({
  personId: Opt(Type.String({ format: 'uuid' })), caseNumber: Opt(Type.String({ pattern: CASE_NUMBER_PATTERN })),
  kind: Opt(Type.Union([Type.Literal('restraining'), Type.Literal('trespass')])),
  status: Opt(Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('vacated')], { description: 'in force today, past its expiry, or vacated by the court' })),
  from: Opt(Day), to: Opt(Day), docket: Opt(Text(40)),
  ...pageParams(ORDERS_PAGE.default, ORDERS_PAGE.max),
}, Strict);
export const CautionQuery = Type.Object({
  address: Opt(Type.String({ minLength: 1, maxLength: 300 })), personId: Opt(Type.String({ format: 'uuid' })),
  name: Opt(Type.String({ minLength: 1, maxLength: 120, description: 'a name given at call time: the orders against the master names it closely matches' })),
}, Strict);

const orderFields = {
  id: Type.String(), kind: Type.String(), caseNumber: Type.String(), respondentId: Type.String(), respondent: Type.String(),
  protectedId: N(Type.String()), protectedPerson: N(Type.String()), addresses: Type.Array(Type.String()), terms: Type.String(),
  court: N(Type.String()), docket: N(Type.String()), issuedOn: Type.String(), expiresOn: N(Type.String()), servedAt: N(Type.String()),
  vacatedAt: N(Type.String()), active: Type.Boolean(),
};
export const OrderView = Type.Object(orderFields);
export const OrderPage = pageSchema(OrderView);
export const Caution = Type.Object({ ...orderFields, caution: Type.String() });
export const Created = Type.Object({ id: Type.String() });
export const Done = Type.Object({ ok: Type.Boolean() });
