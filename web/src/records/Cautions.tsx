import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import './cautions.css';
import type { Caution } from './types.ts';


/**
 * Restraining orders and trespass notices in force at an address or against a person named on
 * the call (S-110 §A.1.t, x), shown as a caution while the dispatcher types the call's location,
 * on the incident, and on the field view. The server audits each read and applies its access rule.
 */
export function Cautions({ address, names = [] }: { address: string; names?: readonly string[] }) {
  const [found, setFound] = useState<Caution[]>([]);
  const nameList = names.map((n) => n.trim()).filter((n) => n.length >= 4).join('|');
  useEffect(() => {
    const text = address.trim();
    const asks = [...(text.length >= 5 ? [`address=${encodeURIComponent(text)}`] : []), ...(nameList ? nameList.split('|').map((n) => `name=${encodeURIComponent(n)}`) : [])];
    if (asks.length === 0) { setFound([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      Promise.all(asks.map((q) => api<Caution[]>(`/api/v1/cautions?${q}`).catch(() => [] as Caution[]))).then((all) => {
        if (live) setFound(all.flat().filter((c, i, list) => list.findIndex((o) => o.id === c.id) === i));
      }, () => undefined);
    }, 400);
    return () => { live = false; clearTimeout(timer); };
  }, [address, nameList]);
  if (found.length === 0) return null;
  return (
    <div role="alert" aria-label="Cautions at this address" className="caution">
      {found.map((c) => (
        <p key={c.id}><strong>CAUTION</strong> {c.caution} (case {c.caseNumber}{c.docket ? `, docket ${c.docket}` : ''})</p>
      ))}
    </div>
  );
}
