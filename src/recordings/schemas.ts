import { Type } from 'typebox';
import { pageSchema } from '../core/paging.ts';
import { HOLD_SCOPES, PURPOSES, RECORDED_LINES, RETENTION_CLASSES } from './model.ts';

const Strict = { additionalProperties: false } as const;
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: '^[^\\u0000]*$' });
/** An ISO 8601 time with its offset (Z or ±hh:mm). */
export const Instant = Type.String({ format: 'date-time', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$', maxLength: 40 });
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const IncidentNumber = Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' });
const Ident = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[A-Za-z0-9 ._:/#-]+$' });

/** What the recorder says about one recording: the drop folder's sidecar and the upload's `metadata` part. */
export const RecorderMetadataSchema = Type.Object({
  line: Type.Union(RECORDED_LINES.map((l) => Type.Literal(l)), { description: 'e911, emergency, business (telephone lines) or radio' }),
  start: Instant,
  end: Instant,
  channel: Ident(40),
  position: Type.Optional(Ident(40)),
  talkgroup: Type.Optional(Ident(40)),
  radioId: Type.Optional(Ident(40)),
  ani: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+()\\-. ]*$' })),
  recorder: Type.Optional(Ident(80)),
  recordingId: Type.Optional(Ident(120)),
  file: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9._-]+$', description: 'drop folder only: the audio file beside this sidecar' })),
}, Strict);

export const RecordingViewSchema = Type.Object({
  id: Type.String(), class: Type.String(), line: Type.String(), startedAt: Type.String(), endedAt: Type.String(),
  durationSeconds: Type.Union([Type.Number(), Type.Null()]), channel: Type.String(), position: Type.Union([Type.String(), Type.Null()]),
  talkgroup: Type.Union([Type.String(), Type.Null()]), radioId: Type.Union([Type.String(), Type.Null()]), ani: Type.Union([Type.String(), Type.Null()]),
  format: Type.String(), contentType: Type.String(), size: Type.Number(), sha256: Type.String(), receivedAt: Type.String(), receivedVia: Type.String(),
  callId: Type.Union([Type.String(), Type.Null()]), incidentNumber: Type.Union([Type.String(), Type.Null()]), units: Type.Array(Type.String()),
  matchMethod: Type.Union([Type.String(), Type.Null()]), matchedBy: Type.Union([Type.String(), Type.Null()]),
});

export const ImportAnswer = Type.Object({ recording: RecordingViewSchema, matched: Type.Boolean(), reason: Type.Union([Type.String(), Type.Null()]) });

export const SearchQuery = Type.Object({
  from: Type.Optional(Instant), to: Type.Optional(Instant),
  line: Type.Optional(Type.Union(RECORDED_LINES.map((l) => Type.Literal(l)))),
  channel: Type.Optional(Ident(40)), position: Type.Optional(Ident(40)), talkgroup: Type.Optional(Ident(40)),
  ani: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]+$' })), incident: Type.Optional(IncidentNumber), callId: Type.Optional(Uuid),
  unit: Type.Optional(Ident(20)), unmatched: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, Strict);

export const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) }, Strict);

export const PurposeBody = Type.Object({
  purpose: Type.Union(Object.keys(PURPOSES).map((p) => Type.Literal(p)), { description: '81A §M.1.a purposes, or instant_recall (§M.2)' }),
}, Strict);

export const PlaybackAnswer = Type.Object({
  ticket: Type.String(), url: Type.String(), expiresAt: Type.String(), purpose: Type.String(), clause: Type.String(), recording: RecordingViewSchema,
});

export const LinkBody = Type.Object({
  callId: Type.Optional(Uuid), incident: Type.Optional(IncidentNumber), units: Type.Optional(Type.Array(Ident(20), { maxItems: 20 })),
}, Strict);

export const PositionBody = Type.Object({ position: Ident(40) }, Strict);
export const PositionAnswer = Type.Object({ position: Type.Union([Type.String(), Type.Null()]), since: Type.Union([Type.String(), Type.Null()]), recallMinutes: Type.Integer() });

export const TimelineEntrySchema = Type.Object({
  at: Type.String(), kind: Type.String(), source: Type.String(), actor: Type.Union([Type.String(), Type.Null()]), actorName: Type.Union([Type.String(), Type.Null()]), text: Type.String(), duringRecording: Type.Boolean(),
});

export const RecordingDetail = Type.Object({
  recording: RecordingViewSchema,
  call: Type.Union([Type.Object({
    id: Type.String(), line: Type.String(), callbackNumber: Type.Union([Type.String(), Type.Null()]), receivedAt: Type.String(),
    answeredAt: Type.Union([Type.String(), Type.Null()]), endedAt: Type.Union([Type.String(), Type.Null()]), callTakers: Type.Array(Type.String()),
    incidentNumber: Type.Union([Type.String(), Type.Null()]),
  }), Type.Null()]),
  timeline: Type.Array(TimelineEntrySchema),
  held: Type.Boolean(),
  purgeableFrom: Type.String(),
  clause: Type.String({ description: 'the retention clause that keeps it (81A §L)' }),
});

