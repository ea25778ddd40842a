import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';

/** A call as another capability sees it when matching a recording or keeping a call detail record. */
export interface CallSummary {
  id: string;
  line: string;
  callbackNumber: string | null;
  ali: Record<string, unknown> | null;
  callTakers: string[];
  receivedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  incidentNumber: string | null;
}

const COLUMNS = ['id', 'line', 'callback_number', 'ali', 'call_takers', 'received_at', 'answered_at', 'ended_at', 'incident_number'] as const;

function summary(row: { id: string; line: string; callback_number: string | null; ali: Record<string, unknown> | null; call_takers: string[]; received_at: Date; answered_at: Date | null; ended_at: Date | null; incident_number: string | null }): CallSummary {
  return {
    id: row.id, line: row.line, callbackNumber: row.callback_number, ali: row.ali, callTakers: row.call_takers,
    receivedAt: row.received_at, answeredAt: row.answered_at, endedAt: row.ended_at, incidentNumber: row.incident_number,
  };
}

/** A line and a time window: the calls a recording of that line is matched against. */
export interface CallWindow { line: string; from: Date; to: Date }

/**
 * The candidates recordings of a telephone line are matched against (81A §L): for each
 * window (a recording's, widened by the caller), in its order, the calls on its line
 * received in it, oldest first, at most `limit` each. One query for a batch of recordings.
 */
export async function callsReceivedInWindows(q: Db | Tx, windows: readonly CallWindow[], limit = 200): Promise<CallSummary[][]> {
  const found: CallSummary[][] = windows.map(() => []);
  if (windows.length === 0) return found;
  const spec = JSON.stringify(windows.map((w, i) => ({ i, line: w.line, f: w.from.toISOString(), t: w.to.toISOString() })));
  const { rows } = await sql<Parameters<typeof summary>[0] & { i: number }>`select w.i, c.*
    from jsonb_to_recordset(${spec}::jsonb) as w(i int, line text, f timestamptz, t timestamptz)
    cross join lateral (select ${sql.join(COLUMNS.map((c) => sql.ref(c)))} from call
      where call.line = w.line and received_at >= w.f and received_at <= w.t order by received_at limit ${limit}) c
    order by w.i, c.received_at`.execute(q);
  for (const row of rows) found[row.i]!.push(summary(row));
  return found;
}

/** One call's summary, or undefined. */
export async function callSummary(q: Db | Tx, id: string): Promise<CallSummary | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await q.selectFrom('call').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? summary(row) : undefined;
}

/**
 * Ended E-911 calls whose end lies in [after, before), oldest end first: what the
 * call-detail-record capture keeps (81A §L.1.b).
 */
export async function endedE911Calls(q: Db | Tx, after: Date, before: Date, limit: number): Promise<CallSummary[]> {
  const rows = await q.selectFrom('call').select(COLUMNS).where('line', '=', 'e911').where('status', '=', 'ended')
    .where('ended_at', '>=', after).where('ended_at', '<', before).orderBy('ended_at').limit(limit).execute();
  return rows.map(summary);
}
