import { pageSchema } from '../core/paging.ts';
import { Type } from 'typebox';
import { ROLES, type Role } from '../core/permissions.ts';

export const PublicUser = Type.Object({ username: Type.String(), firstName: Type.String(), lastName: Type.String(), badge: Type.Union([Type.Null(), Type.String()]), unit: Type.Union([Type.Null(), Type.String()]), roles: Type.Array(Type.String()) });

/** A privileged role change waiting for a second administrator or the chief. */
export const RoleChangeView = Type.Object({
  id: Type.String(), username: Type.String(), name: Type.Optional(Type.String({ description: 'the person whose roles change, as boards name them' })), roles: Type.Array(Type.String()), beforeRoles: Type.Array(Type.String()),
  requestedBy: Type.String(), requestedByName: Type.Optional(Type.String()), requestedAt: Type.String(),
});

/** A login's roles after a change, and the change waiting for a second approver when a privileged role was asked for (S-110 §D). */
export const RolesAnswer = Type.Object({ roles: Type.Array(Type.String()), pending: Type.Union([RoleChangeView, Type.Null()]) });

export const UsersPostAnswer = Type.Object({ user: PublicUser, initialPassword: Type.String(), pendingRoleChange: Type.Union([RoleChangeView, Type.Null()]) });

/** A signed-in session: the token (also set as the console's cookie) and who it belongs to. */
export const SessionAnswer = Type.Object({ token: Type.String(), user: PublicUser, passwordExpiresAt: Type.String(), mustChangePassword: Type.Boolean(), mustEnrollMfa: Type.Boolean() });

/** Who am I: the signed-in user, roles and permissions. */
export const MeAnswer = Type.Object({
  user: PublicUser, permissions: Type.Array(Type.String()), mustChangePassword: Type.Boolean(), mustEnrollMfa: Type.Boolean(),
  passwordExpiresAt: Type.String(), mfaEnrolled: Type.Boolean(), remote: Type.Boolean(),
  idleMinutes: Type.Integer({ description: 'minutes without a user action before this session ends (CJIS AC-11)' }),
});

/** A role of the permission table (src/core/permissions.ts). */
export const RoleCode = Type.Unsafe<Role>(Type.Union(ROLES.map((r) => Type.Literal(r))));

export const RoleView = Type.Object({ role: RoleCode, name: Type.String(), remote: Type.Boolean() });

/** A login as the system administrator sees it (S-110 §D). */
export const UserAdminView = Type.Object({
  username: Type.String(), firstName: Type.String(), lastName: Type.String(),
  badge: Type.Union([Type.String(), Type.Null()]), unit: Type.Union([Type.String(), Type.Null()]), roles: Type.Array(Type.String()),
  disabledAt: Type.Union([Type.String(), Type.Null()]), disabledReason: Type.Union([Type.String(), Type.Null()]),
  lockedUntil: Type.Union([Type.String(), Type.Null()]), lastSignInAt: Type.Union([Type.String(), Type.Null()]),
  passwordChangedAt: Type.String(), passwordExpiresAt: Type.String(), mfaEnrolled: Type.Boolean(), createdAt: Type.String(),
});

/** An open session, as its owner or an administrator sees it. */
export const SessionView = Type.Object({
  id: Type.String(), username: Type.String(), name: Type.String({ description: 'the person behind the login, as boards name them' }), startedAt: Type.String(), lastSeenAt: Type.String(),
  source: Type.Union([Type.String(), Type.Null()]), remote: Type.Boolean(), current: Type.Boolean(),
});
export const SessionPage = pageSchema(SessionView);
export const UserPage = pageSchema(UserAdminView);

/** A login's second factor (S-110 §D; CJIS IA-2): enrolled or not, since when, recovery codes left. */
export const MfaStatus = Type.Object({ enrolled: Type.Boolean(), enrolledAt: Type.Union([Type.String(), Type.Null()]), recoveryCodesLeft: Type.Integer() });
/** A new authenticator enrollment: the shared secret, its otpauth URI and a QR code of it. */
export const MfaEnrollment = Type.Object({ secret: Type.String(), uri: Type.String(), qr: Type.String() });
/** The recovery codes of a confirmed second factor, shown once. */
export const MfaRecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
/** A changed password's expiry (S-110 §D). */
export const PasswordChanged = Type.Object({ passwordExpiresAt: Type.String() });
