import { useMemo, useState } from 'react';
import { MapPanel, type MapIncident } from '../geo/MapPanel.tsx';
import { isWithheld, locationText, type Incident, type Unit } from '../client/types.ts';
import type { Position } from '../client/positions.ts';
import type { FieldIncident } from '../client/field.ts';

interface FieldMapProps {
  callSign: string;
  units: Unit[];
  /** The field view's live store: incidents withheld from this terminal (81A §E.2.c) come without a location and are never drawn. */
  incidents: Record<string, Incident>;
  /** The unit's own incident as the field view shows it (a confidential one through the unit's assignment). */
  mine: FieldIncident | undefined;
  positions: Record<string, Position>;
}

/**
 * The town's map on the mobile data terminal (81A §B.2.b.iv), shown on request so the status
 * buttons and the emergency button stay in reach: the town's own layers, the officer's unit and
 * its incident outlined, the other units and the open incidents this terminal may already read.
 * It opens at the unit's incident, at street level (at town scale when the unit has none).
 * Tapping an incident names it and its address.
 */
export function FieldMap({ callSign, units, incidents, mine, positions }: FieldMapProps) {
  const [open, setOpen] = useState(false);
  const [tapped, setTapped] = useState<string | null>(null);
  // only what the field view already shows: open incidents not withheld, and the unit's own one
  // (kept while they do not change: the view renders every second, and a redrawn marker loses a tap)
  const drawn = useMemo(() => {
    const open: (MapIncident & { location: FieldIncident['location'] })[] = Object.values(incidents).filter((i) => i.status !== 'closed' && !isWithheld(i) && i.number !== mine?.number);
    if (mine && mine.status !== 'closed' && !isWithheld(mine)) open.push(mine);
    return open;
  }, [incidents, mine]);
  const shown = drawn.find((i) => i.number === tapped);
  return (
    <div className="field-map">
      <button type="button" className="map-toggle" aria-expanded={open} aria-controls="field-map" onClick={() => setOpen(!open)}>
        {open ? 'Hide map' : 'Show map'}
      </button>
      {open && (
        <div id="field-map">
          <MapPanel units={units} incidents={drawn} positions={positions} selected={mine?.number ?? null} selectedUnit={callSign} onSelectIncident={setTapped} focusSelected
            caption={`Unit ${callSign}${mine ? ` and incident ${mine.number}` : ''} outlined in white.`} />
          <p className="map-tapped" aria-live="polite" data-testid="map-tapped">
            {shown ? `${shown.number}${shown.number === mine?.number ? ' (yours)' : ''} · ${locationText(shown.location)}` : 'Tap an incident for its address.'}
          </p>
        </div>
      )}
    </div>
  );
}
