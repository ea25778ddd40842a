import type { Generated } from 'kysely';
import type { Json, StampedAt } from './columns.ts';

/** A question or instruction of a protocol card: its code (unique on the card) and its words. */
export interface CardItem { code: string; text: string }

/** An approved emergency medical guideline for one chief complaint (81A §I.1.b); a new version supersedes the old, kept. */
export interface EmdCardTable {
  id: Generated<string>;
  complaint_code: string;
  complaint: string;
  version: string;
  approved_on: string;
  approved_by: string;
  key_questions: Json<CardItem[]>;
  instructions: Json<CardItem[]>;
  demo: boolean;
  loaded_by: string;
  loaded_at: StampedAt;
  superseded_at: Date | null;
  superseded_by: string | null;
}

/** An employee's EMD certification (81A §I.1.a). */
export interface EmdCertificationTable {
  id: Generated<string>;
  username: string;
  number: string;
  issuing_body: string;
  issued_on: string;
  expires_on: string;
  recorded_by: string;
  recorded_at: StampedAt;
}

export interface EmdReminderTable { certification_id: string; username: string; expires_on: string; sent_at: StampedAt }

export interface EmdTables {
  emd_card: EmdCardTable;
  emd_certification: EmdCertificationTable;
  emd_reminder: EmdReminderTable;
}
