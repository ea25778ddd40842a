import type { Incident } from '../client/types.ts';
import { locationText } from '../client/types.ts';
import { clock, elapsed } from '../shared/time.ts';
import { INCIDENT_STATUS, priorityLabel } from '../client/status.ts';
import { typeName, type Reference } from '../client/reference.ts';

/** 81A §C.2.a: emergencies first, then by how long they have waited. */
export function byPriorityThenAge(a: Incident, b: Incident): number {
  return a.priority - b.priority || new Date(a.reportedAt).getTime() - new Date(b.reportedAt).getTime();
}

function IncidentRow({ incident, reference, now, selected, onSelect, showUnits }: {
  incident: Incident; reference: Reference; now: number; selected: boolean; onSelect: (n: string) => void; showUnits: boolean;
}) {
  const units = (incident.units ?? []).filter((u) => !u.clearedAt).map((u) => u.callSign);
  return (
    <li className={`incident p${incident.priority}`} data-incident={incident.number}>
      <button type="button" aria-current={selected ? 'true' : undefined} onClick={() => onSelect(incident.number)}>
        <span className="prio">{priorityLabel(incident.priority)}</span>
        <span className="num">{incident.number}</span>
        <span className="type">{typeName(reference, incident.type)}{incident.confidential ? ' 🔒' : ''}</span>
        <span className="loc">{locationText(incident.location)}</span>
        {showUnits
          ? <span className="units">{INCIDENT_STATUS[incident.status] ?? incident.status}{units.length ? `: ${units.join(' ')}` : ''}</span>
          : <span className="wait" title={`reported ${clock(incident.reportedAt, reference.timeZone)}`}>waiting {elapsed(incident.reportedAt, now)}</span>}
      </button>
    </li>
  );
}

export function IncidentList({ title, id, incidents, reference, now, selected, onSelect, showUnits, empty }: {
  title: string; id: string; incidents: Incident[]; reference: Reference; now: number; selected: string | null;
  onSelect: (n: string) => void; showUnits: boolean; empty: string;
}) {
  return (
    <section className="panel list" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title} <span className="count">{incidents.length}</span></h2>
      {incidents.length === 0 ? <p className="muted">{empty}</p> : (
        <ol className="incidents" data-testid={id}>
          {incidents.map((i) => (
            <IncidentRow key={i.number} incident={i} reference={reference} now={now} selected={selected === i.number} onSelect={onSelect} showUnits={showUnits} />
          ))}
        </ol>
      )}
    </section>
  );
}
