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

/**
 * Calls on these lines received in [from, to] (the recording's window widened by the caller):
 * the candidates a recording of a telephone line is matched against (81A §L).
 */
export async function callsReceivedBetween(q: Db | Tx, lines: readonly string[], from: Date, to: Date, limit = 200): Promise<CallSummary[]> {
  const rows = await q.selectFrom('call').select(COLUMNS).where('line', 'in', [...lines])
    .where('received_at', '>=', from).where('received_at', '<=', to).orderBy('received_at').limit(limit).execute();
  return rows.map(summary);
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
