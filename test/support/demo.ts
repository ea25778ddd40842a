import type { App } from '../../src/app/server.ts';
import type { AppContext } from '../../src/core/context.ts';
import { seedDemo } from '../../src/app/demo.ts';

/** Load the demo agency (units 411–414 …, today's roster) and return a sign-in for each named demo user. */
export async function demoAgency(ctx: AppContext, app: App): Promise<(username: string) => Promise<Record<string, string>>> {
  const accounts = await seedDemo(ctx);
  return async (username) => {
    const account = accounts.find((a) => a.username === username);
    if (!account) throw new Error(`no demo user ${username}`);
    const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: account.password } });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
    return { authorization: `Bearer ${response.json().token}` };
  };
}
