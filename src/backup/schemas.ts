import { Type } from 'typebox';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** An archive's name as the server writes it. */
export const ArchiveName = Type.String({ pattern: '^precinct-[0-9]{8}T[0-9]{6}Z\\.age$', maxLength: 40 });

const Offsite = Type.Object({ where: Type.String(), at: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) });

export const ArchiveView = Type.Object({
  name: Type.String(), status: Type.String(), error: Nullable(Type.String()), startedAt: Type.String(), ageDays: Type.Integer(),
  size: Nullable(Type.Number()), sha256: Nullable(Type.String()), durationMs: Type.Integer(), databaseKind: Type.String(), startedBy: Type.String(),
  present: Type.Boolean(), offsite: Type.Array(Offsite), lastVerifiedAt: Nullable(Type.String()), lastVerifyOk: Nullable(Type.Boolean()),
  lastVerifyDetail: Nullable(Type.String()), prunedAt: Nullable(Type.String()),
});

export const Policy = Type.Object({ retentionDays: Type.Integer(), frequencyHours: Type.Integer(), drillDays: Type.Integer() });
export const PolicyBody = Type.Object({
  retentionDays: Type.Optional(Type.Integer({ description: 'days an on-premises archive is kept (S-110 §E.1: two months)' })),
  frequencyHours: Type.Optional(Type.Integer({ description: 'hours between scheduled backups' })),
  drillDays: Type.Optional(Type.Integer({ description: 'days between restore drills' })),
}, Strict);

export const DrillView = Type.Object({ id: Type.String(), archive: Nullable(Type.String()), at: Type.String(), ok: Type.Boolean(), detail: Type.String(), durationMs: Type.Integer(), runBy: Type.String(), runByName: Type.String({ description: 'the person behind the login, as boards name them' }) });

export const Overview = Type.Object({
  policy: Policy,
  setup: Type.Object({
    folder: Type.String(), recipients: Type.Integer({ description: 'how many age recipients archives are encrypted for' }),
    identityConfigured: Type.Boolean(), offsite: Type.Array(Type.String()),
  }),
  archives: Type.Array(ArchiveView),
  drills: Type.Array(DrillView),
});

export const Created = Type.Object({ name: Type.String(), size: Type.Number(), sha256: Type.String(), durationMs: Type.Integer(), offsite: Type.Array(Offsite) });
export const Verified = Type.Object({ ok: Type.Boolean(), detail: Type.String() });
export const Pruned = Type.Object({ pruned: Type.Array(Type.String()) });
export const Drilled = Type.Object({ ok: Type.Boolean(), detail: Type.String(), archive: Nullable(Type.String()) });
export const NameParams = Type.Object({ name: ArchiveName }, Strict);
