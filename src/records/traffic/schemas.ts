/** Request and response schemas of citations, crash reports and tows (TypeBox). */
import { Type, type TSchema } from 'typebox';
import { CASE_NUMBER_PATTERN } from '../case-numbers.ts';
import { pageParams, pageSchema } from '../../core/paging.ts';

/** How many rows a page of citations, crashes or tows holds: by default, and at most. */
export const TRAFFIC_PAGE = { default: 25, max: 200 } as const;

const Strict = { additionalProperties: false } as const;
const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Lits = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const Filing = {
  caseNumber: Opt(Type.String({ pattern: CASE_NUMBER_PATTERN, description: 'file under this case' })),
  incidentNumber: Opt(Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$', description: 'started from this CAD incident: filed under its case' })),
};

export const Id = Type.Object({ id: Uuid }, Strict);
export const NumberParam = Type.Object({ number: Type.String({ pattern: '^[A-Za-z0-9-]{3,20}$' }) }, Strict);

export const NewCitation = Type.Object({
  ...Filing,
  number: Type.String({ pattern: '^[A-Za-z0-9-]{3,20}$', description: 'the number printed on the citation' }),
  violatorId: Opt(Uuid), vehicleId: Opt(Uuid),
  plate: Opt(Type.String({ pattern: '^[A-Za-z0-9 -]{1,10}$' })), plateState: Opt(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  location: Text(300), violations: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 20, description: 'codes of the mv_violation code table' }),
  issuedAt: Opt(Type.String({ format: 'date-time' })),
}, Strict);
export const DISPOSITIONS = ['issued', 'paid', 'contested', 'responsible', 'not_responsible', 'dismissed', 'warning'];
export const Disposition = Type.Object({ disposition: Lits(DISPOSITIONS) }, Strict);

/** A crash condition: a code of its code table (crash_road, crash_light, crash_weather; seeded with the MMUCC values), checked on write. */
const Condition = (table: string) => Type.String({ minLength: 1, maxLength: 40, description: `a code of the ${table} code table` });
const Injury = Lits(['K', 'A', 'B', 'C', 'O']);
export const NewCrash = Type.Object({
  ...Filing,
  occurredAt: Type.String({ format: 'date-time' }), location: Text(300),
  road: Condition('crash_road'), light: Condition('crash_light'), weather: Condition('crash_weather'),
  units: Type.Array(Type.Object({
    vehicleId: Opt(Uuid), driverId: Opt(Uuid), damage: Text(500),
    occupants: Type.Array(Type.Object({ personId: Opt(Uuid), name: Opt(Text(120)), injury: Injury }, { ...Strict, description: 'injury on the KABCO scale: K fatal, A suspected serious, B minor, C possible, O none' }), { maxItems: 20 }),
  }, Strict), { minItems: 1, maxItems: 20 }),
}, Strict);

export const NewTow = Type.Object({
  ...Filing, vehicleId: Uuid, company: Text(120), reason: Text(300), storageLocation: Text(300), towedAt: Opt(Type.String({ format: 'date-time' })),
}, Strict);
export const Notified = Type.Object({ how: Text(200), at: Opt(Type.String({ format: 'date-time' })) }, Strict);
export const Released = Type.Object({ to: Text(200), at: Opt(Type.String({ format: 'date-time' })) }, Strict);

