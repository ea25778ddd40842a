import { codeTable, type CodeView } from '../../agency/service.ts';
import type { Db } from '../../db/index.ts';
import type { Ali, AliCheck, CallOutcome, CallStatus, CallView } from './model.ts';
import { needsCallback, queuePosition, questionsOf } from './rules.ts';
import type { CallRow } from './store.ts';

/** The code tables a call screen needs: lines (greetings, priorities), categories (questions). */
export interface CallCodes {
  lines: CodeView[];
  categories: CodeView[];
}

export async function callCodes(db: Db): Promise<CallCodes> {
  const [lines, categories] = await Promise.all([codeTable(db, 'call_line', true), codeTable(db, 'call_category', true)]);
  return { lines, categories };
}

/** What the call-taker's screen shows: greeting for the line (81A §C.2.b.i, §C.2.c.i), the category's questions and answers, ALI with its checks. */
export function callView(row: CallRow, codes: CallCodes, now: Date, holdLimit: number): CallView {
  const line = codes.lines.find((l) => l.code === row.line);
  const category = codes.categories.find((c) => c.code === row.category);
  const answers = row.answers;
  const position = queuePosition({ status: row.status, priority: row.priority, received_at: row.received_at, held_at: row.held_at }, now, holdLimit);
  return {
    id: row.id,
    line: row.line,
    lineName: line?.name ?? null,
    greeting: typeof line?.attrs.greeting === 'string' ? line.attrs.greeting : null,
    status: row.status as CallStatus,
    outcome: row.outcome as CallOutcome | null,
    priority: row.priority,
    category: row.category,
    questions: questionsOf(category?.attrs).map((q) => ({ ...q, answer: answers[q.code] ?? null })),
    callerName: row.caller_name,
    callbackNumber: row.callback_number,
    ali: row.ali as Ali | null,
    aliChecks: row.ali_checks as Record<string, AliCheck>,
    transferredFrom: row.transferred_from,
    transferredTo: row.transferred_to,
    callTakers: row.call_takers,
    hold: row.status === 'on_hold' && row.held_at
      ? { reason: row.hold_reason, since: row.held_at.toISOString(), seconds: position.heldSeconds ?? 0, overLimit: position.overHoldLimit }
      : null,
    incidentNumber: row.incident_number,
    noResponseType: row.no_response_type,
    screening: row.screening,
    receivedAt: row.received_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    waitingSeconds: position.waitingSeconds,
    callbackRequired: needsCallback({ line: row.line, outcome: row.outcome as CallOutcome | null }),
  };
}

/** The ALI as corrected by the call-taker where corrected, else as received: what a dispatch uses. */
export function verifiedAli(row: Pick<CallRow, 'ali' | 'ali_checks'>): Ali {
  const ali = { ...(row.ali ?? {}) } as Record<string, unknown>;
  for (const [field, check] of Object.entries(row.ali_checks as Record<string, AliCheck>)) {
    if (check.status === 'corrected') ali[field] = check.corrected;
  }
  return ali as Ali;
}
