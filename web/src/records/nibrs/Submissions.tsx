import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { useFetched } from '../../shared/fetched.ts';
import { When, Who } from '../../shared/When.tsx';
import { Field, FormAlert, formProblem, type FormProblem } from '../../admin/config/form.tsx';
import { CaseLink, Link } from '../common.tsx';
import { fixLink } from './Inbox.tsx';
import type { EditError, SubmissionMade, SubmissionSummary, SubmissionView } from './types.ts';

type HeldBack = { caseNumber: string; errors: EditError[] }[];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const contents = (s: SubmissionSummary) => s.zeroReport ? 'zero report'
  : [plural(s.incidents, 'incident'), plural(s.replacements, 'replacement'), plural(s.deletes, 'delete'), plural(s.arrests, 'Group B arrest')].join(', ');

/**
 * The monthly NIBRS submissions (S-110 §A.1.q): build a month (a zero report when it had no
 * incident), and what was submitted, when and by whom, with each XML document to download.
 */
export function NibrsSubmissions() {
  const list = useFetched<SubmissionSummary[]>('/api/v1/nibrs/submissions');
  const [month, setMonth] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [heldBack, setHeldBack] = useState<HeldBack>([]);
  const [made, setMade] = useState<SubmissionMade | null>(null);
  const build = async (e: FormEvent) => {
    e.preventDefault();
    setMade(null); setHeldBack([]);
    try {
      const answer = await api<SubmissionMade>('/api/v1/nibrs/submissions', { method: 'POST', body: { month } });
      setMade(answer); setHeldBack(answer.heldBack); setProblem(null); list.reload();
    } catch (err) {
      const p = formProblem(err);
      // a refusal names `month` in its words ("month: nothing for 2026-10 can be submitted…")
      setProblem(p.field ? p : { field: 'month', text: p.text });
      if (err instanceof ApiError && Array.isArray(err.problem.heldBack)) setHeldBack(err.problem.heldBack as HeldBack);
    }
  };
  return (
    <section aria-labelledby="nibrs-submissions-title">
      <h2 id="nibrs-submissions-title">Monthly submissions</h2>
      <form className="record-form" aria-label="Build a month’s submission" onSubmit={build}>
        <Field form="nibrs-submit" field="month" label="Month" problem={problem} hint="every incident up to the month’s end not yet sent as it is; a month with no incident gets a zero report">
          {(p) => <input {...p} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />}
        </Field>
        <button type="submit">Build the submission</button>
        <FormAlert problem={problem} fields={['month']} />
      </form>
      {made && <p role="status" className="notice">Built the submission of {made.month}: {contents(made)}, every document validated against the FBI schema{made.held > 0 ? `; ${plural(made.held, 'incident')} held back` : ''}.</p>}
      {heldBack.length > 0 && (
        <div className="nibrs-summary">
          <h3>Held back, not sent</h3>
          <ul aria-label="Held back">{heldBack.map((h) => (
            <li key={h.caseNumber}><CaseLink number={h.caseNumber} />: {h.errors.map((e) => e.message).join(' ')} <Link to={fixLink(h.caseNumber, h.errors[0]?.field ?? '')}>Fix {h.caseNumber}</Link></li>
          ))}</ul>
        </div>
      )}
      {list.error && <p role="alert" className="error">{list.error}</p>}
      {list.data && (list.data.length === 0 ? <p className="muted">No submission yet.</p> : (
        <table className="records-table" aria-label="Submissions">
          <thead><tr><th>Month</th><th>Built</th><th>By</th><th>Contents</th><th>Held back</th><th>Documents</th></tr></thead>
          <tbody>{list.data.map((s) => (
            <tr key={s.id}>
              <td>{s.month}</td><td><When at={s.createdAt} /></td><td><Who name={s.createdByName} login={s.createdBy} /></td>
              <td>{contents(s)}</td><td>{s.held}</td><td><Documents id={s.id} month={s.month} /></td>
            </tr>
          ))}</tbody>
        </table>
      ))}
    </section>
  );
}

/** A submission's XML documents, read when opened; downloading one is audited. */
function Documents({ id, month }: { id: string; month: string }) {
  const [open, setOpen] = useState(false);
  const detail = useFetched<SubmissionView>(open ? `/api/v1/nibrs/submissions/${id}` : null);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Documents of {month}</summary>
      {detail.error && <p role="alert" className="error">{detail.error}</p>}
      {detail.data && (
        <ul aria-label={`Documents of the ${month} submission`}>{detail.data.files.map((f) => (
          <li key={f.seq}>
            <a href={`/api/v1/nibrs/submissions/${id}/files/${f.seq}`} download>{`Download document ${f.seq}`}</a>: {f.category.toLowerCase()}, action {f.action}
            {f.caseNumber && <>, case <CaseLink number={f.caseNumber} /></>} <span className="muted">(SHA-256 {f.sha256.slice(0, 12)}…)</span>
          </li>
        ))}</ul>
      )}
    </details>
  );
}
