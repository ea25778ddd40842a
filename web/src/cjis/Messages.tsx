import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { refusalText, type Codes, type MessageView } from './api.ts';
import { When } from '../shared/When.tsx';

const list = (text: string) => text.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);

function destinationText(m: MessageView): string {
  const d = m.destinations;
  if (d.statewide) return 'the entire state';
  if (d.nationwide) return 'the whole country';
  return [...(d.agencies ?? []), ...(d.areas ?? []).map((a) => `area ${a}`), ...(d.states ?? []), ...(d.regions ?? []).map((r) => `region ${r}`)].join(', ');
}

/** Administrative messages (81A §J.7): send LP, BC, NL and AF within their limits; everything sent and received, searchable. */
export function Messages({ codes }: { codes: Codes }) {
  const [type, setType] = useState('LP');
  const [scope, setScope] = useState('agencies');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('robbery');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<MessageView[]>(`/api/v1/cjis/messages${q ? `?q=${encodeURIComponent(q)}` : ''}`).then(setMessages, (e: unknown) => setError(refusalText(e)));
  }, [q]);
  useEffect(() => {
    load();
    const timer = window.setInterval(load, 10_000);
    return () => window.clearInterval(timer);
  }, [load]);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: Record<string, unknown> = { type, text };
    if (type === 'AF') body.reason = reason;
    else if (scope === 'statewide' || scope === 'nationwide') body[scope] = true;
    else body[scope] = list(to);
    try {
      await api('/api/v1/cjis/messages', { method: 'POST', body });
      setText(''); setTo('');
      load();
    } catch (err) {
      setError(refusalText(err));
    }
  };
  const scopes: Record<string, [string, string][]> = {
    LP: [['agencies', 'Agencies (ORIs, up to 5)']], BC: [['areas', `Areas (up to 5 of ${codes.areas.join(' ')})`], ['statewide', 'The entire state']],
    NL: [['agencies', 'Out-of-state agencies (ORIs, up to 5)'], ['states', 'States (up to 5)'], ['regions', `Regions (up to 5 of ${codes.regions.join(' ')})`], ['nationwide', 'The whole country']], AF: [],
  };
  return (
    <div>
      <form className="cjis-form" onSubmit={(e) => void send(e)} aria-label="Send an administrative message">
        <h3>Send</h3>
        <div className="row">
          <label>Message <select value={type} onChange={(e) => { setType(e.target.value); setScope(scopes[e.target.value]?.[0]?.[0] ?? ''); }}>
            {codes.messageTypes.map((t) => <option key={t.code} value={t.code}>{t.code} — {t.name} ({t.clause})</option>)}
          </select></label>
          {type !== 'AF' && <label>To <select value={scope} onChange={(e) => setScope(e.target.value)}>{scopes[type]!.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select></label>}
          {type !== 'AF' && scope !== 'statewide' && scope !== 'nationwide' && <label>Destinations <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="MA0130100, MA0130200" /></label>}
          {type === 'AF' && <label>Urgent matter <select value={reason} onChange={(e) => setReason(e.target.value)}>{codes.flashReasons.map((r) => <option key={r} value={r}>{r.replace(/_/g, ' ')}</option>)}</select></label>}
        </div>
        <label>Text <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={3000} required /></label>
        <button type="submit">Send {type}</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
      <label>Search <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="text, agency or destination" /></label>
      <ol className="cjis-messages" aria-label="Administrative messages" data-testid="cjis-messages">
        {messages.map((m) => (
          <li key={m.id} className={m.direction === 'in' ? 'in' : 'out'}>
            <strong>{m.direction === 'in' ? `From ${m.fromOri}` : `To ${destinationText(m)}`}</strong> · {m.type} · <When at={m.at} />{m.training ? ' · TRAINING' : ''}
            <p>{m.text}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
