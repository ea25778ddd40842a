import { useState } from 'react';
import type { Static } from 'typebox';
import type * as A from '../../../src/agency/schemas.ts';
import { useFetched } from '../shared/fetched.ts';
import { agencyInstant, minute } from '../shared/time.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { When } from '../shared/When.tsx';
import type { Report } from './types.ts';

type Code = Static<typeof A.CodeEntry>;
type Fields = Record<string, unknown>;

const useCodes = (table: string) => useFetched<Code[]>(`/api/v1/code-tables/${table}`).data ?? [];
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The report's offenses, occurrence from/to (the agency's 24-hour clock, whatever the
 * workstation's zone), weapon, premises and method, chosen from the agency's code tables
 * (issue 22 §6). The server checks them again and refuses a bad one naming the field.
 */
export function ProsecutionFields({ fields, onChange }: { fields: Fields; onChange: (fields: Fields) => void }) {
  const offenses = useCodes('offense');
  const tables = { weapon: useCodes('weapon'), premises: useCodes('premises'), method: useCodes('method') };
  const zone = useAgencyZone();
  const [adding, setAdding] = useState('');
  const chosen = Array.isArray(fields.offenses) ? (fields.offenses as string[]) : [];
  const nameOf = (code: string) => offenses.find((o) => o.code === code)?.name ?? code;
  const local = (key: string) => (zone ? minute(text(fields[key]), zone).replace(' ', 'T') : '');
  const setTime = (key: string, value: string) => onChange({ ...fields, [key]: value && zone ? agencyInstant(value, zone) : '' });
  const from = text(fields.occurredFrom); const to = text(fields.occurredTo);
  const backwards = !!from && !!to && Date.parse(to) < Date.parse(from);
  return (
    <fieldset className="prosecution" aria-labelledby="prosecution-legend">
      <legend id="prosecution-legend">Offenses and occurrence</legend>
      <ul aria-label="Offenses">{chosen.map((code) => (
        <li key={code}>{nameOf(code)} ({code})
          <button type="button" className="link" onClick={() => onChange({ ...fields, offenses: chosen.filter((c) => c !== code) })}>Remove {nameOf(code)}</button></li>
      ))}</ul>
      <div className="row">
        <label htmlFor="offense-pick">Offense</label>
        <select id="offense-pick" value={adding} onChange={(e) => setAdding(e.target.value)}>
          <option value="">— choose —</option>
          {offenses.filter((o) => !chosen.includes(o.code)).map((o) => <option key={o.code} value={o.code}>{o.name} ({o.code})</option>)}
        </select>
        <button type="button" disabled={!adding} onClick={() => { onChange({ ...fields, offenses: [...chosen, adding] }); setAdding(''); }}>Add offense</button>
      </div>
      <div className="row">
        <label>Occurred from (24-hour, agency time)<input type="datetime-local" value={local('occurredFrom')} onChange={(e) => setTime('occurredFrom', e.target.value)} /></label>
        <label>Occurred to<input type="datetime-local" value={local('occurredTo')} aria-invalid={backwards} aria-describedby={backwards ? 'occurred-to-error' : undefined} onChange={(e) => setTime('occurredTo', e.target.value)} /></label>
        {backwards && <span id="occurred-to-error" className="error" role="alert">“Occurred to” is before “Occurred from”.</span>}
      </div>
      <div className="row">
        {(['weapon', 'premises', 'method'] as const).map((key) => (
          <label key={key}>{key === 'weapon' ? 'Weapon' : key === 'premises' ? 'Premises (location type)' : 'Method'}
            <select value={text(fields[key])} onChange={(e) => onChange({ ...fields, [key]: e.target.value })}>
              <option value="">— none given —</option>
              {tables[key].map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select></label>
        ))}
      </div>
    </fieldset>
  );
}

/** The same fields as a reader sees them, with the codes' names and agency-zone times. */
export function ProsecutionFacts({ prosecution: p }: { prosecution: Report['prosecution'] }) {
  if (p.offenses.length === 0 && !p.occurredFrom && !p.weapon && !p.premises && !p.method) return null;
  return (
    <dl className="facts" aria-label="Offenses and occurrence">
      <dt>Offenses</dt><dd>{p.offenses.map((o) => `${o.name} (${o.code}${o.nibrs && o.nibrs !== o.code ? `, NIBRS ${o.nibrs}` : ''})`).join('; ') || '—'}</dd>
      <dt>Occurred</dt><dd>{p.occurredFrom ? <>from <When at={p.occurredFrom} />{p.occurredTo && <> to <When at={p.occurredTo} /></>}</> : '—'}</dd>
      <dt>Weapon</dt><dd>{p.weapon?.name ?? '—'}</dd>
      <dt>Premises</dt><dd>{p.premises?.name ?? '—'}</dd>
      <dt>Method</dt><dd>{p.method?.name ?? '—'}</dd>
    </dl>
  );
}
