import { useState } from 'react';
import type { Me } from '../shared/api.ts';
import { Backups } from './Backups.tsx';
import { Changes } from './Changes.tsx';
import { Media } from './Media.tsx';
import { ServerRoom } from './Room.tsx';
import './it.css';
import { useAgencyZone } from '../shared/agency.ts';

type Tab = 'backups' | 'changes' | 'media' | 'room';

/** IT (S-110 §C, §E, §G, §I): backups, change requests, the media register, the server room. */
export function ItPage({ me }: { me: Me }) {
  const may = (p: string) => me.permissions.includes(p);
  const tabs: [Tab, string, boolean][] = [
    ['backups', 'Backups', may('backup.run')], ['changes', 'Change requests', may('it.read')], ['media', 'Media register', may('it.read')], ['room', 'Server room', may('it.read')],
  ];
  const [tab, setTab] = useState<Tab>(tabs.find((t) => t[2])?.[0] ?? 'changes');
  // times on the agency's clock: nothing is shown until its zone is known
  const timeZone = useAgencyZone();
  if (!timeZone) return <p className="loading">Loading…</p>;
  return (
    <section className="it" aria-labelledby="it-title">
      <h2 id="it-title">IT records and backups</h2>
      <nav className="tabs" aria-label="IT">
        {tabs.filter((t) => t[2]).map(([key, label]) => <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>{label}</button>)}
      </nav>
      {tab === 'backups' && may('backup.run') && <Backups timeZone={timeZone} canSetPolicy={may('backup.policy')} />}
      {tab === 'changes' && <Changes timeZone={timeZone} canRecord={may('it.records')} canDecide={may('it.authorize')} />}
      {tab === 'media' && <Media timeZone={timeZone} canRecord={may('it.records')} />}
      {tab === 'room' && <ServerRoom timeZone={timeZone} canRecord={may('it.records')} />}
    </section>
  );
}
