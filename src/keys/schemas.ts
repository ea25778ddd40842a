import { pageSchema } from '../core/paging.ts';
import { Type } from 'typebox';

export const Notified = Type.Object({ role: Type.String(), name: Type.String(), contact: Type.Union([Type.Null(), Type.String()]), channel: Type.String(), notifiedAt: Type.String() });

export const Delivery = Type.Object({ id: Type.String(), purpose: Type.String(), recipient: Type.String(), recipientName: Type.String(), subject: Type.String(), status: Type.Union([Type.Literal('pending'), Type.Literal('delivered')]), attempts: Type.Number(), lastError: Type.Union([Type.Null(), Type.String()]), lastAttemptAt: Type.Union([Type.Null(), Type.String()]), nextAttemptAt: Type.Union([Type.Null(), Type.String()]), deliveredAt: Type.Union([Type.Null(), Type.String()]), accessId: Type.Union([Type.Null(), Type.String()]) });

export const KnoxContact = Type.Object({ role: Type.String(), name: Type.String(), email: Type.Optional(Type.Union([Type.Null(), Type.String()])), phone: Type.Optional(Type.Union([Type.Null(), Type.String()])) });

export const Box = Type.Object({ id: Type.String(), location: Type.Object({ building: Type.String(), address: Type.String(), lat: Type.Union([Type.Null(), Type.Number()]), lon: Type.Union([Type.Null(), Type.Number()]) }), kind: Type.Union([Type.Literal('housing_authority'), Type.Literal('state_housing'), Type.Literal('school')]), authority: Type.String(), contacts: Type.Array(KnoxContact), reportTo: Type.String(), units: Type.Array(Type.String()), active: Type.Boolean() });

export const KnoxBoxesAnswer = Type.Array(Box);

export const KnoxReasonsAnswer = Type.Array(Type.Object({ code: Type.String(), label: Type.String(), allowed: Type.Boolean(), clause: Type.String(), scope: Type.Union([Type.Literal('school'), Type.Literal('residence'), Type.Literal('any')]), quote: Type.String() }));

export const WarrantAuthorization = Type.Object({ name: Type.String(), title: Type.String() });

export const Access = Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('requested'), Type.Literal('authorized'), Type.Literal('removed'), Type.Literal('returned')]), incident: Type.String(), box: Type.Object({ id: Type.String(), building: Type.String(), address: Type.String() }), reason: Type.Object({ code: Type.String(), label: Type.String(), clause: Type.Union([Type.Null(), Type.String()]) }), apartments: Type.Array(Type.String()), occupant: Type.Union([Type.Null(), Type.String()]), officer: Type.String(), officerName: Type.String(), officerUnit: Type.Union([Type.Null(), Type.String()]), accessKey: Type.Union([Type.Null(), Type.String()]), warrantAuthorizedBy: Type.Union([Type.Null(), WarrantAuthorization]), requestedBy: Type.String(), requestedAt: Type.String(), authorizedBy: Type.Union([Type.Null(), Type.String()]), authorizedByName: Type.Union([Type.Null(), Type.String()]), authorizedAt: Type.Union([Type.Null(), Type.String()]), removedAt: Type.Union([Type.Null(), Type.String()]), removedLoggedBy: Type.Union([Type.Null(), Type.String()]), returnedAt: Type.Union([Type.Null(), Type.String()]), returnedLoggedBy: Type.Union([Type.Null(), Type.String()]), report: Type.Union([Type.Null(), Type.Object({ filedAt: Type.String(), filedBy: Type.String(), sha256: Type.String(), url: Type.String() })]), deliveries: Type.Array(Delivery) });

export const KnoxAccessesAnswer = Type.Union([Type.String(), pageSchema(Access)]);

export const KnoxKeysPostAnswer = Type.Object({ number: Type.String(), status: Type.Union([Type.Literal('cabinet'), Type.Literal('assigned'), Type.Literal('lost'), Type.Literal('retired')]), holder: Type.Union([Type.Null(), Type.String()]), holderName: Type.Union([Type.Null(), Type.String()]), assignmentId: Type.Union([Type.Null(), Type.String()]), note: Type.Union([Type.Null(), Type.String()]), since: Type.String() });

