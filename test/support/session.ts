import type { App } from '../../src/app/server.ts';
import type { AppContext } from '../../src/core/context.ts';
import { addUser, consoleActor } from '../../src/identity/service.ts';
import type { Role } from '../../src/core/permissions.ts';

let counter = 0;
const FIRST = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jesse', 'Kendall', 'Logan'];

/** Add a named user with these roles (no forced password change) and sign in; returns the bearer headers. */
export async function signedInAs(ctx: AppContext, app: App, roles: Role[], username?: string): Promise<{ username: string; password: string; headers: Record<string, string> }> {
  counter += 1;
  const name = username ?? `officer${counter}x${Math.floor(Math.random() * 1e6)}`.replace(/^officer/, 'pn');
  const password = `Correct-Horse-${counter}-Battery!`;
  await addUser(ctx, consoleActor(), {
    username: name, firstName: FIRST[counter % FIRST.length]!, lastName: 'Tester-Quill', roles, password, mustChangePassword: false,
  });
  const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: name, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return { username: name, password, headers: { authorization: `Bearer ${response.json().token}` } };
}
