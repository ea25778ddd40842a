import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../../../src/core/paging.ts';
import { api } from './api.ts';

const withAfter = (path: string, after: string) => `${path}${path.includes('?') ? '&' : '?'}after=${encodeURIComponent(after)}`;

/**
 * A list the server answers a page at a time: the first page on load (and on `reload`,
 * after a change), and `more` appends the next one while there is one. `null` until the first page.
 */
export function usePaged<T>(path: string | null, onError: (e: unknown) => void = () => undefined) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (!path) { setItems(null); setNext(null); return; }
    try {
      const page = await api<Page<T>>(path);
      setItems(page.items);
      setNext(page.next);
    } catch (e) { onError(e); }
  }, [path]);
  useEffect(() => { void reload(); }, [reload]);
  const more = useCallback(async () => {
    if (!path || !next) return;
    try {
      const page = await api<Page<T>>(withAfter(path, next));
      setItems((shown) => [...(shown ?? []), ...page.items]);
      setNext(page.next);
    } catch (e) { onError(e); }
  }, [path, next]);
  return { items, hasMore: next !== null, more, reload };
}

/**
 * Every page of a list, for a view that shows all of it at once (the console's open
 * incidents), read one page after another; at most `maxPages` pages.
 */
export async function allPages<T>(path: string, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (let n = 0; n < maxPages; n++) {
    const page: Page<T> = await api<Page<T>>(after ? withAfter(path, after) : path);
    items.push(...page.items);
    if (!page.next) break;
    after = page.next;
  }
  return items;
}

/** The button under a paged list that reads its next page; nothing when the list is all shown. */
export function More({ list, label }: { list: { hasMore: boolean; more: () => Promise<void> }; label: string }) {
  if (!list.hasMore) return null;
  return <button type="button" className="more" aria-label={`More ${label}`} onClick={() => void list.more()}>More</button>;
}
