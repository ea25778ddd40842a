/**
 * NIBRS XML (IEPD 2019.1, `nibrs:Submission`), one report per document as the schema has it.
 * Pure text building, in the element order of `nibrs:ReportType`; the result is always
 * validated against the XSD (validate.ts) before it is kept.
 */
import { mappedOffense } from './rules.ts';
import type { Age, ArresteeEntry, NibrsIncident, PersonFacts, PropertyEntry } from './model.ts';

const NS = [
  'xmlns:nibrs="http://fbi.gov/cjis/nibrs/2019"', 'xmlns:cjis="http://fbi.gov/cjis/2.0"', 'xmlns:cjiscodes="http://fbi.gov/cjis/cjis-codes/2.0"',
  'xmlns:i="http://release.niem.gov/niem/appinfo/3.0/"', 'xmlns:ucr="http://release.niem.gov/niem/codes/fbi_ucr/3.2/"', 'xmlns:j="http://release.niem.gov/niem/domains/jxdm/5.2/"',
  'xmlns:term="http://release.niem.gov/niem/localTerminology/3.0/"', 'xmlns:nc="http://release.niem.gov/niem/niem-core/3.0/"',
  'xmlns:niem-xsd="http://release.niem.gov/niem/proxy/xsd/3.0/"', 'xmlns:s="http://release.niem.gov/niem/structures/3.0/"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', 'xmlns:nibrscodes="http://fbi.gov/cjis/nibrs/nibrs-codes/2019"',
].join(' ');

export type ReportCategory = 'GROUP A INCIDENT REPORT' | 'GROUP B ARREST REPORT' | 'ZERO REPORT';
/** I incident, R replacement, D delete, A add (Group B and zero reports). */
export type ReportAction = 'I' | 'R' | 'D' | 'A';

export interface Envelope {
  /** The message's unique identification. */
  messageId: string;
  /** The agency's local time of the message, `YYYY-MM-DDTHH:MM:SS`. */
  messageDateTime: string;
  /** The submitting and the reporting agency's ORI. */
  ori: string;
  /** YYYY-MM of the report. */
  month: string;
}

const esc = (s: string | number) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, text: string | number) => `<${name}>${esc(text)}</${name}>`;
const id = (name: string, text: string) => `<${name}><nc:IdentificationID>${esc(text)}</nc:IdentificationID></${name}>`;
const ori = (value: string) => `<j:OrganizationAugmentation>${id('j:OrganizationORIIdentification', value)}</j:OrganizationAugmentation>`;

