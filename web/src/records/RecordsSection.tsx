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
import { CitationList, CitationPage, CrashList, CrashPage, NewCitation, NewCrashForm, NewTowForm, TowList, TowPage } from './Traffic.tsx';
import { NewOrderForm, OrderList, OrderPage } from './Orders.tsx';
import { NibrsPage } from './nibrs/NibrsPage.tsx';
import './records.css';

/** The Records section: search, person/vehicle/business pages, report writing and the approval queue. */
export function RecordsSection({ me }: { me: Me }) {
  const path = usePath();
  const [, , kind, id, arg] = path.split('/');
  const canWrite = me.permissions.includes('records.write');
  let page;
  if (kind === 'citations' && id === 'new' && canWrite) page = <NewCitation key={window.location.search} />;
  else if (kind === 'citations' && id) page = <CitationPage key={id} number={id} canWrite={canWrite} />;
  else if (kind === 'citations') page = <CitationList canWrite={canWrite} />;
  else if (kind === 'crashes' && id === 'new' && canWrite) page = <NewCrashForm key={window.location.search} />;
  else if (kind === 'crashes' && id) page = <CrashPage key={id} id={id} canWrite={canWrite} />;
  else if (kind === 'crashes') page = <CrashList canWrite={canWrite} />;
  else if (kind === 'tows' && id === 'new' && canWrite) page = <NewTowForm key={window.location.search} />;
  else if (kind === 'tows' && id) page = <TowPage key={id} id={id} canWrite={canWrite} />;
  else if (kind === 'tows') page = <TowList canWrite={canWrite} />;
  else if (kind === 'orders' && id === 'new' && canWrite) page = <NewOrderForm key={window.location.search} />;
  else if (kind === 'orders' && id) page = <OrderPage key={id} id={id} canWrite={canWrite} />;
  else if (kind === 'orders') page = <OrderList canWrite={canWrite} />;
  else if (kind === 'names' && id) page = <PersonPage key={id} id={id} canWrite={me.permissions.includes('records.write')} permissions={me.permissions} />;
  else if (kind === 'vehicles' && id) page = <VehiclePage key={id} id={id} />;
  else if (kind === 'businesses' && id) page = <BusinessPage key={id} id={id} />;
  else if (kind === 'cases' && id) page = <CasePage key={id} number={id} permissions={me.permissions} />;
  else if (kind === 'cases') page = <CaseBrowse />;
  else if (kind === 'property' && id) page = <PropertyPage key={id} id={id} permissions={me.permissions} />;
  else if (kind === 'reports' && id) page = <ReportEditor key={id} id={id} me={me} />;
  else if (kind === 'requests' && id) page = <RequestPage key={id} id={id} />;
  else if (kind === 'requests') page = <RequestsPage />;
  else if (kind === 'nibrs' && me.permissions.includes('records.nibrs')) page = <NibrsPage view={id} arg={arg} />;
  else if (kind === 'queue') page = <Queue />;
  else if (kind === 'mine') page = <MyReports />;
  else page = <Search me={me} />;
  return (
    <div className="records">
      <nav className="subnav" aria-label="Records">
        <Link to="/records">Search</Link>
        <Link to="/records/cases">Cases</Link>
        <Link to="/records/citations">Citations</Link>
        <Link to="/records/crashes">Crashes</Link>
        <Link to="/records/tows">Tows</Link>
        <Link to="/records/orders">Orders and notices</Link>
        {me.permissions.includes('records.write') && <Link to="/records/mine">My reports</Link>}
        {me.permissions.includes('records.approve') && <Link to="/records/queue">Approval queue</Link>}
        {me.permissions.includes('records.nibrs') && <Link to="/records/nibrs">NIBRS</Link>}
        {me.permissions.includes('records.release') && <span><Link to="/records/requests">Public records requests</Link> <RequestReminders /></span>}
      </nav>
      {page}
    </div>
  );
}
