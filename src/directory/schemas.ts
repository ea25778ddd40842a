import { Type } from 'typebox';

export const RosterEntry = Type.Object({ date: Type.String(), shift: Type.String(), callSign: Type.Union([Type.Null(), Type.String()]), username: Type.Union([Type.Null(), Type.String()]), assignment: Type.String(), name: Type.Union([Type.Null(), Type.String()]), badge: Type.Union([Type.Null(), Type.String()]) });

export const Entry = Type.Object({ id: Type.String(), category: Type.String(), name: Type.String(), organization: Type.Union([Type.Null(), Type.String()]), phone: Type.Union([Type.Null(), Type.String()]), url: Type.Union([Type.Null(), Type.String()]), notes: Type.Union([Type.Null(), Type.String()]), facility: Type.Union([Type.Null(), Type.String()]), updatedAt: Type.String() });

export const DirectoryAnswer = Type.Object({ officerInCharge: Type.Array(RosterEntry), roster: Type.Array(RosterEntry), entries: Type.Array(Entry) });

export const DirectoryOfficerInChargeAnswer = Type.Array(RosterEntry);

export const DirectoryRosterPostAnswer = Type.Array(RosterEntry);

export const DirectoryResidentialPhonesAnswer = Type.Array(Type.Object({ username: Type.String(), name: Type.String(), badge: Type.Union([Type.Null(), Type.String()]), phone: Type.String(), updatedAt: Type.String() }));

export const DirectoryResidentialPhonesPutAnswer = Type.Object({ username: Type.String(), phone: Type.String() });
