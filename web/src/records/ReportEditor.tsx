import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Me } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { JuvenileBanner, KIND_NAMES, Link } from './common.tsx';
import type { CreatedId, IndexHit, NameHit, PartyType, Report, ReportSaved } from './types.ts';
import { problemText, responseProblemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';
import { useAgencyZone } from '../shared/agency.ts';
import { clock } from '../shared/time.ts';
import { AuditTrailLink } from '../shared/audit-link.tsx';
import { ProsecutionFacts, ProsecutionFields } from './ReportCodes.tsx';

/** A party of the draft: as the server listed it, or just added from a search (label only). */
interface Party { type: PartyType; id: string; role: string; label?: string; juvenile?: boolean }


const ROLES: Record<Party['type'], string[]> = {
  person: ['suspect', 'arrestee', 'offender', 'subject', 'victim', 'witness', 'complainant', 'reporting_party', 'owner', 'driver', 'passenger', 'parent_guardian', 'other'],
  vehicle: ['involved', 'stolen', 'recovered', 'towed', 'suspect_vehicle', 'victim_vehicle', 'other'],
  business: ['location', 'victim', 'complainant', 'other'],
};
const INDEX: Record<Party['type'], string> = { person: 'names', vehicle: 'vehicles', business: 'businesses' };
const FIELDS: Record<string, [string, string, 'text' | 'lines'][]> = {
  incident: [['offense', 'Offense / incident type', 'text'], ['location', 'Location', 'text'], ['property', 'Property (one item a line)', 'lines']],
  arrest: [['location', 'Place of arrest', 'text'], ['charges', 'Charges (one a line)', 'lines'], ['propertyTaken', 'Property taken (one item a line)', 'lines']],
  field_interview: [['place', 'Place', 'text'], ['reason', 'Reason for the interview', 'text']],
  supplement: [],
};

const asLines = (value: unknown) => Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v ? String((v as { description?: string }).description ?? '') : String(v))).join('\n') : '';
const toItems = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean).map((description) => ({ description }));

