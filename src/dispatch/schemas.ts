import { Type } from 'typebox';

export const Ali = Type.Object({ callbackNumber: Type.Optional(Type.Union([Type.Null(), Type.String()])), address: Type.Optional(Type.Union([Type.Null(), Type.String()])), community: Type.Optional(Type.Union([Type.Null(), Type.String()])), lat: Type.Optional(Type.Union([Type.Null(), Type.Number()])), lon: Type.Optional(Type.Union([Type.Null(), Type.Number()])), uncertaintyMetres: Type.Optional(Type.Union([Type.Null(), Type.Number()])), classOfService: Type.Optional(Type.Union([Type.Null(), Type.String()])), carrier: Type.Optional(Type.Union([Type.Null(), Type.String()])), customerName: Type.Optional(Type.Union([Type.Null(), Type.String()])), esn: Type.Optional(Type.Union([Type.Null(), Type.String()])) }, { additionalProperties: Type.Unknown() });

export const AliCheck = Type.Object({ status: Type.Union([Type.Literal('verified'), Type.Literal('corrected')]), received: Type.Unknown(), corrected: Type.Optional(Type.Unknown()), by: Type.String(), at: Type.String() });

export const CallView = Type.Object({ id: Type.String(), line: Type.String(), lineName: Type.Union([Type.Null(), Type.String()]), greeting: Type.Union([Type.Null(), Type.String()]), status: Type.Union([Type.Literal('ringing'), Type.Literal('active'), Type.Literal('on_hold'), Type.Literal('ended')]), outcome: Type.Union([Type.Null(), Type.Literal('incident'), Type.Literal('no_response'), Type.Literal('transferred'), Type.Literal('screening'), Type.Literal('abandoned')]), priority: Type.Number(), category: Type.Union([Type.Null(), Type.String()]), questions: Type.Array(Type.Object({ code: Type.String(), text: Type.String(), clause: Type.String(), answer: Type.Unknown() })), callerName: Type.Union([Type.Null(), Type.String()]), callbackNumber: Type.Union([Type.Null(), Type.String()]), ali: Type.Union([Type.Null(), Ali]), aliChecks: Type.Record(Type.String(), AliCheck), transferredFrom: Type.Union([Type.Null(), Type.String()]), transferredTo: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]), callTakers: Type.Array(Type.String()), callTakerNames: Type.Optional(Type.Array(Type.String(), { description: 'the call takers as "Name #badge", in the order of callTakers' })), hold: Type.Union([Type.Null(), Type.Object({ reason: Type.Union([Type.Null(), Type.String()]), since: Type.String(), seconds: Type.Number(), overLimit: Type.Boolean() })]), incidentNumber: Type.Union([Type.Null(), Type.String()]), noResponseType: Type.Union([Type.Null(), Type.String()]), screening: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]), receivedAt: Type.String(), answeredAt: Type.Union([Type.Null(), Type.String()]), endedAt: Type.Union([Type.Null(), Type.String()]), waitingSeconds: Type.Number(), callbackRequired: Type.Boolean(), lastSeq: Type.Optional(Type.Number({ description: 'on the answer to a change: the sequence number of the last event about this call that the answer reflects' })) });

export const FieldSpan = Type.Object({ line: Type.Number(), col: Type.Number(), length: Type.Number() });

export const AliLayout = Type.Object({ name: Type.String(), description: Type.String(), lines: Type.Number(), fields: Type.Object({ callbackNumber: Type.Optional(FieldSpan), address: Type.Optional(FieldSpan), community: Type.Optional(FieldSpan), lat: Type.Optional(FieldSpan), lon: Type.Optional(FieldSpan), uncertaintyMetres: Type.Optional(FieldSpan), classOfService: Type.Optional(FieldSpan), carrier: Type.Optional(FieldSpan), customerName: Type.Optional(FieldSpan), esn: Type.Optional(FieldSpan) }) });

export const CallsAliLayoutsAnswer = Type.Object({ layouts: Type.Array(AliLayout), defaultLayout: Type.String() });

export const CallSettings = Type.Object({ holdLimitSeconds: Type.Number(), aliLayouts: Type.Array(AliLayout), aliDefaultLayout: Type.String(), nearbyMetres: Type.Number() });

