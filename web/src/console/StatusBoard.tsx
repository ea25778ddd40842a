import type { Unit } from '../client/types.ts';
import { unitWhere, type Position } from '../client/positions.ts';
import { elapsed } from '../shared/time.ts';
import { UNIT_STATUS, unitLook } from '../client/status.ts';
import { codeName, type Reference } from '../client/reference.ts';

/** Every unit with its status, incident, location and time in status (81A §E.1.a, §E.2.a). */
export function StatusBoard({ units, positions = {}, now, reference, emergencyUnits, overdueUnits = new Map(), onSelectIncident }: {
  units: Unit[];
  /** Units' last AVL positions: a fresh one's nearest address is the unit's location (81A §E.1.a). */
  positions?: Record<string, Position>;
  now: number;
  reference: Reference;
  emergencyUnits: Set<string>;
  /** Call sign → why the unit is overdue. */
  overdueUnits?: Map<string, string>;
  onSelectIncident: (number: string) => void;
}) {
  return (
    <section className="panel board" aria-labelledby="board-title">
      <h2 id="board-title" tabIndex={-1}>Units <span className="count">{units.filter((u) => u.status === 'available').length} available of {units.length}</span></h2>
      <table className="board-table" data-testid="status-board">
        <thead>
          <tr><th scope="col">Unit</th><th scope="col">Status</th><th scope="col">Incident</th><th scope="col">Location</th><th scope="col">Time</th></tr>
        </thead>
        <tbody>
          {units.map((unit) => {
            const status = emergencyUnits.has(unit.callSign) ? 'emergency' : unit.status;
            const look = unitLook(status);
            const where = unitWhere(unit, positions[unit.callSign]);
            const reason = unit.status === 'out_of_service' && unit.reason ? ` – ${codeName(reference.reasons, unit.reason)}` : '';
            return (
              <tr key={unit.callSign} className={`unit st-${status}${overdueUnits.has(unit.callSign) ? ' overdue' : ''}`} data-unit={unit.callSign} data-status={status} data-overdue={overdueUnits.has(unit.callSign) ? 'true' : undefined}>
                <th scope="row" className="callsign">{unit.callSign}</th>
                <td className="st"><span className="shape" aria-hidden="true">{look.symbol}</span> {look.label}{reason}
                  {overdueUnits.has(unit.callSign) && <strong className="flag-overdue"> ⏱ OVERDUE – {overdueUnits.get(unit.callSign)}</strong>}
                  {unit.standby && <span className="flag-standby"> ◐ standby</span>}
                  {(unit.unansweredCalls ?? 0) > 0 && <span className="flag-noanswer"> no answer ×{unit.unansweredCalls}</span>}</td>
                <td>{unit.incident ? (
                  <button type="button" className="link" onClick={() => onSelectIncident(unit.incident!)}>{unit.incident}</button>
                ) : ''}</td>
                <td className="loc" data-source={where.source}>{where.text}
                  {where.source === 'avl' && <span className="flag-avl" title="nearest address to the unit's vehicle location"> ⌖ AVL</span>}
                  {where.stale && <span className="flag-stale" title="the vehicle location is stale and not used"> (AVL stale)</span>}</td>
                <td className="timer">{elapsed(unit.since, now)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className="legend" aria-label="Legend">
        {Object.entries(UNIT_STATUS).map(([code, look]) => (
          <li key={code} className={`st-${code}`}><span className="shape" aria-hidden="true">{look.symbol}</span> {look.label}</li>
        ))}
      </ul>
    </section>
  );
}
