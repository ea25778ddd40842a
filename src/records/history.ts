/**
 * Offender history of a master name: every record in which the person was a suspect,
 * arrestee, offender or subject. Juvenile entries are segregated (S-110 §B.1): left
 * out for users without records.juvenile, separated, marked and audited for those with it.
 */
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../core/context.ts';
import { NotFound } from '../core/errors.ts';
import { inTransaction } from '../db/index.ts';
import { auditJuvenileRead, may } from './access.ts';
import { linkedRecords, type LinkedRecord } from './names.ts';
import { SUBJECT_ROLES } from './rules.ts';
import type { Actor } from '../core/actor.ts';

export interface OffenderHistory { personId: string; adult: LinkedRecord[]; juvenile?: LinkedRecord[] }

export async function offenderHistory(ctx: AppContext, actor: Actor, personId: string): Promise<OffenderHistory> {
  return inTransaction(ctx.db, async (tx) => {
    const person = await tx.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
    if (!person) throw new NotFound('person.not_found', `no master name ${personId}`);
    const merged = await tx.selectFrom('person').select('id').where('merged_into', '=', personId).execute();
    const records = (await linkedRecords(tx, 'person', [personId, ...merged.map((m) => m.id)]))
      .filter((r) => (SUBJECT_ROLES as readonly string[]).includes(r.role));
    const history: OffenderHistory = { personId, adult: records.filter((r) => !r.juvenile) };
    if (may(actor, 'records.juvenile')) {
      history.juvenile = records.filter((r) => r.juvenile);
      if (history.juvenile.length > 0) await auditJuvenileRead(tx, actor, { type: 'person', id: personId }, { history: history.juvenile.map((r) => r.reportId) });
    }
    return history;
  });
}

/** The history as CSV for export; juvenile rows, when the user may see them, come last and say JUVENILE. */
export function historyCsv(history: OffenderHistory): string {
  const row = (r: LinkedRecord, section: string) => [section, r.caseNumber ?? '', r.eventDate, r.kind, r.role, r.status, r.reportId];
  return stringify([
    ['section', 'case', 'event_date', 'record', 'role', 'status', 'report_id'],
    ...history.adult.map((r) => row(r, 'adult')),
    ...(history.juvenile ?? []).map((r) => row(r, 'JUVENILE')),
  ]);
}
