import { Type } from 'typebox';
import { pageSchema } from '../core/paging.ts';

export const LinkedRecord = Type.Object({ reportId: Type.String(), kind: Type.String(), caseNumber: Type.Union([Type.Null(), Type.String()]), status: Type.String(), role: Type.String(), eventDate: Type.String(), juvenile: Type.Boolean(), personId: Type.String() });

export const NamesPostAnswer = Type.Object({ juvenileRecords: Type.Optional(Type.Array(LinkedRecord)), id: Type.String(), mergedInto: Type.Union([Type.Null(), Type.String()]), name: Type.Object({ first: Type.String(), middle: Type.Union([Type.Null(), Type.String()]), last: Type.String() }), dob: Type.Union([Type.Null(), Type.String()]), sex: Type.Union([Type.Null(), Type.String()]), race: Type.Union([Type.Null(), Type.String()]), heightIn: Type.Union([Type.Null(), Type.Number()]), weightLb: Type.Union([Type.Null(), Type.Number()]), aliases: Type.Array(Type.Object({ id: Type.Number(), first: Type.String(), middle: Type.Union([Type.Null(), Type.String()]), last: Type.String(), fromMerged: Type.Boolean() })), identifiers: Type.Array(Type.Object({ id: Type.Number(), kind: Type.String(), value: Type.String(), state: Type.Union([Type.Null(), Type.String()]), fromMerged: Type.Boolean() })), addresses: Type.Array(Type.Object({ id: Type.Number(), kind: Type.String(), address: Type.String(), fromMerged: Type.Boolean() })), phones: Type.Array(Type.Object({ id: Type.Number(), number: Type.String(), kind: Type.String(), fromMerged: Type.Boolean() })), photos: Type.Array(Type.Object({ id: Type.String(), caption: Type.Union([Type.Null(), Type.String()]), contentType: Type.String(), sha256: Type.String() })), merges: Type.Array(Type.Object({ id: Type.String(), survivorId: Type.String(), mergedId: Type.String(), reason: Type.String(), by: Type.String(), byName: Type.String(), at: Type.String(), undoneAt: Type.Union([Type.Null(), Type.String()]), undoReason: Type.Union([Type.Null(), Type.String()]), undoneByName: Type.Union([Type.Null(), Type.String()]), otherName: Type.String() })), records: Type.Array(LinkedRecord) });

export const NameHit = Type.Object({ id: Type.String(), name: Type.String(), dob: Type.Union([Type.Null(), Type.String()]), score: Type.Number(), matchedBy: Type.Array(Type.String()), juvenile: Type.Optional(Type.Boolean()) });

export const OffenderHistory = Type.Object({ personId: Type.String(), adult: Type.Array(LinkedRecord), juvenile: Type.Optional(Type.Array(LinkedRecord)) });

export const NamesMergePostAnswer = Type.Object({ mergeId: Type.String(), survivorId: Type.String(), mergedId: Type.String() });

export const IndexHit = Type.Object({ id: Type.String(), label: Type.String(), score: Type.Number(), matchedBy: Type.Array(Type.String()) });

export const VehiclesAnswer = Type.Object({ id: Type.String(), plate: Type.Union([Type.Null(), Type.String()]), state: Type.Union([Type.Null(), Type.String()]), vin: Type.Union([Type.Null(), Type.String()]), make: Type.Union([Type.Null(), Type.String()]), model: Type.Union([Type.Null(), Type.String()]), color: Type.Union([Type.Null(), Type.String()]), year: Type.Union([Type.Null(), Type.Number()]), records: Type.Array(LinkedRecord) });

export const EmergencyContact = Type.Object({ name: Type.String(), phone: Type.String(), role: Type.Optional(Type.String()) });

export const BusinessesAnswer = Type.Object({ id: Type.String(), name: Type.String(), address: Type.String(), phone: Type.Union([Type.Null(), Type.String()]), emergencyContacts: Type.Array(EmergencyContact), records: Type.Array(LinkedRecord) });