export function ReportEditor({ id, me }: { id: string; me: Me }) {
  const [report, setReport] = useState<Report | null>(null);
  const [draft, setDraft] = useState<{ fields: Record<string, unknown>; narrative: string; parties: Party[] } | null>(null);
  const [saved, setSaved] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const version = useRef(0);
  const dirty = useRef(false);
  const load = useCallback(() => {
    api<Report>(`/api/v1/reports/${id}`).then((r) => {
      setReport(r); version.current = r.version; dirty.current = false;
      setDraft({ fields: r.fields, narrative: r.narrative, parties: r.parties });
    }, (e: unknown) => setError(problemText(e, 'Could not load the report.')));
  }, [id]);
  useEffect(load, [load]);
  const agencyZone = useAgencyZone();
  const zone = useRef('UTC');
  useEffect(() => { if (agencyZone) zone.current = agencyZone; }, [agencyZone]);
  const editable = !!report && report.author === me.user.username && (report.status === 'draft' || report.status === 'returned');

  useEffect(() => { // autosave, a moment after the writer stops typing
    if (!editable || !draft || !dirty.current) return;
    const timer = setTimeout(async () => {
      try {
        const result = await api<ReportSaved>(`/api/v1/reports/${id}`, { method: 'PUT', body: { version: version.current, ...draft, parties: draft.parties.map(({ type, id: pid, role }) => ({ type, id: pid, role })) } });
        version.current = result.version; dirty.current = false;
        setSaved(`Saved ${clock(new Date().toISOString(), zone.current)}`); setError(null);
        if (result.juvenile && !report?.juvenile) setReport((r) => (r ? { ...r, juvenile: true } : r));
      } catch (e) {
        setSaved('Not saved'); setError(problemText(e, 'Autosave failed.'));
      }
    }, 1200);
    return () => clearTimeout(timer);
  }, [draft, editable, id, report?.juvenile]);

  if (error && !report) return <p role="alert" className="error">{error}</p>;
  if (!report || !draft) return <p>Loading…</p>;
  const change = (next: Partial<typeof draft>) => { dirty.current = true; setSaved('Saving…'); setDraft({ ...draft, ...next }); };
  // A new photo must not reset what the writer has typed but not yet autosaved.
  const refreshPhotos = () => { api<Report>(`/api/v1/reports/${id}`).then((r) => setReport((prev) => (prev ? { ...prev, photos: r.photos } : r)), () => undefined); };
  const act = async (path: string, body?: unknown) => {
    try { await api(`/api/v1/reports/${id}/${path}`, { method: 'POST', body }); load(); setError(null); } catch (e) { setError(problemText(e, 'Refused.')); }
  };
  return (
    <section aria-labelledby="report-title" className="report">
      {report.juvenile && <JuvenileBanner />}
      <h2 id="report-title">{KIND_NAMES[report.kind]} {report.caseNumber ? `— case ${report.caseNumber}` : ''}</h2>
      {report.caseNumber && <p><Link to={`/records/cases/${report.caseNumber}`}>Open case {report.caseNumber}</Link></p>}
      <p>Status: <strong data-testid="report-status">{report.status}</strong> · by <Who name={report.authorName} login={report.author} /> · event date {report.eventDate}
        {' '}· <a href={`/api/v1/reports/${id}/pdf`} target="_blank" rel="noreferrer">Print (PDF)</a>
        {' '}<AuditTrailLink permissions={me.permissions} filter={{ recordType: 'report', recordId: report.id, access: 'read' }} label="Who read this report" /></p>
      {report.returnComments && report.status === 'returned' && <p className="notice">Returned: {report.returnComments}</p>}
      {report.approvedBy && <p>Approved by <Who name={report.approvedByName} login={report.approvedBy} /> at <When at={report.approvedAt} />. The report is locked; changes are supplements.</p>}
      {!editable && <ProsecutionFacts prosecution={report.prosecution} />}
      <fieldset disabled={!editable} className="report-fields">
        {FIELDS[report.kind]!.map(([key, label, kind]) => (
          <label key={key}>{label}
            {kind === 'text'
              ? <input value={String(draft.fields[key] ?? '')} onChange={(e) => change({ fields: { ...draft.fields, [key]: e.target.value } })} />
              : <textarea rows={3} value={asLines(draft.fields[key])} onChange={(e) => change({ fields: { ...draft.fields, [key]: toItems(e.target.value) } })} />}
          </label>
        ))}
        {editable && (report.kind === 'incident' || report.kind === 'arrest') && <ProsecutionFields fields={draft.fields} onChange={(fields) => change({ fields })} />}
        <label>Narrative<textarea rows={12} value={draft.narrative} onChange={(e) => change({ narrative: e.target.value })} /></label>
      </fieldset>
      <h3>Persons, vehicles and businesses</h3>
      <ul>{draft.parties.map((p, i) => (
        <li key={`${p.id}-${p.role}`}>{p.role}: <Link to={`/records/${INDEX[p.type]}/${p.id}`}>{p.label ?? p.id}</Link>
          {p.juvenile && <span className="juvenile-tag"> Juvenile</span>}
          {editable && <button type="button" className="link" onClick={() => change({ parties: draft.parties.filter((_, j) => j !== i) })}>Remove</button>}</li>
      ))}</ul>
      {editable && <AddPerson onAdd={(p) => change({ parties: [...draft.parties, p] })} />}
      <p className="autosave" aria-live="polite">{saved}</p>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        {editable && <button type="button" onClick={() => act('submit')} disabled={dirty.current}>Submit for approval</button>}
        {report.status === 'submitted' && me.permissions.includes('records.approve') && report.author !== me.user.username && <Review onDecide={act} />}
      </div>
      <h3>Photos</h3>
      {report.photos.length === 0 ? <p className="muted">No photos.</p> : <div className="photos">{report.photos.map((p) => <img key={p.id} src={`/api/v1/photos/${p.id}`} alt={p.caption ?? 'Photo'} title={`SHA-256 ${p.sha256}`} />)}</div>}
      {report.status !== 'approved' && me.permissions.includes('records.write') && <AddPhoto target={`reportId=${id}`} onAdded={refreshPhotos} />}
      {report.supplements.length > 0 && <><h3>Supplements</h3>{report.supplements.map((s) => (
        <article key={s.id} className="supplement"><p><Link to={`/records/reports/${s.id}`}>{s.authorName}, <When at={s.createdAt} /></Link> ({s.status})</p><p>{s.narrative}</p></article>
      ))}</>}
      {report.status === 'approved' && me.permissions.includes('records.write') && report.kind !== 'supplement' && <AddSupplement id={id} />}
    </section>
  );
}

