/**
 * What a citation, crash report or tow started from a CAD incident is filled with (S-110 §A.1.e, p, w),
 * for a records writer who may not read CAD (the records clerk has no events.read): the incident's
 * number, type, reported time, place and — for a traffic stop — the stopped vehicle's plate and state,
 * and the case it already became. Nothing else: no complainant, narrative, units or event log.
 *
 * The access rule is the records rule for incidents (the one `POST /cases/from-incident` follows): a
 * confidential incident (81A §E.2.c) is answered only to holders of dispatch.confidential or
 * records.release; to anyone else it is "no incident", as if it did not exist.
 */
import type { AppContext } from '../../core/context.ts';
import type { Actor } from '../../core/actor.ts';
import { NotFound } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { may } from '../access.ts';
import { caseOfIncident } from '../case-store.ts';
import { incidentFacts } from '../../dispatch/incidents/service.ts';

export interface IncidentStart {
  incidentNumber: string; type: string; typeName: string; reportedAt: string; address: string | null;
  plate: string | null; plateState: string | null; caseNumber: string | null;
}

export async function incidentStart(ctx: AppContext, actor: Actor, number: string): Promise<IncidentStart> {
  const incident = await incidentFacts(ctx.db, number);
  if (!incident || (incident.confidential && !may(actor, 'dispatch.confidential') && !may(actor, 'records.release'))) {
    throw new NotFound('incident.not_found', `no incident ${number}`);
  }
  const types = new Map((await codeTable(ctx.db, 'incident_type', true)).map((c) => [c.code, c.name]));
  const address = (incident.location as { address?: unknown } | null)?.address;
  return {
    incidentNumber: incident.number, type: incident.type, typeName: types.get(incident.type) ?? incident.type, reportedAt: incident.reported_at.toISOString(),
    address: typeof address === 'string' ? address : null, plate: incident.plate, plateState: incident.plateState,
    caseNumber: await caseOfIncident(ctx.db, number),
  };
}