export const CasesFromIncidentPostAnswer = Type.Object({ number: Type.String(), existing: Type.Boolean() });

export const CaseSupplement = Type.Object({ id: Type.String(), status: Type.String(), author: Type.String(), authorName: Type.String(), createdAt: Type.String(), approvedBy: Type.Union([Type.Null(), Type.String()]), approvedByName: Type.Union([Type.Null(), Type.String()]), approvedAt: Type.Union([Type.Null(), Type.String()]) });

export const CaseReport = Type.Object({ id: Type.String(), kind: Type.String(), status: Type.String(), author: Type.String(), authorName: Type.String(), juvenile: Type.Boolean(), parentId: Type.Union([Type.Null(), Type.String()]), eventDate: Type.String(), createdAt: Type.String(), approvedBy: Type.Union([Type.Null(), Type.String()]), approvedByName: Type.Union([Type.Null(), Type.String()]), approvedAt: Type.Union([Type.Null(), Type.String()]), supplements: Type.Array(CaseSupplement) });

/** The kinds of entity a report names as a party. */
export const PartyType = Type.Union([Type.Literal('person'), Type.Literal('vehicle'), Type.Literal('business')]);

export const CaseParty = Type.Object({ reportId: Type.String(), type: PartyType, id: Type.String(), role: Type.String(), label: Type.String(), dob: Type.Optional(Type.Union([Type.Null(), Type.String()])), juvenile: Type.Boolean() });

/** A filed document of the case's incident: a Knox Box Access Reporting Form (O-604 §III.H). */
export const CaseDocument = Type.Object({
  id: Type.String(), kind: Type.String(), title: Type.String(), accessId: Type.String(), box: Type.String(), building: Type.String(), officer: Type.String(), officerName: Type.String(),
  filedAt: Type.String(), filedBy: Type.String(), filedByName: Type.String(), sha256: Type.String(), url: Type.String(),
});
/**
 * What a case carries over from its CAD incident (S-110 §B, 81.2.3): type, times, location,
 * complainant, narrative, disposition, the units' times and the span of its timeline. A case
 * opened without an incident carries nothing; on a confidential incident the location,
 * complainant and narrative are withheld (null).
 */
export const CarriedIncident = Type.Object({
  incidentNumber: Type.Optional(Type.String()), type: Type.Optional(Type.String()), priority: Type.Optional(Type.Number()), reportedAt: Type.Optional(Type.String()),
  location: Type.Optional(Type.Union([Type.Null(), Type.Object({ address: Type.String() }, { additionalProperties: Type.Unknown() })])),
  complainant: Type.Optional(Type.Union([Type.Null(), Type.Object({ name: Type.Optional(Type.String()), address: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) }, { additionalProperties: Type.Unknown() })])),
  narrative: Type.Optional(Type.Union([Type.Null(), Type.String()])), disposition: Type.Optional(Type.Union([Type.Null(), Type.String()])), closedAt: Type.Optional(Type.Union([Type.Null(), Type.String()])),
  units: Type.Optional(Type.Array(Type.Object({ callSign: Type.String(), role: Type.String(), dispatchedAt: Type.String(), enRouteAt: Type.Union([Type.Null(), Type.String()]), arrivedAt: Type.Union([Type.Null(), Type.String()]), clearedAt: Type.Union([Type.Null(), Type.String()]) }))),
  timeline: Type.Optional(Type.Object({ subject: Type.Object({ type: Type.String(), id: Type.String() }), events: Type.Number(), firstSeq: Type.Union([Type.Null(), Type.Number()]), lastSeq: Type.Union([Type.Null(), Type.Number()]) })),
});

export const CasesAnswer = Type.Object({ number: Type.String(), type: Type.String(), status: Type.String(), location: Type.Union([Type.Null(), Type.Object({ address: Type.String() }, { additionalProperties: Type.Unknown() })]), occurredAt: Type.String(), incidentNumber: Type.Union([Type.Null(), Type.String()]), confidential: Type.Boolean(), carried: CarriedIncident, openedAt: Type.String(), openedBy: Type.String(), openedByName: Type.String(), reports: Type.Array(CaseReport), parties: Type.Array(CaseParty), documents: Type.Array(CaseDocument) });

