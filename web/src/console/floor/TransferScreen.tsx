import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { endpoints } from '../../client/endpoints.ts';
import type { Call } from '../../client/types.ts';
import { stamp } from '../../shared/time.ts';
import { ActionOutcome, FloorFrame, useAction, useFloorReference, useLoad } from './common.tsx';

const v1 = '/api/v1';

/**
 * Transfer a call out once, or record and relay it (81A §C.4–C.5). A call transferred here
 * from elsewhere offers only the relay, and says why.
 */
export function TransferScreen() {
  const tz = useFloorReference().timeZone;
  const calls = useLoad<Call[]>(endpoints.unfinishedCalls, ['call.']);
  // the call being worked stays on screen once transferred (it leaves the list), with what became of it
  const [call, setCall] = useState<Call | null>(null);
  const picked = call?.id ?? null;
  const list = calls.data ?? [];
  return (
    <FloorFrame id="transfer" title="Transfer and relay" clause="81A §C.4–C.5">
      {calls.error && <p role="alert" className="error">{calls.error}</p>}
      {calls.data && list.length === 0 && <p className="hint">No call is waiting or being taken.</p>}
      {list.length > 0 && (
        <table data-testid="transfer-calls">
          <caption className="visually-hidden">Calls waiting or being taken</caption>
          <thead><tr><th>Received</th><th>Line</th><th>Caller</th><th>Transferred from</th><th>Call takers</th><th><span className="visually-hidden">Action</span></th></tr></thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} data-call={c.id} aria-selected={c.id === picked}>
                <td>{stamp(c.receivedAt, tz)}</td>
                <td>{c.lineName ?? c.line}</td>
                <td>{[c.callerName, c.callbackNumber].filter(Boolean).join(' · ') || '—'}</td>
                <td>{c.transferredFrom ?? '—'}</td>
                <td>{c.callTakerNames?.join(', ') || '—'}</td>
                <td><button type="button" onClick={() => setCall(c)} aria-label={`Work this call, received ${stamp(c.receivedAt, tz)} from ${c.callerName ?? c.callbackNumber ?? 'unknown caller'}`}>Work this call</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {call && <CallOut key={call.id} call={call} tz={tz} onDone={calls.reload} />}
    </FloorFrame>
  );
}

function CallOut({ call, tz, onDone }: { call: Call; tz: string; onDone: () => void }) {
  const [to, setTo] = useState('');
  const [advised, setAdvised] = useState(false);
  const [agency, setAgency] = useState('');
  const [information, setInformation] = useState('');
  const [transferred, setTransferred] = useState(false);
  const action = useAction();
  const transfer = async () => {
    if (await action.run(() => api(`${v1}/calls/${encodeURIComponent(call.id)}/transfer`, { method: 'POST', body: { to: to.trim(), callerAdvised: advised } }), `Transferred to ${to.trim()}.`)) {
      setTransferred(true);
      onDone();
    }
  };
  const relay = async () => {
    if (await action.run(() => api(`${v1}/calls/${encodeURIComponent(call.id)}/relay`, { method: 'POST', body: { agency: agency.trim(), information: information.trim() } }), `Information relayed to ${agency.trim()}.`)) {
      setInformation('');
    }
  };
  return (
    <div className="card" data-testid="call-out" aria-labelledby="call-out-title">
      <h2 id="call-out-title">Call received {stamp(call.receivedAt, tz)} · {call.lineName ?? call.line}</h2>
      {transferred ? null : call.transferredFrom ? (
        <p className="refusal" data-testid="transfer-refused">
          Transferred here from {call.transferredFrom}: it may not be transferred again (81A §C.4.b, §C.5.a.ii).
          Record the information and relay it to the agency that can best handle the caller’s needs.
        </p>
      ) : (
        <form aria-label="Transfer the call" onSubmit={(e) => { e.preventDefault(); void transfer(); }}>
          <label>Transfer to <input value={to} onChange={(e) => setTo(e.target.value)} required maxLength={200} /></label>
          <label className="check"><input type="checkbox" checked={advised} onChange={(e) => setAdvised(e.target.checked)} /> Caller told they are being transferred, and where (81A §C.4.c)</label>
          <button type="submit" disabled={action.busy}>Transfer once</button>
        </form>
      )}
      {!transferred && <form aria-label="Relay the information" onSubmit={(e) => { e.preventDefault(); void relay(); }}>
        <label>Relay to agency <input value={agency} onChange={(e) => setAgency(e.target.value)} required maxLength={200} /></label>
        <label>Information relayed <textarea value={information} onChange={(e) => setInformation(e.target.value)} required maxLength={5000} rows={2} cols={50} /></label>
        <button type="submit" disabled={action.busy}>Relay</button>
      </form>}
      <ActionOutcome action={action} />
    </div>
  );
}
