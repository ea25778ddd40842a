import type { Locator } from '../../geo/service.ts';
import type { Ali } from '../calls/model.ts';
import type { IncidentLocation } from './model.ts';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Where an incident is, from what the call-taker chose and what the phone system said
 * (81A §C.2.b.ii–iii): the address checked against the town's file (verified or not),
 * its point, the sector and districts it lies in (§E.2.b.i), and the E-911 caller's
 * ALI point and uncertainty kept beside it. A point given with the location wins over
 * the file's; without either, the ALI point places the incident. A location shown as
 * the police department's (a confidential shelter, §D.3.c) is left as it is: neither
 * the file nor the ALI may place it.
 */
export function placeIncident(location: IncidentLocation, ali: Ali | null | undefined, locate: Locator, masked: boolean): IncidentLocation {
  if (masked) return location;
  const aliPoint = ali && finite(ali.lat) && finite(ali.lon) ? { lat: ali.lat, lon: ali.lon, uncertaintyMetres: finite(ali.uncertaintyMetres) ? ali.uncertaintyMetres : null } : null;
  const checked = locate.verify(location.address);
  const given = finite(location.lat) && finite(location.lon) ? { lat: location.lat, lon: location.lon } : null;
  const point = given ?? (checked.lat !== null && checked.lon !== null ? { lat: checked.lat, lon: checked.lon } : null) ?? aliPoint;
  const areas = point ? locate.areasAt(point) : { sector: null, fireDistrict: null, emsDistrict: null };
  return {
    ...location,
    lat: point?.lat ?? null,
    lon: point?.lon ?? null,
    area: location.area ?? areas.sector,
    fireDistrict: areas.fireDistrict,
    emsDistrict: areas.emsDistrict,
    verified: checked.verified,
    ...(aliPoint ? { ali: aliPoint } : {}),
  };
}
