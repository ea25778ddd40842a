import { useState } from 'react';
import { useFetched } from '../../shared/fetched.ts';
import { When, Who } from '../../shared/When.tsx';
import { CaseLink, Link } from '../common.tsx';
import type { InboxEntry, StatusCounts } from './types.ts';

/** Where the clerk fixes an error: the case's NIBRS data, the cursor in the field named. */
export const fixLink = (caseNumber: string, field: string) => `/records/nibrs/cases/${caseNumber}${field ? `?field=${encodeURIComponent(field)}` : ''}`;

/**
 * The records clerk's NIBRS inbox (S-110 §A.1.q): incidents held back by the FBI edits, each
 * error in words with the field to fix and a link to it; how many are ready, held and submitted.
 */
export function NibrsInbox() {
  const [month, setMonth] = useState('');
  const query = month ? `?month=${month}` : '';
  const inbox = useFetched<InboxEntry[]>(`/api/v1/nibrs/inbox${query}`);
  const counts = useFetched<StatusCounts>(`/api/v1/nibrs/counts${query}`).data;
  return (
    <section aria-labelledby="nibrs-inbox-title" className="nibrs-inbox">
      <h2 id="nibrs-inbox-title">NIBRS inbox</h2>
      <div className="row">
        <label>Incidents of the month<input type="month" value={month} onChange={(e) => setMonth(e.target.value)} /></label>
        {month && <button type="button" className="link" onClick={() => setMonth('')}>All months</button>}
      </div>
      {counts && (
        <dl className="facts nibrs-counts" aria-label={`Incidents ${month ? `of ${month}` : 'of every month'}`}>
          <dt>Ready to submit</dt><dd>{counts.ready}</dd>
          <dt>Held back</dt><dd>{counts.held}</dd>
          <dt>Submitted</dt><dd>{counts.submitted}</dd>
          <dt>Withdrawn</dt><dd>{counts.deleted}</dd>
        </dl>
      )}
      {inbox.error && <p role="alert" className="error">{inbox.error}</p>}
      {inbox.data && (inbox.data.length === 0 ? <p className="muted">No incident is held back{month ? ` in ${month}` : ''}.</p> : (
        <table className="records-table" aria-label="Incidents held back">
          <thead><tr><th>Case</th><th>Type</th><th>Occurred</th><th>Errors to fix</th><th>Last saved</th></tr></thead>
          <tbody>{inbox.data.map((entry) => (
            <tr key={entry.caseNumber}>
              <td><CaseLink number={entry.caseNumber} /></td><td>{entry.type}</td><td><When at={entry.occurredAt} /></td>
              <td><ul className="nibrs-errors">{entry.errors.map((e) => (
                <li key={`${e.field}-${e.message}`}>{e.message} <Link to={fixLink(entry.caseNumber, e.field)}>Fix {e.field} in {entry.caseNumber}</Link></li>
              ))}</ul></td>
              <td><When at={entry.updatedAt} /> by <Who name={entry.updatedByName} login={entry.updatedBy} /></td>
            </tr>
          ))}</tbody>
        </table>
      ))}
    </section>
  );
}
