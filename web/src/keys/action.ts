import { useState } from 'react';
import { problemText } from '../shared/problem.ts';

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
