import { useState } from 'react';
import type { Static } from 'typebox';
import { api, type Me } from '../../shared/api.ts';
import { stamp } from '../../shared/time.ts';
import type { MessageView } from '../../../../src/dispatch/schemas.ts';
import { ActionOutcome, FloorFrame, useAction, useFloorReference, useLoad, usePeople } from './common.tsx';

type Message = Static<typeof MessageView>;
const v1 = '/api/v1/emergency-messages';
const KINDS = { injury_illness: 'Serious injury or illness of a family member', death_family: 'Death in the family', other_authorized: 'Other, authorized by the commanding officer' } as const;
const MEANS = { officer_in_person: 'An officer in person', telephone: 'Telephone', other_agency: 'Through another agency', not_relayed: 'Not relayed' } as const;
const NEXT = { await_decision: 'waiting for the commanding officer', deliver: 'to deliver', tell_requester: 'not delivered: tell the requester', done: 'done' } as const;

const personText = (p: Record<string, unknown>) => [p.name, p.phone, p.address, p.agency].filter(Boolean).map(String).join(' · ');

/**
 * 81A §H: emergency messages. The dispatcher records one; the commanding officer decides how it
 * is relayed; its delivery (and who acknowledged it) is recorded; an undelivered message is
 * reported back to the requester.
 */
export function MessagesScreen({ me }: { me: Me }) {
  const tz = useFloorReference().timeZone;
  const [all, setAll] = useState(false);
  const list = useLoad<Message[]>(`${v1}${all ? '' : '?open=true'}`, ['message.']);
  const nameOf = usePeople();
  return (
    <FloorFrame id="messages" title="Emergency messages" clause="81A §H">
      <NewMessage onDone={list.reload} />
      <h2>Messages</h2>
      <label className="check"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show finished messages too</label>
      {list.error && <p role="alert" className="error">{list.error}</p>}
      {list.data && list.data.length === 0 && <p className="hint">No emergency message needs action.</p>}
      {list.data?.map((m) => <MessageCard key={m.id} message={m} tz={tz} nameOf={nameOf} decides={me.permissions.includes('dispatch.override')} onChanged={list.reload} />)}
    </FloorFrame>
  );
}

