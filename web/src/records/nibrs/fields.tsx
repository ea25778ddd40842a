import { createContext, useContext, type ReactNode } from 'react';
import type { CodeLists } from './types.ts';
import { belongsTo } from './draft.ts';

/** A message beside a field: an FBI edit the data fails, or the server's refusal of what was typed. */
export interface FieldMessage { field: string; message: string }

/** The messages of the last save, for each input to show its own. */
export const Messages = createContext<FieldMessage[]>([]);
/** The NIBRS code lists, each code with the FBI's words. */
export const Codes = createContext<CodeLists | null>(null);

export const fieldId = (key: string) => `nibrs-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface Props { k: string; label: string; hint?: string }

/** A labelled input with the messages about its field beside it; the input is marked invalid and described by them. */
function Field({ k, label, hint, children }: Props & { children: (p: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  const mine = useContext(Messages).filter((m) => belongsTo(m.field, k));
  const id = fieldId(k);
  const described = [hint ? `${id}-hint` : '', mine.length > 0 ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${mine.length > 0 ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(mine.length > 0 ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
      {mine.length > 0 && <span id={`${id}-error`} className="field-error" data-field={k}>{mine.map((m) => m.message).join(' ')}</span>}
    </div>
  );
}

export function TextField({ k, label, hint, value, onChange, type = 'text', list, size }: Props & {
  value: unknown; onChange: (v: string) => void; type?: 'text' | 'date'; list?: string; size?: number;
}) {
  return <Field k={k} label={label} {...(hint ? { hint } : {})}>{(p) => (
    <input {...p} type={type} value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''} onChange={(e) => onChange(e.target.value)} {...(list ? { list } : {})} {...(size ? { size } : {})} />
  )}</Field>;
}

/** One code from a NIBRS list, shown with its words. */
export function CodePick({ k, label, hint, list, value, onChange, none = '— not given —' }: Props & {
  list: keyof CodeLists; value: unknown; onChange: (v: string | undefined) => void; none?: string;
}) {
  const codes = useContext(Codes)?.[list] ?? [];
  const current = typeof value === 'string' ? value : '';
  return <Field k={k} label={label} {...(hint ? { hint } : {})}>{(p) => (
    <select {...p} value={current} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{none}</option>
      {current && !codes.some((c) => c.code === current) && <option value={current}>{current} (not a NIBRS code)</option>}
      {codes.map((c) => <option key={c.code} value={c.code}>{c.code === c.label ? c.label : `${c.code} ${c.label}`}</option>)}
    </select>
  )}</Field>;
}

/** Several codes from a NIBRS list (hold Ctrl to choose more than one). */
export function CodeMulti({ k, label, list, value, onChange, max }: Props & { list: keyof CodeLists; value: unknown; onChange: (v: string[]) => void; max: number }) {
  const codes = useContext(Codes)?.[list] ?? [];
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  return <Field k={k} label={label} hint={`up to ${max}; Ctrl chooses more than one`}>{(p) => (
    <select {...p} multiple size={Math.min(5, codes.length)} value={chosen} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
      {codes.map((c) => <option key={c.code} value={c.code}>{`${c.code} ${c.label}`}</option>)}
    </select>
  )}</Field>;
}

export function Check({ k, label, value, onChange }: { k: string; label: string; value: unknown; onChange: (v: boolean) => void }) {
  return <label className="check" htmlFor={fieldId(k)}><input id={fieldId(k)} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}</label>;
}

/** The messages about a segment as a whole (`offenses[1]`, `victims`), shown at its head. */
export function SegmentMessages({ k }: { k: string }) {
  const mine = useContext(Messages).filter((m) => m.field === k);
  if (mine.length === 0) return null;
  return <ul className="field-error" aria-label={`Errors in ${k}`}>{mine.map((m) => <li key={m.message}>{m.message}</li>)}</ul>;
}
