import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { More } from '../shared/paged.tsx';
import { Exports, Message, fileAsBase64, useLoadedPages } from './shared.tsx';
import type { Static } from 'typebox';
import type { MediumView } from '../../../src/it/schemas.ts';
import { agencyToday } from '../shared/agency.ts';
import { today as agencyDate } from '../shared/time.ts';
import { Who } from '../shared/When.tsx';

type Medium = Static<typeof MediumView>;


const TYPES: Record<string, string> = { internal_drive: 'Internal hard drive', external_drive: 'External hard drive', ssd: 'Solid-state drive', thumb_drive: 'Thumb drive', dvd: 'DVD', cd: 'CD', tape: 'Backup tape', other: 'Other' };
const blank = { serial: '', mediaType: 'internal_drive', description: '', holdsCjis: true, location: '' };

/** The electronic media register (S-110 §G.2), sanitization (§I.1) and witnessed destruction with the vendor's certificate (§I.2). */
export function Media({ timeZone, canRecord }: { timeZone: string; canRecord: boolean }) {
  const { data, list, message, act } = useLoadedPages<Medium>('/api/v1/it/media');
  const [form, setForm] = useState(blank);
  const [destroying, setDestroying] = useState<Medium | null>(null);
  const register = (e: FormEvent) => {
    e.preventDefault();
    void act(() => api('/api/v1/it/media', { method: 'POST', body: form }), 'Medium registered.').then((ok) => ok && setForm(blank));
  };
  const sanitize = (m: Medium) => {
    const method = window.prompt('Method: overwrite or degauss (S-110 §I.1)', 'overwrite');
    if (method === null) return;
    const passes = method === 'overwrite' ? Number(window.prompt('How many overwrite passes (at least 3)?', '3')) : undefined;
    const performedBy = window.prompt('Performed by') ?? '';
    void act(async () => api(`/api/v1/it/media/${m.id}/sanitization`, { method: 'POST', body: { method: method || undefined, passes, performedBy, performedOn: await agencyToday() } }));
  };
  const lock = (m: Medium) => {
    const caseLabel = window.prompt('Label of the locked case (S-110 §I.2.c)');
    if (caseLabel) void act(() => api(`/api/v1/it/media/${m.id}/locked-case`, { method: 'POST', body: { caseLabel } }));
  };
  return (
    <div data-testid="it-media">
      <Exports register="media" />
      {canRecord && (
        <form className="row" onSubmit={register} aria-label="Register a medium">
          <label>Serial<input value={form.serial} onChange={(e) => setForm({ ...form, serial: e.target.value })} required maxLength={100} /></label>
          <label>Type<select value={form.mediaType} onChange={(e) => setForm({ ...form, mediaType: e.target.value })}>{Object.entries(TYPES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
          <label>Description<input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} required maxLength={300} /></label>
          <label>Stored at<input value={form.location} onChange={(e) => setForm({ ...form, location: e.target.value })} required maxLength={200} /></label>
          <label><span>Holds CJIS data</span><input type="checkbox" checked={form.holdsCjis} onChange={(e) => setForm({ ...form, holdsCjis: e.target.checked })} /></label>
          <button type="submit">Register</button>
        </form>
      )}
      <Message text={message} />
      {destroying && <Destruction medium={destroying} today={agencyDate(timeZone)} onDone={() => setDestroying(null)} act={act} />}
      <table aria-label="Media register">
        <thead><tr><th scope="col">Serial</th><th scope="col">Type</th><th scope="col">Description</th><th scope="col">CJIS</th><th scope="col">Stored at</th><th scope="col">Status</th><th scope="col">Sanitized / destroyed</th><th scope="col" /></tr></thead>
        <tbody>{data.map((m) => (
          <tr key={m.id}>
            <td>{m.serial}</td><td>{TYPES[m.mediaType] ?? m.mediaType}</td><td>{m.description}</td><td>{m.holdsCjis ? 'yes' : 'no'}</td><td>{m.location}</td><td>{m.status.replaceAll('_', ' ')}</td>
            <td>
              {m.sanitizations.map((s) => <div key={s.performedOn + s.method}>{s.method === 'overwrite' ? `overwritten ×${s.passes}` : 'degaussed'} by {s.performedBy} {s.performedOn}</div>)}
              {m.destruction && <div>case {m.destruction.caseLabel} locked by <Who name={m.destruction.lockedByName} login={m.destruction.lockedBy} />{m.destruction.destroyedOn && <>; destroyed {m.destruction.destroyedOn} by {m.destruction.vendor}, witnessed by <Who name={m.destruction.witnessedByName} login={m.destruction.witnessedBy} /></>}</div>}
              {m.destruction?.certificateSha256 && <a href={`/api/v1/it/media/${m.id}/certificate`}>Certificate (serial {m.destruction.certificateSerial}, {m.destruction.certificateDate})</a>}
            </td>
            <td>{canRecord && m.status !== 'destroyed' && <>
              {m.status !== 'locked_for_destruction' && <button type="button" onClick={() => sanitize(m)}>Sanitize</button>}
              {m.status !== 'locked_for_destruction' && <button type="button" onClick={() => lock(m)}>Lock for destruction</button>}
              {m.status === 'locked_for_destruction' && <button type="button" onClick={() => setDestroying(m)}>Record destruction</button>}
            </>}</td>
          </tr>
        ))}</tbody>
      </table>
      <More list={list} label="media" />
    </div>
  );
}

/** The destruction form; its dates start at the agency's today, not the workstation's or UTC's. */
function Destruction({ medium, today, onDone, act }: { medium: Medium; today: string; onDone: () => void; act: (work: () => Promise<unknown>, done?: string) => Promise<boolean> }) {
  const [form, setForm] = useState({ transportedBy: '', transportedOn: today, vendor: '', witnessedBy: '', destroyedOn: today, certificateNumber: '', certificateSerial: '', certificateDate: today });
  const [file, setFile] = useState<File | null>(null);
  const field = (k: keyof typeof form, label: string, type = 'text') => (
    <label>{label}<input type={type} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} required={k !== 'certificateNumber'} /></label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const certificate = file ? { fileName: file.name, contentType: file.type || 'application/pdf', data: await fileAsBase64(file) } : undefined;
    const ok = await act(() => api(`/api/v1/it/media/${medium.id}/destruction`, { method: 'POST', body: { ...form, certificateNumber: form.certificateNumber || undefined, certificate } }), `Medium ${medium.serial} recorded destroyed.`);
    if (ok) onDone();
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} aria-label={`Destruction of ${medium.serial}`}>
      <strong>Destruction of {medium.serial} (S-110 §I.2)</strong>
      {field('transportedBy', 'Transported by')}{field('transportedOn', 'Transported on', 'date')}{field('vendor', 'Certified vendor')}
      {field('witnessedBy', 'Witness (CJIS-certified IT login)')}{field('destroyedOn', 'Destroyed on', 'date')}
      {field('certificateNumber', 'Certificate no.')}{field('certificateSerial', 'Serial on certificate')}{field('certificateDate', 'Certificate date', 'date')}
      <label>Vendor’s certificate<input type="file" accept="application/pdf,image/png,image/jpeg" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
      <button type="submit">Record destruction</button> <button type="button" onClick={onDone}>Cancel</button>
    </form>
  );
}
