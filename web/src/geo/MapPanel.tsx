import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection } from 'geojson';
import type { Static } from 'typebox';
import type { MapLayers } from '../../../src/geo/schemas.ts';
import type { KnoxBoxesAnswer } from '../../../src/keys/schemas.ts';
import type { CautionedAddress } from '../../../src/records/cautions/schemas.ts';
import { api } from '../shared/api.ts';
import { saveAs } from '../shared/download.ts';
import { unitLook } from '../client/status.ts';
import type { Call, Incident, Unit } from '../client/types.ts';
import type { Position } from '../client/positions.ts';
import { basemapLayer, loadBasemap, type Basemap } from './basemap.ts';
import './map.css';

/** The map's layers as the server sends them, the two feature collections typed as GeoJSON for the map library. */
type Layers = Omit<Static<typeof MapLayers>, 'streets' | 'areas'> & { streets: FeatureCollection; areas: FeatureCollection };

/** Knox Boxes (O-604 §I.B) and cautioned addresses, each read through its own capability's route: a person not allowed one gets none. */
interface Marks { knox: Static<typeof KnoxBoxesAnswer>; cautions: Static<typeof CautionedAddress>[] }

/** What the map draws of an incident: a whole record on the console, what the field view holds of one on a terminal. */
export type MapIncident = Pick<Incident, 'number' | 'priority' | 'type'> & { typeName?: string | null; location?: { lat?: number | null; lon?: number | null } | null };

export interface MapProps {
  units: Unit[];
  incidents: MapIncident[];
  /** Ringing E-911 calls: their ALI point and uncertainty are drawn as a circle. */
  calls?: Call[];
  /** Units' last positions from the live store (the board reads the same). */
  positions: Record<string, Position>;
  selected: string | null;
  onSelectIncident: (number: string) => void;
  onSelectUnit?: (callSign: string) => void;
  selectedUnit?: string | null;
  /** What the map says under its heading, for a screen that shows it beside other things (the field view). */
  caption?: string;
  /** Knox Boxes and cautioned addresses on the map (the default); the trends map draws incidents only. */
  marks?: boolean;
  /** The map's heading (default "Map"). */
  title?: string;
  /** Open at the selected incident, at street level, instead of at town scale (the field view: the officer's own incident). */
  focusSelected?: boolean;
  /** A "Save PNG" button: the map as drawn, saved under this file name (the trends map), then `onPngSaved`. */
  png?: string;
  onPngSaved?: () => void;
}

/** Street level: a few blocks around the point (about 1.8 km across a 1 000 px map at Massachusetts' latitude). */
const FOCUS_ZOOM = 16;

const PRIORITY_COLOUR = ['#ff4d4f', '#ff4d4f', '#f5a524', '#ffdd57', '#4da3ff', '#8a97a8'];
const STATUS_COLOUR: Record<string, string> = {
  available: '#2fbf71', dispatched: '#f5a524', en_route: '#ffdd57', arrived: '#4da3ff', out_of_service: '#8a97a8', standby: '#c38cff', emergency: '#ff4d4f',
};

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A drawn marker says what it is and where it stands, for the tests and assistive tools that read the page. */
function tag(layer: L.Layer & { getElement?: () => Element | undefined }, attributes: Record<string, string | number>): void {
  const element = layer.getElement?.();
  for (const [name, value] of Object.entries(attributes)) element?.setAttribute(`data-${name}`, String(value));
}

function unitIcon(unit: Unit, position: Position, selected: boolean): L.DivIcon {
  const look = unitLook(unit.status);
  const stale = position.stale ? ' stale' : '';
  return L.divIcon({
    className: `map-unit st-${unit.status}${stale}${selected ? ' selected' : ''}`,
    html: `<span style="--c:${STATUS_COLOUR[unit.status] ?? '#ccc'}">${look.symbol} ${unit.callSign}${position.stale ? ' (stale)' : ''}</span>`,
    iconSize: undefined,
  });
}

/**
 * The dispatcher's map (81A §B.2.b.iv "maps detailing the town"): the town's own
 * street centerlines and sectors as the base (no tile server; under them the agency's
 * own basemap file when it has one), incidents by priority,
 * units by status in the board's colours and shapes, the ALI circle of ringing calls.
 * Clicking selects, and the selection follows the board's.
 */
