import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { stamp } from '../shared/time.ts';
import { Exports, Message, useLoaded } from './shared.tsx';
import type { Static } from 'typebox';
import type { AccessImported, RoomView } from '../../../src/it/schemas.ts';

type Room = Static<typeof RoomView>;


/** The server room (S-110 §G.1): the access-control system's log, imported as CSV, and escorted visitors. */
export function ServerRoom({ timeZone, canRecord }: { timeZone: string; canRecord: boolean }) {
  const { data, message, act } = useLoaded<Room>('/api/v1/it/room', { access: [], visitors: [] });
  const [visit, setVisit] = useState({ visitor: '', organization: '', purpose: '', escort: '' });
  const importFile = async (file: File) => {
    const csv = await file.text();
    await act(async () => {
      const result = await api<Static<typeof AccessImported>>('/api/v1/it/room/access-log', { method: 'POST', body: { name: file.name, csv } });
      return result;
    }, `Imported ${file.name}.`);
  };
  const record = (e: FormEvent) => {
    e.preventDefault();
    void act(() => api('/api/v1/it/room/visitors', { method: 'POST', body: { ...visit, organization: visit.organization || undefined, enteredAt: new Date().toISOString() } }), 'Visitor recorded.')
      .then((ok) => ok && setVisit({ visitor: '', organization: '', purpose: '', escort: '' }));
  };
  return (
    <div data-testid="it-room">
      <Exports register="room" />
      {canRecord && (
        <>
          <form className="row" aria-label="Import the access log" onSubmit={(e) => e.preventDefault()}>
            <label>Access-control log (CSV: time, badge, name, door, result)<input type="file" accept=".csv,text/csv" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); }} /></label>
          </form>
          <form className="row" onSubmit={record} aria-label="Record an escorted visitor">
            <label>Visitor<input value={visit.visitor} onChange={(e) => setVisit({ ...visit, visitor: e.target.value })} required maxLength={200} /></label>
            <label>Organization<input value={visit.organization} onChange={(e) => setVisit({ ...visit, organization: e.target.value })} maxLength={200} /></label>
            <label>Purpose<input value={visit.purpose} onChange={(e) => setVisit({ ...visit, purpose: e.target.value })} required maxLength={500} /></label>
            <label>Escort<input value={visit.escort} onChange={(e) => setVisit({ ...visit, escort: e.target.value })} required maxLength={200} /></label>
            <button type="submit">Visitor entered now</button>
          </form>
        </>
      )}
      <Message text={message} />
      <h3>Escorted visitors</h3>
      <table aria-label="Escorted visitors">
        <thead><tr><th scope="col">Entered</th><th scope="col">Visitor</th><th scope="col">Purpose</th><th scope="col">Escort</th><th scope="col">Left</th></tr></thead>
        <tbody>{data.visitors.map((v) => (
          <tr key={v.id}>
            <td>{stamp(v.enteredAt, timeZone)}</td><td>{v.visitor}{v.organization ? ` (${v.organization})` : ''}</td><td>{v.purpose}</td><td>{v.escort}</td>
            <td>{v.leftAt ? stamp(v.leftAt, timeZone) : canRecord && <button type="button" onClick={() => void act(() => api(`/api/v1/it/room/visitors/${v.id}/left`, { method: 'POST', body: { leftAt: new Date().toISOString() } }))}>Left now</button>}</td>
          </tr>
        ))}</tbody>
      </table>
      <h3>Access log (last 31 days)</h3>
      <table aria-label="Server room access">
        <thead><tr><th scope="col">Time</th><th scope="col">Person</th><th scope="col">Badge</th><th scope="col">Door</th><th scope="col">Result</th></tr></thead>
        <tbody>{data.access.map((a) => (
          <tr key={a.id}><td>{stamp(a.at, timeZone)}</td><td>{a.person}</td><td>{a.badge}</td><td>{a.door}</td><td className={a.result === 'denied' ? 'failed' : ''}>{a.result}</td></tr>
        ))}</tbody>
      </table>
    </div>
  );
}
