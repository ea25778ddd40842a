import { useState } from 'react';
import { ApiError } from '../shared/api.ts';

/** A refusal as the Knox screens show it: the server's reason and the policy clause behind it. */
function problemText(e: unknown): string {
  if (e instanceof ApiError) return `${e.problem.detail ?? e.problem.title}${e.problem.clause ? ` (${String(e.problem.clause)})` : ''}`;
  return String(e);
}

/** Run a Knox action, refresh the screen after it, and keep the refusal to show. */
export function useKnoxAction(onChange: () => void): [string | null, (work: () => Promise<unknown>) => Promise<void>] {
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      onChange();
    } catch (e) {
      setError(problemText(e));
    }
  };
  return [error, act];
}