export function MapPanel(props: MapProps) {
  const holder = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const overlay = useRef<L.LayerGroup | null>(null);
  const [layers, setLayers] = useState<Layers | null>(null);
  const [basemap, setBasemap] = useState<Basemap | null>(null);
  const [marks, setMarks] = useState<Marks>({ knox: [], cautions: [] });
  const marksGroup = useRef<L.LayerGroup | null>(null);
  /** Whether this map was already taken to the selected incident (once, when it opens or when the incident's point first comes). */
  const focused = useRef(false);
  const { positions } = props;

  useEffect(() => {
    let live = true;
    api<Layers>('/api/v1/geo/layers').then((l) => { if (live) setLayers(l); }, () => undefined);
    void loadBasemap().then((b) => { if (live) setBasemap(b); });
    if (props.marks === false) return () => { live = false; };
    void Promise.all([
      api<Marks['knox']>('/api/v1/knox/boxes').catch(() => []),
      api<Marks['cautions']>('/api/v1/caution-flags/addresses').catch(() => []),
    ]).then(([knox, cautions]) => { if (live) setMarks({ knox, cautions }); });
    return () => { live = false; };
  }, []);

  useEffect(() => {
    if (!holder.current || !layers || map.current) return;
    const m = L.map(holder.current, { zoomControl: true, attributionControl: false, preferCanvas: false });
    const areas = L.geoJSON(layers.areas, {
      style: (f) => ({ color: f?.properties?.kind === 'sector' ? '#7aa2ff' : '#555', weight: f?.properties?.kind === 'sector' ? 2 : 1, fill: f?.properties?.kind === 'sector', fillOpacity: 0.04, dashArray: f?.properties?.kind === 'sector' ? undefined : '4 4' }),
      onEachFeature: (f, layer) => { if (f.properties?.kind === 'sector') layer.bindTooltip(String(f.properties.name), { permanent: true, direction: 'center', className: 'map-sector-label' }); },
    });
    const streets = L.geoJSON(layers.streets, { style: { color: '#9aa7b8', weight: 3 }, onEachFeature: (f, layer) => layer.bindTooltip(String(f.properties?.name ?? '')) });
    // The shown view says where it is, for the tests and for tools that read the page.
    m.on('moveend zoomend', () => {
      const shown = m.getBounds();
      holder.current?.setAttribute('data-zoom', String(m.getZoom()));
      holder.current?.setAttribute('data-view', [shown.getSouth(), shown.getWest(), shown.getNorth(), shown.getEast()].map((n) => n.toFixed(6)).join(','));
    });
    // The view first (Leaflet cannot draw a layer on a map that has none): the whole town, its sectors and streets.
    const bounds = areas.getBounds();
    if (streets.getBounds().isValid()) bounds.extend(streets.getBounds());
    if (bounds.isValid()) m.fitBounds(bounds); else m.setView([42.32, -72.64], 14);
    areas.addTo(m);
    streets.addTo(m);
    for (const p of layers.places) L.circleMarker([p.lat, p.lon], { radius: 3, color: '#d0d6e0' }).bindTooltip(p.name).addTo(m);
    marksGroup.current = L.layerGroup().addTo(m);
    overlay.current = L.layerGroup().addTo(m);
    map.current = m;
    focused.current = false;
    return () => { m.remove(); map.current = null; };
  }, [layers]);

  // The field view's map opens at the officer's incident; if its point comes after the map, the map goes there then, once.
  useEffect(() => {
    if (!props.focusSelected || focused.current || !map.current) return;
    const { lat, lon } = props.incidents.find((i) => i.number === props.selected)?.location ?? {};
    if (!finite(lat) || !finite(lon)) return;
    map.current.setView([lat, lon], FOCUS_ZOOM, { animate: false });
    focused.current = true;
  }, [layers, props.selected, props.incidents, props.focusSelected]);

  // The agency's basemap file, when it has one, under everything else (Leaflet's tile pane), its attribution in the corner.
  useEffect(() => {
    const m = map.current;
    if (!m || !basemap) return;
    const layer = basemapLayer(basemap).addTo(m);
    // the control reads the layer's attribution when it is added
    const attribution = basemap.attribution ? L.control.attribution({ prefix: false }).addTo(m) : null;
    return () => { layer.remove(); attribution?.remove(); };
  }, [basemap, layers]);

  useEffect(() => {
    const group = marksGroup.current;
    if (!group) return;
    group.clearLayers();
    for (const box of marks.knox) {
      if (!box.active || !finite(box.location.lat) || !finite(box.location.lon)) continue;
      L.marker([box.location.lat, box.location.lon], { icon: L.divIcon({ className: 'map-knox', html: '<span>🔑 Knox</span>', iconSize: undefined }), keyboard: false })
        .bindTooltip(`Knox Box ${box.id}: ${box.location.building}`).addTo(group);
    }
    for (const c of marks.cautions) {
      L.marker([c.lat, c.lon], { icon: L.divIcon({ className: 'map-caution', html: '<span>⚠ Caution</span>', iconSize: undefined }), keyboard: false })
        .bindTooltip(`Caution at ${c.address}: ${c.kinds.join(', ')}`).addTo(group);
    }
  }, [marks, layers]);

  useEffect(() => {
    const group = overlay.current;
    if (!group) return;
    group.clearLayers();
    for (const call of props.calls ?? []) {
      const ali = call.ali as { lat?: unknown; lon?: unknown; uncertaintyMetres?: unknown } | null | undefined;
      if (!ali || !finite(ali.lat) || !finite(ali.lon)) continue;
      L.circle([ali.lat, ali.lon], { radius: finite(ali.uncertaintyMetres) ? ali.uncertaintyMetres : 50, color: '#ff4d4f', dashArray: '6 4', fillOpacity: 0.1, className: 'map-ali' })
        .bindTooltip(`E-911 ${call.callbackNumber ?? ''} ±${finite(ali.uncertaintyMetres) ? ali.uncertaintyMetres : '?'} m`).addTo(group);
    }
    for (const incident of props.incidents) {
      const { lat, lon } = incident.location ?? {};
      if (!finite(lat) || !finite(lon)) continue;
      const selected = incident.number === props.selected;
      const marker = L.circleMarker([lat, lon], {
        radius: selected ? 11 : 8, color: selected ? '#fff' : '#000', weight: selected ? 3 : 1, fillColor: PRIORITY_COLOUR[incident.priority] ?? '#ccc', fillOpacity: 0.95,
        className: `map-incident${selected ? ' selected' : ''}`,
      }).bindTooltip(`${incident.number} P${incident.priority} ${incident.typeName ?? incident.type}`).on('click', () => props.onSelectIncident(incident.number)).addTo(group);
      tag(marker, { incident: incident.number, lat, lon });
    }
    for (const unit of props.units) {
      const position = positions[unit.callSign];
      if (!position) continue;
      const marker = L.marker([position.lat, position.lon], { icon: unitIcon(unit, position, unit.callSign === props.selectedUnit), keyboard: false })
        .on('click', () => (unit.incident ? props.onSelectIncident(unit.incident) : props.onSelectUnit?.(unit.callSign))).addTo(group);
      tag(marker, { unit: unit.callSign, lat: position.lat, lon: position.lon });
    }
  }, [props.units, props.incidents, props.calls, props.selected, props.selectedUnit, positions, layers]);

  useEffect(() => {
    const incident = props.incidents.find((i) => i.number === props.selected);
    const { lat, lon } = incident?.location ?? {};
    if (map.current && finite(lat) && finite(lon)) map.current.panTo([lat, lon]);
  }, [props.selected]);

  // The map is markup (Leaflet's SVG and markers), not one canvas: it is rasterised with html-to-image, loaded when first asked.
  const savePng = async () => {
    if (!holder.current || !props.png) return;
    const { toPng } = await import('html-to-image');
    const controls = (node: HTMLElement) => !node.classList?.contains('leaflet-control-container');
    saveAs(await toPng(holder.current, { backgroundColor: '#141b24', pixelRatio: 2, skipFonts: true, filter: controls }), props.png);
    props.onPngSaved?.();
  };

  return (
    <section className="panel map" aria-labelledby="map-title">
      <h2 id="map-title">{props.title ?? 'Map'}</h2>
      {props.png && <button type="button" className="map-png" onClick={() => void savePng()}>Save PNG</button>}
      {props.caption && <p className="muted map-caption">{props.caption}</p>}
      <div ref={holder} className="map-canvas" data-testid="map" data-units={Object.keys(positions).length} />
    </section>
  );
}
