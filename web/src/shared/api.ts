import { noteUnauthenticated } from './session.ts';
import { isUserAction, reported } from './activity.ts';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import type { ProblemSchema } from '../../../src/core/contract.ts';

/** The console's one way to the server: JSON in, JSON or a problem out. The session rides in an HttpOnly cookie. */
/** The problem+json body of every refusal (RFC 9457), as the server declares it. */
export type ProblemBody = Static<typeof ProblemSchema> & Record<string, unknown>;

export class ApiError extends Error {
  constructor(readonly problem: ProblemBody) {
    super(problem.detail ?? problem.title);
  }
}

let writes = 0;
const writesSettled = new Set<() => void>();

/** How many of this page's writes (anything but GET) are waiting for their answer. */
export function writesInFlight(): number {
  return writes;
}

/**
 * Called when the last write in flight has its answer. The live store holds the stream's
 * events meanwhile: the echo of an action can arrive before the action's own answer.
 */
export function onWritesSettled(listener: () => void): () => void {
  writesSettled.add(listener);
  return () => writesSettled.delete(listener);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const write = (init.method ?? 'GET') !== 'GET';
  if (!write) return request<T>(path, init);
  writes += 1;
  try {
    return await request<T>(path, init);
  } finally {
    writes -= 1;
    if (writes === 0) for (const listener of writesSettled) listener();
  }
}

async function request<T>(path: string, init: { method?: string; body?: unknown }): Promise<T> {
  // Only the person's own actions keep the session alive (CJIS AC-11): anything else says it is background.
  const own = isUserAction();
  const headers: Record<string, string> = own ? {} : { 'x-precinct-activity': 'background' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (own) reported();
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => ({ status: response.status, code: 'http.error', title: response.statusText }));
  if (response.status === 401) noteUnauthenticated(String((body as ProblemBody).code), (body as ProblemBody).detail);
  if (!response.ok) throw new ApiError(body as ProblemBody);
  return body as T;
}

/** The server's own answer types (type-only imports: no server code reaches the browser). */
export type User = Static<typeof Identity.PublicUser>;
export type Me = Static<typeof Identity.MeAnswer>;
export type RoleView = Static<typeof Identity.RoleView>;

let roleTable: Promise<RoleView[]> | undefined;

/** Every role with its name as people read it, from the server's role table (loaded once per page). */
export function roles(): Promise<RoleView[]> {
  roleTable ??= api<RoleView[]>('/api/v1/roles').catch((error: unknown) => {
    roleTable = undefined;
    throw error;
  });
  return roleTable;
}
