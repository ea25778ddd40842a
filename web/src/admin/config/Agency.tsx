import { useEffect, useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as A from '../../../../src/agency/schemas.ts';
import { api } from '../../shared/api.ts';
import { Field, FormAlert, formProblem, type FormProblem } from './form.tsx';
import { useFetched } from '../../shared/fetched.ts';

type Agency = Static<typeof A.AgencyAnswer>;
type Hours = Agency['businessHours'];
type StartupSettings = Static<typeof A.StartupSettingsAnswer>;

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function HoursFields({ form, which, legend, hours, problem, onChange }: { form: string; which: 'businessHours' | 'courtHours'; legend: string; hours: Hours; problem: FormProblem | null; onChange: (h: Hours) => void }) {
  return (
    <fieldset className="wide">
      <legend>{legend}</legend>
      <div className="row-actions">
        {DAYS.map((day, i) => (
          <label key={day} className="check">
            <input type="checkbox" checked={hours.days.includes(i)} onChange={(e) => onChange({ ...hours, days: e.target.checked ? [...hours.days, i].sort() : hours.days.filter((d) => d !== i) })} />
            {day}
          </label>
        ))}
      </div>
      <Field form={form} field={`${which}.start`} label={`${legend}: opens (24-hour, HH:MM)`} problem={problem}>
        {(props) => <input {...props} value={hours.start} onChange={(e) => onChange({ ...hours, start: e.target.value })} />}
      </Field>
      <Field form={form} field={`${which}.end`} label={`${legend}: closes (24-hour, HH:MM)`} problem={problem}>
        {(props) => <input {...props} value={hours.end} onChange={(e) => onChange({ ...hours, end: e.target.value })} />}
      </Field>
    </fieldset>
  );
}

function ProfileForm({ agency, onSaved }: { agency: Agency; onSaved: (a: Agency) => void }) {
  const [form, setForm] = useState({ name: agency.name, address: agency.address, phone: agency.phone, businessHours: agency.businessHours, courtHours: agency.courtHours });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const id = 'agency';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      onSaved(await api<Agency>('/api/v1/agency', { method: 'PUT', body: form }));
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  const text = (key: 'name' | 'address' | 'phone') => (props: { id: string; name: string }) => <input {...props} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />;
  return (
    <form className="grid" aria-label="Agency profile" onSubmit={(e) => void submit(e)} noValidate>
      <Field form={id} field="name" label="Agency name" problem={problem}>{text('name')}</Field>
      <Field form={id} field="address" label="Address" hint="also the address shown for a shelter's location (confidential)" problem={problem}>{text('address')}</Field>
      <Field form={id} field="phone" label="Telephone" problem={problem}>{text('phone')}</Field>
      <HoursFields form={id} which="businessHours" legend="Business hours" hours={form.businessHours} problem={problem} onChange={(businessHours) => setForm({ ...form, businessHours })} />
      <HoursFields form={id} which="courtHours" legend="Court hours" hours={form.courtHours} problem={problem} onChange={(courtHours) => setForm({ ...form, courtHours })} />
      <p className="impact">Business hours count the days of public records deadlines and the CORI after-hours rule (81A §K); court hours bound the court administrator’s remote access (S-110 §H.2). A change applies from the next request.</p>
      <FormAlert problem={problem} fields={['name', 'address', 'phone', 'businessHours.start', 'businessHours.end', 'courtHours.start', 'courtHours.end']} />
      <div className="actions"><button type="submit">Save profile</button></div>
    </form>
  );
}

function SettingsTable({ label, rows }: { label: string; rows: StartupSettings['security'] }) {
  return (
    <table className="table" aria-label={label}>
      <thead><tr><th>Setting</th><th>Value</th><th>Meaning</th><th>Where it is set</th></tr></thead>
      <tbody>{rows.map((s) => <tr key={s.key} data-setting={s.key}><td>{s.key}</td><td>{s.value || '(none)'}</td><td>{s.description ?? ''}</td><td>{s.setIn}</td></tr>)}</tbody>
    </table>
  );
}

/** The agency profile and business hours (editable), and the start-up settings, security included (read only). */
export function AgencySettings() {
  const [agency, setAgency] = useState<Agency | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const settings = useFetched<StartupSettings>('/api/v1/agency/settings');
  useEffect(() => { api<Agency>('/api/v1/agency').then(setAgency, (e: unknown) => setError(formProblem(e).text)); }, []);
  return (
    <>
      <section className="panel" aria-labelledby="agency-title">
        <h3 id="agency-title">Agency profile and business hours</h3>
        {note && <p role="status">{note}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        {agency && <ProfileForm agency={agency} onSaved={(a) => { setAgency(a); setNote('Agency profile saved.'); }} />}
      </section>
      <section className="panel" aria-labelledby="security-title">
        <h3 id="security-title">Security and start-up settings</h3>
        <p className="hint">These are read when the server starts, from the config file (PRECINCT_CONFIG) and the environment; none is changed at run time, so none is editable here. Change the file and restart every server node.</p>
        {settings.error && <p role="alert" className="error">{settings.error}</p>}
        {settings.data && <>
          <SettingsTable label="Security settings" rows={settings.data.security} />
          <h4>Agency identity and networks</h4>
          <SettingsTable label="Agency start-up settings" rows={settings.data.profile} />
        </>}
      </section>
    </>
  );
}
