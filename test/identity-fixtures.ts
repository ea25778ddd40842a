import type { App } from '../src/app/server.ts';
import type { AppContext } from '../src/core/context.ts';
import { currentCode } from '../src/identity/mfa.ts';
import type { Role } from '../src/core/permissions.ts';
import { addUser, consoleActor } from '../src/identity/service.ts';

let counter = 0;
const FIRST = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jesse', 'Kendall', 'Logan'];

export const REMOTE = '203.0.113.7'; // TEST-NET-3: outside every trusted range
export const LOCAL = '10.1.2.3';

/** A named person's login with a known password; no forced change unless asked. */
export async function person(ctx: AppContext, roles: Role[], options: { mustChangePassword?: boolean } = {}): Promise<{ username: string; password: string }> {
  counter += 1;
  const username = `kq${counter}v${Math.floor(Math.random() * 1e6)}`;
  const password = `Lantern-Harbor-${counter}-Quiver!`;
  await addUser(ctx, consoleActor(), {
    username, firstName: FIRST[counter % FIRST.length]!, lastName: 'Marlowe', roles, password, mustChangePassword: options.mustChangePassword ?? false,
  });
  return { username, password };
}

export function signIn(app: App, body: { username: string; password: string; otp?: string }, from = LOCAL) {
  return app.inject({ method: 'POST', url: '/api/v1/session', payload: body, remoteAddress: from });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Sign in (locally) and enroll an authenticator through the API; returns the secret, a session and the recovery codes. */
export async function enrolled(app: App, user: { username: string; password: string }): Promise<{ secret: string; headers: Record<string, string>; recoveryCodes: string[] }> {
  const session = await signIn(app, user);
  if (session.statusCode !== 200) throw new Error(`sign-in failed: ${session.body}`);
  const headers = bearer(session.json().token);
  const start = await app.inject({ method: 'POST', url: '/api/v1/me/mfa/enrollment', headers, payload: { password: user.password } });
  if (start.statusCode !== 200) throw new Error(`enrollment failed: ${start.body}`);
  const { secret } = start.json();
  const confirm = await app.inject({ method: 'POST', url: '/api/v1/me/mfa/confirmation', headers, payload: { code: currentCode(secret) } });
  if (confirm.statusCode !== 200) throw new Error(`confirmation failed: ${confirm.body}`);
  return { secret, headers, recoveryCodes: confirm.json().recoveryCodes };
}

/** The audit rows about a login (as actor or subject), oldest first. */
export async function auditRowsAbout(ctx: AppContext, username: string) {
  return ctx.db.selectFrom('audit').selectAll()
    .where((eb) => eb.or([eb('username', '=', username), eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', username)])]))
    .orderBy('id').execute();
}
