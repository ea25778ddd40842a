import type { Generated } from 'kysely';
import type { StampedAt } from './columns.ts';

/** Criminal intelligence records (migration 0040_intelligence; 28 CFR Part 23, S-110 §A.1.m). Content columns are null once purged. */
export interface IntelRecordTable {
  id: Generated<string>; number: string; title: string | null; activity: string | null; predicate: string | null; information: string | null; source: string | null;
  opened_by: string; opened_at: StampedAt; review_due: string; reviewed_at: Date | null; reviewed_by: string | null;
  purged_at: Date | null; purged_by: string | null; purge_reason: string | null;
}
export interface IntelSubjectTable { record_id: string; person_id: string }
export interface IntelDisseminationTable {
  id: Generated<string>; record_id: string; recipient_agency: string; recipient_person: string; need_to_know: boolean; right_to_know: boolean;
  reason: string | null; disseminated_by: string; disseminated_at: StampedAt;
}
export interface IntelReviewTable {
  id: Generated<string>; record_id: string; decision: 'validated' | 'purged'; note: string | null; reviewed_by: string; reviewed_at: StampedAt; next_due: string | null;
}

/** The tables the intelligence capability owns: nothing else reads them. */
export interface IntelligenceTables {
  intel_record: IntelRecordTable;
  intel_subject: IntelSubjectTable;
  intel_dissemination: IntelDisseminationTable;
  intel_review: IntelReviewTable;
}
