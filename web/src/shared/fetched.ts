import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';
import { problemText } from './problem.ts';

/**
 * Read a server path (nothing while it is null), and again when `reload` is called or `again`
 * changes. A failure is kept, in the reader's words, beside the last data read; an answer that
 * arrives after the path changed is dropped.
 */
export function useFetched<T>(path: string | null, again: unknown = null): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!path) return undefined;
    let current = true;
    api<T>(path).then((d) => { if (current) { setData(d); setError(null); } }, (e: unknown) => { if (current) setError(problemText(e)); });
    return () => { current = false; };
  }, [path, round, again]);
  return { data, error, reload: useCallback(() => setRound((r) => r + 1), []) };
}