function document(env: Envelope, category: ReportCategory, action: ReportAction, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<nibrs:Submission ${NS}>`,
    '<cjis:MessageMetadata>',
    el('cjis:MessageDateTime', env.messageDateTime),
    id('cjis:MessageIdentification', env.messageId),
    el('cjis:MessageImplementationVersion', '2019'),
    `<cjis:MessageSubmittingOrganization>${ori(env.ori)}</cjis:MessageSubmittingOrganization>`,
    '</cjis:MessageMetadata>',
    '<nibrs:Report>',
    '<nibrs:ReportHeader>',
    el('nibrs:NIBRSReportCategoryCode', category),
    el('nibrs:ReportActionCategoryCode', action),
    `<nibrs:ReportDate>${el('nc:YearMonthDate', env.month)}</nibrs:ReportDate>`,
    `<nibrs:ReportingAgency>${ori(env.ori)}</nibrs:ReportingAgency>`,
    '</nibrs:ReportHeader>',
    ...body,
    '</nibrs:Report>',
    '</nibrs:Submission>',
    '',
  ].join('\n');
}

function age(value: Age | undefined): string {
  if (value === undefined) return '';
  let inner: string;
  if (typeof value === 'number') inner = el('nc:MeasureIntegerValue', value);
  else if (typeof value === 'object') inner = `<nc:MeasureIntegerRange>${el('nc:RangeMaximumIntegerValue', value.max)}${el('nc:RangeMinimumIntegerValue', value.min)}</nc:MeasureIntegerRange>`;
  else inner = el('nc:MeasureValueText', value);
  return `<nc:PersonAgeMeasure>${inner}</nc:PersonAgeMeasure>`;
}

function person(sid: string, p: PersonFacts): string {
  return [
    `<nc:Person s:id="${sid}">`, age(p.age),
    p.ethnicity ? el('j:PersonEthnicityCode', p.ethnicity) : '',
    p.race ? el('j:PersonRaceNDExCode', p.race) : '',
    p.resident ? el('j:PersonResidentCode', p.resident) : '',
    p.sex ? el('j:PersonSexCode', p.sex) : '',
    '</nc:Person>',
  ].filter(Boolean).join('');
}

function arrestParts(incident: NibrsIncident, a: ArresteeEntry, n: number, countCode?: string) {
  const charge = mappedOffense(incident.mapping, a.chargeAgencyCode)!;
  const arrestee = [
    `<j:Arrestee s:id="Arrestee${n}">`, `<nc:RoleOfPerson s:ref="PersonArrestee${n}"/>`, el('j:ArrestSequenceID', n),
    ...(a.armedWith ?? []).map((w) => el('j:ArresteeArmedWithCode', w)),
    a.juvenileDisposition ? el('j:ArresteeJuvenileDispositionCode', a.juvenileDisposition) : '',
    countCode ? el('j:ArrestSubjectCountCode', countCode) : '',
    '</j:Arrestee>',
  ].join('');
  const arrest = [
    `<j:Arrest s:id="Arrest${n}">`, id('nc:ActivityIdentification', a.transactionNumber), `<nc:ActivityDate>${el('nc:Date', a.arrestedOn)}</nc:ActivityDate>`,
    `<j:ArrestCharge>${el('nibrs:ChargeUCRCode', charge.code)}</j:ArrestCharge>`, el('j:ArrestCategoryCode', a.arrestType), '</j:Arrest>',
  ].join('');
  const association = `<j:ArrestSubjectAssociation><nc:Activity s:ref="Arrest${n}"/><j:Subject s:ref="Arrestee${n}"/></j:ArrestSubjectAssociation>`;
  return { person: person(`PersonArrestee${n}`, a), arrestee, arrest, association };
}

/** A Group A incident report (action I, or R to replace one submitted before); the incident has passed the edits. */
export function groupAIncident(env: Envelope, incident: NibrsIncident, action: 'I' | 'R'): string {
  const { data } = incident;
  const clearance = data.clearance ?? { code: 'N' };
  const incidentXml = [
    '<nc:Incident>', id('nc:ActivityIdentification', incident.incidentNumber),
    `<nc:ActivityDate>${el('nc:DateTime', incident.localDateTime)}</nc:ActivityDate>`,
    `<cjis:IncidentAugmentation>${el('cjis:IncidentReportDateIndicator', 'false')}</cjis:IncidentAugmentation>`,
    '<j:IncidentAugmentation>', el('j:IncidentExceptionalClearanceCode', clearance.code),
    clearance.date ? `<j:IncidentExceptionalClearanceDate>${el('nc:Date', clearance.date)}</j:IncidentExceptionalClearanceDate>` : '',
    '</j:IncidentAugmentation>', '</nc:Incident>',
  ].join('');
  const offenses = data.offenses.map((o, i) => [
    `<j:Offense s:id="Offense${i + 1}">`, el('nibrs:OffenseUCRCode', mappedOffense(incident.mapping, o.agencyCode)!.code),
    ...(o.criminalActivity ?? []).map((c) => el('nibrs:CriminalActivityCategoryCode', c)),
    el('j:OffenseFactorBiasMotivationCode', o.bias ?? 'NONE'),
    o.premisesEntered !== undefined ? el('j:OffenseStructuresEnteredQuantity', o.premisesEntered) : '',
    ...(o.suspectedUsing?.length ? o.suspectedUsing : ['N']).map((u) => `<j:OffenseFactor>${el('j:OffenseFactorCode', u)}</j:OffenseFactor>`),
    o.entryMethod ? `<j:OffenseEntryPoint>${el('j:PassagePointMethodCode', o.entryMethod)}</j:OffenseEntryPoint>` : '',
    ...(o.weapons ?? []).map((w) => `<j:OffenseForce>${el('j:ForceCategoryCode', w)}</j:OffenseForce>`),
    el('j:OffenseAttemptedIndicator', o.attempted ? 'true' : 'false'), '</j:Offense>',
  ].join(''));
  const locations = data.offenses.map((o, i) => `<nc:Location s:id="Location${i + 1}">${el('nibrs:LocationCategoryCode', o.locationType)}</nc:Location>`);
  const common = (p: PropertyEntry) => [
    `<nc:ItemStatus>${el('cjis:ItemStatusCode', p.lossType)}</nc:ItemStatus>`,
    p.value !== undefined ? `<nc:ItemValue><nc:ItemValueAmount>${el('nc:Amount', p.value)}</nc:ItemValueAmount>${p.recoveredOn ? `<nc:ItemValueDate>${el('nc:Date', p.recoveredOn)}</nc:ItemValueDate>` : ''}</nc:ItemValue>` : '',
    el('j:ItemCategoryNIBRSPropertyCategoryCode', p.description),
  ].join('');
  const property = data.property ?? [];
  const items = property.filter((p) => !p.drug).map((p) => `<nc:Item>${common(p)}${p.quantity !== undefined ? el('nc:ItemQuantity', p.quantity) : ''}</nc:Item>`);
  // Drugs are nc:Substance, after every nc:Item (Data Elements 20–22).
  const substances = property.filter((p) => p.drug).map((p) => {
    const { type, quantity, unit } = p.drug!;
    const measure = unit ? `<nc:SubstanceQuantityMeasure>${quantity !== undefined ? el('nc:MeasureDecimalValue', quantity) : ''}${el('j:SubstanceUnitCode', unit)}</nc:SubstanceQuantityMeasure>` : '';
    return `<nc:Substance>${common(p)}${el('j:DrugCategoryCode', type)}${measure}</nc:Substance>`;
  });
  const victims = data.victims ?? [];
  const offenders = data.offenders ?? [];
  const arrestees = data.arrestees ?? [];
  const arrests = arrestees.map((a, i) => arrestParts(incident, a, i + 1, 'N'));
  const isPerson = (type: string) => type === 'I' || type === 'L';
  const persons = [
    ...victims.map((v, i) => (isPerson(v.type) ? person(`PersonVictim${i + 1}`, v) : '')),
    ...offenders.map((o, i) => person(`PersonSubject${i + 1}`, o)),
    ...arrests.map((a) => a.person),
  ].filter(Boolean);
  // LEOKA (Data Elements 25A–25C): an officer victim's activity, assignment and other jurisdiction, before the victims
  const officials = victims.map((v, i) => (v.type === 'L' && v.officer ? [
    `<j:EnforcementOfficial><nc:RoleOfPerson s:ref="PersonVictim${i + 1}"/>`,
    v.officer.activity !== undefined ? el('j:EnforcementOfficialActivityCategoryCode', v.officer.activity) : '',
    v.officer.assignment !== undefined ? el('j:EnforcementOfficialAssignmentCategoryCode', v.officer.assignment) : '',
    v.officer.otherOri !== undefined
      ? `<j:EnforcementOfficialUnit><j:OrganizationAugmentation><j:OrganizationORIIdentification>${el('nc:IdentificationID', v.officer.otherOri)}</j:OrganizationORIIdentification></j:OrganizationAugmentation></j:EnforcementOfficialUnit>` : '',
    '</j:EnforcementOfficial>',
  ].join('') : ''));
  const victimXml = victims.map((v, i) => [
    `<j:Victim s:id="Victim${i + 1}">`, isPerson(v.type) ? `<nc:RoleOfPerson s:ref="PersonVictim${i + 1}"/>` : '', el('j:VictimSequenceNumberText', i + 1),
    ...(v.injuries ?? []).map((j) => `<j:VictimInjury>${el('j:InjuryCategoryCode', j)}</j:VictimInjury>`),
    el('j:VictimCategoryCode', v.type),
    ...(v.circumstances ?? []).map((c) => el('j:VictimAggravatedAssaultHomicideFactorCode', c)),
    v.justifiableHomicide !== undefined ? el('j:VictimJustifiableHomicideFactorCode', v.justifiableHomicide) : '', '</j:Victim>',
  ].join(''));
  // Nothing known of the offenders: offender 00, with no person (Data Element 36).
  const subjects = offenders.length === 0
    ? [`<j:Subject s:id="Subject0">${el('j:SubjectSequenceNumberText', '00')}</j:Subject>`]
    : offenders.map((_, i) => `<j:Subject s:id="Subject${i + 1}"><nc:RoleOfPerson s:ref="PersonSubject${i + 1}"/>${el('j:SubjectSequenceNumberText', i + 1)}</j:Subject>`);
  const offenseLocations = data.offenses.map((_, i) => `<j:OffenseLocationAssociation><j:Offense s:ref="Offense${i + 1}"/><nc:Location s:ref="Location${i + 1}"/></j:OffenseLocationAssociation>`);
  const offenseVictims = victims.flatMap((v, i) => v.offenses.map((n) => `<j:OffenseVictimAssociation><j:Offense s:ref="Offense${n}"/><j:Victim s:ref="Victim${i + 1}"/></j:OffenseVictimAssociation>`));
  const pairs = victims.flatMap((v, i) => (v.relationships ?? []).map((r) => ({ victim: i + 1, ...r })));
  const subjectVictims = pairs.map((p, k) =>
    `<j:SubjectVictimAssociation s:id="SubjectVictimAssocSP${k + 1}"><j:Subject s:ref="Subject${p.offender}"/><j:Victim s:ref="Victim${p.victim}"/>${el('nibrs:VictimToSubjectRelationshipCode', p.relationship)}</j:SubjectVictimAssociation>`);
  return document(env, 'GROUP A INCIDENT REPORT', action, [
    incidentXml, ...offenses, ...locations, ...items, ...substances, ...persons, ...officials.filter(Boolean), ...victimXml, ...subjects,
    ...arrests.map((a) => a.arrestee), ...arrests.map((a) => a.arrest), ...arrests.map((a) => a.association),
    ...offenseLocations, ...offenseVictims, ...subjectVictims,
  ]);
}

/** Delete a Group A incident submitted before (action D): the incident number and date only. */
export function groupADelete(env: Envelope, incidentNumber: string, localDateTime: string): string {
  return document(env, 'GROUP A INCIDENT REPORT', 'D', [
    `<nc:Incident>${id('nc:ActivityIdentification', incidentNumber)}<nc:ActivityDate>${el('nc:DateTime', localDateTime)}</nc:ActivityDate></nc:Incident>`,
  ]);
}

/** One Group B arrest report (action A) for one arrestee of the incident. */
export function groupBArrest(env: Envelope, incident: NibrsIncident, arrestee: ArresteeEntry): string {
  const parts = arrestParts(incident, arrestee, 1);
  return document(env, 'GROUP B ARREST REPORT', 'A', [parts.person, parts.arrestee, parts.arrest, parts.association]);
}

/** Delete a Group B arrest report submitted before (action D): the arrestee's sequence, the arrest's transaction number and date. */
export function groupBDelete(env: Envelope, transactionNumber: string, arrestedOn: string): string {
  return document(env, 'GROUP B ARREST REPORT', 'D', [
    `<j:Arrestee s:id="Arrestee1">${el('j:ArrestSequenceID', 1)}</j:Arrestee>`,
    `<j:Arrest s:id="Arrest1">${id('nc:ActivityIdentification', transactionNumber)}<nc:ActivityDate>${el('nc:Date', arrestedOn)}</nc:ActivityDate></j:Arrest>`,
    '<j:ArrestSubjectAssociation><nc:Activity s:ref="Arrest1"/><j:Subject s:ref="Arrestee1"/></j:ArrestSubjectAssociation>',
  ]);
}

/** The arrest of a Group B arrest report this module wrote: its transaction number and date. */
export function arrestOf(xml: string): { transactionNumber: string; arrestedOn: string } | undefined {
  const m = /<j:Arrest s:id="Arrest1"><nc:ActivityIdentification><nc:IdentificationID>([^<]*)<\/nc:IdentificationID><\/nc:ActivityIdentification><nc:ActivityDate><nc:Date>([^<]*)<\/nc:Date>/.exec(xml);
  return m ? { transactionNumber: m[1]!, arrestedOn: m[2]! } : undefined;
}

/** A zero report: no Group A incident and no Group B arrest in the month. */
export function zeroReport(env: Envelope): string {
  return document(env, 'ZERO REPORT', 'A', []);
}
