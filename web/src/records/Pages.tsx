import { useFetched } from '../shared/fetched.ts';
import { RecordList } from './common.tsx';
import { History } from './History.tsx';
import { AddPhoto } from './ReportEditor.tsx';
import { MergeHistory, MergeScreen, PersonDescriptionEditor, PersonDetailsEditor } from './PersonEdit.tsx';
import type { Business, Person, Vehicle } from './types.ts';
import { AuditTrailLink } from '../shared/audit-link.tsx';

/** A record page's data, its error in the reader's words, and a reload after a change. */
function useRecord<T>(url: string): [T | null, string | null, () => void] {
  const { data, error, reload } = useFetched<T>(url);
  return [data, error, reload];
}

export function PersonPage({ id, canWrite, permissions = [] }: { id: string; canWrite: boolean; permissions?: readonly string[] }) {
  const [p, error, reload] = useRecord<Person>(`/api/v1/names/${id}`);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!p) return <p>Loading…</p>;
  return (
    <section aria-labelledby="person-name">
      <h2 id="person-name">{p.name.last}, {p.name.first}{p.name.middle ? ` ${p.name.middle}` : ''}</h2>
      <AuditTrailLink permissions={permissions} filter={{ recordType: 'person', recordId: p.id, access: 'read' }} label="Who read this person's record" />
      {p.mergedInto && <p className="notice">This entry was merged into <a href={`/records/names/${p.mergedInto}`}>another master name</a>.</p>}
      <dl className="facts">
        <dt>Date of birth</dt><dd>{p.dob ?? 'unknown'}</dd>
        <dt>Sex / race</dt><dd>{p.sex ?? '—'} / {p.race ?? '—'}</dd>
        {p.heightIn && <><dt>Height / weight</dt><dd>{Math.floor(p.heightIn / 12)}′{p.heightIn % 12}″ / {p.weightLb ?? '—'} lb</dd></>}
        <dt>Aliases</dt><dd>{p.aliases.map((a) => `${a.last}, ${a.first}`).join('; ') || '—'}</dd>
        <dt>Identifiers</dt><dd>{p.identifiers.map((i) => `${i.kind} ${i.value}${i.state ? ` (${i.state})` : ''}`).join('; ') || '—'}</dd>
        <dt>Addresses</dt><dd>{p.addresses.map((a) => `${a.address} (${a.kind})`).join('; ') || '—'}</dd>
        <dt>Phones</dt><dd>{p.phones.map((ph) => `${ph.number} (${ph.kind})`).join('; ') || '—'}</dd>
      </dl>
      {p.photos.length > 0 && <div className="photos">{p.photos.map((ph) => <img key={ph.id} src={`/api/v1/photos/${ph.id}`} alt={ph.caption ?? 'Photo'} />)}</div>}
      {canWrite && !p.mergedInto && <AddPhoto target={`personId=${id}`} onAdded={reload} />}
      {canWrite && !p.mergedInto && <>
        <PersonDescriptionEditor person={p} onChanged={reload} />
        <PersonDetailsEditor person={p} onChanged={reload} />
        <MergeScreen person={p} onChanged={reload} />
      </>}
      <h3>Records</h3>
      <RecordList records={p.records} empty="No adult records." />
      {p.juvenileRecords && p.juvenileRecords.length > 0 && (
        <div className="juvenile-section">
          <h3 className="juvenile-heading">Juvenile records</h3>
          <RecordList records={p.juvenileRecords} empty="" />
        </div>
      )}
      <History personId={id} />
      <MergeHistory person={p} canWrite={canWrite} onChanged={reload} />
    </section>
  );
}


export function VehiclePage({ id }: { id: string }) {
  const [v, error] = useRecord<Vehicle>(`/api/v1/vehicles/${id}`);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!v) return <p>Loading…</p>;
  return (
    <section aria-labelledby="vehicle-title">
      <h2 id="vehicle-title">{v.plate ?? 'No plate'} {v.state}</h2>
      <dl className="facts"><dt>Vehicle</dt><dd>{[v.year, v.color, v.make, v.model].filter(Boolean).join(' ') || '—'}</dd><dt>VIN</dt><dd>{v.vin ?? '—'}</dd></dl>
      <h3>Records</h3><RecordList records={v.records} empty="No linked records." />
    </section>
  );
}


export function BusinessPage({ id }: { id: string }) {
  const [b, error] = useRecord<Business>(`/api/v1/businesses/${id}`);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!b) return <p>Loading…</p>;
  return (
    <section aria-labelledby="business-title">
      <h2 id="business-title">{b.name}</h2>
      <dl className="facts"><dt>Address</dt><dd>{b.address}</dd><dt>Phone</dt><dd>{b.phone ?? '—'}</dd></dl>
      <h3>After-hours emergency contacts</h3>
      {b.emergencyContacts.length === 0 ? <p className="muted">None on file.</p> : (
        <ul>{b.emergencyContacts.map((c) => <li key={c.phone}>{c.name}{c.role ? ` (${c.role})` : ''}: {c.phone}</li>)}</ul>
      )}
      <h3>Records</h3><RecordList records={b.records} empty="No linked records." />
    </section>
  );
}
