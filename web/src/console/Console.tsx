import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Me } from '../shared/api.ts';
import { useLiveDispatch, useNow, type LiveState } from '../client/live.ts';
import { useReference } from '../client/reference.ts';
import { clock } from '../shared/time.ts';
import { navigate } from '../shared/router.ts';
import { Who } from '../shared/When.tsx';
import { parseCommand, type Known } from '../client/commands.ts';
import { CommandLine } from './CommandLine.tsx';
import { execute, type Outcome } from '../client/execute.ts';
import { StatusBoard } from './StatusBoard.tsx';
import { byPriorityThenAge, IncidentList } from './IncidentLists.tsx';
import { IncidentDetail } from './IncidentDetail.tsx';
import { NewCallForm } from './NewCallForm.tsx';
import { CallQueue } from './CallQueue.tsx';
import type { Call, Incident, Unit } from '../client/types.ts';
import { AlertBar } from './AlertBar.tsx';
import { isEmergency, OVERDUE_KINDS } from '../client/alerts.ts';
import { InstantRecall } from '../recordings/InstantRecall.tsx';
import { ConnectionBanner, ReferenceBanner } from '../shell/ConnectionBanner.tsx';
// Geography: the map
import { MapPanel } from '../geo/MapPanel.tsx';
import { POSITION_KINDS } from '../client/positions.ts';
import './console.css';

function focusById(id: string) {
  document.getElementById(id)?.focus();
}

