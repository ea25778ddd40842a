import { ApiError, type ProblemBody } from './api.ts';

/**
 * The words a person reads when the server refuses: the detail, and the policy clause
 * when the problem names one. The stable code is not part of the words; a screen that
 * shows it puts it on a details line (`problemCode`).
 */
export function problemText(e: unknown, fallback = 'The request failed.'): string {
  if (e instanceof ApiError) {
    const { detail, title, clause } = e.problem;
    const base = detail || title;
    const policy = typeof clause === 'string' && clause && !base.includes(clause) ? ` (${clause})` : '';
    return `${base}${policy}`;
  }
  return e instanceof Error && e.message ? e.message : fallback;
}

/** `problemText` for a refusal read without `api` (an upload or a download fetched directly). */
export async function responseProblemText(response: Response, fallback: string): Promise<string> {
  const body = await response.json().catch(() => null) as ProblemBody | null;
  return body && (body.detail || body.title) ? problemText(new ApiError(body)) : fallback;
}

/** The refusal's stable code, for a details line; null when the failure was not the server's answer. */
export function problemCode(e: unknown): string | null {
  return e instanceof ApiError ? e.problem.code : null;
}
