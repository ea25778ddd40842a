import { useState } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from '../client/endpoints.ts';
import { problemText } from '../client/actions.ts';
import { clock, elapsed } from '../shared/time.ts';
import type { Call } from '../client/types.ts';

/** Who has an answered call, by name and badge ("Dana Kowalski #D-12"). */
const takers = (call: Call) => (call.callTakerNames ?? call.callTakers).join(', ');

/**
 * Calls ringing or on hold, in the order the call queue gives them: held calls past the
 * limit first, then priority (E-911 before business lines), then age (81A §C.2.a).
 * Answering one puts it into the new-call form. Below them, the calls answered and not
 * yet finished (no incident, transfer or closing yet): they stay listed through a reload,
 * and the call-taker who has one takes it back into the form.
 */
export function CallQueue({ calls, now, timeZone, username, onAnswered }: {
  calls: Call[]; now: number; timeZone: string; username: string; onAnswered: (call: Call) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const answer = async (call: Call) => {
    setError(null);
    try {
      onAnswered(await api<Call>(endpoints.answerCall(call.id), { method: 'POST', body: {} }));
    } catch (e) {
      setError(problemText(e));
    }
  };
  const waiting = calls.filter((c) => c.status === 'ringing' || c.status === 'on_hold');
  const answered = calls.filter((c) => c.status === 'active' && !c.outcome);
  const who = (call: Call) => [call.callerName, call.callbackNumber].filter(Boolean).join(' · ') || 'caller unknown';
  return (
    <section className="panel calls-waiting" aria-labelledby="calls-title">
      <h2 id="calls-title">Calls waiting <span className="count">{waiting.length}</span></h2>
      {waiting.length > 0 && (
        <ol className="incidents" data-testid="calls">
          {waiting.map((call) => (
            <li key={call.id} className={`call p${call.priority}${call.hold?.overLimit ? ' over' : ''}`} data-call={call.id}>
              <button type="button" onClick={() => void answer(call)}>
                <span className="prio">☎</span>
                <span className="num">{call.lineName ?? call.line}</span>
                <span className="type">{who(call)}{call.transferredFrom ? ` (from ${call.transferredFrom})` : ''}</span>
                <span className="loc">{call.hold ? `on hold: ${call.hold.reason ?? ''}` : `received ${clock(call.receivedAt, timeZone)}`}</span>
                <span className="wait">{call.hold
                  ? `${call.hold.overLimit ? 'OVER LIMIT ' : ''}held ${elapsed(call.hold.since, now)}`
                  : `ringing ${elapsed(call.receivedAt, now)}`}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {answered.length > 0 && (
        <>
          <h3 id="answered-title">Answered, not finished <span className="count">{answered.length}</span></h3>
          <ol className="incidents" data-testid="answered-calls" aria-labelledby="answered-title">
            {answered.map((call) => {
              const mine = call.callTakers.includes(username);
              return (
                <li key={call.id} className={`call p${call.priority}`} data-call={call.id}>
                  <button type="button" disabled={!mine} onClick={() => onAnswered(call)} title={mine ? 'Back into the form' : `With ${takers(call)}`}>
                    <span className="prio">☎</span>
                    <span className="num">{call.lineName ?? call.line}</span>
                    <span className="type">{who(call)}</span>
                    <span className="loc">{mine ? 'yours' : `with ${takers(call)}`}</span>
                    <span className="wait">answered {call.answeredAt ? elapsed(call.answeredAt, now) : ''}</span>
                  </button>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
