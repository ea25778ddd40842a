/** The console's one way to the server: JSON in, JSON or a problem out. The session rides in an HttpOnly cookie. */
export interface ProblemBody {
  status: number;
  code: string;
  title: string;
  detail?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: ProblemBody) {
    super(problem.detail ?? problem.title);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => ({ status: response.status, code: 'http.error', title: response.statusText }));
  if (!response.ok) throw new ApiError(body as ProblemBody);
  return body as T;
}

export interface User {
  username: string;
  firstName: string;
  lastName: string;
  badge: string | null;
  unit: string | null;
  roles: string[];
}

export interface Me {
  user: User;
  permissions: string[];
  mustChangePassword: boolean;
  /** security.requireMfaForAll: set up an authenticator before anything else (CJIS IA-2(2)). */
  mustEnrollMfa?: boolean;
}

export const ROLE_NAMES: Record<string, string> = {
  dispatcher: 'Dispatcher',
  commanding_officer: 'Commanding officer / OIC',
  patrol_officer: 'Patrol officer',
  records_clerk: 'Records clerk',
  supply_supervisor: 'Supply supervisor',
  cjis_representative: 'CJIS representative',
  system_administrator: 'System administrator',
  chief: 'Chief',
  captain: 'Captain',
  court_administrator: 'Court administrator',
  auditor: 'Auditor',
  patrol_supervisor: 'Patrol supervisor (sergeant)',
  recorder: 'Call recorder (system login)',
  it_director: 'IT Director',
};
