import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { stamp } from '../shared/time.ts';
import { Who } from '../shared/When.tsx';
import { Message, useLoaded } from './shared.tsx';
import type { Static } from 'typebox';
import type * as B from '../../../src/backup/schemas.ts';

type Overview = Static<typeof B.Overview>;


const mib = (n: number | null) => (n === null ? '—' : `${(n / 1048576).toFixed(1)} MiB`);

/** Backups (S-110 §E): archives, off-site copies, verification, restore drills, and the IT Director's policy. */
export function Backups({ timeZone, canSetPolicy }: { timeZone: string; canSetPolicy: boolean }) {
  const { data, message, act } = useLoaded<Overview | null>('/api/v1/backups', null);
  const [policy, setPolicy] = useState<{ retentionDays: string; frequencyHours: string; drillDays: string } | null>(null);
  if (!data) return <Message text={message} />;
  const shown = policy ?? { retentionDays: String(data.policy.retentionDays), frequencyHours: String(data.policy.frequencyHours), drillDays: String(data.policy.drillDays) };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void act(() => api('/api/v1/backups/policy', { method: 'PUT', body: { retentionDays: Number(shown.retentionDays), frequencyHours: Number(shown.frequencyHours), drillDays: Number(shown.drillDays) } }), 'Backup policy saved.');
  };
  return (
    <div data-testid="backups">
      <p>Archives in <code>{data.setup.folder}</code>, encrypted for {data.setup.recipients} recipient(s){data.setup.recipients === 0 && <strong className="failed"> — none configured: no backup can be written</strong>};
        off-site: {data.setup.offsite.length ? data.setup.offsite.join(', ') : <strong className="failed">none configured</strong>}.</p>
      <p className="exports">
        <button type="button" onClick={() => void act(() => api('/api/v1/backups', { method: 'POST' }), 'Backup written.')}>Back up now</button>
        <button type="button" onClick={() => void act(() => api('/api/v1/backups/prune', { method: 'POST' }), 'Expired archives pruned.')}>Prune expired</button>
        <button type="button" disabled={!data.setup.identityConfigured} onClick={() => void act(() => api('/api/v1/backups/drill', { method: 'POST' }), 'Restore drill recorded.')}>Run restore drill</button>
      </p>
      <Message text={message} />
      <table aria-label="Archives">
        <thead><tr><th scope="col">Archive</th><th scope="col">Made</th><th scope="col">Age</th><th scope="col">Size</th><th scope="col">State</th><th scope="col">Off-site</th><th scope="col">Last verified</th><th scope="col" /></tr></thead>
        <tbody>{data.archives.map((a) => (
          <tr key={a.name}>
            <td>{a.name}</td>
            <td>{stamp(a.startedAt, timeZone)}</td>
            <td>{a.ageDays} d</td>
            <td>{mib(a.size)}</td>
            <td className={a.status === 'failed' || (!a.present && !a.prunedAt) ? 'failed' : ''}>{a.status === 'failed' ? `failed: ${a.error}` : a.prunedAt ? 'pruned' : a.present ? 'on premises' : 'missing'}</td>
            <td>{a.offsite.map((o) => <span key={o.where} className={o.ok ? '' : 'failed'}>{o.ok ? '✓' : '✗'} {o.where} </span>)}</td>
            <td className={a.lastVerifyOk === false ? 'failed' : ''}>{a.lastVerifiedAt ? `${stamp(a.lastVerifiedAt, timeZone)} ${a.lastVerifyDetail ?? ''}` : 'never'}</td>
            <td>{a.present && data.setup.identityConfigured && <button type="button" onClick={() => void act(() => api(`/api/v1/backups/${a.name}/verify`, { method: 'POST' }))}>Verify</button>}</td>
          </tr>
        ))}</tbody>
      </table>
      <h3>Restore drills</h3>
      <table aria-label="Restore drills">
        <thead><tr><th scope="col">When</th><th scope="col">Archive</th><th scope="col">Result</th><th scope="col">By</th></tr></thead>
        <tbody>{data.drills.map((d) => (
          <tr key={d.id}><td>{stamp(d.at, timeZone)}</td><td>{d.archive ?? '—'}</td><td className={d.ok ? '' : 'failed'}>{d.ok ? 'passed' : 'FAILED'}: {d.detail}</td><td><Who name={d.runByName} login={d.runBy} /></td></tr>
        ))}</tbody>
      </table>
      <h3>Policy (S-110 §E.2: set by the IT Director)</h3>
      <form className="row" onSubmit={save} aria-label="Backup policy">
        <label>Keep on premises (days)<input type="number" value={shown.retentionDays} disabled={!canSetPolicy} onChange={(e) => setPolicy({ ...shown, retentionDays: e.target.value })} /></label>
        <label>Back up every (hours)<input type="number" value={shown.frequencyHours} disabled={!canSetPolicy} onChange={(e) => setPolicy({ ...shown, frequencyHours: e.target.value })} /></label>
        <label>Restore drill every (days)<input type="number" value={shown.drillDays} disabled={!canSetPolicy} onChange={(e) => setPolicy({ ...shown, drillDays: e.target.value })} /></label>
        {canSetPolicy && <button type="submit">Save policy</button>}
      </form>
    </div>
  );
}
