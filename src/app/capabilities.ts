import type { Capability } from './plugin.ts';
import { identityRoutes } from '../identity/routes.ts';
import { eventRoutes } from '../events/routes.ts';
import { agencyRoutes } from '../agency/routes.ts';
import { callRoutes } from '../dispatch/calls/routes.ts';
import { incidentRoutes } from '../dispatch/incidents/routes.ts';
import { dispatchingRoutes } from '../dispatch/units/capability.ts';
import { knoxRoutes } from '../keys/routes.ts';
import { recordsRoutes } from '../records/routes.ts';

/** Every capability's routes, registered under /api/v1. A new capability adds one line. */
export const capabilities: Capability[] = [
  identityRoutes,
  eventRoutes,
  agencyRoutes,
  callRoutes,
  incidentRoutes,
  dispatchingRoutes,
  knoxRoutes,
  recordsRoutes,
];