export const IncidentLocation = Type.Object({ address: Type.String(), lat: Type.Optional(Type.Union([Type.Null(), Type.Number()])), lon: Type.Optional(Type.Union([Type.Null(), Type.Number()])), placeName: Type.Optional(Type.Union([Type.Null(), Type.String()])), confidentialShelter: Type.Optional(Type.Boolean()), area: Type.Optional(Type.Union([Type.Null(), Type.String()])), fireDistrict: Type.Optional(Type.Union([Type.Null(), Type.String()])), emsDistrict: Type.Optional(Type.Union([Type.Null(), Type.String()])), verified: Type.Optional(Type.Boolean()), ali: Type.Optional(Type.Union([Type.Null(), Type.Object({ lat: Type.Number(), lon: Type.Number(), uncertaintyMetres: Type.Union([Type.Null(), Type.Number()]) })])), positionSource: Type.Optional(Type.String({ description: 'where an emergency position came from: terminal, avl, radio, incident, last_report or area' })) });

export const Suggestion = Type.Object({ score: Type.Number(), reasons: Type.Array(Type.String()), distanceMetres: Type.Union([Type.Null(), Type.Number()]), number: Type.String(), type: Type.String(), priority: Type.Number(), location: IncidentLocation, status: Type.String(), reportedAt: Type.String() });

export const Complainant = Type.Object({ name: Type.String(), address: Type.String(), phone: Type.String(), confidentialShelter: Type.Optional(Type.Boolean()) });

export const ReportingParty = Type.Object({ what: Type.Optional(Type.String()), where: Type.Optional(Type.String()), when: Type.Optional(Type.String()), how: Type.Optional(Type.String()), who: Type.Optional(Type.String()), why: Type.Optional(Type.String()) });

export const RequiredResponse = Type.Object({ minUnits: Type.Number(), supervisor: Type.Boolean() });

export const LinkedCaller = Type.Object({ callId: Type.String(), line: Type.String(), callerName: Type.Union([Type.Null(), Type.String()]), callbackNumber: Type.Union([Type.Null(), Type.String()]), receivedAt: Type.String() });

export const IncidentUnitView = Type.Object({ callSign: Type.String(), role: Type.Union([Type.Literal('primary'), Type.Literal('backup')]), dispatchedAt: Type.String(), enRouteAt: Type.Union([Type.Null(), Type.String()]), arrivedAt: Type.Union([Type.Null(), Type.String()]), clearedAt: Type.Union([Type.Null(), Type.String()]) });

export const TimelineEntry = Type.Object({ seq: Type.Number(), at: Type.String(), kind: Type.String(), actor: Type.Union([Type.Null(), Type.String()]), actorName: Type.Optional(Type.Union([Type.Null(), Type.String({ description: 'the person behind the login, as boards name them: "Dana Kowalski #112"' })])), unit: Type.Union([Type.Null(), Type.String()]), payload: Type.Record(Type.String(), Type.Unknown()), correctedBy: Type.Optional(Type.Array(Type.Number())) });

export const IncidentRecord = Type.Object({ number: Type.String(), type: Type.String(), typeName: Type.Union([Type.Null(), Type.String()]), priority: Type.Number(), location: Type.Union([Type.Null(), IncidentLocation]), complainant: Type.Union([Type.Null(), Complainant]), reportingParty: Type.Union([Type.Null(), ReportingParty]), narrative: Type.Union([Type.Null(), Type.String()]), reportedAt: Type.String(), status: Type.String(), disposition: Type.Union([Type.Null(), Type.String()]), closedAt: Type.Union([Type.Null(), Type.String()]), confidential: Type.Boolean(), createdBy: Type.String(), requiredResponse: RequiredResponse, callId: Type.Union([Type.Null(), Type.String()]), mergedInto: Type.Union([Type.Null(), Type.String({ description: 'a duplicate: the incident it was merged into' })]), callers: Type.Array(LinkedCaller), units: Type.Array(IncidentUnitView), timeline: Type.Array(TimelineEntry) });

export const AddressHistoryEntry = Type.Object({ number: Type.String(), type: Type.String(), typeName: Type.Union([Type.Null(), Type.String()]), priority: Type.Number(), reportedAt: Type.String(), status: Type.String(), disposition: Type.Union([Type.Null(), Type.String()]), address: Type.String(), mergedInto: Type.Union([Type.Null(), Type.String()]) });

