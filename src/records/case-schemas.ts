/** Request and response schemas of the case-file routes (TypeBox). */
import { Type, type TSchema } from 'typebox';
import { CASE_NUMBER_PATTERN } from './case-numbers.ts';
import { pageParams, pageSchema } from '../core/paging.ts';

const Strict = { additionalProperties: false } as const;
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// A real calendar date or instant (2026-13-45 and 2026-02-30 are refused here, not passed on as an invalid date).
const When = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], { description: 'a date (2026-05-01) or a date-time with its offset' });

export const CaseNumberParam = Type.Object({ number: Type.String({ pattern: CASE_NUMBER_PATTERN }) }, Strict);

/** Cases and reports newest first, 25 a page by default, at most 200, paged by key (`next` → `after`). */
export const CASES_PAGE = { default: 25, maximum: 200 };
const Paging = pageParams(CASES_PAGE.default, CASES_PAGE.maximum);
const Common = {
  number: Opt(Type.String({ pattern: '^[A-Za-z]{0,3}[0-9-]{1,12}$', description: 'a case number or its last digits' })),
  from: Opt(When), to: Opt(When),
  address: Opt(Type.String({ minLength: 2, maxLength: 120 })),
  officer: Opt(Type.String({ minLength: 1, maxLength: 60, description: 'login of the officer who opened the case or wrote a report' })),
  personId: Opt(Type.String({ format: 'uuid' })),
  ...Paging,
};

export const CaseQuery = Type.Object({
  ...Common,
  incident: Opt(Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' })),
  type: Opt(Type.String({ minLength: 1, maxLength: 40 })),
  status: Opt(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('inactive')])),
}, Strict);

export const ReportQuery = Type.Object({
  ...Common,
  caseNumber: Opt(Type.String({ pattern: CASE_NUMBER_PATTERN })),
  kind: Opt(Type.Union(['incident', 'arrest', 'field_interview', 'supplement'].map((k) => Type.Literal(k)))),
  status: Opt(Type.Union(['draft', 'submitted', 'returned', 'approved'].map((k) => Type.Literal(k)))),
}, Strict);

export const CaseStatusBody = Type.Object({ status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('inactive')]) }, Strict);
export const PrefixBody = Type.Object({ prefix: Type.String({ maxLength: 10 }) }, Strict);


export const CaseSummary = Type.Object({
  number: Type.String(), type: Type.String(), status: Type.String(), address: Type.String(), occurredAt: Type.String(),
  incidentNumber: Nullable(Type.String()), openedBy: Type.String(), openedByName: Type.String(), openedAt: Type.String(),
});
export const ReportSummary = Type.Object({
  id: Type.String(), kind: Type.String(), caseNumber: Nullable(Type.String()), status: Type.String(), author: Type.String(), authorName: Type.String(),
  occurredAt: Type.String(), eventDate: Type.String(), juvenile: Type.Boolean(), offense: Nullable(Type.String()), address: Nullable(Type.String()),
});
export const CasePage = pageSchema(CaseSummary);
export const ReportPage = pageSchema(ReportSummary);
export const PrefixView = Type.Object({ prefix: Type.String(), example: Type.String() });
