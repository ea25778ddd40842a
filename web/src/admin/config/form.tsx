import type { ReactNode } from 'react';
import { ApiError } from '../../shared/api.ts';
import { problemText } from '../../shared/problem.ts';

/** A refusal as a form shows it: its words, and the field it names (problem+json `field`, e.g. `attrs.priority`). */
export interface FormProblem { field: string | null; text: string }

export function formProblem(e: unknown): FormProblem {
  const field = e instanceof ApiError && typeof e.problem.field === 'string' ? e.problem.field : null;
  return { field, text: problemText(e) };
}

/** The refusal of a form whose field is not one of `fields`: shown once, above the buttons. */
export function FormAlert({ problem, fields }: { problem: FormProblem | null; fields: readonly string[] }) {
  if (!problem || (problem.field && fields.includes(problem.field))) return null;
  return <p role="alert" className="error">{problem.text}</p>;
}

const domId = (form: string, field: string) => `${form}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * A labelled input whose refusal is shown beside it: the input is marked invalid and described
 * by the message, so a screen reader reads the reason with the field.
 */
export function Field({ form, field, label, problem, children, hint }: {
  form: string; field: string; label: string; problem: FormProblem | null; hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = domId(form, field);
  const bad = problem?.field === field;
  const described = [hint ? `${id}-hint` : '', bad ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${bad ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name: field, ...(bad ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
      {bad && <span id={`${id}-error`} className="field-error" role="alert" data-field={field}>{problem.text}</span>}
    </div>
  );
}

