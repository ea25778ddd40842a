import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type * as S from '../../../src/alarms/schemas.ts';
import { api } from '../shared/api.ts';
import './alarms.css';

type Premises = Static<typeof S.PremisesView>;

export const PERMIT_WORDS: Record<string, string> = { valid: 'valid', expired: 'EXPIRED', not_yet: 'not yet in force' };

/** "2 false alarms in the last 12 months, 2 in the permit year": what the register counted from the CAD. */
export function FalseAlarmCount({ premises }: { premises: Premises }) {
  const f = premises.falseAlarms;
  const plural = (n: number) => `${n} false alarm${n === 1 ? '' : 's'}`;
  return <span data-testid="false-alarms">{plural(f.last12Months)} in the last 12 months{f.permitYear ? `, ${f.permitYear.count} in the permit year from ${f.permitYear.from}` : ''}</span>;
}

/**
 * Alarm premises at the address typed on the call (S-110 §A.1.a; 81A §G): the premises, its
 * alarm company's phone, the key holders in calling order and the false-alarm count, shown
 * while the call is taken, on the incident and on the field view.
 */
export function AlarmsHere({ address }: { address: string }) {
  const [found, setFound] = useState<Premises[]>([]);
  useEffect(() => {
    const text = address.trim();
    if (text.length < 5) { setFound([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      api<Premises[]>(`/api/v1/alarm-premises/at?address=${encodeURIComponent(text)}`).then((p) => { if (live) setFound(p); }, () => undefined);
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [address]);
  return (
    <>
      {found.map((p) => (
        <section key={p.id} className="alarm-here" aria-label={`Alarm premises: ${p.name}`}>
          <p><strong>ALARM PREMISES</strong> {p.name} · <FalseAlarmCount premises={p} /></p>
          <p>
            {p.company ? <>Company {p.company.name}: {p.company.phone ?? 'no phone'}{p.company.account ? ` (account ${p.company.account})` : ''}</> : 'No alarm company on file'}
            {' · '}{p.permit ? <>Permit {p.permit.number} {p.permit.status === 'valid' ? `valid to ${p.permit.expiresOn}` : <strong>{PERMIT_WORDS[p.permit.status]} ({p.permit.expiresOn})</strong>}</> : <strong>NO PERMIT</strong>}
          </p>
          {p.keyHolders.length > 0 && (
            <ol aria-label={`Key holders of ${p.name}`}>
              {p.keyHolders.map((k, n) => <li key={n}>{k.name}: {k.phones.join(', ')}{k.canRespond ? ' (can respond with a key)' : ''}</li>)}
            </ol>
          )}
          {p.notes && <p className="muted">{p.notes}</p>}
        </section>
      ))}
    </>
  );
}
