import type { Me } from '../shared/api.ts';
import { usePath } from '../shared/router.ts';
import { Link } from './common.tsx';
import { MyReports, Queue } from './Lists.tsx';
import { CasePage } from './CasePage.tsx';
import { BusinessPage, PersonPage, VehiclePage } from './Pages.tsx';
import { ReportEditor } from './ReportEditor.tsx';
import { Search } from './Search.tsx';
import { CaseBrowse } from './CaseBrowse.tsx';
import { PropertyPage } from './Property.tsx';
import { RequestPage, RequestReminders, RequestsPage } from './Requests.tsx';
import './records.css';

/** The Records section: search, person/vehicle/business pages, report writing and the approval queue. */
export function RecordsSection({ me }: { me: Me }) {
  const path = usePath();
  const [, , kind, id] = path.split('/');
  let page;
  if (kind === 'names' && id) page = <PersonPage key={id} id={id} canWrite={me.permissions.includes('records.write')} permissions={me.permissions} />;
  else if (kind === 'vehicles' && id) page = <VehiclePage key={id} id={id} />;
  else if (kind === 'businesses' && id) page = <BusinessPage key={id} id={id} />;
  else if (kind === 'cases' && id) page = <CasePage key={id} number={id} permissions={me.permissions} />;
  else if (kind === 'cases') page = <CaseBrowse />;
  else if (kind === 'property' && id) page = <PropertyPage key={id} id={id} permissions={me.permissions} />;
  else if (kind === 'reports' && id) page = <ReportEditor key={id} id={id} me={me} />;
  else if (kind === 'requests' && id) page = <RequestPage key={id} id={id} />;
  else if (kind === 'requests') page = <RequestsPage />;
  else if (kind === 'queue') page = <Queue />;
  else if (kind === 'mine') page = <MyReports />;
  else page = <Search me={me} />;
  return (
    <div className="records">
      <nav className="subnav" aria-label="Records">
        <Link to="/records">Search</Link>
        <Link to="/records/cases">Cases</Link>
        {me.permissions.includes('records.write') && <Link to="/records/mine">My reports</Link>}
        {me.permissions.includes('records.approve') && <Link to="/records/queue">Approval queue</Link>}
        {me.permissions.includes('records.release') && <span><Link to="/records/requests">Public records requests</Link> <RequestReminders /></span>}
      </nav>
      {page}
    </div>
  );
}
