import type { AppContext } from '../../src/app/context.ts';
import { codeTable } from '../../src/agency/service.ts';
import { inTransaction } from '../../src/db/index.ts';
import { agencyYear, nextYearlyNumber } from '../../src/db/numbers.ts';
import { appendEvent } from '../../src/events/store.ts';

/**
 * An open incident for tests of capabilities that refer to one (Knox accesses,
 * dispatching, cases) written the way CAD part 1 writes it: a gap-free number from
 * the 'incident' series, the projection row and an `incident.created` event.
 */
export async function openIncident(ctx: AppContext, input: { type?: string; address?: string; by?: string } = {}): Promise<string> {
  const type = input.type ?? 'DISTURB';
  const entry = (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === type);
  if (!entry) throw new Error(`no incident type ${type}`);
  return inTransaction(ctx.db, async (tx) => {
    const number = await nextYearlyNumber(tx, 'incident', agencyYear(ctx.config.agency.timeZone));
    const location = { address: input.address ?? '12 Elm Street, Millbrook' };
    await tx.insertInto('incident').values({
      number, call_id: null, type, priority: Number(entry.attrs.priority ?? 3), location: JSON.stringify(location), complainant: JSON.stringify(null),
      narrative: null, disposition: null, closed_at: null, created_by: input.by ?? 'test-fixture',
      min_units: Number(entry.attrs.minUnits ?? 1), supervisor_required: Boolean(entry.attrs.supervisor),
    }).execute();
    await appendEvent(tx, { kind: 'incident.created', subject: { type: 'incident', id: number }, actor: { username: input.by ?? 'test-fixture' }, payload: { type, location } });
    return number;
  });
}
