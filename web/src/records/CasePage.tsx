import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { JuvenileBanner, KIND_NAMES, Link } from './common.tsx';
import { CaseProperty } from './Property.tsx';
import { CaseTraffic } from './Traffic.tsx';
import { CaseOrders } from './Orders.tsx';
import type { Case, ReportCreated } from './types.ts';
import { problemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';
import { AuditTrailLink } from '../shared/audit-link.tsx';

type Carried = Case['carried'];
type CaseReport = Case['reports'][number];
type CaseDocument = Case['documents'][number];


const INDEX = { person: 'names', vehicle: 'vehicles', business: 'businesses' } as const;
const time = (iso: string | null | undefined) => <When at={iso} />;

/** A case (S-110 §B): header, the CAD incident it came from (81.2.3), reports with supplements, linked parties. */
export function CasePage({ number, permissions }: { number: string; permissions: string[] }) {
  const [c, setCase] = useState<Case | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<Case>(`/api/v1/cases/${number}`).then(setCase, (e: unknown) => setError(problemText(e, 'Could not load the case.'))); }, [number]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!c) return <p>Loading…</p>;
  const adult = c.reports.filter((r) => !r.juvenile);
  const juvenile = c.reports.filter((r) => r.juvenile);
  return (
    <section aria-labelledby="case-title" className="case">
      {juvenile.length > 0 && <JuvenileBanner />}
      <h2 id="case-title">Case {c.number}</h2>
      <AuditTrailLink permissions={permissions} filter={{ recordType: 'case', recordId: c.number, access: 'read' }} label="Who read this case" />
      {permissions.includes('records.nibrs') && <p><Link to={`/records/nibrs/cases/${c.number}`}>NIBRS data of case {c.number}</Link></p>}
      <dl className="facts">
        <dt>Type</dt><dd>{c.type}</dd>
        <dt>Occurred</dt><dd>{time(c.occurredAt)}</dd>
        <dt>Location</dt><dd>{c.confidential ? 'withheld (confidential incident)' : c.location?.address ?? '—'}</dd>
        <dt>Opened</dt><dd>{time(c.openedAt)} by <Who name={c.openedByName} login={c.openedBy} /></dd>
        <dt>Status</dt><dd>{c.status}</dd>
      </dl>
      {c.incidentNumber && <Incident carried={c.carried} number={c.incidentNumber} confidential={c.confidential} />}
      <h3>Reports</h3>
      <Reports reports={adult} label="Reports" empty="No reports yet." />
      {juvenile.length > 0 && (
        <div className="juvenile-section">
          <h3 className="juvenile-heading">Juvenile records</h3>
          <Reports reports={juvenile} label="Juvenile reports" empty="" />
        </div>
      )}
      {permissions.includes('records.write') && <FileReport caseNumber={c.number} />}
      {c.documents.length > 0 && <Documents documents={c.documents} />}
      <CaseProperty caseNumber={c.number} canWrite={permissions.includes('records.write')} />
      <CaseTraffic caseNumber={c.number} incidentNumber={c.incidentNumber} canWrite={permissions.includes('records.write')}>
        <CaseOrders caseNumber={c.number} canWrite={permissions.includes('records.write')} />
      </CaseTraffic>
      <h3>Persons, vehicles and businesses</h3>
      {c.parties.length === 0 ? <p className="muted">None linked.</p> : (
        <ul aria-label="Linked persons, vehicles and businesses">{c.parties.map((p) => (
          <li key={`${p.reportId}-${p.type}-${p.id}-${p.role}`}>{p.role}: <Link to={`/records/${INDEX[p.type]}/${p.id}`}>{p.label}</Link>
            {p.dob && <span> — born {p.dob}</span>}{p.juvenile && <span className="juvenile-tag"> Juvenile</span>}</li>
        ))}</ul>
      )}
    </section>
  );
}

