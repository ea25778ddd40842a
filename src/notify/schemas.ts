/** The emergency notification list's request and answer shapes (S-110 §A.1.h); the web imports them type-only. */
import { Type } from 'typebox';
import { OUTCOMES } from './rules.ts';

export const Strict = { additionalProperties: false } as const;

export const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Kind = Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Z][A-Z0-9_]+$', description: 'the kind of emergency’s code, e.g. WATER_MAIN' });
export const IncidentNumber = Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' });
export const Phone = Type.Object({
  label: text(60, 0), number: Type.String({ minLength: 3, maxLength: 40, pattern: '^(?=.*[0-9])[0-9A-Za-z+()#*.,/ -]+$', description: 'digits, with spaces, dashes, parentheses or "ext"' }),
}, Strict);
export const PhoneView = Type.Object({ label: Type.String(), number: Type.String() });
export const Outcome = Type.Union(OUTCOMES.map((o) => Type.Literal(o)));

export const ListBody = Type.Object({
  name: text(100), notes: Type.Optional(text(2000, 0)), active: Type.Optional(Type.Boolean()),
  entries: Type.Array(Type.Object({
    directoryEntryId: Type.Optional(Type.String({ format: 'uuid' })), person: Type.Optional(text(64)),
    name: Type.Optional(text(200, 0)), role: Type.Optional(text(200, 0)), phones: Type.Optional(Type.Array(Phone, { maxItems: 5 })),
    notes: Type.Optional(text(1000, 0)), required: Type.Optional(Type.Boolean()),
    callNextAfterMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240, description: 'if no answer within this many minutes, call the next: the call-down screen reminds the dispatcher' })),
  }, Strict), { maxItems: 100, description: 'the calling order, first to call first' }),
}, Strict);
export const ListView = Type.Object({
  kind: Type.String(), name: Type.String(), notes: N(Type.String()), active: Type.Boolean(), updatedByName: Type.String(), updatedAt: Type.String(),
  entries: Type.Array(Type.Object({
    position: Type.Integer(), source: Type.String({ description: 'directory, person or other' }), directoryEntryId: N(Type.String()), person: N(Type.String()),
    name: Type.String(), role: N(Type.String()), phones: Type.Array(PhoneView),
    residentialOnFile: Type.Boolean({ description: 'a residential number is on file; the number itself appears only in a call-down, to readers holding directory.residential (81A §B.2.b.iii)' }),
    notes: N(Type.String()), required: Type.Boolean(), callNextAfterMinutes: N(Type.Integer()),
  })),
});
const summaryFields = {
  id: Type.String(), kind: Type.String(), kindName: Type.String(), incidentNumber: N(Type.String()),
  startedAt: Type.String(), startedBy: Type.String(), startedByName: Type.String(),
  completedAt: N(Type.String()), completedByName: N(Type.String()), completion: N(Type.String({ description: 'all_reached or closed' })),
  toCall: Type.Integer(), called: Type.Integer(), reached: Type.Integer(),
};
export const CallDownSummary = Type.Object(summaryFields);
export const CallDownRecord = Type.Object({
  ...summaryFields, listNotes: N(Type.String()), reason: N(Type.String()),
  entries: Type.Array(Type.Object({
    id: Type.String(), position: Type.Integer(), source: Type.String(), name: Type.String(), role: N(Type.String()), phones: Type.Array(PhoneView),
    notes: N(Type.String()), required: Type.Boolean(),
    callNextAfterMinutes: N(Type.Integer({ description: 'if no answer within this many minutes, call the next' })),
    reminderAt: N(Type.String({ description: 'when the reminder to call the next is due: N minutes after this entry’s first call, none reached and the next not yet called (S-110 §A.1.h)' })),
    reminderDue: Type.Boolean({ description: 'reminderAt has passed on the agency clock' }),
    residentialPhone: N(Type.String({ description: 'to readers holding directory.residential only; each such read is audited (81A §B.2.b.iii)' })),
    residentialWithheld: Type.Boolean(),
    attempts: Type.Array(Type.Object({ outcome: Type.String(), outcomeWords: Type.String(), note: N(Type.String()), at: Type.String(), by: Type.String(), byName: Type.String() })),
  })),
});
