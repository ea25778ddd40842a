/** The server's NIBRS answers, as its route schemas declare them (type-only imports: no server code reaches the browser). */
import type { Static } from 'typebox';
import type * as S from '../../../../src/records/nibrs/schemas.ts';

export type NibrsData = Static<typeof S.NibrsData>;
export type NibrsView = Static<typeof S.NibrsView>;
export type InboxEntry = Static<typeof S.InboxEntry>;
export type StatusCounts = Static<typeof S.StatusCounts>;
export type CodeLists = Static<typeof S.CodeLists>;
export type Mapping = Static<typeof S.Mapping>;
export type OffenseCode = Static<typeof S.OffenseCode>;
export type SubmissionSummary = Static<typeof S.SubmissionSummary>;
export type SubmissionView = Static<typeof S.SubmissionView>;
export type SubmissionMade = Static<typeof S.SubmissionMade>;
export type EditError = InboxEntry['errors'][number];
export type Offense = NibrsData['offenses'][number];
export type Property = NonNullable<NibrsData['property']>[number];
export type Victim = NonNullable<NibrsData['victims']>[number];
export type Offender = NonNullable<NibrsData['offenders']>[number];
export type Arrestee = NonNullable<NibrsData['arrestees']>[number];
export type FromReports = Static<typeof S.FromReports>;
