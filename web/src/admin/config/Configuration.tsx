import { useState } from 'react';
import type { Me } from '../../shared/api.ts';
import { CodeTables } from './CodeTables.tsx';
import { Units } from './Units.tsx';
import { AgencySettings } from './Agency.tsx';
import { TimersAndCalls } from './Timers.tsx';
import { DirectoryAndRoster } from './Directory.tsx';
import '../../account/account.css';
import './admin.css';

type Tab = 'codes' | 'units' | 'agency' | 'timers' | 'directory';
const TABS: [Tab, string][] = [
  ['codes', 'Code tables'], ['units', 'Units and call signs'], ['agency', 'Agency profile and security'],
  ['timers', 'Timers and ALI layouts'], ['directory', 'Directory and roster'],
];

/**
 * Administration of everything the agency configures (issue 24 point 3): each change is
 * audited, shows what it affects before it is saved, and shows a refusal beside its field.
 */
export function Configuration({ me }: { me: Me }) {
  const [tab, setTab] = useState<Tab>('codes');
  const people = me.permissions.includes('users.admin');
  return (
    <section className="admin-config" aria-labelledby="admin-config-title">
      <h2 id="admin-config-title">Administration</h2>
      <nav className="tabs" aria-label="Administration">
        {TABS.filter(([key]) => key !== 'directory' || people).map(([key, label]) => (
          <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>{label}</button>
        ))}
      </nav>
      {tab === 'codes' && <CodeTables />}
      {tab === 'units' && <Units />}
      {tab === 'agency' && <AgencySettings />}
      {tab === 'timers' && <TimersAndCalls />}
      {tab === 'directory' && people && <DirectoryAndRoster />}
    </section>
  );
}
