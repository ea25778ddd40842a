import { useEffect, useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as A from '../../../../src/agency/schemas.ts';
import { api } from '../../shared/api.ts';
import { Field, FormAlert, formProblem, type FormProblem } from './form.tsx';
import { useFetched } from '../../shared/fetched.ts';

type Code = Static<typeof A.CodeEntry>;
type Usage = Static<typeof A.CodeUsageAnswer>;

/** The code tables in the words of the people who use them. */
const TABLE_NAMES: Record<string, string> = {
  incident_type: 'Incident types (priority and required response)',
  disposition: 'Dispositions',
  out_of_service_reason: 'Out-of-service reasons',
  call_line: 'Call lines and greetings',
  call_category: 'Call categories (call-taker questions)',
  call_no_response: 'Calls needing no police response',
  mv_violation: 'Motor-vehicle violations',
  offense: 'Offenses (NIBRS)',
  weapon: 'Weapons (NIBRS)',
  premises: 'Premises (NIBRS)',
  crash_road: 'Crash reports: road surface (MMUCC)',
  crash_light: 'Crash reports: light (MMUCC)',
  crash_weather: 'Crash reports: weather (MMUCC)',
};
/** Tables whose codes the server itself names: their codes are edited, never added (a new call line would have no route). */
const FIXED_CODES = new Set(['call_line']);

interface Draft {
  code: string; name: string; active: boolean;
  priority: string; minUnits: string; supervisor: boolean; medical: boolean; greeting: string; statusCheckMinutes: string; attrsJson: string;
}

function draftOf(code: Code | null): Draft {
  const a = code?.attrs ?? {};
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    code: code?.code ?? '', name: code?.name ?? '', active: code?.active ?? true,
    priority: text(a.priority), minUnits: text(a.minUnits ?? (code ? '' : 1)), supervisor: a.supervisor === true, medical: a.medical === true,
    greeting: text(a.greeting), statusCheckMinutes: text(a.statusCheckMinutes), attrsJson: JSON.stringify(a, null, 2),
  };
}

/** A number field's text as the API wants it: a number when it reads as one, else the text itself (refused beside the field). */
const numeric = (value: string): unknown => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);

