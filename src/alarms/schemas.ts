/** Request and response schemas of the alarm premises register (TypeBox), shared type-only with the web. */
import { Type } from 'typebox';

const Strict = { additionalProperties: false } as const;
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+()#*., x/-]*[0-9][0-9+()#*., x/-]*$', description: 'a telephone number as it is dialled, with an extension if any' });
const Day = Type.String({ format: 'date' });

export const KeyHolder = Type.Object({
  name: text(200), phones: Type.Array(Phone, { minItems: 1, maxItems: 4 }), canRespond: Type.Boolean({ description: 'can come to the premises with a key' }),
}, Strict);
export const PremisesBody = Type.Object({
  name: text(200), address: text(300),
  alarmTypes: Type.Array(text(40), { minItems: 1, maxItems: 10, description: 'codes of the alarm_type table: burglar, hold-up/panic, fire, medical…' }),
  company: Type.Optional(Type.Object({ name: text(200), phone: Phone, account: Type.Optional(text(100, 0)) }, Strict)),
  permit: Type.Optional(Type.Object({ number: text(60), issuedOn: Day, expiresOn: Day }, Strict)),
  keyHolders: Type.Array(KeyHolder, { maxItems: 12, description: 'in the order to call them' }),
  notes: Type.Optional(text(2000, 0)),
  active: Type.Optional(Type.Boolean({ description: 'false takes the premises off the call-time display; it stays on record' })),
}, Strict);
const Window = { from: Type.String(), to: Type.String() };
export const PremisesView = Type.Object({
  id: Type.String(), name: Type.String(), address: Type.String(), verified: Type.Boolean({ description: 'found in the town’s address file' }),
  lat: N(Type.Number()), lon: N(Type.Number()), alarmTypes: Type.Array(Type.String()),
  company: N(Type.Object({ name: Type.String(), phone: N(Type.String()), account: N(Type.String()) })),
  permit: N(Type.Object({ number: Type.String(), issuedOn: Type.String(), expiresOn: Type.String(), status: Type.String({ description: 'valid, expired or not_yet' }) })),
  keyHolders: Type.Array(Type.Object({ name: Type.String(), phones: Type.Array(Type.String()), canRespond: Type.Boolean() })),
  notes: N(Type.String()), active: Type.Boolean(),
  falseAlarms: Type.Object({
    last12Months: Type.Integer(),
    permitYear: N(Type.Object({ ...Window, count: Type.Integer() })),
    incidents: Type.Array(Type.Object({
      number: N(Type.String({ description: 'null for a confidential incident the reader may not read' })), date: Type.String(), reportedAt: Type.String(),
      type: Type.String(), typeName: Type.String(), inLast12Months: Type.Boolean(), inPermitYear: Type.Boolean(),
    })),
  }, { description: 'alarm incidents (types ALARM_…) closed FALSE_ALARM at this address: counted by query from the CAD' }),
  updatedByName: Type.String(), updatedAt: Type.String(),
});
export const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