function NewMessage({ onDone }: { onDone: () => void }) {
  const [kind, setKind] = useState<keyof typeof KINDS>('injury_illness');
  const [message, setMessage] = useState('');
  const [requester, setRequester] = useState({ name: '', phone: '' });
  const [recipient, setRecipient] = useState({ name: '', address: '', phone: '' });
  const action = useAction();
  const person = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
  const record = async () => {
    const body = { kind, message: message.trim(), requester: person(requester), recipient: person(recipient) };
    if (await action.run(() => api(v1, { method: 'POST', body }), `Message for ${recipient.name.trim()} recorded; the commanding officer decides how to relay it (81A §H.1).`)) {
      setMessage('');
      setRequester({ name: '', phone: '' });
      setRecipient({ name: '', address: '', phone: '' });
      onDone();
    }
  };
  return (
    <form aria-label="Record an emergency message" onSubmit={(e) => { e.preventDefault(); void record(); }}>
      <label>Kind
        <select value={kind} onChange={(e) => setKind(e.target.value as keyof typeof KINDS)}>
          {Object.entries(KINDS).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
        </select>
      </label>
      <label>Message <textarea value={message} onChange={(e) => setMessage(e.target.value)} required maxLength={4000} rows={2} cols={40} /></label>
      <label>Requester’s name <input value={requester.name} onChange={(e) => setRequester({ ...requester, name: e.target.value })} required maxLength={200} /></label>
      <label>Requester’s phone <input value={requester.phone} onChange={(e) => setRequester({ ...requester, phone: e.target.value })} maxLength={40} /></label>
      <label>Recipient’s name <input value={recipient.name} onChange={(e) => setRecipient({ ...recipient, name: e.target.value })} required maxLength={200} /></label>
      <label>Recipient’s address <input value={recipient.address} onChange={(e) => setRecipient({ ...recipient, address: e.target.value })} maxLength={300} /></label>
      <label>Recipient’s phone <input value={recipient.phone} onChange={(e) => setRecipient({ ...recipient, phone: e.target.value })} maxLength={40} /></label>
      <button type="submit" disabled={action.busy}>Record message</button>
      <p className="hint">Routine messages are not delivered by members of this department (81A §H.4).</p>
      <ActionOutcome action={action} />
    </form>
  );
}

function MessageCard({ message: m, tz, nameOf, decides, onChanged }: { message: Message; tz: string; nameOf: (login: string | null | undefined) => string; decides: boolean; onChanged: () => void }) {
  const [means, setMeans] = useState<keyof typeof MEANS>('officer_in_person');
  const [note, setNote] = useState('');
  const [acknowledgedBy, setAcknowledgedBy] = useState('');
  const action = useAction();
  const url = `${v1}/${encodeURIComponent(m.id)}`;
  const post = async (path: string, body: Record<string, unknown>, done: string) => {
    if (await action.run(() => api(`${url}/${path}`, { method: 'POST', body }), done)) { setNote(''); onChanged(); }
  };
  const withNote = (text: string) => (text.trim() ? { note: text.trim() } : {});
  const recipient = String(m.recipient.name ?? '');
  return (
    <article className="card" data-testid="message" data-next={m.next} aria-label={`Message for ${recipient}`}>
      <h3>For {personText(m.recipient)} <small>· {NEXT[m.next]}</small></h3>
      <p>{m.message}</p>
      <dl className="facts">
        <dt>Kind</dt><dd>{KINDS[m.kind as keyof typeof KINDS] ?? m.kind}</dd>
        <dt>Requester</dt><dd>{personText(m.requester)}</dd>
        <dt>Recorded</dt><dd>{stamp(m.receivedAt, tz)} by {nameOf(m.receivedBy)}</dd>
        {m.decision && <><dt>Decision</dt><dd>{MEANS[m.decision as keyof typeof MEANS] ?? m.decision} — {nameOf(m.decidedBy)}, {stamp(m.decidedAt, tz)}{m.decisionNote ? `: ${m.decisionNote}` : ''}</dd></>}
        {m.delivered !== null && <><dt>Delivery</dt><dd>{m.delivered ? 'Delivered' : 'Not delivered'}{m.acknowledgedBy ? `, acknowledged by ${m.acknowledgedBy}` : ''}, recorded {stamp(m.deliveryRecordedAt, tz)}{m.deliveryRecordedBy ? ` by ${nameOf(m.deliveryRecordedBy)}` : ''}{m.deliveryNote ? `: ${m.deliveryNote}` : ''}</dd></>}
        {m.requesterToldAt && <><dt>Requester told</dt><dd>{stamp(m.requesterToldAt, tz)} by {nameOf(m.requesterToldBy)}</dd></>}
      </dl>
      {m.next === 'await_decision' && (decides ? (
        <form aria-label={`Decide how to relay the message for ${recipient}`} onSubmit={(e) => { e.preventDefault(); void post('decision', { means, ...withNote(note) }, `Decision recorded: ${MEANS[means]}.`); }}>
          <label>Relay by
            <select value={means} onChange={(e) => setMeans(e.target.value as keyof typeof MEANS)}>
              {Object.entries(MEANS).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select>
          </label>
          <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} /></label>
          <button type="submit" disabled={action.busy}>Record decision</button>
        </form>
      ) : <p className="hint">The commanding officer decides how this message is relayed (81A §H.1).</p>)}
      {m.next === 'deliver' && (
        <form aria-label={`Record the delivery of the message for ${recipient}`} onSubmit={(e) => e.preventDefault()}>
          <label>Acknowledged by <input value={acknowledgedBy} onChange={(e) => setAcknowledgedBy(e.target.value)} maxLength={200} /></label>
          <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} /></label>
          <button type="button" disabled={action.busy} onClick={() => void post('delivery', { delivered: true, ...(acknowledgedBy.trim() ? { acknowledgedBy: acknowledgedBy.trim() } : {}), ...withNote(note) }, 'Delivery recorded.')}>Delivered</button>
          <button type="button" disabled={action.busy} onClick={() => void post('delivery', { delivered: false, ...withNote(note) }, 'Not delivered: tell the requester (81A §H.2).')}>Could not deliver</button>
        </form>
      )}
      {m.next === 'tell_requester' && (
        <form aria-label={`The requester was told: message for ${recipient}`} onSubmit={(e) => { e.preventDefault(); void post('requester-told', withNote(note), 'Requester told.'); }}>
          <p className="refusal">Not delivered: tell the requester, {personText(m.requester)} (81A §H.2).</p>
          <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} /></label>
          <button type="submit" disabled={action.busy}>Requester told</button>
        </form>
      )}
      <ActionOutcome action={action} />
    </article>
  );
}
