import { useEffect, useState } from 'react';
import type { Me } from '../shared/api.ts';
import { RESULT_EVENT, type QueryView } from './api.ts';
import { QueryResult } from './QueryResult.tsx';
import './cjis.css';

/**
 * The answer to a query typed on the dispatch command line (`Q PLATE ABC123 MA`), shown
 * over whatever screen is up, so the dispatcher acts on a hit without leaving the console.
 */
export function CjisDock({ me }: { me: Me }) {
  const [view, setView] = useState<QueryView | null>(null);
  useEffect(() => {
    const show = (e: Event) => setView((e as CustomEvent<QueryView>).detail);
    window.addEventListener(RESULT_EVENT, show);
    return () => window.removeEventListener(RESULT_EVENT, show);
  }, []);
  if (!view || !me.permissions.includes('cjis.query')) return null;
  return (
    <aside className="cjis-dock" aria-label="CJIS result">
      <header>
        <strong>CJIS</strong>
        <button type="button" className="close" onClick={() => setView(null)} aria-label="Close the CJIS result">Close ✕</button>
      </header>
      <QueryResult initial={view} />
    </aside>
  );
}
