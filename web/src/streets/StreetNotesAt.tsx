import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type * as S from '../../../src/streets/schemas.ts';
import { api } from '../shared/api.ts';
import './street-file.css';

type NotesAt = Static<typeof S.NotesAt>;

/**
 * The street file's premises notes and hazards in force at the location being typed (S-110 §A.1.v):
 * the street's, the range's covering the house number, and the address's; hazards first.
 */
export function StreetNotesAt({ address }: { address: string }) {
  const [found, setFound] = useState<NotesAt['notes']>([]);
  useEffect(() => {
    const text = address.trim();
    if (text.length < 3) { setFound([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      api<NotesAt>(`/api/v1/street-file/at?address=${encodeURIComponent(text)}`).then((a) => { if (live) setFound(a.notes); }, () => { if (live) setFound([]); });
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [address]);
  if (found.length === 0) return null;
  return (
    <div role="note" aria-label="Street file notes and hazards here" className="street-notes" data-testid="street-notes">
      {found.map((n) => (
        <p key={n.id} className={n.kind}>
          <strong>{n.kind === 'hazard' ? 'HAZARD' : 'PREMISES'}</strong> {n.text}{' '}
          <span className="muted">({n.street}, {n.place}{n.effectiveUntil ? `; until ${n.effectiveUntil}` : ''})</span>
        </p>
      ))}
    </div>
  );
}
