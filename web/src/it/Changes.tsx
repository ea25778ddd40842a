import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { More } from '../shared/paged.tsx';
import { stamp } from '../shared/time.ts';
import { Who } from '../shared/When.tsx';
import { Exports, Message, useLoadedPages } from './shared.tsx';
import type { Static } from 'typebox';
import type { ChangeView } from '../../../src/it/schemas.ts';

type Change = Static<typeof ChangeView>;


const blank = { kind: 'software', action: 'add', requestedBy: '', helpdeskTicket: '', what: '', why: '', computer: '', licence: '' };

/** Software and hardware changes (S-110 §C): IT records the helpdesk request, the Chief authorizes or refuses, IT makes only what was authorized. */
export function Changes({ timeZone, canRecord, canDecide }: { timeZone: string; canRecord: boolean; canDecide: boolean }) {
  const { data, list, message, act } = useLoadedPages<Change>('/api/v1/it/changes');
  const [form, setForm] = useState(blank);
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...form, helpdeskTicket: form.helpdeskTicket || undefined, licence: form.licence || undefined };
    void act(() => api('/api/v1/it/changes', { method: 'POST', body }), 'Change request recorded.').then((ok) => ok && setForm(blank));
  };
  const decide = (c: Change, authorize: boolean) => {
    const licence = authorize && c.kind === 'software' && !c.licence ? window.prompt('The licence of this software (S-110 §C.2):') ?? undefined : undefined;
    const note = window.prompt(authorize ? 'Note (optional):' : 'Why is it refused?') ?? undefined;
    void act(() => api(`/api/v1/it/changes/${c.id}/decision`, { method: 'POST', body: { authorize, note, licence } }));
  };
  return (
    <div data-testid="it-changes">
      <Exports register="changes" />
      {canRecord && (
        <form className="row" onSubmit={submit} aria-label="Record a change request">
          <label>Kind<select value={form.kind} onChange={set('kind')}><option value="software">Software</option><option value="hardware">Hardware</option></select></label>
          <label>Change<select value={form.action} onChange={set('action')}><option value="add">Add</option><option value="modify">Modify</option><option value="transfer">Transfer</option></select></label>
          <label>Asked by<input value={form.requestedBy} onChange={set('requestedBy')} required maxLength={200} /></label>
          <label>Helpdesk ticket<input value={form.helpdeskTicket} onChange={set('helpdeskTicket')} maxLength={60} /></label>
          <label>Computer<input value={form.computer} onChange={set('computer')} required maxLength={200} /></label>
          <label>What<input value={form.what} onChange={set('what')} required maxLength={1000} /></label>
          <label>Why<input value={form.why} onChange={set('why')} required maxLength={2000} /></label>
          <label>Licence<input value={form.licence} onChange={set('licence')} maxLength={500} /></label>
          <button type="submit">Record request</button>
        </form>
      )}
      <Message text={message} />
      <table aria-label="Change requests">
        <thead><tr><th scope="col">No.</th><th scope="col">Change</th><th scope="col">Asked by</th><th scope="col">What · why</th><th scope="col">Licence</th><th scope="col">Status</th><th scope="col" /></tr></thead>
        <tbody>{data.map((c) => (
          <tr key={c.id}>
            <td>{c.number}</td>
            <td>{c.kind} {c.action} on {c.computer}{c.helpdeskTicket ? ` (${c.helpdeskTicket})` : ''}</td>
            <td>{c.requestedBy}</td>
            <td>{c.what} · {c.why}</td>
            <td>{c.licence ?? (c.kind === 'software' ? 'none recorded' : '')}</td>
            <td>{c.status}{c.decidedBy && <> by <Who name={c.decidedByName} login={c.decidedBy} /> {stamp(c.decidedAt, timeZone)}</>}{c.decisionNote ? ` — ${c.decisionNote}` : ''}</td>
            <td>
              {canDecide && c.status === 'requested' && <><button type="button" onClick={() => decide(c, true)}>Authorize</button> <button type="button" onClick={() => decide(c, false)}>Refuse</button></>}
              {canRecord && c.status === 'authorized' && <button type="button" onClick={() => void act(() => api(`/api/v1/it/changes/${c.id}/completed`, { method: 'POST' }))}>Mark done</button>}
            </td>
          </tr>
        ))}</tbody>
      </table>
      <More list={list} label="change requests" />
    </div>
  );
}
