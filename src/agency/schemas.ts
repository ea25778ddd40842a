import { Type } from 'typebox';

export const AgencyAnswer = Type.Object({ name: Type.String(), ori: Type.String(), timeZone: Type.String(), address: Type.String(), phone: Type.String(), businessHours: Type.Object({ days: Type.Array(Type.Number()), start: Type.String(), end: Type.String() }), courtHours: Type.Object({ days: Type.Array(Type.Number()), start: Type.String(), end: Type.String() }) });

export const AgencyUnitsAnswer = Type.Array(Type.Object({ callSign: Type.String(), kind: Type.String(), service: Type.Union([Type.Literal('police'), Type.Literal('fire'), Type.Literal('ems')]), area: Type.Union([Type.Null(), Type.String()]), description: Type.Union([Type.Null(), Type.String()]) }));

export const AgencyRosterAnswer = Type.Array(Type.Object({ date: Type.String(), shift: Type.String(), callSign: Type.Union([Type.Null(), Type.String()]), username: Type.Union([Type.Null(), Type.String()]), assignment: Type.String(), name: Type.Union([Type.Null(), Type.String()]), badge: Type.Union([Type.Null(), Type.String()]) }));

export const IncidentTypesAnswer = Type.Array(Type.Object({ code: Type.String(), name: Type.String(), priority: Type.Integer(), minUnits: Type.Integer(), supervisor: Type.Boolean() }));

/** An entry of an agency code table (call lines, call categories, out-of-service reasons…), with its table-specific attributes. */
export const CodeEntry = Type.Object({ code: Type.String(), name: Type.String(), active: Type.Boolean(), attrs: Type.Record(Type.String(), Type.Unknown()) });

export const DispositionsAnswer = Type.Array(Type.Object({ code: Type.String(), name: Type.String() }));

export const CodeUsageAnswer = Type.Object({
  table: Type.String(), code: Type.String(), exists: Type.Boolean(), active: Type.Boolean(),
  uses: Type.Array(Type.Object({ what: Type.String(), count: Type.Integer() })), offeredIn: Type.String(),
});

const StartupSetting = Type.Object({ key: Type.String(), value: Type.String(), description: Type.Union([Type.Null(), Type.String()]), setIn: Type.String() });
export const StartupSettingsAnswer = Type.Object({ security: Type.Array(StartupSetting), profile: Type.Array(StartupSetting) });
