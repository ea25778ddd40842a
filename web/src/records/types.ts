/** The server's records answers, as its route schemas declare them (type-only imports: no server code reaches the browser). */
import type { Static } from 'typebox';
import type * as R from '../../../src/records/schemas.ts';
import type * as C from '../../../src/records/case-schemas.ts';
import type * as P from '../../../src/records/property/schemas.ts';
import type * as O from '../../../src/records/orders/schemas.ts';

export type LinkedRecord = Static<typeof R.LinkedRecord>;
export type Person = Static<typeof R.NamesPostAnswer>;
export type Vehicle = Static<typeof R.VehiclesAnswer>;
export type Business = Static<typeof R.BusinessesAnswer>;
export type NameHit = Static<typeof R.NameHit>;
export type IndexHit = Static<typeof R.IndexHit>;
export type OffenderHistory = Static<typeof R.OffenderHistory>;
export type Case = Static<typeof R.CasesAnswer>;
export type CaseParty = Static<typeof R.CaseParty>;
export type PartyType = Static<typeof R.PartyType>;
export type Report = Static<typeof R.ReportsAnswer>;
export type ReportSummary = Static<typeof R.ReportSummary>;
export type CaseSummary = Static<typeof C.CaseSummary>;
export type CasePage = Static<typeof C.CasePage>;
export type Item = Static<typeof P.ItemView>;
export type ItemSummary = Static<typeof P.ItemSummary>;
export type Caution = Static<typeof O.Caution>;
