import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import { api } from '../../shared/api.ts';
import { stamp } from '../../shared/time.ts';
import { useFetched } from '../../shared/fetched.ts';
import { publishReminders } from '../../shared/reminders.ts';
import type { CallDownRecord, CallDownSummary, ListView } from '../../../../src/notify/schemas.ts';
import { ActionOutcome, FloorFrame, useAction, useFloorReference, useLoad } from './common.tsx';

type List = Static<typeof ListView>;
type CallDown = Static<typeof CallDownRecord>;
type Summary = Static<typeof CallDownSummary>;
type Entry = CallDown['entries'][number];
const v1 = '/api/v1';
const OUTCOMES = { reached: 'Reached', no_answer: 'No answer', left_message: 'Left message', wrong_number: 'Wrong number' } as const;
const COMPLETION: Record<string, string> = { all_reached: 'everyone required reached', closed: 'closed with everyone required called' };

/**
 * S-110 §A.1.h: the emergency notification list's call-down. Start one for a kind of town
 * emergency (for an incident if there is one), call down the list in order recording each call,
 * and find past call-downs to view or print: who was reached, when, by which dispatcher.
 */
export function NotifyScreen() {
  const tz = useFloorReference().timeZone;
  const [open, setOpen] = useState<string | null>(new URLSearchParams(window.location.search).get('id'));
  const [seen, setSeen] = useState(0);
  const history = useFetched<{ items: Summary[] }>(`${v1}/call-downs?limit=50`, seen);
  const refresh = () => setSeen((n) => n + 1);
  return (
    <FloorFrame id="notify" title="Emergency notification call-down" clause="S-110 §A.1.h">
      <StartForm onStarted={(id) => { setOpen(id); refresh(); }} />
      {open && <CallDownPanel key={open} id={open} tz={tz} onChanged={refresh} />}
      <h2>Call-downs</h2>
      {history.data && history.data.items.length === 0 && <p className="hint">No call-down has been started.</p>}
      {(history.data?.items.length ?? 0) > 0 && (
        <table aria-label="Call-downs">
          <thead><tr><th scope="col">Started</th><th scope="col">Emergency</th><th scope="col">Incident</th><th scope="col">By</th><th scope="col">Reached</th><th scope="col">Complete</th></tr></thead>
          <tbody>{history.data!.items.map((c) => (
            <tr key={c.id} aria-selected={open === c.id}>
              <td><button type="button" className="link" onClick={() => setOpen(c.id)}>{stamp(c.startedAt, tz)}</button></td>
              <td>{c.kindName}</td><td>{c.incidentNumber ?? '—'}</td><td>{c.startedByName}</td><td>{c.reached} of {c.toCall}</td>
              <td>{c.completedAt ? `${stamp(c.completedAt, tz)}: ${COMPLETION[c.completion ?? ''] ?? ''}` : 'open'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </FloorFrame>
  );
}

function StartForm({ onStarted }: { onStarted: (id: string) => void }) {
  const lists = useLoad<List[]>(`${v1}/notification-lists`, []);
  const [kind, setKind] = useState('');
  const [incident, setIncident] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const chosen = lists.data?.find((l) => l.kind === kind);
  const start = async () => {
    let id = '';
    const body = { kind, ...(incident.trim() ? { incidentNumber: incident.trim() } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) };
    if (await action.run(async () => { id = (await api<CallDown>(`${v1}/call-downs`, { method: 'POST', body })).id; }, `Call-down started: ${chosen?.name ?? kind}.`)) {
      setIncident(''); setReason('');
      onStarted(id);
    }
  };
  return (
    <>
      <form aria-label="Start a call-down" onSubmit={(e) => { e.preventDefault(); void start(); }}>
        <label>Kind of emergency
          <select value={kind} onChange={(e) => setKind(e.target.value)} required>
            <option value="">Choose…</option>
            {lists.data?.map((l) => <option key={l.kind} value={l.kind}>{l.name}</option>)}
          </select>
        </label>
        <label>Incident number (optional) <input value={incident} onChange={(e) => setIncident(e.target.value)} placeholder="26-00042" maxLength={12} /></label>
        <label>Reason <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} /></label>
        <button type="submit" disabled={action.busy}>Start call-down</button>
      </form>
      {lists.data && lists.data.length === 0 && <p className="hint">No notification list is kept yet: the commanding officer or the administrator keeps them (Notification lists).</p>}
      {chosen?.notes && <p className="hint">{chosen.name}: {chosen.notes}</p>}
      <ActionOutcome action={action} />
    </>
  );
}

/** One call-down: whom to call in order with their numbers, each call made, and the forms to record the next. */
function CallDownPanel({ id, tz, onChanged }: { id: string; tz: string; onChanged: () => void }) {
  const [seen, setSeen] = useState(0);
  const { data: c, error } = useFetched<CallDown>(`${v1}/call-downs/${id}`, seen);
  const action = useAction();
  const changed = () => { setSeen((n) => n + 1); onChanged(); };
  const open = Boolean(c && !c.completedAt);
  // an open call-down is read again every 10 s: a reminder falls due, another dispatcher records a call
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => setSeen((n) => n + 1), 10_000);
    return () => clearInterval(timer);
  }, [open]);
  // "if no answer within N minutes, call the next" (S-110 §A.1.h): in the alert strip while due
  useEffect(() => {
    const due = (c?.entries ?? []).flatMap((e, i) => {
      const next = c!.entries[i + 1];
      return e.reminderDue && next ? [{ key: `${id}/${e.id}`, href: `/floor/notify?id=${id}`, text: `Call-down ${c!.kindName}: no answer from ${e.name} within ${e.callNextAfterMinutes} min — call the next, ${next.name}` }] : [];
    });
    publishReminders(`call-down/${id}`, due);
  }, [c, id]);
  useEffect(() => () => publishReminders(`call-down/${id}`, []), [id]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!c) return <p className="loading">Loading the call-down…</p>;
  const close = async () => { if (await action.run(() => api(`${v1}/call-downs/${id}/close`, { method: 'POST' }), 'Call-down closed.')) changed(); };
  return (
    <article className="card call-down" aria-labelledby="call-down-title" data-testid="call-down" data-complete={c.completedAt ? 'yes' : 'no'}>
      <h2 id="call-down-title">{c.kindName}{c.incidentNumber ? `, incident ${c.incidentNumber}` : ''}</h2>
      <p>Started {stamp(c.startedAt, tz)} by {c.startedByName}{c.reason ? `: ${c.reason}` : ''}. {c.reached} of {c.toCall} reached.</p>
      {c.listNotes && <p className="hint">{c.listNotes}</p>}
      <p role="status">{c.completedAt ? `Complete ${stamp(c.completedAt, tz)} (${COMPLETION[c.completion ?? ''] ?? ''}), by ${c.completedByName ?? '—'}.` : 'Open: call down the list in order.'}</p>
      <table aria-label="Whom to call">
        <thead><tr><th scope="col">#</th><th scope="col">Name</th><th scope="col">Numbers</th><th scope="col">Notes</th><th scope="col">Calls</th>{!c.completedAt && <th scope="col">Record a call</th>}</tr></thead>
        <tbody>{c.entries.map((e) => (
          <tr key={e.id}>
            <td>{e.position}</td>
            <td>{e.name}{e.role ? <><br /><small>{e.role}</small></> : null}{!e.required && <><br /><small>(if needed)</small></>}</td>
            <td><Numbers entry={e} /></td>
            <td>{e.notes ?? ''}{e.callNextAfterMinutes !== null && <><br /><small>If no answer within {e.callNextAfterMinutes} min, call the next{e.reminderDue ? ': now' : ''}</small></>}</td>
            <td>{e.attempts.length === 0 ? '—' : <ul className="calls">{e.attempts.map((a, i) => <li key={i}>{stamp(a.at, tz).slice(11, 16)} {OUTCOMES[a.outcome as keyof typeof OUTCOMES] ?? a.outcomeWords}, {a.byName}{a.note ? `: ${a.note}` : ''}</li>)}</ul>}</td>
            {!c.completedAt && <td><AttemptForm callDown={id} entry={e} onDone={changed} /></td>}
          </tr>
        ))}</tbody>
      </table>
      <div className="actions">
        {!c.completedAt && <button type="button" onClick={() => void close()} disabled={action.busy}>Close call-down</button>}
        <button type="button" onClick={() => window.print()}>Print</button>
      </div>
      <ActionOutcome action={action} />
    </article>
  );
}

function Numbers({ entry: e }: { entry: Entry }) {
  return (
    <ul className="numbers">
      {e.phones.map((p, i) => <li key={i}>{p.label ? `${p.label}: ` : ''}<a href={`tel:${p.number.replace(/[^0-9+]/g, '')}`}>{p.number}</a></li>)}
      {e.residentialPhone && <li>Residential (restricted): {e.residentialPhone}</li>}
      {e.residentialWithheld && <li><small>Residential number withheld (81A §B.2.b.iii)</small></li>}
    </ul>
  );
}

function AttemptForm({ callDown, entry, onDone }: { callDown: string; entry: Entry; onDone: () => void }) {
  const [outcome, setOutcome] = useState<keyof typeof OUTCOMES>('reached');
  const [note, setNote] = useState('');
  const action = useAction();
  const record = async () => {
    const body = { entryId: entry.id, outcome, ...(note.trim() ? { note: note.trim() } : {}) };
    if (await action.run(() => api(`${v1}/call-downs/${callDown}/attempts`, { method: 'POST', body }), `${entry.name}: ${OUTCOMES[outcome]}.`)) { setNote(''); onDone(); }
  };
  return (
    <form aria-label={`Record a call to ${entry.name}`} onSubmit={(e) => { e.preventDefault(); void record(); }}>
      <label>Outcome
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as keyof typeof OUTCOMES)}>
          {Object.entries(OUTCOMES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select>
      </label>
      <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} /></label>
      <button type="submit" disabled={action.busy}>Record</button>
      {action.error && <p role="alert" className="error">{action.error}</p>}
    </form>
  );
}