export const KnoxKeysAnswer = Type.Array(KnoxKeysPostAnswer);

export const KnoxKeysAssignPostAnswer = Type.Object({ shiftEndFrom: Type.Union([Type.Literal('default'), Type.Literal('roster'), Type.Literal('oic')]), rosterShift: Type.Union([Type.Null(), Type.String()]), id: Type.String(), key: Type.String(), officer: Type.String(), callSign: Type.Union([Type.Null(), Type.String()]), assignedBy: Type.String(), assignedAt: Type.String(), dueBackAt: Type.String(), returnedAt: Type.Union([Type.Null(), Type.String()]), returnedTo: Type.Union([Type.Null(), Type.String()]), wentOffDuty: Type.Boolean(), lostAt: Type.Union([Type.Null(), Type.String()]) });

export const KnoxKeysReturnPostAnswer = Type.Object({ id: Type.String(), key: Type.String(), officer: Type.String(), callSign: Type.Union([Type.Null(), Type.String()]), assignedBy: Type.String(), assignedAt: Type.String(), dueBackAt: Type.String(), returnedAt: Type.Union([Type.Null(), Type.String()]), returnedTo: Type.Union([Type.Null(), Type.String()]), wentOffDuty: Type.Boolean(), lostAt: Type.Union([Type.Null(), Type.String()]) });

export const KnoxKeysLostPostAnswer = Type.Object({ key: Type.String(), status: Type.Literal('lost'), notified: Type.Array(Notified) });

export const KnoxBoxesMissingKeysPostAnswer = Type.Object({ box: Type.String(), notified: Type.Array(Notified) });

export const KnoxBoardAnswer = Type.Array(Type.Object({ number: Type.String(), status: Type.Union([Type.Literal('cabinet'), Type.Literal('assigned'), Type.Literal('lost'), Type.Literal('retired')]), note: Type.Union([Type.Null(), Type.String()]), out: Type.Union([Type.Null(), Type.Object({ assignmentId: Type.String(), officer: Type.String(), officerName: Type.String(), callSign: Type.Union([Type.Null(), Type.String()]), assignedBy: Type.String(), assignedAt: Type.String(), dueBackAt: Type.String(), overdue: Type.Boolean() })]) }));

export const KnoxAlertsAnswer = Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), key: Type.Union([Type.Null(), Type.String()]), box: Type.Union([Type.Null(), Type.String()]), officer: Type.Union([Type.Null(), Type.String()]), message: Type.String(), raisedAt: Type.String() }));

export const KnoxDistributionAnswer = Type.Union([Type.String(), Type.Array(Type.Object({ officerName: Type.String(), assignedByName: Type.String(), returnedToName: Type.Union([Type.Null(), Type.String()]), id: Type.String(), key: Type.String(), officer: Type.String(), callSign: Type.Union([Type.Null(), Type.String()]), assignedBy: Type.String(), assignedAt: Type.String(), dueBackAt: Type.String(), returnedAt: Type.Union([Type.Null(), Type.String()]), returnedTo: Type.Union([Type.Null(), Type.String()]), wentOffDuty: Type.Boolean(), lostAt: Type.Union([Type.Null(), Type.String()]) }))]);

export const KnoxDailyLogAnswer = Type.Array(Type.Object({ seq: Type.Number(), at: Type.String(), kind: Type.String(), incident: Type.String(), loggedBy: Type.Union([Type.Null(), Type.String()]), loggedByName: Type.Union([Type.Null(), Type.String()]), accessId: Type.String(), box: Type.String(), officer: Type.String(), officerName: Type.String() }));

export const KnoxDeliveriesAnswer = Type.Object({ channel: Type.Union([Type.Object({ configured: Type.Boolean(), server: Type.Null(), from: Type.Null() }), Type.Object({ configured: Type.Boolean(), server: Type.String(), from: Type.String() })]), deliveries: Type.Array(Delivery) });

export const KnoxOutboundPutAnswer = Type.Union([Type.Object({ configured: Type.Boolean(), server: Type.Null(), from: Type.Null() }), Type.Object({ configured: Type.Boolean(), server: Type.String(), from: Type.String() })]);
