import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
}
const currentPath = () => window.location.pathname;

/**
 * The console's location: a pathname, changed without a page load. Read through
 * useSyncExternalStore so a navigation between a screen's render and its subscription (a click
 * on a busy machine) is not missed, which left the old screen up under the new address.
 */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
