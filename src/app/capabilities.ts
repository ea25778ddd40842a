import type { Capability } from '../core/plugin.ts';
import { accountRoutes } from '../identity/account-routes.ts';
import { adminRoutes } from '../identity/admin-routes.ts';
import { identityRoutes } from '../identity/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { eventRoutes } from '../events/routes.ts';
import { agencyRoutes } from '../agency/routes.ts';
import { directoryRoutes } from '../directory/routes.ts';
import { callRoutes } from '../dispatch/calls/routes.ts';
import { incidentRoutes } from '../dispatch/incidents/routes.ts';
import { incidentCorrectionRoutes } from '../dispatch/incidents/correction-routes.ts';
import { unitRoutes } from '../dispatch/units/routes.ts';
import { unitRegisterRoutes } from '../dispatch/units/register-routes.ts';
import { alertRoutes } from '../dispatch/alerts/routes.ts';
import { facilityRoutes } from '../dispatch/alerts/facility-routes.ts';
import { messageRoutes } from '../dispatch/messages/routes.ts';
import { knoxRoutes } from '../keys/routes.ts';
import { keyRoutes } from '../keys/key-routes.ts';
import { recordsRoutes } from '../records/routes.ts';
import { reportRoutes } from '../records/report-routes.ts';
import { cjisRoutes } from '../cjis/routes.ts';
import { cjisDeskRoutes } from '../cjis/desk-routes.ts';
import { recordingRoutes } from '../recordings/routes.ts';
// records: the case file, property and evidence, traffic records, orders and notices
import { caseRoutes } from '../records/case-routes.ts';
import { propertyRoutes } from '../records/property/routes.ts';
import { orderRoutes } from '../records/orders/routes.ts';
import { intelligenceRoutes } from '../intelligence/routes.ts';
import { cautionFlagRoutes } from '../records/cautions/routes.ts';
import { trafficRoutes } from '../records/traffic/routes.ts';
// Geography
import { geoRoutes } from '../geo/routes.ts';
// street files: the street index, premises notes and hazards (S-110 §A.1.v)
import { streetFileRoutes } from '../streets/routes.ts';
import { backupRoutes } from '../backup/routes.ts';
import { itRoutes } from '../it/routes.ts';
import { inventoryRoutes } from '../inventory/routes.ts';
// employee attendance (S-110 §A.1.i)
import { attendanceRoutes } from '../attendance/routes.ts';
import { alarmRoutes } from '../alarms/routes.ts';
// NIBRS
import { nibrsRoutes } from '../records/nibrs/routes.ts';
// release of records: CORI checks, the dissemination log, the daily police logs
import { releaseRoutes } from '../release/routes.ts';
import { publicRecordsRoutes } from '../release/request-routes.ts';
import { dailyLogPublicPages } from '../release/public-routes.ts';
// emergency medical dispatch (81A §I)
import { emdRoutes } from '../emd/routes.ts';
// policing trends and workload (S-110 §II, §A.1.s)
import { trendsRoutes } from '../trends/routes.ts';

/**
 * Every route plugin of the server, in one flat list, each registered under /api/v1
 * with the shared context. No plugin registers another: a new one adds one line here.
 */
export const capabilities: Capability[] = [
  identityRoutes, accountRoutes, adminRoutes,
  auditRoutes,
  eventRoutes,
  agencyRoutes,
  directoryRoutes,
  callRoutes, incidentRoutes, incidentCorrectionRoutes, unitRoutes, unitRegisterRoutes, alertRoutes, facilityRoutes, messageRoutes,
  knoxRoutes, keyRoutes,
  recordsRoutes, reportRoutes,
  cjisRoutes, cjisDeskRoutes,
  recordingRoutes,
  // records: the case file, property and evidence, orders and notices, traffic records
  caseRoutes, propertyRoutes, orderRoutes, intelligenceRoutes, cautionFlagRoutes, trafficRoutes,
  // Geography
  geoRoutes, streetFileRoutes,
  backupRoutes, itRoutes, inventoryRoutes, attendanceRoutes, alarmRoutes,
  // NIBRS
  nibrsRoutes,
  // release of records
  releaseRoutes,
  publicRecordsRoutes,
  // emergency medical dispatch
  emdRoutes,
  // policing trends and workload
  trendsRoutes,
];

/**
 * Pages for the public, registered at the root (outside /api/v1) with no session: each is
 * read-only, opt-in per agency and rate-limited by its own plugin.
 */
export const publicPages: Capability[] = [dailyLogPublicPages];