const Matter = Type.Object({ court: Type.Optional(text(200)), docket: Type.Optional(text(100)) }, Strict);

export const HoldBody = Type.Object({
  scope: Type.Union(HOLD_SCOPES.map((s) => Type.Literal(s))),
  incident: Type.Optional(IncidentNumber),
  case: Type.Optional(Type.String({ pattern: '^[A-Z]{0,3}[0-9]{2}-[0-9]{5,}$' })),
  callId: Type.Optional(Uuid),
  personId: Type.Optional(Uuid),
  channel: Type.Optional(Ident(40)),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  reason: Type.String({ maxLength: 2000, pattern: '^[^\\u0000]*$' }),
  matter: Type.Optional(Matter),
}, Strict);

export const ReleaseRequestBody = Type.Object({ reason: Type.String({ maxLength: 2000, pattern: '^[^\\u0000]*$' }) }, Strict);

export const HoldView = Type.Object({
  id: Type.String(), scope: Type.String(), target: Type.String(), incidents: Type.Array(Type.String()), reason: Type.String(),
  court: Type.Union([Type.String(), Type.Null()]), docket: Type.Union([Type.String(), Type.Null()]),
  placedBy: Type.String(), placedByName: Type.String({ description: 'the person behind the login, as boards name them' }), placedAt: Type.String(),
  releaseRequestedBy: Type.Union([Type.String(), Type.Null()]), releaseRequestedByName: Type.Union([Type.String(), Type.Null()]), releaseRequestedAt: Type.Union([Type.String(), Type.Null()]), releaseReason: Type.Union([Type.String(), Type.Null()]),
  releasedBy: Type.Union([Type.String(), Type.Null()]), releasedAt: Type.Union([Type.String(), Type.Null()]),
  recordingsCovered: Type.Integer(),
});

const Years = Type.Integer({ minimum: 0, maximum: 1000 });
export const RetentionBody = Type.Object(Object.fromEntries(RETENTION_CLASSES.map((c) => [c, Type.Optional(Years)])), Strict);
export const RetentionAnswer = Type.Object({
  years: Type.Object(Object.fromEntries(RETENTION_CLASSES.map((c) => [c, Type.Integer()]))),
  minimumYears: Type.Integer(),
  clauses: Type.Object(Object.fromEntries(RETENTION_CLASSES.map((c) => [c, Type.String()]))),
});

export const SettingsBody = Type.Object({
  recallMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  talkgroups: Type.Optional(Type.Array(Type.Object({
    id: Ident(40), name: text(80), service: Type.Union([Type.Literal('police'), Type.Literal('fire'), Type.Literal('ems')]),
  }, Strict), { maxItems: 100 })),
}, Strict);
export const SettingsAnswer = Type.Object({
  recallMinutes: Type.Integer(),
  talkgroups: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), service: Type.String() })),
  store: Type.Object({ kind: Type.String(), where: Type.String() }),
  dropFolder: Type.Union([Type.String(), Type.Null()]),
});

export const ForecastQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })) }, Strict);
const ClassForecast = Type.Object({ class: Type.String(), clause: Type.String(), retentionYears: Type.Integer(), purgeableNow: Type.Integer(), purgeableWithinPeriod: Type.Integer(), heldPastPeriod: Type.Integer() });
export const ForecastAnswer = Type.Object({
  from: Type.String(), until: Type.String(), days: Type.Integer(),
  classes: Type.Array(ClassForecast),
  items: Type.Array(Type.Object({ kind: Type.String(), id: Type.String(), class: Type.String(), startedAt: Type.String(), purgeableFrom: Type.String(), sha256: Type.Union([Type.String(), Type.Null()]) })),
});

export const PurgeAnswer = Type.Object({
  at: Type.String(),
  purged: Type.Object(Object.fromEntries(RETENTION_CLASSES.map((c) => [c, Type.Integer()]))),
  heldSkipped: Type.Object(Object.fromEntries(RETENTION_CLASSES.map((c) => [c, Type.Integer()]))),
  batches: Type.Integer(),
  filesNotRemoved: Type.Integer(),
});

export const CallDetailQuery = Type.Object({
  from: Type.Optional(Instant), to: Type.Optional(Instant), ani: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]+$' })),
  incident: Type.Optional(IncidentNumber), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, Strict);
export const CallDetailView = Type.Object({
  callId: Type.String(), receivedAt: Type.String(), answeredAt: Type.Union([Type.String(), Type.Null()]), endedAt: Type.Union([Type.String(), Type.Null()]),
  ani: Type.Union([Type.String(), Type.Null()]), ali: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  callTakers: Type.Array(Type.String()), incidentNumber: Type.Union([Type.String(), Type.Null()]), capturedAt: Type.String(), purgeableFrom: Type.String(),
});

/** The dispatcher's instant recall (81A §M.2): their position's recordings of the last window. */
export const RecentAnswer = Type.Object({ position: Type.Union([Type.String(), Type.Null()]), recallMinutes: Type.Integer(), recordings: Type.Array(RecordingViewSchema) });
export const HoldPage = pageSchema(HoldView);
