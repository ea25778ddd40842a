import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type * as D from '../../../src/dispatch/schemas.ts';
import type * as F from '../../../src/records/cautions/schemas.ts';
import { api } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { stamp } from '../shared/time.ts';
import type { Box } from '../keys/types.ts';
import { Cautions } from '../records/Cautions.tsx';
import { StreetNotesAt } from '../streets/StreetNotesAt.tsx';
import { AlarmsHere } from '../alarms/AlarmsHere.tsx';
import '../records/cautions.css';

type HistoryEntry = Static<typeof D.AddressHistoryEntry>;
type Flag = Static<typeof F.FlagView>;

const FLAG_WORDS: Record<string, string> = {
  weapons: 'WEAPONS', violent: 'VIOLENT', dog: 'DOG', hazard: 'HAZARD', medical: 'MEDICAL', mental_health: 'MENTAL HEALTH', officer_safety: 'OFFICER SAFETY', other: 'CAUTION',
};

/** The Knox request form on the Knox page, filled in with this box and incident (O-604 §III.C). */
export function knoxRequestPath(box: string, incident: string): string {
  return `/knox?request=${encodeURIComponent(box)}&incident=${encodeURIComponent(incident)}`;
}

/**
 * What an officer must know before going to an address, shown while the call is taken
 * and on the incident and the field view: caution flags on the address, restraining
 * orders and trespass notices in force there, the street file's premises notes and hazards
 * there (S-110 §A.1.v), alarm premises with their key holders, a Knox Box at the address (with a one-key
 * access request for the incident, Alt+K), and the address's earlier incidents.
 */
export function SafetyContext({ address, names = [], incident, timeZone, canKnox, exclude }: {
  address: string; incident?: string | undefined; timeZone: string; canKnox: boolean;
  /** People named on the call (the caller, the complainant): flags on the master names they match. */
  names?: readonly string[];
  /** The incident itself, left out of its own address history. */
  exclude?: string | undefined;
}) {
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [personFlags, setPersonFlags] = useState<Flag[]>([]);
  const nameList = names.map((n) => n.trim()).filter((n) => n.length >= 4).join('|');
  useEffect(() => {
    if (!nameList) { setPersonFlags([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      Promise.all(nameList.split('|').map((n) => api<Flag[]>(`/api/v1/caution-flags?name=${encodeURIComponent(n)}`).catch(() => [] as Flag[])))
        .then((all) => { if (live) setPersonFlags(all.flat()); }, () => undefined);
    }, 400);
    return () => { live = false; clearTimeout(timer); };
  }, [nameList]);
  useEffect(() => {
    const text = address.trim();
    if (text.length < 5) { setHistory([]); setFlags([]); setBoxes([]); return; }
    let live = true;
    const q = `address=${encodeURIComponent(text)}`;
    const timer = setTimeout(() => {
      api<HistoryEntry[]>(`/api/v1/incidents/history?${q}`).then((h) => { if (live) setHistory(h); }, () => undefined);
      api<Flag[]>(`/api/v1/caution-flags?${q}`).then((f) => { if (live) setFlags(f); }, () => undefined);
      if (canKnox) api<Box[]>(`/api/v1/knox/boxes?${q}`).then((b) => { if (live) setBoxes(b); }, () => undefined);
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [address, canKnox]);
  const box = boxes[0];
  useEffect(() => {
    if (!box || !incident) return;
    const key = (e: KeyboardEvent) => {
      if (e.altKey && e.key.toLowerCase() === 'k') { e.preventDefault(); navigate(knoxRequestPath(box.id, incident)); }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [box, incident]);
  const earlier = history.filter((h) => h.number !== exclude);
  const shown = [...flags, ...personFlags.filter((p) => !flags.some((f) => f.id === p.id))];
  return (
    <div className="safety-context" data-testid="safety-context">
      {shown.length > 0 && (
        <div role="alert" aria-label="Caution flags at this address and on the people named" className="caution">
          {shown.map((f) => (
            <p key={f.id}><strong>{FLAG_WORDS[f.kind] ?? 'CAUTION'}</strong>{f.person ? ` (${f.person})` : ''} {f.note} <span className="muted">(source: {f.source}{f.expiresOn ? `; until ${f.expiresOn}` : ''})</span></p>
          ))}
        </div>
      )}
      <Cautions address={address} names={names} />
      <StreetNotesAt address={address} />
      <AlarmsHere address={address} />
      {boxes.map((b) => (
        <p key={b.id} className="knox-here" data-testid="knox-here">
          <strong>Knox Box</strong> {b.id} · {b.location.building} — {b.location.address}
          {incident && <> <button type="button" aria-keyshortcuts="Alt+K" onClick={() => navigate(knoxRequestPath(b.id, incident))}>Request Knox access for {incident} (Alt+K)</button></>}
        </p>
      ))}
      {earlier.length > 0 && (
        <details className="address-history" data-testid="address-history" open>
          <summary>{earlier.length} earlier incident{earlier.length === 1 ? '' : 's'} at this address</summary>
          <ul>
            {earlier.map((h) => (
              <li key={h.number}>{stamp(h.reportedAt, timeZone)} · {h.number} · {h.typeName ?? h.type}{h.disposition ? ` · ${h.disposition}` : h.status !== 'closed' ? ' · open' : ''}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