function Review({ onDecide }: { onDecide: (path: string, body?: unknown) => Promise<void> }) {
  const [comments, setComments] = useState('');
  return (
    <div className="review">
      <button type="button" onClick={() => onDecide('approve')}>Approve</button>
      <label>Comments for the author<textarea rows={2} value={comments} onChange={(e) => setComments(e.target.value)} /></label>
      <button type="button" disabled={!comments.trim()} onClick={() => onDecide('return', { comments })}>Return with comments</button>
    </div>
  );
}

function AddSupplement({ id }: { id: string }) {
  const [text, setText] = useState('');
  const add = async () => {
    const created = await api<CreatedId>(`/api/v1/reports/${id}/supplements`, { method: 'POST', body: { narrative: text } });
    navigate(`/records/reports/${created.id}`);
  };
  return (
    <details><summary>Add a supplement</summary>
      <label>Supplement narrative<textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} /></label>
      <button type="button" disabled={!text.trim()} onClick={add}>Start supplement</button>
    </details>
  );
}

function AddPerson({ onAdd }: { onAdd: (p: Party) => void }) {
  const [type, setType] = useState<Party['type']>('person');
  const [q, setQ] = useState('');
  const [role, setRole] = useState('suspect');
  const [hits, setHits] = useState<{ id: string; label: string }[]>([]);
  const search = async () => {
    const found = await api<(NameHit | IndexHit)[]>(`/api/v1/${INDEX[type]}/search?q=${encodeURIComponent(q)}`).catch(() => []);
    setHits(found.map((h) => ({ id: h.id, label: 'name' in h ? `${h.name}${h.dob ? ` (${h.dob})` : ''}` : h.label })));
  };
  return (
    <div className="add-party">
      <label>Index<select value={type} onChange={(e) => { const t = e.target.value as Party['type']; setType(t); setRole(ROLES[t][0]!); setHits([]); }}>
        <option value="person">Person</option><option value="vehicle">Vehicle</option><option value="business">Business</option>
      </select></label>
      <label>{type === 'person' ? 'Find a person' : type === 'vehicle' ? 'Find a vehicle' : 'Find a business'}
        <input value={q} onChange={(e) => setQ(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void search(); } }} />
      </label>
      <label>Role<select value={role} onChange={(e) => setRole(e.target.value)}>{ROLES[type].map((r) => <option key={r}>{r}</option>)}</select></label>
      <button type="button" onClick={search}>Find</button>
      <ul>{hits.map((h) => <li key={h.id}><button type="button" className="link" onClick={() => { onAdd({ type, id: h.id, role, label: h.label.replace(/ \(\d{4}-\d{2}-\d{2}\)$/, '') }); setHits([]); }}>Add {h.label} as {role}</button></li>)}</ul>
    </div>
  );
}

export function AddPhoto({ target, onAdded }: { target: string; onAdded: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const response = await fetch(`/api/v1/photos?${target}&caption=${encodeURIComponent(file.name)}`, {
      method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file, credentials: 'same-origin',
    });
    if (response.ok) { setError(null); onAdded(); } else setError(await responseProblemText(response, 'Upload refused.'));
  };
  return (
    <label>Attach a photo (JPEG, PNG, GIF, WebP)
      <input type="file" accept="image/jpeg,image/png,image/gif,image/webp" onChange={(e) => void upload(e.target.files?.[0])} />
      {error && <span role="alert" className="error">{error}</span>}
    </label>
  );
}
