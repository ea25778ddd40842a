import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import './cautions.css';
import type { Caution } from './types.ts';


/**
 * Restraining orders and trespass notices in force at an address (S-110 §A.1.t, x), shown
 * as a caution while the dispatcher types the call's location, and on the field view.
 */
export function Cautions({ address }: { address: string }) {
  const [found, setFound] = useState<Caution[]>([]);
  useEffect(() => {
    const text = address.trim();
    if (text.length < 5) { setFound([]); return; }
    const timer = setTimeout(() => {
      api<Caution[]>(`/api/v1/cautions?address=${encodeURIComponent(text)}`).then(setFound, () => setFound([]));
    }, 400);
    return () => clearTimeout(timer);
  }, [address]);
  if (found.length === 0) return null;
  return (
    <div role="alert" aria-label="Cautions at this address" className="caution">
      {found.map((c) => (
        <p key={c.id}><strong>CAUTION</strong> {c.caution} (case {c.caseNumber}{c.docket ? `, docket ${c.docket}` : ''})</p>
      ))}
    </div>
  );
}