export const ReportsPostAnswer = Type.Object({ id: Type.String(), caseNumber: Type.Union([Type.Null(), Type.String()]), juvenile: Type.Boolean() });

export const ReportSummary = Type.Object({ id: Type.String(), kind: Type.String(), caseNumber: Type.Union([Type.Null(), Type.String()]), status: Type.String(), author: Type.String(), authorName: Type.String(), eventDate: Type.String(), juvenile: Type.Boolean(), submittedAt: Type.Union([Type.Null(), Type.String()]), returnComments: Type.Union([Type.Null(), Type.String()]) });
export const ReportQueuePage = pageSchema(ReportSummary);

export const PartyView = Type.Object({ type: PartyType, id: Type.String(), role: Type.String(), label: Type.String(), dob: Type.Optional(Type.Union([Type.Null(), Type.String()])), juvenile: Type.Boolean() });

/** The report's offenses, occurrence window, weapon, premises and method, with their codes' names (issue 22 §6). */
export const Prosecution = Type.Object({
  offenses: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nibrs: Type.Union([Type.Null(), Type.String()]) })),
  weapon: Type.Union([Type.Null(), Type.Object({ code: Type.String(), name: Type.String() })]), premises: Type.Union([Type.Null(), Type.Object({ code: Type.String(), name: Type.String() })]), method: Type.Union([Type.Null(), Type.Object({ code: Type.String(), name: Type.String() })]),
  occurredFrom: Type.Union([Type.Null(), Type.String()]), occurredTo: Type.Union([Type.Null(), Type.String()]),
});

export const ReportsAnswer = Type.Object({ id: Type.String(), kind: Type.Union([Type.Literal('incident'), Type.Literal('arrest'), Type.Literal('field_interview'), Type.Literal('supplement')]), caseNumber: Type.Union([Type.Null(), Type.String()]), parentId: Type.Union([Type.Null(), Type.String()]), status: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('returned'), Type.Literal('approved')]), version: Type.Number(), author: Type.String(), authorName: Type.String(), occurredAt: Type.String(), eventDate: Type.String(), fields: Type.Record(Type.String(), Type.Unknown()), prosecution: Prosecution, narrative: Type.String(), juvenile: Type.Boolean(), returnComments: Type.Union([Type.Null(), Type.String()]), submittedAt: Type.Union([Type.Null(), Type.String()]), approvedBy: Type.Union([Type.Null(), Type.String()]), approvedByName: Type.Union([Type.Null(), Type.String()]), approvedAt: Type.Union([Type.Null(), Type.String()]), createdAt: Type.String(), updatedAt: Type.String(), parties: Type.Array(PartyView), supplements: Type.Array(Type.Object({ id: Type.String(), author: Type.String(), authorName: Type.String(), status: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('returned'), Type.Literal('approved')]), narrative: Type.String(), createdAt: Type.String(), approvedBy: Type.Union([Type.Null(), Type.String()]), approvedByName: Type.Union([Type.Null(), Type.String()]), approvedAt: Type.Union([Type.Null(), Type.String()]) })), photos: Type.Array(Type.Object({ id: Type.String(), caption: Type.Union([Type.Null(), Type.String()]), contentType: Type.String(), sha256: Type.String(), size: Type.Number(), uploadedBy: Type.String(), uploadedAt: Type.String() })) });

export const ReportsPutAnswer = Type.Object({ version: Type.Number(), juvenile: Type.Boolean() });

export const ReportsSubmitPostAnswer = Type.Object({ status: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('returned'), Type.Literal('approved')]) });

export const PhotosPostAnswer = Type.Object({ id: Type.String(), sha256: Type.String(), size: Type.Number() });

/** The id of a record just added (a vehicle, a business, a supplement). */
export const CreatedId = Type.Object({ id: Type.String() });
