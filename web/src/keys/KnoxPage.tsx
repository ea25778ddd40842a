import { useCallback, useEffect, useState } from 'react';
import { problemText } from '../shared/problem.ts';
import { api, type Me } from '../shared/api.ts';
import { Accesses } from './Accesses.tsx';
import { KeyBoard } from './KeyBoard.tsx';
import { Register } from './Register.tsx';
import { Distribution } from './Distribution.tsx';
import { DailyLog } from './DailyLog.tsx';
import { clock, setAgencyZone, type Access, type BoardKey, type Box, type KeyRow, type KnoxAlert, type Reason, type RosterEntry } from './types.ts';
import './knox.css';
import type { Agency } from '../client/types.ts';
import type { Page } from '../../../src/core/paging.ts';
import { More } from '../shared/paged.tsx';

/** The server's default page of accesses, and the most one read may ask for. */
const ACCESS_PAGE = 100;
const ACCESS_PAGE_MAX = 500;

type Tab = 'board' | 'accesses' | 'register';

/** Knox Box key custody (AOM O-604): the OIC's key board, accesses, the register and reports. */
export function KnoxPage({ me }: { me: Me }) {
  const can = (p: string) => me.permissions.includes(p);
  const seesBoard = can('knox.authorize') || can('knox.register');
  // a request started from an incident (officer safety at the address: /knox?request=<box>&incident=<number>) opens on the form
  const [tab, setTab] = useState<Tab>(seesBoard && !new URLSearchParams(window.location.search).has('request') ? 'board' : 'accesses');
  const [keys, setKeys] = useState<BoardKey[]>([]);
  const [alerts, setAlerts] = useState<KnoxAlert[]>([]);
  const [accesses, setAccesses] = useState<Access[]>([]);
  // the access history is read a page at a time: the 15-second refresh reads again as many as are shown
  const [next, setNext] = useState<string | null>(null);
  const [shown, setShown] = useState(ACCESS_PAGE);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [roster, setRoster] = useState<RosterEntry[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filter, setFilter] = useState<{ box: string; officer: string; open: string }>({ box: '', officer: '', open: '' });
  const [zone, setZone] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    const board = seesBoard
      ? api<BoardKey[]>('/api/v1/knox/board')
      : api<KeyRow[]>('/api/v1/knox/keys').then((rows) => rows.map((k): BoardKey => ({ number: k.number, status: k.status, note: k.note, out: null })));
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
    const limit = `limit=${Math.min(shown, ACCESS_PAGE_MAX)}`;
    Promise.all([board, api<KnoxAlert[]>('/api/v1/knox/alerts'), api<Page<Access>>(`/api/v1/knox/accesses?${query ? `${query}&` : ''}${limit}`)])
      .then(([k, a, x]) => { setKeys(k); setAlerts(a); setAccesses(x.items); setNext(x.next); setLoadError(null); }, (e: unknown) => setLoadError(problemText(e)));
  }, [seesBoard, filter, shown]);
  const more = async () => {
    if (!next) return;
    const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), after: next }).toString();
    try {
      const page = await api<Page<Access>>(`/api/v1/knox/accesses?${query}`);
      setAccesses((rows) => [...rows, ...page.items]);
      setNext(page.next);
      setShown((n) => n + page.items.length);
    } catch (e) { setLoadError(problemText(e)); }
  };

  useEffect(() => {
    api<Agency>('/api/v1/agency').then((a) => { setAgencyZone(a.timeZone); setZone(a.timeZone); }, () => undefined);
    api<Box[]>('/api/v1/knox/boxes').then(setBoxes, () => undefined);
    api<Reason[]>('/api/v1/knox/reasons').then(setReasons, () => undefined);
    api<RosterEntry[]>('/api/v1/agency/roster').then(setRoster, () => undefined);
    refresh();
    const timer = window.setInterval(refresh, 15_000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const tabs: [Tab, string][] = [...(seesBoard ? [['board', 'Key board'] as [Tab, string]] : []), ['accesses', 'Accesses'], ['register', 'Register & reports']];
  return (
    <section aria-labelledby="knox-title" className="knox">
      <h2 id="knox-title">Knox Box keys</h2>
      {loadError && <p role="alert" className="error">Could not load: {loadError}</p>}
      {alerts.length > 0 && (
        <ul className="knox-alerts" aria-label="Knox alerts">
          {alerts.map((a) => (
            <li key={a.id} role="alert">
              {a.message} <small>({clock(a.raisedAt)})</small>
              {a.kind !== 'unreturned_key' && seesBoard && (
                <button type="button" onClick={() => api(`/api/v1/knox/alerts/${a.id}/acknowledge`, { method: 'POST' }).then(refresh, refresh)}>Acknowledge</button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div role="tablist" className="knox-tabs">
        {tabs.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>{label}</button>
        ))}
      </div>
      {tab === 'board' && <KeyBoard keys={keys} roster={roster} canAssign={can('knox.authorize')} onChange={refresh} />}
      {tab === 'accesses' && <Accesses filter={filter} onFilter={setFilter} accesses={accesses} boxes={boxes} reasons={reasons} canAuthorize={can('knox.authorize')} canRequest={can('knox.request')} onChange={refresh} />}
      {tab === 'accesses' && <More list={{ hasMore: next !== null, more }} label="accesses" />}
      {tab === 'accesses' && can('events.read') && <DailyLog zone={zone} accesses={accesses} />}
      {tab === 'register' && <Register boxes={boxes} keys={keys} canRegister={can('knox.register')} canReport={seesBoard} onChange={refresh} />}
      {tab === 'register' && seesBoard && <Distribution keys={keys} />}
    </section>
  );
}