export const IncidentSummary = Type.Object({ number: Type.String(), type: Type.String(), priority: Type.Number(), location: IncidentLocation, status: Type.String(), reportedAt: Type.String() });

export const IncidentsShelterAddressesAnswer = Type.Array(Type.Object({ recordedAt: Type.String(), recordedBy: Type.String(), field: Type.Union([Type.Literal('location'), Type.Literal('complainant')]), address: Type.Optional(Type.String()), lat: Type.Optional(Type.Union([Type.Null(), Type.Number()])), lon: Type.Optional(Type.Union([Type.Null(), Type.Number()])), placeName: Type.Optional(Type.Union([Type.Null(), Type.String()])), name: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) }, { additionalProperties: Type.Unknown(), description: 'the address as recorded, with any caller ALI kept beside it' }));

export const Ranked = Type.Object({ callSign: Type.String(), score: Type.Number(), distanceKm: Type.Union([Type.Null(), Type.Number()]), travelSeconds: Type.Optional(Type.Union([Type.Null(), Type.Number()])), reasons: Type.Array(Type.String()) });

/** More units than any agency's board holds: an offset past it is a 400, not a statement the database refuses. */
export const MAX_RANKING_OFFSET = 100_000;

export const RecommendationPage = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'how many ranked units to return' }),
  // bounded: the page's end is a row count in the ranking's statement, and a number past a bigint failed there as a 500
  offset: Type.Integer({ minimum: 0, maximum: MAX_RANKING_OFFSET, default: 0, description: 'how many ranked units to skip' }),
}, { additionalProperties: false });

export const Recommendation = Type.Object({ incident: Type.String(), requiredResponse: Type.Object({ minUnits: Type.Number(), supervisor: Type.Boolean() }), service: Type.String(), onIncident: Type.Array(Type.String()), ranked: Type.Array(Ranked, { description: 'one page of the ranking (`limit`, `offset`), best first; the first page also carries every proposed unit' }), rankedTotal: Type.Integer({ description: 'how many units the whole ranking holds' }), proposed: Type.Array(Type.String()), met: Type.Boolean(), excluded: Type.Array(Type.String({ description: 'units in distress, never recommended (81A §E.6.e)' })) });

export const UnitView = Type.Object({ callSign: Type.String(), kind: Type.String(), service: Type.String(), area: Type.Union([Type.Null(), Type.String()]), supervisor: Type.Boolean(), status: Type.Union([Type.Literal('available'), Type.Literal('dispatched'), Type.Literal('en_route'), Type.Literal('arrived'), Type.Literal('out_of_service')]), reason: Type.Union([Type.Null(), Type.String()]), detail: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]), incident: Type.Union([Type.Null(), Type.String()]), incidentType: Type.Union([Type.Null(), Type.String()]), incidentPriority: Type.Union([Type.Null(), Type.Number()]), confidential: Type.Boolean(), since: Type.String(), location: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]), locationAt: Type.Union([Type.Null(), Type.String()]), personnel: Type.Array(Type.String()), standby: Type.Union([Type.Null(), Type.Object({ since: Type.String(), reason: Type.Union([Type.Null(), Type.String()]) })]), unansweredCalls: Type.Number(), lastSeq: Type.Number({ description: 'the sequence number of the last event about this unit that the row reflects (0 when none)' }) });

export const IncidentAnswer = Type.Object({ ...IncidentRecord.properties, board: Type.Array(UnitView, { description: 'the status board rows (as GET /units shows them to this reader) of the units this action moved' }) });

export const UnitAnswer = Type.Object({ ...UnitView.properties, incidentRecord: Type.Union([Type.Null(), IncidentRecord], { description: 'the incident whose unit times this change moved, as GET /incidents/{number} shows it to this reader; null when none' }) });

export const DispatchEvent = Type.Object({ seq: Type.Number(), at: Type.String(), kind: Type.String(), subjectType: Type.String(), subjectId: Type.String(), actor: Type.Object({ user: Type.Union([Type.Null(), Type.String()]), unit: Type.Union([Type.Null(), Type.String()]), name: Type.Optional(Type.String()) }), confidential: Type.Boolean(), payload: Type.Record(Type.String(), Type.Unknown()) });

export const Location = Type.Object({ address: Type.String(), lat: Type.Optional(Type.Union([Type.Null(), Type.Number()])), lon: Type.Optional(Type.Union([Type.Null(), Type.Number()])) }, { additionalProperties: Type.Unknown() });