/** F2 command line, F3 new call, F4 pending queue, F6 active incidents, F7 status board, F8 the closed-call log. */
function useShortcuts() {
  useEffect(() => {
    const keys: Record<string, () => void> = {
      F2: () => focusById('command-line'),
      F3: () => focusById('new-call-line'),
      F4: () => (document.querySelector<HTMLButtonElement>('[data-testid="pending"] button') ?? document.getElementById('pending-title'))?.focus(),
      F6: () => document.querySelector<HTMLButtonElement>('[data-testid="active"] button')?.focus(),
      F7: () => focusById('board-title'),
      F8: () => navigate('/calls'),
    };
    const onKey = (e: KeyboardEvent) => {
      const action = keys[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The dispatcher's one screen. */
export function Console({ me }: { me: Me }) {
  const [store, state] = useLiveDispatch(me.permissions.includes('dispatch.calls'));
  const [taken, setTaken] = useState<Call | null>(null);
  const reference = useReference(me.user.username);
  const now = useNow();
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useShortcuts();

  // the same array until an incident changes: the map redraws its markers on a new one, and the console re-renders every second
  const incidents = useMemo(() => Object.values(state.incidents), [state.incidents]);
  const pending = incidents.filter((i) => i.status === 'pending').sort(byPriorityThenAge);
  const active = incidents.filter((i) => i.status !== 'pending' && i.status !== 'closed').sort(byPriorityThenAge);
  const known: Known = useMemo(() => ({
    callSigns: state.units.map((u) => u.callSign),
    incidents: Object.keys(state.incidents),
    reasons: reference?.reasons ?? [],
    dispositions: reference?.dispositions ?? [],
    types: reference?.incidentTypes ?? [],
  }), [state.units, state.incidents, reference]);
  const emergencyUnits = new Set(state.alerts.filter(isEmergency).map((a) => a.callSign ?? '').filter(Boolean));
  const overdueUnits = new Map(state.alerts.filter((a) => a.callSign && OVERDUE_KINDS[a.kind]).map((a) => [a.callSign!, OVERDUE_KINDS[a.kind]!]));

  // opening an incident reads its whole record once; after that the store keeps it current
  const select = useCallback((number: string) => {
    setSelected(number);
    void store.ensureIncident(number);
  }, [store]);
  const context = {
    me, selected, select, refresh: (n: string) => void store.refreshIncident(n), report: setOutcome,
    accept: (i: Incident) => store.accept(i), acceptUnit: (u: Unit) => store.acceptUnit(u),
  };
  const runLine = (line: string) => {
    const parsed = parseCommand(line, known);
    if (!parsed.ok) setOutcome({ kind: 'error', text: parsed.error });
    else void execute(parsed.command, context);
  };
  const accept = (units: string[]) => {
    if (selected) void execute({ verb: 'D', units, incident: selected }, context);
  };

  if (!reference) return <p className="loading">Loading the console…</p>;
  const detail = selected ? state.incidents[selected] : undefined;
  return (
    <div className="console" data-ready={state.ready ? 'true' : 'false'} data-connection={state.connection} data-seq={state.lastSeq}>
      <h1 className="visually-hidden">Dispatch console</h1>
      <ConnectionBanner state={state} timeZone={reference.timeZone} />
      <ReferenceBanner missing={reference.missing} />
      {state.missing.length > 0 && (
        <p className="banner missing" role="status">Not available on this server yet: {state.missing.join(', ')}</p>
      )}
      <AlertBar alerts={state.alerts} timeZone={reference.timeZone} onSelectIncident={select} />
      <div className="console-grid">
        <div className="col-left">
          <CallQueue calls={state.calls} now={now} timeZone={reference.timeZone} username={me.user.username}
            onAnswered={(call) => { store.acceptCall(call); setTaken(call); focusById('new-call-line'); }} />
          <NewCallForm reference={reference} taken={taken} onCreated={(t) => { setTaken(null); store.acceptTaken(t); setSelected(t.incident.number); }}
            onCallDone={(done) => {
              setTaken(null);
              if (done.kind === 'linked') { store.acceptTaken(done.taken); setSelected(done.taken.incident.number); } else store.acceptCall(done.call);
            }} />
          {me.permissions.includes('recordings.replay') && <InstantRecall timeZone={reference.timeZone} />}
        </div>
        <div className="col-mid">
          <div className="queues">
            <IncidentList title="Pending" id="pending" incidents={pending} reference={reference} now={now} selected={selected} onSelect={select} showUnits={false} empty="No call waiting." />
            <IncidentList title="Active incidents" id="active" incidents={active} reference={reference} now={now} selected={selected} onSelect={select} showUnits empty="No active incident." />
          </div>
          {detail ? (
            <IncidentDetail incident={detail} reference={reference} available={state.units.filter((u) => u.status === 'available').map((u) => u.callSign).join(' ')} onChanged={(i) => store.accept(i)} onAccept={accept} onClose={() => setSelected(null)} mayOverrideKeysOut={me.permissions.includes('knox.authorize')} mayWriteRecords={me.permissions.includes('records.write')} />
          ) : <p className="muted hint">Select an incident (F4 pending, F6 active, or <kbd>S 26-00042</kbd>) to see its record.</p>}
          <MapPanel units={state.units} incidents={incidents} calls={state.calls} positions={state.positions} selected={selected} onSelectIncident={select} />
          <Feed state={state} timeZone={reference.timeZone} />
        </div>
        <StatusBoard units={state.units} positions={state.positions} now={now} reference={reference} emergencyUnits={emergencyUnits} overdueUnits={overdueUnits} onSelectIncident={select} />
      </div>
      <CommandLine known={known} outcome={outcome} onRun={runLine} onCancelOverride={() => setOutcome(null)} />
    </div>
  );
}

// A record known to people by a number or call sign is named by it; one known only by an internal id is not.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The last events from every console and field unit, newest first. */
function Feed({ state, timeZone }: { state: LiveState; timeZone: string }) {
  return (
    <section className="panel feed" aria-labelledby="feed-title">
      <h2 id="feed-title">Activity <span className="count">#{state.lastSeq}</span></h2>
      <ol data-testid="feed">
        {state.feed.filter((e) => !POSITION_KINDS.includes(e.kind)).slice(0, 12).map((e) => (
          <li key={e.seq} data-seq={e.seq}>
            <time dateTime={e.at}>{clock(e.at, timeZone)}</time> {e.kind.replace(/[._]/g, ' ')} {UUID.test(e.subjectId) ? '' : e.subjectId} {e.actor.user && <>· <Who name={e.actor.name} login={e.actor.user} /></>}
          </li>
        ))}
      </ol>
    </section>
  );
}
