import type { Capability } from '../../app/plugin.ts';
import { alertRoutes } from '../alerts/routes.ts';
import { facilityRoutes } from '../alerts/facility-routes.ts';
import { messageRoutes } from '../messages/routes.ts';
import { directoryRoutes } from '../../directory/routes.ts';
import { unitRoutes } from './routes.ts';

/** CAD part 2 (81A §B, §E, §H): units and dispatching, alerts, facility alarms, emergency messages, dispatcher resources. */
export const dispatchingRoutes: Capability = async (app, opts) => {
  for (const routes of [unitRoutes, alertRoutes, facilityRoutes, messageRoutes, directoryRoutes]) await app.register(routes, { ctx: opts.ctx });
};