function Incident({ carried: i, number, confidential }: { carried: Carried; number: string; confidential: boolean }) {
  return (
    <section aria-label="CAD incident" className="case-incident">
      <h3>From CAD incident {number}</h3>
      {confidential && <p className="notice">A confidential incident (81A §E.2.c): its location, people and narrative are withheld.</p>}
      <dl className="facts">
        <dt>Call received</dt><dd>{time(i.reportedAt)}</dd>
        <dt>Type / priority</dt><dd>{i.type ?? '—'} / {i.priority ?? '—'}</dd>
        <dt>Location</dt><dd>{i.location?.address ?? '—'}</dd>
        <dt>Complainant</dt><dd>{[i.complainant?.name, i.complainant?.address].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Disposition</dt><dd>{i.disposition ?? '—'}{i.closedAt && <> (closed {time(i.closedAt)})</>}</dd>
        {i.narrative && <><dt>Call narrative</dt><dd>{i.narrative}</dd></>}
        {i.timeline && <><dt>Timeline</dt><dd>{i.timeline.events} events in the event log{i.timeline.firstSeq !== null ? ` (#${i.timeline.firstSeq}–#${i.timeline.lastSeq})` : ''}</dd></>}
      </dl>
      {(i.units ?? []).length === 0 ? <p className="muted">No units were dispatched.</p> : (
        <table className="records-table" aria-label="Units">
          <thead><tr><th>Unit</th><th>Role</th><th>Dispatched</th><th>En route</th><th>Arrived</th><th>Cleared</th></tr></thead>
          <tbody>{i.units!.map((u) => (
            <tr key={`${u.callSign}-${u.dispatchedAt}`}><td>{u.callSign}</td><td>{u.role}</td><td>{time(u.dispatchedAt)}</td><td>{time(u.enRouteAt)}</td><td>{time(u.arrivedAt)}</td><td>{time(u.clearedAt)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

function Reports({ reports, label, empty }: { reports: CaseReport[]; label: string; empty: string }) {
  if (reports.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="records-table" aria-label={label}>
      <thead><tr><th>Report</th><th>Author</th><th>Event date</th><th>Status</th><th>Supplements</th></tr></thead>
      <tbody>{reports.map((r) => (
        <tr key={r.id} className={r.juvenile ? 'juvenile-row' : undefined}>
          <td><Link to={`/records/reports/${r.id}`}>{KIND_NAMES[r.kind] ?? r.kind}</Link>{r.juvenile && <span className="juvenile-tag"> Juvenile</span>}</td>
          <td><Who name={r.authorName} login={r.author} /></td><td>{r.eventDate}</td>
          <td>{r.status}{r.approvedBy && <> by <Who name={r.approvedByName} login={r.approvedBy} /></>}</td>
          <td>{r.supplements.length === 0 ? '—' : r.supplements.map((s, n) => (
            <span key={s.id}>{n > 0 && '; '}<Link to={`/records/reports/${s.id}`}>Supplement {n + 1}</Link> (<Who name={s.authorName} login={s.author} />, {s.status})</span>
          ))}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/** Filed originals of the incident's Knox Box Access Reporting Forms, retained by the Records Bureau (O-604 §III.H). */
function Documents({ documents }: { documents: CaseDocument[] }) {
  return (
    <>
      <h3>Filed documents</h3>
      <ul aria-label="Filed documents">{documents.map((d) => (
        <li key={d.id}><a href={d.url} target="_blank" rel="noreferrer">{d.title}</a> — filed {time(d.filedAt)} by <Who name={d.filedByName} login={d.filedBy} />; accessing officer <Who name={d.officerName} login={d.officer} />
          <span className="muted"> (SHA-256 {d.sha256.slice(0, 12)}…)</span></li>
      ))}</ul>
    </>
  );
}

/** Start a report filed under this case (S-110 §B). */
function FileReport({ caseNumber }: { caseNumber: string }) {
  const [kind, setKind] = useState('incident');
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    try {
      const created = await api<ReportCreated>('/api/v1/reports', { method: 'POST', body: { kind, caseNumber } });
      navigate(`/records/reports/${created.id}`);
    } catch (e) { setError(problemText(e, 'Could not start the report.')); }
  };
  return (
    <div className="new-report">
      <label>File under this case<select value={kind} onChange={(e) => setKind(e.target.value)}>
        <option value="incident">Incident report</option><option value="arrest">Arrest booking</option><option value="field_interview">Field interview</option>
      </select></label>
      <button type="button" onClick={start}>Start report in case {caseNumber}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