export const Filed = Type.Object({ id: Type.String(), caseNumber: Type.String() });
export const CitationFiled = Type.Object({ number: Type.String(), caseNumber: Type.String() });
export const CitationView = Type.Object({
  number: Type.String(), caseNumber: Type.String(), incidentNumber: N(Type.String()), violatorId: N(Type.String()), violator: N(Type.String()),
  vehicleId: N(Type.String()), plate: N(Type.String()), plateState: N(Type.String()), location: Type.String(),
  violations: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), issuedAt: Type.String(), officer: Type.String(), officerName: Type.String(), disposition: Type.String(),
});
export const Disposed = Type.Object({ number: Type.String(), disposition: Type.String() });
const UnitView = Type.Object({
  vehicleId: Opt(Type.String()), vehicle: Opt(Type.String()), driverId: Opt(Type.String()), driver: Opt(Type.String()), damage: Type.String(),
  occupants: Type.Array(Type.Object({ personId: Opt(Type.String()), name: Opt(Type.String()), injury: Type.String() })),
});
export const CrashView = Type.Object({
  id: Type.String(), caseNumber: Type.String(), incidentNumber: N(Type.String()), occurredAt: Type.String(), location: Type.String(),
  road: Type.String(), light: Type.String(), weather: Type.String(), roadName: Type.String(), lightName: Type.String(), weatherName: Type.String(), units: Type.Array(UnitView),
  diagram: N(Type.Object({ sha256: Type.String(), contentType: Type.String() })), createdBy: Type.String(), createdByName: Type.String(),
});
export const TowView = Type.Object({
  id: Type.String(), caseNumber: Type.String(), vehicleId: Type.String(), vehicle: Type.String(), company: Type.String(), reason: Type.String(),
  storageLocation: Type.String(), towedAt: Type.String(), ownerNotifiedAt: N(Type.String()), ownerNotifiedHow: N(Type.String()),
  releasedAt: N(Type.String()), releasedTo: N(Type.String()),
});
export const DiagramStored = Type.Object({ sha256: Type.String() });
export const IncidentNumberParam = Type.Object({ number: Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$', description: 'a CAD incident number' }) }, Strict);
export const IncidentStart = Type.Object({
  incidentNumber: Type.String(), type: Type.String(), typeName: Type.String(), reportedAt: Type.String(), address: N(Type.String()),
  plate: N(Type.String({ description: 'a traffic stop’s stopped vehicle' })), plateState: N(Type.String()), caseNumber: N(Type.String({ description: 'the case the incident already became' })),
}, { description: 'what a record started from the incident is filled with; nothing of the CAD event log' });

const Day = Type.String({ format: 'date', description: 'an agency day' });
const listFilters = {
  from: Opt(Day), to: Opt(Day), caseNumber: Opt(Type.String({ pattern: CASE_NUMBER_PATTERN })),
  plate: Opt(Type.String({ pattern: '^[A-Za-z0-9 -]{1,10}$' })), personId: Opt(Type.String({ format: 'uuid', description: 'violator, driver or occupant (and the names merged into them)' })),
  ...pageParams(TRAFFIC_PAGE.default, TRAFFIC_PAGE.max),
};
export const CitationQuery = Type.Object({
  ...listFilters, number: Opt(Type.String({ pattern: '^[A-Za-z0-9-]{3,20}$' })), status: Opt(Type.Union(DISPOSITIONS.map((v) => Type.Literal(v)), { description: 'the disposition' })),
}, Strict);
export const CrashQuery = Type.Object({ ...listFilters, status: Opt(Lits(['diagram', 'no_diagram'])) }, Strict);
export const TowQuery = Type.Object({ ...listFilters, status: Opt(Lits(['held', 'owner_not_notified', 'released'])) }, Strict);
export const CitationPage = pageSchema(Type.Object({
  number: Type.String(), caseNumber: Type.String(), incidentNumber: N(Type.String()), violator: N(Type.String()), plate: N(Type.String()), plateState: N(Type.String()),
  location: Type.String(), violations: Type.Array(Type.String()), issuedAt: Type.String(), officer: Type.String(), officerName: Type.String(), disposition: Type.String(),
}));
export const CrashPage = pageSchema(Type.Object({
  id: Type.String(), caseNumber: Type.String(), incidentNumber: N(Type.String()), occurredAt: Type.String(), location: Type.String(), road: Type.String(), light: Type.String(),
  weather: Type.String(), roadName: Type.String(), lightName: Type.String(), weatherName: Type.String(), units: Type.Integer(), worstInjury: N(Type.String()), diagram: Type.Boolean(),
}));
export const TowPage = pageSchema(Type.Object({
  id: Type.String(), caseNumber: Type.String(), vehicleId: Type.String(), vehicle: Type.String(), company: Type.String(), reason: Type.String(), storageLocation: Type.String(),
  towedAt: Type.String(), status: Type.String(), releasedAt: N(Type.String()), releasedTo: N(Type.String()),
}));
