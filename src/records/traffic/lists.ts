/**
 * The citation, crash and tow lists of the Records section (S-110 §A.1.p, e, w): by number,
 * agency days, case, plate, person and status, newest first, a page at a time (src/core/paging.ts).
 */
import type { AppContext } from '../../core/context.ts';
import { BadRequest } from '../../core/errors.ts';
import { pageFrom, type PageRequest } from '../../core/paging.ts';
import { codeTable } from '../../agency/service.ts';
import { personAndMerged } from '../case-store.ts';
import { personLabel } from '../people-store.ts';
import { namer } from '../print.ts';
import * as store from './store.ts';
import { TRAFFIC_PAGE } from './schemas.ts';
import { conditionNamer } from './service.ts';


export interface TrafficQuery extends Omit<store.TrafficFilter, 'personIds'>, PageRequest { personId?: string | undefined }

async function filterOf(ctx: AppContext, q: TrafficQuery): Promise<store.TrafficFilter> {
  if (q.from && q.to && q.to < q.from) throw new BadRequest('search.dates', `"to" (${q.to}) is before "from" (${q.from})`, { field: 'to' });
  return { ...q, personIds: q.personId ? await personAndMerged(ctx.db, q.personId) : undefined };
}

const label = async (ctx: AppContext, id: string | null) => (id ? await personLabel(ctx.db, id) : null);

export async function listCitations(ctx: AppContext, q: TrafficQuery) {
  const rows = await store.citationPage(ctx.db, ctx.config.agency.timeZone, await filterOf(ctx, q), q, TRAFFIC_PAGE.default);
  const page = pageFrom(rows, q, TRAFFIC_PAGE.default, ({ _page_key, ...row }) => row);
  const officer = await namer(ctx.db, page.items.map((c) => c.officer));
  const names = new Map((await codeTable(ctx.db, 'mv_violation', true)).map((v) => [v.code, v.name]));
  return {
    next: page.next,
    items: await Promise.all(page.items.map(async (c) => ({
      number: c.number, caseNumber: c.case_number, incidentNumber: c.incident_number, violator: await label(ctx, c.violator_person_id),
      plate: c.plate, plateState: c.plate_state, location: c.location, violations: c.violations.map((code) => names.get(code) ?? code),
      issuedAt: c.issued_at.toISOString(), officer: c.officer, officerName: officer(c.officer), disposition: c.disposition,
    }))),
  };
}

const WORST = ['K', 'A', 'B', 'C', 'O'];

export async function listCrashes(ctx: AppContext, q: TrafficQuery) {
  const rows = await store.crashPage(ctx.db, ctx.config.agency.timeZone, await filterOf(ctx, q), q, TRAFFIC_PAGE.default);
  const page = pageFrom(rows, q, TRAFFIC_PAGE.default, ({ _page_key, ...row }) => row);
  const condition = await conditionNamer(ctx.db);
  return {
    next: page.next,
    items: page.items.map((c) => {
      const injuries = c.units.flatMap((u) => u.occupants.map((o) => o.injury));
      return {
        id: c.id, caseNumber: c.case_number, incidentNumber: c.incident_number, occurredAt: c.occurred_at.toISOString(), location: c.location,
        road: c.road, light: c.light, weather: c.weather, roadName: condition('road', c.road), lightName: condition('light', c.light), weatherName: condition('weather', c.weather), units: c.units.length, worstInjury: WORST.find((w) => injuries.includes(w)) ?? null, diagram: c.diagram_sha256 !== null,
      };
    }),
  };
}

export async function listTows(ctx: AppContext, q: TrafficQuery) {
  const rows = await store.towPage(ctx.db, ctx.config.agency.timeZone, await filterOf(ctx, q), q, TRAFFIC_PAGE.default);
  const page = pageFrom(rows, q, TRAFFIC_PAGE.default, ({ _page_key, ...row }) => row);
  return {
    next: page.next,
    items: page.items.map((t) => ({
      id: t.id, caseNumber: t.case_number, vehicleId: t.vehicle_id, vehicle: store.vehicleText(t), company: t.company, reason: t.reason, storageLocation: t.storage_location,
      towedAt: t.towed_at.toISOString(), status: t.released_at ? 'released' : t.owner_notified_at ? 'owner notified' : 'held', releasedAt: t.released_at?.toISOString() ?? null, releasedTo: t.released_to,
    })),
  };
}
