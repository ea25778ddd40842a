import { useEffect, useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as D from '../../../../src/dispatch/schemas.ts';
import { api } from '../../shared/api.ts';
import { Field, FormAlert, formProblem, type FormProblem } from './form.tsx';
import { useFetched } from '../../shared/fetched.ts';

type Timers = Static<typeof D.Timers>;
type CallSettings = Static<typeof D.CallSettings>;
type Layouts = Static<typeof D.CallsAliLayoutsAnswer>;

const TIMERS: [keyof Timers, string, string][] = [
  ['standbyMinutes', 'Standby re-contact (minutes)', '81A §E.5.d: a unit on standby is called again after this long'],
  ['nonResponseMinutes', 'Unit not answering (minutes)', '81A §E.6.c: the commanding officer is alerted after this long'],
  ['onSceneMinutes', 'Status check on scene (minutes)', 'an incident type may set its own'],
  ['outOfServiceMinutes', 'Status check out of service (minutes)', 'an out-of-service reason may set its own'],
  ['reopenHours', 'Reopen window (hours after close)', '81A §D.3'],
  ['historyDays', 'Address history (days back)', 'shown at call time'],
];

const numeric = (value: string): unknown => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);

function TimersForm() {
  const [form, setForm] = useState<Record<string, string> | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => { api<Timers>('/api/v1/dispatch/timers').then((t) => setForm(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, String(v)]))), (e: unknown) => setProblem(formProblem(e))); }, []);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setProblem(null);
    setNote(null);
    try {
      await api('/api/v1/dispatch/timers', { method: 'PUT', body: Object.fromEntries(Object.entries(form).map(([k, v]) => [k, numeric(v)])) });
      setNote('Timers saved: the next sweep uses them.');
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  return (
    <section className="panel" aria-labelledby="timers-title">
      <h3 id="timers-title">Timers</h3>
      {note && <p role="status">{note}</p>}
      {form && (
        <form className="grid" aria-label="Timers" onSubmit={(e) => void submit(e)} noValidate>
          {TIMERS.map(([key, label, hint]) => (
            <Field key={key} form="timers" field={key} label={label} hint={hint} problem={problem}>
              {(props) => <input {...props} type="number" value={form[key] ?? ''} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />}
            </Field>
          ))}
          <FormAlert problem={problem} fields={TIMERS.map((t) => t[0])} />
          <div className="actions"><button type="submit">Save timers</button></div>
        </form>
      )}
      {!form && problem && <p role="alert" className="error">{problem.text}</p>}
    </section>
  );
}

function CallSettingsForm() {
  const settings = useFetched<CallSettings>('/api/v1/calls/settings');
  const layouts = useFetched<Layouts>('/api/v1/calls/ali-layouts');
  const [form, setForm] = useState<{ holdLimitSeconds: string; nearbyMetres: string; aliDefaultLayout: string; aliLayouts: string } | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setForm({ holdLimitSeconds: String(settings.data.holdLimitSeconds), nearbyMetres: String(settings.data.nearbyMetres), aliDefaultLayout: settings.data.aliDefaultLayout, aliLayouts: JSON.stringify(settings.data.aliLayouts, null, 2) });
  }, [settings.data]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setProblem(null);
    setNote(null);
    let aliLayouts: unknown;
    try { aliLayouts = JSON.parse(form.aliLayouts); } catch { setProblem({ field: 'aliLayouts', text: 'The agency’s layouts must be a JSON list, [] for none.' }); return; }
    try {
      await api('/api/v1/calls/settings', { method: 'PUT', body: { holdLimitSeconds: numeric(form.holdLimitSeconds), nearbyMetres: numeric(form.nearbyMetres), aliDefaultLayout: form.aliDefaultLayout, aliLayouts } });
      setNote('Call-taking settings saved.');
      void settings.reload();
      void layouts.reload();
    } catch (e) {
      const p = formProblem(e);
      setProblem(p.field?.startsWith('aliLayouts') ? { ...p, field: 'aliLayouts' } : p);
    }
  }
  const agencyOwn = new Set((settings.data?.aliLayouts ?? []).map((l) => l.name));
  return (
    <section className="panel" aria-labelledby="call-settings-title">
      <h3 id="call-settings-title">Call holding, nearby incidents and ALI layouts</h3>
      {note && <p role="status">{note}</p>}
      {(settings.error ?? layouts.error) && <p role="alert" className="error">{settings.error ?? layouts.error}</p>}
      <table className="table" aria-label="ALI layouts">
        <thead><tr><th>Layout</th><th>Description</th><th>Lines</th><th>Fields</th><th>Kind</th></tr></thead>
        <tbody>
          {(layouts.data?.layouts ?? []).map((l) => (
            <tr key={l.name}><td>{l.name}{layouts.data?.defaultLayout === l.name ? ' (default)' : ''}</td><td>{l.description}</td><td>{l.lines}</td>
              <td>{Object.entries(l.fields).map(([f, s]) => `${f} ${s!.line}:${s!.col}+${s!.length}`).join(', ')}</td><td>{agencyOwn.has(l.name) ? 'the agency’s' : 'preset (read only)'}</td></tr>
          ))}
        </tbody>
      </table>
      {form && (
        <form className="grid" aria-label="Call-taking settings" onSubmit={(e) => void submit(e)} noValidate>
          <Field form="calls" field="holdLimitSeconds" label="Hold limit (seconds)" hint="81A §C: a call on hold is checked on after this long" problem={problem}>
            {(props) => <input {...props} type="number" value={form.holdLimitSeconds} onChange={(e) => setForm({ ...form, holdLimitSeconds: e.target.value })} />}
          </Field>
          <Field form="calls" field="nearbyMetres" label="Nearby incident distance (metres)" hint="81A §C “Multiple Calls”: a new call this near an open incident is offered it; reverse lookup reaches this far" problem={problem}>
            {(props) => <input {...props} type="number" value={form.nearbyMetres} onChange={(e) => setForm({ ...form, nearbyMetres: e.target.value })} />}
          </Field>
          <Field form="calls" field="aliDefaultLayout" label="Default ALI layout" problem={problem}>
            {(props) => <select {...props} value={form.aliDefaultLayout} onChange={(e) => setForm({ ...form, aliDefaultLayout: e.target.value })}>
              {(layouts.data?.layouts ?? []).map((l) => <option key={l.name} value={l.name}>{l.name}</option>)}
            </select>}
          </Field>
          <div className="wide">
            <Field form="calls" field="aliLayouts" label="The agency’s own ALI layouts (JSON)" hint='each: { "name", "description", "lines", "fields": { "callbackNumber": { "line", "col", "length" }, … } }; presets cannot be changed' problem={problem}>
              {(props) => <textarea {...props} value={form.aliLayouts} onChange={(e) => setForm({ ...form, aliLayouts: e.target.value })} />}
            </Field>
          </div>
          <FormAlert problem={problem} fields={['holdLimitSeconds', 'nearbyMetres', 'aliDefaultLayout', 'aliLayouts']} />
          <div className="actions"><button type="submit">Save call-taking settings</button></div>
        </form>
      )}
    </section>
  );
}

/** Timers, the hold limit and the ALI layouts: the dispatch floor's runtime settings. */
export function TimersAndCalls() {
  return <><TimersForm /><CallSettingsForm /></>;
}