export const UnitsAssignmentAnswer = Type.Union([Type.Object({ callSign: Type.String(), incident: Type.Null() }), Type.Object({ callSign: Type.String(), incident: Type.Object({ number: Type.String(), type: Type.String(), priority: Type.Number(), location: Location, narrative: Type.Union([Type.Null(), Type.String()]), status: Type.Union([Type.Literal('closed'), Type.Literal('dispatched'), Type.Literal('pending'), Type.Literal('on_scene')]), confidential: Type.Boolean(), reportedAt: Type.String(), units: Type.Array(Type.Object({ callSign: Type.String(), role: Type.Union([Type.Literal('primary'), Type.Literal('backup')]), dispatchedAt: Type.String(), arrivedAt: Type.Union([Type.Null(), Type.String()]) })) }) })]);

export const AlertView = Type.Object({ id: Type.String(), kind: Type.String(), priority: Type.Number(), title: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()), callSign: Type.Union([Type.Null(), Type.String()]), incident: Type.Union([Type.Null(), Type.String()]), audience: Type.Array(Type.String()), raisedAt: Type.String(), acknowledgedAt: Type.Union([Type.Null(), Type.String()]), acknowledgedBy: Type.Union([Type.Null(), Type.String()]), acknowledgment: Type.Union([Type.Null(), Type.String()]) });

export const UnitsEmergencyPostAnswer = Type.Object({ alert: AlertView, incident: Type.String(), unknownRadio: Type.Boolean() });

export const RadiosPostAnswer = Type.Object({ radioId: Type.String(), kind: Type.Union([Type.Literal('mobile'), Type.Literal('portable')]), callSign: Type.Union([Type.Null(), Type.String()]), username: Type.Union([Type.Null(), Type.String()]) });

export const RadiosAnswer = Type.Array(RadiosPostAnswer);

export const NonResponsePrompt = Type.Object({ tryAnotherChannel: Type.Boolean(), dispatchAnother: Type.Boolean(), message: Type.Union([Type.Null(), Type.String()]), clause: Type.Union([Type.Null(), Type.String()]) });

export const UnitsUnansweredPostAnswer = Type.Object({ unit: UnitView, unansweredCalls: Type.Number(), prompt: NonResponsePrompt });

export const Timers = Type.Object({ standbyMinutes: Type.Number(), nonResponseMinutes: Type.Number(), onSceneMinutes: Type.Number(), outOfServiceMinutes: Type.Number(), reopenHours: Type.Number(), historyDays: Type.Number() });

export const FacilityAlarmView = Type.Object({ id: Type.String(), facility: Type.String(), receivedAt: Type.String(), note: Type.Union([Type.Null(), Type.String()]), alertId: Type.Union([Type.Null(), Type.String()]), notify: Type.Array(Type.Record(Type.String(), Type.Unknown())), told: Type.Array(Type.Record(Type.String(), Type.Unknown())), stillToTell: Type.Array(Type.String()) });

export const MessageView = Type.Object({ id: Type.String(), receivedAt: Type.String(), receivedBy: Type.String(), kind: Type.String(), message: Type.String(), requester: Type.Record(Type.String(), Type.Unknown()), recipient: Type.Record(Type.String(), Type.Unknown()), decision: Type.Union([Type.Null(), Type.String()]), decisionNote: Type.Union([Type.Null(), Type.String()]), decidedBy: Type.Union([Type.Null(), Type.String()]), decidedAt: Type.Union([Type.Null(), Type.String()]), delivered: Type.Union([Type.Boolean(), Type.Null()]), deliveryNote: Type.Union([Type.Null(), Type.String()]), deliveryRecordedAt: Type.Union([Type.Null(), Type.String()]), deliveryRecordedBy: Type.Union([Type.Null(), Type.String()]), acknowledgedBy: Type.Union([Type.Null(), Type.String()]), requesterToldAt: Type.Union([Type.Null(), Type.String()]), requesterToldBy: Type.Union([Type.Null(), Type.String()]), next: Type.Union([Type.Literal('done'), Type.Literal('await_decision'), Type.Literal('deliver'), Type.Literal('tell_requester')]) });

export const CallTaken = Type.Object({ call: CallView, incident: IncidentRecord });
