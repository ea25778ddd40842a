/**
 * The CJIS rules of 81A §J as pure decisions: who may use CJIS and for what, what a hit
 * means, when an entry may be made, how many destinations a message may have, and the
 * CJIS Representative's deadlines. Data in, `Decision` (or a plain answer) out; no I/O.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import {
  CONFIRMATION_PRIORITIES, FLASH_REASONS, MAX_DESTINATIONS, MISSING_CATEGORIES, NLETS_REGIONS, PURPOSES, REQUESTER_KINDS, STATE_AREAS,
  type BopListKind, type CjisFunction, type ConfirmationPriority, type DocumentKind, type Level, type MessageType, type OfficialRole, type RecordType, type Source,
} from './model.ts';
import { checkOri, checkState } from './identifiers.ts';

// ---------------------------------------------------------------- dates

/** 'YYYY-MM-DD' plus whole months (the day kept, or the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Age in whole years on a day ('YYYY-MM-DD' both). */
export function ageOn(dob: string, day: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// ---------------------------------------------------------------- certification (81A §J.1.b.i, §J.2)

export interface CjisUserFacts {
  /** Holds the dispatcher role or works in Communications: must be Full Access (81A §J.2). */
  communications: boolean;
  /** First day of employment, as the CJIS Representative recorded it. */
  employedSince: string | null;
  /** The newest certification. */
  certification: { level: Level; certifiedOn: string } | null;
}

/** A certification lasts two years (81A §J.1.b.i "every two (2) years thereafter", §J.2). */
export const certificationExpires = (certifiedOn: string): string => addMonths(certifiedOn, 24);
/** Training is due within six months of employment (81A §J.1.b.i, §J.2). */
export const trainingDueBy = (employedSince: string): string => addMonths(employedSince, 6);

export type CertificationState = 'current' | 'expiring' | 'expired' | 'grace' | 'untrained' | 'unknown';

/** Where a user stands, as the CJIS Representative's desk shows it; `remindDays` before expiry a certification is "expiring". */
export function certificationState(facts: Omit<CjisUserFacts, 'communications'>, today: string, remindDays: number): { state: CertificationState; until: string | null } {
  if (facts.certification) {
    const expires = certificationExpires(facts.certification.certifiedOn);
    if (today >= expires) return { state: 'expired', until: expires };
    return { state: daysBetween(today, expires) <= remindDays ? 'expiring' : 'current', until: expires };
  }
  if (!facts.employedSince) return { state: 'unknown', until: null };
  const due = trainingDueBy(facts.employedSince);
  return today <= due ? { state: 'grace', until: due } : { state: 'untrained', until: due };
}

/**
 * May this person use a CJIS function today? Refused, with the clause, to anyone whose
 * certification is more than two years old, to anyone not trained within six months of
 * employment, and to Communications staff below Full Access. During the first six months
 * an untrained employee may only query. Entries, locates, modifications, hit confirmations
 * and administrative messages need Full Access.
 */
export function mayUseCjis(facts: CjisUserFacts | null, fn: CjisFunction, today: string): Decision {
  if (!facts || (!facts.employedSince && !facts.certification)) {
    return refuse('cjis.not_a_cjis_user', '81A §J.1.b.iv', 'You are not on the agency’s list of CJIS users; the CJIS Representative adds users with their training.', 403);
  }
  const { certification } = facts;
  if (certification) {
    const expires = certificationExpires(certification.certifiedOn);
    if (today >= expires) {
      return refuse('cjis.certification_expired', '81A §J.1.b.i; §J.2', `Your CJIS certification of ${certification.certifiedOn} is more than two years old (it expired ${expires}); recertify with the CJIS Representative.`, 403);
    }
    if (certification.level !== 'full_access' && facts.communications) {
      return refuse('cjis.full_access_required', '81A §J.2', 'Communications staff must be trained and certified to the Full Access level; your certification is Query Only.', 403);
    }
    if (certification.level !== 'full_access' && fn === 'full') {
      return refuse('cjis.full_access_required', '81A §J.1.b.ii; §J.2', 'Entries, locates, modifications, hit confirmations and administrative messages need a Full Access certification; yours is Query Only.', 403);
    }
    return allow('81A §J.2');
  }
  const due = trainingDueBy(facts.employedSince!);
  if (today > due) {
    return refuse('cjis.not_trained', '81A §J.1.b.i; §J.2', `You were not trained within six months of employment (employed ${facts.employedSince}, training was due by ${due}); CJIS is refused until you are certified.`, 403);
  }
  if (fn !== 'query') {
    return refuse('cjis.full_access_required', '81A §J.2', `Until you are certified (training due by ${due}) you may only run queries; this needs Full Access.`, 403);
  }
  return allow('81A §J.1.b.i');
}

// ---------------------------------------------------------------- purpose (81A §J.1.b.x(a–b))

export interface Requester { name: string; agency: string; kind: string }

/** A query needs a criminal-justice purpose; requesters outside criminal justice (other town departments among them) are refused. */
export function purposeDecision(purpose: string | undefined, requester: Requester | undefined): Decision {
  if (!purpose) return refuse('cjis.purpose_required', '81A §J.1.b.x(a)', 'CJIS is used for official criminal justice purposes only: give the purpose code of the query.');
  const code = PURPOSES.find((p) => p.code === purpose);
  if (!code) return refuse('cjis.unknown_purpose', '81A §J.1.b.x(a)', `"${purpose}" is not a purpose code; use one of ${PURPOSES.map((p) => p.code).join(', ')}.`);
  if (purpose === 'M') return refuse('cjis.town_department', '81A §J.1.b.x(b)', 'No CJIS or CORI check may be made for other municipal departments of the town.');
  if (!code.criminalJustice) return refuse('cjis.not_criminal_justice', '81A §J.1.b.x(a)', `${code.name}: CJIS is used for official criminal justice purposes only.`);
  if (requester) {
    const kind = REQUESTER_KINDS.find((k) => k.code === requester.kind);
    if (!kind) return refuse('cjis.unknown_requester', '81A §J.1.b.x(a)', `"${requester.kind}" is not a kind of requester; use one of ${REQUESTER_KINDS.map((k) => k.code).join(', ')}.`);
    if (kind.code === 'town_department') return refuse('cjis.town_department', '81A §J.1.b.x(b)', `${requester.agency} is another department of the town: no CJIS or CORI check may be run for it.`);
    if (!kind.criminalJustice) return refuse('cjis.not_criminal_justice', '81A §J.1.b.x(a)', `${requester.agency} is not a criminal justice agency: CJIS is used for criminal justice purposes only.`);
  }
  return allow('81A §J.1.b.x(a)');
}

// ---------------------------------------------------------------- hits (81A §J.1.b.x(c), §J.3, §J.5.e)

/** What the operator asked with, for comparing against a record's descriptors. */
export interface QueryDescriptors { nam?: string; dob?: string; sex?: string; race?: string; plate?: string; state?: string; vin?: string; serial?: string; oln?: string }

export interface RecordFacts {
  type: RecordType;
  source: Source;
  ori: string;
  descriptors: Record<string, string | undefined>;
}

export interface Difference { field: string; query: string | null; record: string | null }

export interface HitMeaning {
  /** A hit (not a registration or a BOP line). */
  isHit: boolean;
  probableCause: boolean;
  match: 'exact' | 'partial' | 'not_compared';
  differences: Difference[];
  /** The entering agency must confirm it (YQ/YR) before anyone acts on it. */
  needsConfirmation: boolean;
  advice: string;
  clause: string;
}

const FIELDS: [keyof QueryDescriptors, string, string][] = [
  ['nam', 'NAM', 'name'], ['dob', 'DOB', 'date of birth'], ['sex', 'SEX', 'sex'], ['race', 'RAC', 'race'],
  ['plate', 'LIC', 'plate'], ['state', 'LIS', 'plate state'], ['vin', 'VIN', 'VIN'], ['serial', 'SER', 'serial number'], ['oln', 'OLN', 'licence number'],
];

const same = (a: string, b: string) => a.replace(/[\s,.-]/g, '').toUpperCase() === b.replace(/[\s,.-]/g, '').toUpperCase();

/** The descriptors the query gave that the record does not match (a person's name and DOB are always compared). */
export function compareDescriptors(query: QueryDescriptors, record: Record<string, string | undefined>, person: boolean): Difference[] {
  const differences: Difference[] = [];
  for (const [key, field, label] of FIELDS) {
    const mine = query[key];
    const theirs = record[field];
    if (mine === undefined) {
      if (person && (key === 'nam' || key === 'dob') && theirs) differences.push({ field: label, query: null, record: theirs });
      continue;
    }
    if (theirs === undefined) continue;
    if (!same(mine, theirs)) differences.push({ field: label, query: mine, record: theirs });
  }
  return differences;
}

/**
 * What a record returned by a query means. A WMS warrant whose descriptors match exactly
 * is probable cause to arrest (81A §J.3.a.iii); every other hit is not, and must be
 * confirmed with the entering agency (§J.1.b.x(c), §J.3.b.v, §J.5.e).
 */
export function hitMeaning(record: RecordFacts, query: QueryDescriptors, ourOri: string): HitMeaning {
  const person = record.type === 'warrant' || record.type === 'missing_person' || record.type === 'bop_entry';
  const differences = compareDescriptors(query, record.descriptors, person);
  const match = differences.length === 0 ? 'exact' : 'partial';
  const differs = differences.map((d) => d.field).join(', ');
  if (record.type === 'registration' || record.type === 'bop_entry') {
    return { isHit: false, probableCause: false, match, differences, needsConfirmation: false, advice: record.type === 'registration' ? 'Registration record: not a hit.' : 'Board of Probation history: CORI, not a hit.', clause: record.type === 'registration' ? '81A §J.5.a' : '81A §J.4.a' };
  }
  if (record.ori === ourOri) {
    return { isHit: true, probableCause: false, match, differences, needsConfirmation: false, advice: 'Entered by this agency: confirm it against the entry’s file (the linked report) before acting.', clause: '81A §J.1.b.x(c)' };
  }
  if (record.type === 'warrant' && record.source === 'WMS') {
    if (match === 'exact') return { isHit: true, probableCause: true, match, differences, needsConfirmation: false, advice: 'WMS warrant, descriptors match exactly: probable cause to arrest.', clause: '81A §J.3.a.iii' };
    return {
      isHit: true, probableCause: false, match, differences, needsConfirmation: false, clause: '81A §J.3.a.iii',
      advice: `WMS warrant, descriptors differ (${differs}): probable cause only if the arresting officer is reasonably sure the subject is the same individual.`,
    };
  }
  const clause = record.type === 'warrant' ? '81A §J.3.b.v; §J.1.b.x(c)' : record.type === 'stolen_vehicle' || record.type === 'stolen_plate' ? '81A §J.5.e; §J.1.b.x(c)' : '81A §J.1.b.x(c)';
  return {
    isHit: true, probableCause: false, match, differences, needsConfirmation: true, clause,
    advice: `NOT probable cause: confirm with the entering agency.${match === 'partial' ? ` Descriptors differ: ${differs}.` : ''}`,
  };
}

// ---------------------------------------------------------------- hit confirmation (YQ/YR)

export interface ConfirmationFacts { requestNumber: number; dueAt: Date; answeredAt: Date | null }

/** NCIC's hit confirmation: a first request, a second when it goes unanswered, and a third (which also notifies the state's control terminal). */
export const MAX_CONFIRMATION_REQUESTS = 3;

export function confirmationDue(priority: ConfirmationPriority, sentAt: Date): Date {
  return new Date(sentAt.getTime() + CONFIRMATION_PRIORITIES[priority]);
}

/** May another hit confirmation request (YQ) be sent for this hit now? */
export function mayRequestConfirmation(hit: Pick<HitMeaning, 'needsConfirmation' | 'advice'>, earlier: ConfirmationFacts[], now: Date): Decision {
  if (!hit.needsConfirmation) return refuse('cjis.no_confirmation_needed', '81A §J.3.a.iii', `This record needs no confirmation request: ${hit.advice}`, 409);
  if (earlier.some((c) => c.answeredAt)) return refuse('cjis.confirmation_answered', '81A §J.1.b.x(c)', 'The entering agency has already answered this hit.', 409);
  const last = earlier.at(-1);
  if (last && now < last.dueAt) {
    return refuse('cjis.confirmation_pending', '81A §J.1.b.x(c)', `Request ${last.requestNumber} is waiting for an answer until ${last.dueAt.toISOString()}; a second request may be sent once it is overdue.`, 409);
  }
  if (earlier.length >= MAX_CONFIRMATION_REQUESTS) return refuse('cjis.confirmation_exhausted', '81A §J.1.b.x(c)', 'Three requests went unanswered: call the entering agency and the state control terminal by telephone.', 409);
  return allow('81A §J.1.b.x(c)');
}

// ---------------------------------------------------------------- locates and WMS modifications (81A §J.3.a)

export function mayPlaceLocate(record: RecordFacts, ourOri: string, alreadyLocated: boolean): Decision {
  if (record.type !== 'warrant' && record.type !== 'stolen_vehicle' && record.type !== 'stolen_plate') {
    return refuse('cjis.locate_not_applicable', '81A §J.3.a.iv', 'A Locate is placed on warrants and stolen vehicles or plates only.', 409);
  }
  if (record.ori === ourOri) {
    return refuse('cjis.locate_own_entry', '81A §J.3.a.iv', 'A Locate shows that an agency other than the entering agency has acted; this agency entered the record, so clear it instead.', 409);
  }
  if (alreadyLocated) return refuse('cjis.locate_exists', '81A §J.3.a.iv', 'This agency has already placed a Locate on this record.', 409);
  return allow('81A §J.3.a.iv');
}

/** Users may change only the Caution and Remarks of a WMS warrant (81A §J.3.a.ii). */
export function mayModifyWms(record: RecordFacts, change: { caution?: string | undefined; remarks?: string | undefined }): Decision {
  if (record.type !== 'warrant' || record.source !== 'WMS') {
    return refuse('cjis.not_wms', '81A §J.3.a.ii; §J.3.b.i', 'Only WMS warrants are modified here; a CJIS/NCIC warrant is modified by its entering agency.', 409);
  }
  if (change.caution === undefined && change.remarks === undefined) return refuse('cjis.nothing_to_modify', '81A §J.3.a.ii', 'Give a new Caution or Remarks.');
  return allow('81A §J.3.a.ii');
}

// ---------------------------------------------------------------- entries (81A §J.3.b, §J.5, §J.6)

export interface WarrantEntryFacts {
  outOfStateNeed: string | undefined;
  documents: DocumentKind[];
  reportLinked: boolean;
  fingerprintsAvailable: boolean;
  photoAvailable: boolean;
}

/** A CJIS/NCIC warrant entry: the need outside the Commonwealth, the DA's written authorization, and every document of §J.3.b.iv. */
export function mayEnterWarrant(facts: WarrantEntryFacts): Decision {
  if (!facts.outOfStateNeed?.trim()) {
    return refuse('cjis.out_of_state_need_required', '81A §J.3.b.ii', 'Say why the warrant must be found by agencies outside the Commonwealth: only then is it entered.');
  }
  const has = (k: DocumentKind) => facts.documents.includes(k);
  if (!has('da_authorization')) {
    return refuse('cjis.da_authorization_required', '81A §J.3.b.iii', 'Attach the District Attorney’s written authorization for rendition: it must be obtained before the warrant is entered.');
  }
  const missing: string[] = [];
  if (!has('warrant_printout')) missing.push('a copy of the warrant (WMS printout) — §J.3.b.iv(a)');
  if (!has('incident_report') && !facts.reportLinked) missing.push('a copy of the incident report — §J.3.b.iv(c)');
  if (facts.fingerprintsAvailable && !has('fingerprint_card')) missing.push('the fingerprint card (marked available) — §J.3.b.iv(d)');
  if (facts.photoAvailable && !has('photograph')) missing.push('the photograph (marked available) — §J.3.b.iv(e)');
  if (missing.length) return refuse('cjis.document_missing', '81A §J.3.b.iv', `The entry needs ${missing.join('; ')}.`);
  return allow('81A §J.3.b.iv');
}

export interface TheftReportFacts { kind: 'vehicle' | 'plate'; reportFound: boolean; signedReportAttached: boolean }

/** Stolen vehicles and plates are entered only with a signed theft report filed in Records (81A §J.5.b–d). */
export function mayEnterStolen(facts: TheftReportFacts): Decision {
  const clause = facts.kind === 'vehicle' ? '81A §J.5.b' : '81A §J.5.c';
  if (!facts.reportFound) return refuse('cjis.theft_report_required', `${clause}; §J.5.d`, 'Link the theft report in Records: it must exist and stay readable to confirm a hit.');
  if (!facts.signedReportAttached) return refuse('cjis.theft_report_unsigned', clause, 'Attach the theft report signed by the reporting party: the entry is made only once a signed report has been filed.');
  return allow(clause);
}

export interface MissingEntryFacts { category: string | undefined; dob: string; notifiedOn: string; reportFound: boolean; signedReportAttached: boolean }

/**
 * A missing person is entered under one of the criteria (81A §J.6.a): any age for
 * disability, endangered, involuntary and catastrophe victim; under 18 for the juvenile
 * criteria. Under 18 the entry is made immediately on notification, report or not; 18 or
 * older only once a missing-person report signed by the reporting party exists (§J.6.b).
 */
export function mayEnterMissing(facts: MissingEntryFacts): Decision {
  const category = MISSING_CATEGORIES.find((c) => c.code === facts.category);
  if (!category) {
    return refuse('cjis.missing_criteria_required', '81A §J.6.a', `Choose the criterion for the entry: ${MISSING_CATEGORIES.map((c) => c.name).join(', ')}.`);
  }
  const age = ageOn(facts.dob, facts.notifiedOn);
  if (age < 0) return refuse('cjis.missing_bad_dob', '81A §J.6.a', 'The date of birth is after the notification.');
  if (category.juvenileOnly && age >= 18) {
    return refuse('cjis.missing_not_juvenile', category.clause, `${category.name} is for persons under 18; this person was ${age} when reported. Use another criterion.`);
  }
  if (age < 18) return allow('81A §J.6.b.i');
  if (!facts.reportFound || !facts.signedReportAttached) {
    return refuse('cjis.missing_report_required', '81A §J.6.b.ii', `The person is ${age}: the entry is made once a missing-person report has been completed and signed by the reporting party (link it and attach the signed copy).`);
  }
  return allow('81A §J.6.b.ii');
}

// ---------------------------------------------------------------- administrative messages (81A §J.7)

export interface Destinations {
  agencies?: string[] | undefined;
  areas?: string[] | undefined;
  states?: string[] | undefined;
  regions?: string[] | undefined;
  statewide?: boolean | undefined;
  nationwide?: boolean | undefined;
  reason?: string | undefined;
}

function countCheck(list: string[] | undefined, what: string, clause: string): Decision | undefined {
  if (!list) return undefined;
  if (list.length === 0) return refuse('cjis.no_destination', clause, `Name at least one ${what}.`);
  if (list.length > MAX_DESTINATIONS) return refuse('cjis.too_many_destinations', clause, `${list.length} ${what}s: a message goes to at most ${MAX_DESTINATIONS}.`);
  if (new Set(list).size !== list.length) return refuse('cjis.duplicate_destination', clause, `A ${what} is named twice.`);
  return undefined;
}

/** The destinations an administrative message of this type may have (81A §J.7.a–c). */
export function messageDestinations(type: MessageType, to: Destinations, ourState: string): Decision {
  const given: string[] = (['agencies', 'areas', 'states', 'regions'] as const).filter((k) => to[k] !== undefined);
  if (to.statewide) given.push('statewide');
  if (to.nationwide) given.push('nationwide');
  const only = (allowed: string[], clause: string): Decision | undefined => {
    const other = given.find((g) => !allowed.includes(g));
    return other ? refuse('cjis.wrong_destination', clause, `A ${type} message is not sent to ${other}.`) : undefined;
  };
  switch (type) {
    case 'LP': {
      const clause = '81A §J.7.a';
      const wrong = only(['agencies'], clause) ?? countCheck(to.agencies ?? [], 'agency', clause);
      if (wrong) return wrong;
      for (const ori of to.agencies!) {
        const checked = checkOri(ori);
        if (!checked.ok) return refuse('cjis.bad_ori', clause, checked.why);
        if (!checked.value.startsWith(ourState)) return refuse('cjis.wrong_message_type', '81A §J.7.c.i', `${checked.value} is out of state: send an NL message.`);
      }
      return allow(clause);
    }
    case 'BC': {
      const clause = '81A §J.7.b';
      const wrong = only(['areas', 'statewide'], clause);
      if (wrong) return wrong;
      if (to.statewide && to.areas) return refuse('cjis.wrong_destination', clause, 'Send to areas or to the entire state, not both.');
      if (to.statewide) return allow(clause);
      const count = countCheck(to.areas ?? [], 'area', clause);
      if (count) return count;
      const unknown = to.areas!.find((a) => !(STATE_AREAS as readonly string[]).includes(a));
      return unknown ? refuse('cjis.unknown_area', clause, `"${unknown}" is not an area of the state: ${STATE_AREAS.join(', ')}.`) : allow(clause);
    }
    case 'NL': {
      const kinds = given.length;
      if (kinds !== 1) return refuse('cjis.wrong_destination', '81A §J.7.c', 'An NL message goes to agencies, states, regions or the whole country: exactly one of them.');
      if (to.nationwide) return allow('81A §J.7.c.iii');
      if (to.agencies) {
        const clause = '81A §J.7.c.i';
        const count = countCheck(to.agencies, 'agency', clause);
        if (count) return count;
        for (const ori of to.agencies) {
          const checked = checkOri(ori);
          if (!checked.ok) return refuse('cjis.bad_ori', clause, checked.why);
          if (checked.value.startsWith(ourState)) return refuse('cjis.wrong_message_type', '81A §J.7.a', `${checked.value} is in state: send an LP message.`);
        }
        return allow(clause);
      }
      if (to.states) {
        const clause = '81A §J.7.c.ii';
        const count = countCheck(to.states, 'state', clause);
        if (count) return count;
        for (const s of to.states) {
          const checked = checkState(s);
          if (!checked.ok) return refuse('cjis.bad_state', clause, checked.why);
          if (checked.value === ourState) return refuse('cjis.wrong_message_type', '81A §J.7.b', 'Our own state is reached with a BC broadcast.');
        }
        return allow(clause);
      }
      const clause = '81A §J.7.c.iii';
      const count = countCheck(to.regions, 'region', clause);
      if (count) return count;
      const unknown = to.regions!.find((r) => !(NLETS_REGIONS as readonly string[]).includes(r));
      return unknown ? refuse('cjis.unknown_region', clause, `"${unknown}" is not a region of the country: ${NLETS_REGIONS.join(', ')}.`) : allow(clause);
    }
    case 'AF': {
      const clause = '81A §J.7.c.iv';
      if (given.some((g) => g !== 'statewide')) return refuse('cjis.wrong_destination', clause, 'An AF flash goes to the entire state.');
      if (!(FLASH_REASONS as readonly string[]).includes(to.reason ?? '')) {
        return refuse('cjis.flash_reason_required', clause, `An AF flash is for urgent or critical matters: give the reason (${FLASH_REASONS.join(', ')}).`);
      }
      return allow(clause);
    }
  }
}

// ---------------------------------------------------------------- Users Agreement (81A §J.1.b.vii–viii)

export interface AgreementFacts { signedOn: string }
export interface OfficialAssignment { role: OfficialRole; name: string; assignedOn: string }
export interface AgreementDue { due: string; reason: string; clause: string; overdue: boolean }

/** An agreement signed in a year is that year's (on time by March 1, or late); the next is due March 1 of the following year. */
function nextMarchFirst(signedOn: string): string {
  return `${Number(signedOn.slice(0, 4)) + 1}-03-01`;
}

/**
 * Which Users Agreements are due: one every year by March 1 (81A §J.1.b.viii(a)) — the
 * March 1 of the year after the last one signed — and one within ten days of a new CJIS
 * Representative, backup Representative or Chief (§J.1.b.viii(b)) not yet followed by one.
 * Earliest first; `overdue` once the deadline has passed.
 */
export function agreementsDue(agreements: AgreementFacts[], officials: OfficialAssignment[], today: string): AgreementDue[] {
  const last = agreements.map((a) => a.signedOn).sort().at(-1);
  const due: AgreementDue[] = [];
  if (!last) {
    due.push({ due: today, reason: 'No Users Agreement is on file', clause: '81A §J.1.b.vii', overdue: true });
  } else {
    const deadline = nextMarchFirst(last);
    due.push({ due: deadline, reason: `The annual Users Agreement (the last was signed ${last})`, clause: '81A §J.1.b.viii(a)', overdue: deadline < today });
  }
  for (const o of officials) {
    if (last && last >= o.assignedOn) continue;
    const deadline = addDays(o.assignedOn, 10);
    due.push({ due: deadline, reason: `A new Users Agreement after ${o.name} became ${roleName(o.role)} on ${o.assignedOn}`, clause: '81A §J.1.b.viii(b)', overdue: deadline < today });
  }
  return due.sort((a, b) => a.due.localeCompare(b.due));
}

function roleName(role: OfficialRole): string {
  return { cjis_rep: 'CJIS Representative', backup_rep: 'backup CJIS Representative', chief: 'Chief of Police' }[role];
}

// ---------------------------------------------------------------- the Chief's BOP list (81A §J.4)

export interface BopListItem { kind: BopListKind; value: string }
export interface Employee { username: string; roles: string[]; unit: string | null }

/** Only employees the Chief lists by position, title or name may see CORI through the BOP screen (81A §J.4.a, c). */
export function mayQueryBop(employee: Employee, list: BopListItem[]): Decision {
  const on = list.some((item) => {
    if (item.kind === 'name') return item.value.toLowerCase() === employee.username.toLowerCase();
    if (item.kind === 'position') return employee.roles.includes(item.value);
    return !!employee.unit && item.value.trim().toLowerCase() === employee.unit.trim().toLowerCase();
  });
  return on ? allow('81A §J.4.a') : refuse('cjis.bop_not_authorized', '81A §J.4.a', 'You are not on the Chief’s list of employees authorized for Board of Probation (CORI) queries.', 403);
}
