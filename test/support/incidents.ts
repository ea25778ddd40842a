import type { AppContext } from '../../src/core/context.ts';
import { createIncident } from '../../src/dispatch/incidents/service.ts';

/**
 * An open incident for tests of capabilities that refer to one (Knox accesses,
 * dispatching, cases), created through the call-taking service as a dispatcher would.
 */
export async function openIncident(ctx: AppContext, input: { type?: string; address?: string; by?: string } = {}): Promise<string> {
  const actor = { username: input.by ?? 'test-fixture', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
  const incident = await createIncident(ctx, actor, { type: input.type ?? 'DISTURB', location: { address: input.address ?? '12 Elm Street, Millbrook' } });
  return incident.number;
}
