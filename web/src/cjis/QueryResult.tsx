import { useEffect, useState, type FormEvent } from 'react';
import { modifyWms, placeLocate, readQuery, refusalText, requestConfirmation, type HitView, type QueryView } from './api.ts';
import { When, Who } from '../shared/When.tsx';

/** Marked on every CJIS screen and answer while the training switch is the other end. */
export function TrainingBanner({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return <p className="cjis-training" role="note" data-testid="cjis-training">{text}</p>;
}

function left(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const DESCRIPTORS: Record<string, string> = {
  NAM: 'Name', DOB: 'DOB', SEX: 'Sex', RAC: 'Race', HGT: 'Height', WGT: 'Weight', EYE: 'Eyes', HAI: 'Hair', OFF: 'Offense', WNO: 'Warrant no.', DOW: 'Warrant date',
  CRT: 'Court', CMC: 'Caution', MIS: 'Remarks', LIC: 'Plate', LIS: 'State', LIY: 'Plate year', LIT: 'Plate type', VIN: 'VIN', VYR: 'Year', VMA: 'Make', VMO: 'Model', VCO: 'Colour',
  OWN: 'Owner', ADR: 'Address', DOT: 'Date of theft', MNP: 'Missing category', DLC: 'Last contact', SER: 'Serial', MAK: 'Make', CAL: 'Calibre', TYP: 'Type', BRA: 'Brand',
  CHG: 'Charge', DSP: 'Disposition', DOA: 'Arraigned', DOE: 'Entered',
};

function Confirmations({ hit, now, busy, act }: { hit: HitView; now: number; busy: boolean; act: (work: () => Promise<QueryView>) => void }) {
  if (!hit.needsConfirmation) return null;
  const answered = hit.confirmations.find((c) => c.answeredAt);
  const last = hit.confirmations.at(-1);
  const waiting = last && !last.answeredAt && Date.parse(last.dueAt) > now;
  return (
    <div className="cjis-confirm">
      {hit.confirmations.map((c) => (
        <p key={c.id} data-testid="confirmation" data-state={c.answeredAt ? 'answered' : Date.parse(c.dueAt) > now ? 'waiting' : 'overdue'}>
          Request {c.number} (YQ, {c.priority}) by <Who name={c.requestedByName} login={c.requestedBy} />:{' '}
          {c.answeredAt
            ? <strong className={c.answer === 'confirmed' ? 'cjis-confirmed' : 'cjis-denied'}>{c.answer === 'confirmed' ? 'CONFIRMED' : 'NOT CONFIRMED'} by {c.answeredBy} — {c.remarks}</strong>
            : Date.parse(c.dueAt) > now ? <span className="cjis-countdown">answer due in {left(Date.parse(c.dueAt) - now)}</span>
              : <strong className="cjis-overdue">NO ANSWER — overdue; send request {c.number + 1}</strong>}
        </p>
      ))}
      {!answered && !waiting && hit.confirmations.length < 3 && (
        <p>
          <button type="button" disabled={busy} onClick={() => act(() => requestConfirmation(hit.id, 'urgent'))}>{hit.confirmations.length ? 'Send second request' : 'Request confirmation'}: urgent (10 min)</button>{' '}
          <button type="button" disabled={busy} onClick={() => act(() => requestConfirmation(hit.id, 'routine'))}>Routine (1 hour)</button>
        </p>
      )}
    </div>
  );
}

function WmsFields({ hit, busy, act }: { hit: HitView; busy: boolean; act: (work: () => Promise<QueryView>) => void }) {
  const [caution, setCaution] = useState('');
  const [remarks, setRemarks] = useState('');
  if (hit.type !== 'warrant' || hit.source !== 'WMS') return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    act(() => modifyWms(hit.id, { ...(caution ? { caution } : {}), ...(remarks ? { remarks } : {}) }));
  };
  return (
    <details className="cjis-wms">
      <summary>Modify Caution / Remarks (81A §J.3.a.ii)</summary>
      <form onSubmit={submit}>
        <label>Caution <input value={caution} onChange={(e) => setCaution(e.target.value)} maxLength={200} /></label>
        <label>Remarks <input value={remarks} onChange={(e) => setRemarks(e.target.value)} maxLength={500} /></label>
        <button type="submit" disabled={busy || (!caution && !remarks)}>Send MW</button>
      </form>
      {hit.modifications.map((m) => <p key={m.at} className="muted">Modified by <Who name={m.byName} login={m.by} />: {[m.caution && `Caution ${m.caution}`, m.remarks && `Remarks ${m.remarks}`].filter(Boolean).join('; ')}</p>)}
    </details>
  );
}

function Hit({ hit, now, busy, act }: { hit: HitView; now: number; busy: boolean; act: (work: () => Promise<QueryView>) => void }) {
  const verdict = !hit.isHit ? 'cjis-info' : hit.probableCause ? 'cjis-pc' : 'cjis-not-pc';
  return (
    <li className={`cjis-hit ${verdict}`} data-testid="cjis-hit" data-type={hit.type}>
      <h4>{hit.training && <span className="cjis-tag">TRAINING</span>} {hit.typeName} · {hit.source} · {hit.agency ?? hit.ori} ({hit.ori}){hit.nic ? ` · NIC ${hit.nic}` : ''}</h4>
      {hit.isHit && <p className="cjis-verdict" data-testid="cjis-verdict"><strong>{hit.probableCause ? 'PROBABLE CAUSE' : 'NOT PROBABLE CAUSE'}</strong> — {hit.advice} <small>({hit.clause})</small></p>}
      {!hit.isHit && <p className="muted">{hit.advice}</p>}
      {hit.differences.length > 0 && (
        <table className="cjis-diff" aria-label="Descriptors that differ">
          <thead><tr><th>Differs</th><th>Asked</th><th>Record</th></tr></thead>
          <tbody>{hit.differences.map((d) => <tr key={d.field}><td>{d.field}</td><td>{d.query ?? '(not given)'}</td><td>{d.record ?? ''}</td></tr>)}</tbody>
        </table>
      )}
      <dl className="cjis-descriptors">
        {Object.entries(hit.descriptors).filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{DESCRIPTORS[k] ?? k}</dt><dd>{v}</dd></div>)}
      </dl>
      <Confirmations hit={hit} now={now} busy={busy} act={act} />
      {hit.locate && <p className="cjis-located">Locate placed by <Who name={hit.locate.placedByName} login={hit.locate.placedBy} /> at <When at={hit.locate.placedAt} as="clock" /></p>}
      {hit.locateNeeded && <button type="button" disabled={busy} onClick={() => act(() => placeLocate(hit.id))}>Place Warrant Locate (LW)</button>}
      <WmsFields hit={hit} busy={busy} act={act} />
    </li>
  );
}

