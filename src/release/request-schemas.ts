/** The HTTP contract of public records requests (S-110 §B.2; M.G.L. c.66 §10). */
import { Type } from 'typebox';
import { EXEMPTION_CODES } from './redaction.ts';
import { pageParams, pageSchema } from '../core/paging.ts';
import { REQUESTS_PAGE } from './model.ts';
import { Day } from './schemas.ts';

const Strict = { additionalProperties: false } as const;
const text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$' });
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ExemptionCode = Type.Union(EXEMPTION_CODES.map((c) => Type.Literal(c)), { description: 'an exemption code (GET /public-records/exemptions)' });
const Via = Type.Union([Type.Literal('in_person'), Type.Literal('mail'), Type.Literal('email'), Type.Literal('phone'), Type.Literal('web')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('released'), Type.Literal('partially_released'), Type.Literal('denied'), Type.Literal('withdrawn')]);

export const RequestParams = Type.Object({ id: Uuid }, Strict);
export const ItemParams = Type.Object({ id: Uuid, itemId: Uuid }, Strict);
export const RedactionParams = Type.Object({ id: Uuid, redactionId: Uuid }, Strict);
export const ReleaseParams = Type.Object({ releaseId: Uuid }, Strict);

export const NewRequestBody = Type.Object({
  requester: Type.Object({ name: text(200), contact: text(300) }, Strict),
  receivedVia: Via,
  description: text(4000),
  receivedOn: Day,
}, Strict);
export const RequestQuery = Type.Object({ status: Type.Optional(Status), ...pageParams(REQUESTS_PAGE.default, REQUESTS_PAGE.max) }, Strict);
export const GatherBody = Type.Union([
  Type.Object({ kind: Type.Literal('report'), ref: Uuid }, Strict),
  Type.Object({ kind: Type.Literal('incident'), ref: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' }) }, Strict),
  Type.Object({ kind: Type.Literal('daily_log'), ref: Day }, Strict),
]);
export const RedactionBody = Type.Object({
  itemId: Uuid, scope: Type.Union([Type.Literal('text'), Type.Literal('item')]), text: Type.Optional(text(2000)), exemption: ExemptionCode,
  reason: Type.Optional(text(2000, 0)),
}, Strict);
export const DecisionBody = Type.Object({ decision: Type.Union([Type.Literal('accept'), Type.Literal('remove')]), reason: Type.Optional(text(2000, 0)) }, Strict);
export const ReleaseBody = Type.Object({
  recipient: Type.Optional(text(300)),
  deny: Type.Optional(Type.Object({ exemptions: Type.Array(ExemptionCode, { maxItems: 20 }), explanation: Type.Optional(text(4000)) }, Strict)),
}, Strict);
export const WithdrawBody = Type.Object({ reason: text(1000, 1) }, Strict);

export const RequestView = Type.Object({
  id: Type.String(), number: Type.Integer(), label: Type.String({ description: 'PRR-00042: the number stamped on the released pages' }),
  requester: Type.Object({ name: Type.String(), contact: Type.String() }), receivedVia: Via, description: Type.String(),
  receivedOn: Type.String(), deadline: Type.String({ description: 'the tenth business day after receipt (M.G.L. c.66 §10(a))' }), status: Status,
  daysLeft: N(Type.Integer({ description: 'business days to the deadline while open (the agency\'s open days after today up to the deadline); negative when overdue' })),
  reminder: N(Type.Union([Type.Literal('overdue'), Type.Literal('due_soon')])),
  loggedBy: Type.String(), loggedByName: Type.String(), loggedAt: Type.String(),
  reviewedBy: N(Type.String()), reviewedByName: N(Type.String()), reviewedAt: N(Type.String()), closedAt: N(Type.String()), withdrawReason: N(Type.String()),
});
export const RequestList = pageSchema(RequestView);
export const Reminders = Type.Object({ overdue: Type.Integer(), dueSoon: Type.Integer({ description: 'open requests due within two business days' }) });
export const ItemView = Type.Object({ id: Type.String(), kind: Type.Union([Type.Literal('report'), Type.Literal('incident'), Type.Literal('daily_log')]), ref: Type.String(), title: Type.String(), addedBy: Type.String(), addedByName: Type.String(), addedAt: Type.String() });
export const RedactionView = Type.Object({
  id: Type.String(), itemId: Type.String(), scope: Type.Union([Type.Literal('text'), Type.Literal('item')]), what: Type.String(), terms: Type.Array(Type.String()),
  exemption: Type.String(), clause: Type.String(), origin: Type.Union([Type.Literal('proposed'), Type.Literal('clerk')]), decision: Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('removed')]),
  reason: N(Type.String()), decidedBy: N(Type.String()), decidedByName: N(Type.String()), decidedAt: N(Type.String()),
});
export const ReleaseView = Type.Object({
  id: Type.String(), outcome: Type.Union([Type.Literal('released'), Type.Literal('partially_released'), Type.Literal('denied')]), releasedBy: Type.String(), releasedByName: Type.String(), releasedAt: Type.String(),
  recipient: Type.String(), exemptions: Type.Array(Type.String()), redactionCount: Type.Integer(), hasRelease: Type.Boolean(), hasLetter: Type.Boolean(),
});
export const RequestDetail = Type.Object({ ...RequestView.properties, items: Type.Array(ItemView), redactions: Type.Array(RedactionView), releases: Type.Array(ReleaseView) });
const Section = Type.Object({ heading: Type.String(), text: Type.String() });
export const RecordPreview = Type.Object({
  itemId: Type.String(), title: Type.String(), original: Type.Array(Section), released: Type.Array(Section), withheld: N(Type.String()), notIncluded: Type.Array(Type.String()),
});
export const Released = Type.Object({ releaseId: Type.String(), request: RequestDetail });
export const ExemptionList = Type.Array(Type.Object({ code: Type.String(), clause: Type.String(), title: Type.String() }));
