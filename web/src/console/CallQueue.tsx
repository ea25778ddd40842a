import { useState } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from './endpoints.ts';
import { problemText } from './actions.ts';
import { clock, elapsed } from '../shared/time.ts';
import type { Call } from './types.ts';

/**
 * Calls ringing or on hold, in the order the call queue gives them: held calls past the
 * limit first, then priority (E-911 before business lines), then age (81A §C.2.a).
 * Answering one puts it into the new-call form.
 */
export function CallQueue({ calls, now, timeZone, onAnswered }: { calls: Call[]; now: number; timeZone: string; onAnswered: (call: Call) => void }) {
  const [error, setError] = useState<string | null>(null);
  const answer = async (call: Call) => {
    setError(null);
    try {
      onAnswered(await api<Call>(endpoints.answerCall(call.id), { method: 'POST', body: {} }));
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <section className="panel calls-waiting" aria-labelledby="calls-title">
      <h2 id="calls-title">Calls waiting <span className="count">{calls.length}</span></h2>
      {calls.length > 0 && (
        <ol className="incidents" data-testid="calls">
          {calls.map((call) => (
            <li key={call.id} className={`call p${call.priority}${call.hold?.overLimit ? ' over' : ''}`} data-call={call.id}>
              <button type="button" onClick={() => void answer(call)}>
                <span className="prio">☎</span>
                <span className="num">{call.lineName ?? call.line}</span>
                <span className="type">{[call.callerName, call.callbackNumber].filter(Boolean).join(' · ') || 'caller unknown'}{call.transferredFrom ? ` (from ${call.transferredFrom})` : ''}</span>
                <span className="loc">{call.hold ? `on hold: ${call.hold.reason ?? ''}` : `received ${clock(call.receivedAt, timeZone)}`}</span>
                <span className="wait">{call.hold
                  ? `${call.hold.overLimit ? 'OVER LIMIT ' : ''}held ${elapsed(call.hold.since, now)}`
                  : `ringing ${elapsed(call.receivedAt, now)}`}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