/** A query's answer: every record with what it means, confirmations with their countdown, locates and WMS changes. */
export function QueryResult({ initial }: { initial: QueryView }) {
  const [view, setView] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => setView(initial), [initial]);
  const waiting = view.hits.some((h) => h.confirmations.some((c) => !c.answeredAt));
  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, []);
  useEffect(() => {
    if (!waiting) return;
    const poll = window.setInterval(() => { readQuery(view.id).then(setView, () => undefined); }, 2000);
    return () => window.clearInterval(poll);
  }, [waiting, view.id]);
  const act = (work: () => Promise<QueryView>) => {
    setBusy(true);
    setError(null);
    work().then(setView, (e: unknown) => setError(refusalText(e))).finally(() => setBusy(false));
  };
  const hits = view.hits.filter((h) => h.isHit);
  return (
    <section className="cjis-result" aria-label="CJIS query result" data-testid="cjis-result">
      <TrainingBanner text={view.banner} />
      <p className="cjis-summary" data-testid="cjis-summary">{view.summary}</p>
      <p className="muted">{view.mke} · <When at={view.at} as="clock" /> · by <Who name={view.operatorName} login={view.operator} />{view.incident ? ` · incident ${view.incident}` : ''} · purpose {view.purpose}{view.requester ? ` · for ${view.requester.name}, ${view.requester.agency}` : ''}</p>
      {view.warrantsWithoutLocate.length > 0 && (
        <p className="cjis-needs-locate" role="alert" data-testid="cjis-needs-locate">
          Warrant Locate still to be placed on {view.warrantsWithoutLocate.length} warrant{view.warrantsWithoutLocate.length === 1 ? '' : 's'}: {view.hits.filter((h) => view.warrantsWithoutLocate.includes(h.id)).map((h) => h.nic).join(', ')} (81A §J.3.a.iv)
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {view.hits.length === 0 ? <p>No record.</p> : (
        <ol className="cjis-hits">
          {[...hits, ...view.hits.filter((h) => !h.isHit)].map((h) => <Hit key={h.id} hit={h} now={now} busy={busy} act={act} />)}
        </ol>
      )}
    </section>
  );
}
