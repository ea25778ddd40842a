import { Link } from '../common.tsx';
import { NibrsEditor } from './Editor.tsx';
import { NibrsInbox } from './Inbox.tsx';
import { OffenseMapping } from './Mapping.tsx';
import { NibrsSubmissions } from './Submissions.tsx';
import './nibrs.css';

/**
 * NIBRS for the records clerk (S-110 §A.1.q), under Records: the inbox of incidents held back
 * by the FBI edits, a case's NIBRS data, the offense mapping and the monthly submissions.
 * `/records/nibrs[/mapping|/submissions|/cases/{number}]`.
 */
export function NibrsPage({ view, arg }: { view: string | undefined; arg: string | undefined }) {
  let page;
  if (view === 'cases' && arg) page = <NibrsEditor key={arg} number={arg} />;
  else if (view === 'mapping') page = <OffenseMapping />;
  else if (view === 'submissions') page = <NibrsSubmissions />;
  else page = <NibrsInbox />;
  return (
    <div className="nibrs">
      <nav className="subnav" aria-label="NIBRS">
        <Link to="/records/nibrs">Inbox</Link>
        <Link to="/records/nibrs/mapping">Offense mapping</Link>
        <Link to="/records/nibrs/submissions">Monthly submissions</Link>
      </nav>
      {page}
    </div>
  );
}
