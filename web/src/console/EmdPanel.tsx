import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as E from '../../../src/emd/schemas.ts';
import type { Incident } from '../client/types.ts';
import { api } from '../shared/api.ts';
import { problemText } from '../shared/problem.ts';
import { clock } from '../shared/time.ts';

type EmdView = Static<typeof E.IncidentEmdView>;
type Recorded = EmdView['recorded'][number];

const path = (number: string, complaint: string) => `/api/v1/incidents/${encodeURIComponent(number)}/emd${complaint ? `?complaint=${encodeURIComponent(complaint)}` : ''}`;

/**
 * The agency's approved emergency medical guidelines beside a medical call (81A §I.1.b):
 * the card for the chief complaint (Alt+M), its key questions with the caller's answers and
 * its pre-arrival instructions, each recorded on the timeline with its time. Only a dispatcher
 * with a current EMD certification marks instructions given (81A §I.1.a); others see the card
 * read-only with the certified colleagues on duty to transfer the caller to.
 */
export function EmdPanel({ incident, timeZone, onChanged }: { incident: Incident; timeZone: string; onChanged: (incident: Incident) => void }) {
  const [view, setView] = useState<EmdView | null>(null);
  const [complaint, setComplaint] = useState('');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const select = useRef<HTMLSelectElement>(null);
  // read again only when what the panel shows can have changed: the type or callers (whether the call is
  // medical) or an EMD entry on the timeline; a dispatch or a status change is not read again (81A §E.1.a echoes)
  const shownBy = `${incident.type}|${incident.callers?.length ?? 0}|${(incident.timeline ?? []).filter((t) => t.kind.startsWith('incident.emd')).length}`;
  useEffect(() => { setComplaint(''); setDrafts({}); setMessage(null); }, [incident.number]);
  useEffect(() => {
    let live = true;
    api<EmdView>(path(incident.number, complaint)).then((v) => { if (live) setView(v); }, () => { if (live) setView(null); });
    return () => { live = false; };
  }, [incident.number, complaint, shownBy]);
  useEffect(() => {
    if (!view?.medical) return;
    const key = (e: KeyboardEvent) => {
      if (e.altKey && e.key.toLowerCase() === 'm') { e.preventDefault(); select.current?.focus(); }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [view?.medical]);
  if (!view?.medical) return null;
  const card = view.cards.find((c) => c.complaintCode === complaint);
  const recorded = (kind: Recorded['kind'], code: string) => view.recorded.filter((r) => r.cardId === card?.id && r.kind === kind && r.code === code);
  const send = async (e: FormEvent | null, url: string, body: object, done: () => void) => {
    e?.preventDefault();
    setMessage(null);
    try {
      onChanged(await api<Incident>(url, { method: 'POST', body }));
      done();
    } catch (err) {
      setMessage(problemText(err));
    }
  };
  const base = `/api/v1/incidents/${encodeURIComponent(incident.number)}/emd`;
  return (
    <section className="emd-panel" aria-labelledby="emd-title" data-testid="emd-panel">
      <h3 id="emd-title">Medical call — protocol card (81A §I)</h3>
      <label>Chief complaint (Alt+M)
        <select ref={select} value={complaint} onChange={(e) => setComplaint(e.target.value)} aria-keyshortcuts="Alt+M">
          <option value="">— choose the card —</option>
          {view.cards.map((c) => <option key={c.id} value={c.complaintCode}>{c.complaint}</option>)}
        </select>
      </label>
      {view.cards.length === 0 && <p className="muted">No protocol cards are loaded: an EMD manager loads the agency’s approved cards (docs/emd.md).</p>}
      {view.launch && <p><a href={view.launch.url} target="_blank" rel="noopener noreferrer" data-testid="emd-launch">Open in {view.launch.productName}</a></p>}
      {view.certification && <p className="muted" data-testid="emd-certified">Your EMD certification {view.certification.number} ({view.certification.issuingBody}) is current until {view.certification.expiresOn}.</p>}
      {!view.certified && (
        <p className="emd-transfer" role="note" data-testid="emd-transfer">
          You hold no current EMD certification: this card is read-only and you may not give first-aid instructions (81A §I.1.a).
          Transfer the caller to a certified colleague{view.certifiedOnDuty.length > 0 ? `: ${view.certifiedOnDuty.join(', ')} (on duty today)` : ' (none is on today’s roster)'}.
        </p>
      )}
      {card && (
        <div className="emd-card" data-testid="emd-card">
          {card.demo && <p className="emd-demo" role="note">DEMO placeholder wording — not an approved guideline and not medical advice; the agency replaces it with its own approved card.</p>}
          <p className="muted">{card.complaint} · version {card.version} · approved {card.approvedOn} by {card.approvedBy}</p>
          <h4>Key questions</h4>
          <ol className="emd-questions">
            {card.keyQuestions.map((q) => (
              <li key={q.code}>
                <span>{q.text}</span>
                {recorded('answer', q.code).map((r) => <span key={r.seq} className="emd-done"> <time dateTime={r.at}>{clock(r.at, timeZone)}</time> “{r.answer}” ({r.by})</span>)}
                {view.certified && (
                  <form aria-label={`Answer: ${q.text}`} onSubmit={(e) => void send(e, `${base}/answers`, { cardId: card.id, question: q.code, answer: (drafts[q.code] ?? '').trim() }, () => setDrafts((d) => ({ ...d, [q.code]: '' })))}>
                    <input aria-label={`Answer: ${q.text}`} value={drafts[q.code] ?? ''} onChange={(e) => setDrafts((d) => ({ ...d, [q.code]: e.target.value }))} required maxLength={2000} />
                    <button type="submit">Record</button>
                  </form>
                )}
              </li>
            ))}
          </ol>
          <h4>Pre-arrival instructions</h4>
          <ol className="emd-instructions">
            {card.instructions.map((i) => {
              const given = recorded('instruction', i.code);
              return (
                <li key={i.code}>
                  <span>{i.text}</span>
                  {given.map((r) => <span key={r.seq} className="emd-done"> ✓ given <time dateTime={r.at}>{clock(r.at, timeZone)}</time> ({r.by})</span>)}
                  {view.certified && given.length === 0 && (
                    <button type="button" aria-label={`Mark given: ${i.text}`} onClick={() => void send(null, `${base}/instructions`, { cardId: card.id, instruction: i.code }, () => undefined)}>Mark given</button>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {message && <p role="alert" className="error">{message}</p>}
    </section>
  );
}
