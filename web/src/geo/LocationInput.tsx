import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import './map.css';
import type { Static } from 'typebox';
import type { ReverseAnswer, Suggestion } from '../../../src/geo/schemas.ts';

/** A location as the town's files know it (GET /api/v1/geo/suggestions). */
/** A place a typed location may mean, as the server suggests it. */
export type Place = Static<typeof Suggestion>;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The location field of a call (81A §C.2.b.iii): as the call-taker types it offers
 * matching addresses, intersections, places and mile markers from the town's files,
 * and the address nearest the ALI point; choosing one sets the point, sector and
 * districts. Text that matches nothing is still accepted, shown as unverified.
 */
export function LocationInput({ value, place, ali, onChange }: {
  value: string; place: Place | null; ali?: Record<string, unknown> | null | undefined; onChange: (address: string, place: Place | null) => void;
}) {
  const [options, setOptions] = useState<Place[]>([]);
  const [nearAli, setNearAli] = useState<Place | null>(null);
  const aliLat = ali?.lat;
  const aliLon = ali?.lon;

  useEffect(() => {
    setNearAli(null);
    if (!finite(aliLat) || !finite(aliLon)) return;
    let live = true;
    api<Static<typeof ReverseAnswer>>(`/api/v1/geo/reverse?lat=${aliLat}&lon=${aliLon}`).then((r) => { if (live) setNearAli(r.nearest); }, () => undefined);
    return () => { live = false; };
  }, [aliLat, aliLon]);

  useEffect(() => {
    if (place || value.trim().length < 2) { setOptions([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      api<Place[]>(`/api/v1/geo/suggestions?q=${encodeURIComponent(value.trim())}&limit=6`).then((list) => { if (live) setOptions(list); }, () => undefined);
    }, 150);
    return () => { live = false; clearTimeout(timer); };
  }, [value, place]);

  const offered = [...(nearAli && !place ? [nearAli] : []), ...options.filter((o) => o.label !== nearAli?.label)];
  return (
    <div className="location-input">
      <label>Location <input value={value} onChange={(e) => onChange(e.target.value, null)} required maxLength={300} aria-describedby="location-state" /></label>
      <p id="location-state" className={place ? 'location-verified' : 'location-unverified'} data-testid="location-state">
        {place ? `✓ verified · ${[place.note, place.sector, place.fireDistrict, place.emsDistrict].filter(Boolean).join(' · ')}` : value.trim() ? 'unverified — not chosen from the town’s addresses' : ''}
      </p>
      {offered.length > 0 && (
        <ul className="location-options" aria-label="Suggested locations" data-testid="location-options">
          {offered.map((o) => (
            <li key={`${o.kind}:${o.label}`}>
              <button type="button" onClick={() => onChange(o.label, o)}>
                {o === nearAli ? 'Near ALI: ' : ''}{o.label} <span className="muted">{o.note ?? o.kind.replace('_', ' ')}{o.sector ? ` · ${o.sector}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