function attrsOf(table: string, draft: Draft, original: Code | null): { attrs: Record<string, unknown> } | { problem: FormProblem } {
  const kept = { ...(original?.attrs ?? {}) };
  const set = (key: string, value: string) => { if (value.trim() === '') delete kept[key]; else kept[key] = numeric(value); };
  if (table === 'incident_type') {
    kept.priority = numeric(draft.priority);
    kept.minUnits = numeric(draft.minUnits);
    kept.supervisor = draft.supervisor;
    if (draft.medical) kept.medical = true; else delete kept.medical;
    set('statusCheckMinutes', draft.statusCheckMinutes);
    return { attrs: kept };
  }
  if (table === 'call_line') {
    set('priority', draft.priority);
    if (draft.greeting.trim() === '') delete kept.greeting; else kept.greeting = draft.greeting;
    return { attrs: kept };
  }
  if (table === 'out_of_service_reason') {
    set('statusCheckMinutes', draft.statusCheckMinutes);
    return { attrs: kept };
  }
  if (table === 'disposition') return { attrs: {} };
  try {
    const parsed: unknown = JSON.parse(draft.attrsJson || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { attrs: parsed as Record<string, unknown> };
  } catch { /* refused below */ }
  return { problem: { field: 'attrs', text: 'Attributes must be a JSON object, e.g. { "nibrs": "13A" }' } };
}

function count(n: number, what: string) {
  return `${n} ${n === 1 ? what.replace(/s\b/, '').replace(/ie$/, 'y') : what}`;
}

/** What saving this draft changes, in words, from the code's uses (issue 24: "each change shows what it affects"). */
function impactText(usage: Usage | null, draft: Draft, original: Code | null): string {
  if (!usage) return 'Reading where this code is used…';
  const uses = usage.uses.filter((u) => u.count > 0).map((u) => count(u.count, u.what)).join(', ');
  const named = uses ? `Used by ${uses}.` : usage.exists ? 'No record names this code yet.' : '';
  if (!original) return `A new code: once saved, ${usage.offeredIn} will offer it.`;
  if (original.active && !draft.active) return `${named} Deactivated, not deleted: records that name it keep it, and ${usage.offeredIn} will no longer offer it.`;
  if (!original.active && draft.active) return `${named} Reactivated: ${usage.offeredIn} will offer it again.`;
  return `${named} The change applies from now on to ${usage.offeredIn}; records already made keep what they recorded.`;
}

function CodeForm({ table, original, onSaved, onCancel }: { table: string; original: Code | null; onSaved: (note: string) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(original));
  const [usage, setUsage] = useState<Usage | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const form = `code-${table}`;
  const code = draft.code.trim();
  useEffect(() => {
    setUsage(null);
    if (!code) return;
    const timer = setTimeout(() => {
      api<Usage>(`/api/v1/code-tables/${table}/${encodeURIComponent(code)}/usage`).then(setUsage, () => setUsage(null));
    }, original ? 0 : 300);
    return () => clearTimeout(timer);
  }, [table, code, original]);
  const edit = (patch: Partial<Draft>) => { setDraft({ ...draft, ...patch }); };

  async function save(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code)) { setProblem({ field: 'code', text: 'A code is 1 to 40 letters, digits, dots, dashes or underscores.' }); return; }
    const built = attrsOf(table, draft, original);
    if ('problem' in built) { setProblem(built.problem); return; }
    try {
      await api(`/api/v1/code-tables/${table}/${encodeURIComponent(code)}`, { method: 'PUT', body: { name: draft.name, active: draft.active, attrs: built.attrs } });
      onSaved(`${original ? 'Saved' : 'Added'} ${code} (${draft.name})${original?.active && !draft.active ? ': deactivated, not deleted' : ''}.`);
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  const fieldsShown = ['code', 'name', 'attrs.priority', 'attrs.minUnits', 'attrs.supervisor', 'attrs.medical', 'attrs.greeting', 'attrs.statusCheckMinutes', 'attrs'];
  const input = (key: keyof Draft, type = 'text') => (props: { id: string; name: string }) => (
    <input {...props} type={type} value={String(draft[key])} onChange={(e) => edit({ [key]: e.target.value } as Partial<Draft>)} />
  );
  return (
    <form className="grid" aria-label={original ? `Edit code ${original.code}` : 'Add a code'} onSubmit={(e) => void save(e)} noValidate>
      <Field form={form} field="code" label="Code" problem={problem}>
        {(props) => <input {...props} value={draft.code} readOnly={Boolean(original)} onChange={(e) => edit({ code: e.target.value })} />}
      </Field>
      <Field form={form} field="name" label="Name" problem={problem}>{input('name')}</Field>
      {table === 'incident_type' && <>
        <Field form={form} field="attrs.priority" label="Priority" hint="1 is the most urgent, 5 the least" problem={problem}>{input('priority', 'number')}</Field>
        <Field form={form} field="attrs.minUnits" label="Officers required" hint="81A §E.3: two or more for the listed types" problem={problem}>{input('minUnits', 'number')}</Field>
        <Field form={form} field="attrs.supervisor" label="Supervisor required" problem={problem}>
          {(props) => <input {...props} type="checkbox" checked={draft.supervisor} onChange={(e) => edit({ supervisor: e.target.checked })} />}
        </Field>
        <Field form={form} field="attrs.medical" label="Medical call (opens the EMD protocol cards, 81A §I)" problem={problem}>
          {(props) => <input {...props} type="checkbox" checked={draft.medical} onChange={(e) => edit({ medical: e.target.checked })} />}
        </Field>
        <Field form={form} field="attrs.statusCheckMinutes" label="Status check after (minutes on scene)" hint="empty: the timers' on-scene limit" problem={problem}>{input('statusCheckMinutes', 'number')}</Field>
      </>}
      {table === 'call_line' && <>
        <Field form={form} field="attrs.priority" label="Priority" problem={problem}>{input('priority', 'number')}</Field>
        <Field form={form} field="attrs.greeting" label="Greeting" hint="what the call taker says on answering (81A §C.2)" problem={problem}>
          {(props) => <textarea {...props} value={draft.greeting} onChange={(e) => edit({ greeting: e.target.value })} />}
        </Field>
      </>}
      {table === 'out_of_service_reason' && (
        <Field form={form} field="attrs.statusCheckMinutes" label="Status check after (minutes)" hint="empty: the timers' out-of-service limit" problem={problem}>{input('statusCheckMinutes', 'number')}</Field>
      )}
      {!['incident_type', 'call_line', 'out_of_service_reason', 'disposition'].includes(table) && (
        <div className="wide"><Field form={form} field="attrs" label="Attributes (JSON)" problem={problem}>
          {(props) => <textarea {...props} value={draft.attrsJson} onChange={(e) => edit({ attrsJson: e.target.value })} />}
        </Field></div>
      )}
      <label className="check"><input type="checkbox" checked={draft.active} onChange={(e) => edit({ active: e.target.checked })} /> Active (offered for new records)</label>
      {code && <p className="impact" role="status" data-testid="code-impact">{impactText(usage, draft, original)}</p>}
      <FormAlert problem={problem} fields={fieldsShown} />
      <div className="actions">
        <button type="submit">{original ? 'Save code' : 'Add code'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function attributesText(table: string, c: Code): string {
  const a = c.attrs;
  if (table === 'incident_type') return `P${String(a.priority)} · ${String(a.minUnits)} officer${a.minUnits === 1 ? '' : 's'}${a.supervisor ? ' · supervisor' : ''}${a.medical ? ' · medical (EMD)' : ''}`;
  if (table === 'call_line') return [a.priority !== undefined ? `P${String(a.priority)}` : '', typeof a.greeting === 'string' ? `“${a.greeting}”` : ''].filter(Boolean).join(' · ');
  if (typeof a.clause === 'string') return a.clause;
  const shown = Object.entries(a).filter(([k]) => k !== 'questions').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return shown.join(' · ');
}

/** Code tables: add and edit codes; a code old records name is deactivated, never deleted. */
export function CodeTables() {
  const tables = useFetched<string[]>('/api/v1/code-tables');
  const [table, setTable] = useState('incident_type');
  const codes = useFetched<Code[]>(`/api/v1/code-tables/${table}?inactive=true`);
  const [editing, setEditing] = useState<Code | 'new' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const names = (tables.data ?? []).map((t) => [t, TABLE_NAMES[t] ?? t.replaceAll('_', ' ')] as const);
  return (
    <section className="panel" aria-labelledby="codes-title">
      <h3 id="codes-title">Code tables</h3>
      <p className="hint">Codes are never deleted: incidents, calls and reports keep naming them. A code no longer wanted is deactivated, and new records stop offering it.</p>
      <div className="field">
        <label htmlFor="code-table-choice">Code table</label>
        <select id="code-table-choice" value={table} onChange={(e) => { setTable(e.target.value); setEditing(null); setNote(null); }}>
          {names.map(([t, name]) => <option key={t} value={t}>{name}</option>)}
        </select>
      </div>
      {note && <p role="status" data-testid="codes-note">{note}</p>}
      {(tables.error ?? codes.error) && <p role="alert" className="error">{tables.error ?? codes.error}</p>}
      {editing && (
        <CodeForm key={`${table}-${editing === 'new' ? '' : editing.code}`} table={table} original={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)} onSaved={(n) => { setNote(n); setEditing(null); void codes.reload(); }} />
      )}
      {!editing && !FIXED_CODES.has(table) && <p><button type="button" onClick={() => { setNote(null); setEditing('new'); }}>Add a code…</button></p>}
      <table className="table" aria-label={TABLE_NAMES[table] ?? table}>
        <thead><tr><th>Code</th><th>Name</th><th>Attributes</th><th>State</th><th>Actions</th></tr></thead>
        <tbody>
          {(codes.data ?? []).map((c) => (
            <tr key={c.code} data-code={c.code}>
              <td>{c.code}</td><td>{c.name}</td><td>{attributesText(table, c)}</td>
              <td>{c.active ? <span className="tag good">active</span> : <span className="tag bad">inactive</span>}</td>
              <td><button type="button" aria-label={`Edit ${c.code} ${c.name}`} onClick={() => { setNote(null); setEditing(c); }}>Edit…</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
