/**
 * Geography at a town's scale and more (issue 17's three aims), on a synthetic town made here:
 * 1. address suggestions as a call-taker types, with 200 000 address points and 20 000 street
 *    segments (aim: p95 under 20 ms), through `GET /api/v1/geo/suggestions`;
 * 2. a recommendation with travel time, 2 000 units placed on a street graph of about 100 000
 *    edges (aim: p99 under 50 ms), through `GET /api/v1/incidents/:number/recommendation`;
 * 3. 500 AVL updates a second (NMEA RMC over UDP to the AVL listener, as modems send them)
 *    reaching 200 consoles on the stream (aim: p99 under 200 ms), from the datagram's sending
 *    until the 200th console has the `unit.position` event; the consoles run in a worker thread.
 * Beside each HTTP figure the same work in process, without the request (sign-in check, routing,
 * serialising): the lookup alone (`Gazetteer.suggest`), the recommendation alone (`recommend`) and
 * its street search alone (`StreetNetwork.travelTo` for the 12 nearest units), each timed next to
 * the request it matches, so both see the same load.
 * PGlite always; PostgreSQL when one answers at DATABASE_URL or 127.0.0.1:5432.
 * `GEO_BENCH_ADDRESSES`, `GEO_BENCH_GRID` (lines each way), `GEO_BENCH_UNITS`, `GEO_BENCH_CONSOLES`,
 * `GEO_BENCH_AVL_RATE`, `GEO_BENCH_AVL_SECONDS`, `GEO_BENCH_DATABASES` change the sizes;
 * `GEO_BENCH_PARTS` (default `suggestions,recommendation,avl`) which aims are measured.
 */
import { createSocket } from 'node:dgram';
import { inTransaction } from '../src/db/index.ts';
import { lastSeq } from '../src/core/events/log.ts';
import { consoleActor } from '../src/identity/service.ts';
import { geography, importLayer, placeUnits } from '../src/geo/service.ts';
import { StreetNetwork } from '../src/geo/streets.ts';
import { recommend } from '../src/dispatch/units/recommend.ts';
import { saveModem } from '../src/geo/store.ts';
import { refreshPlannerStatistics } from '../src/db/statistics.ts';
import { startAvlListener } from '../src/geo/avl-listener.ts';
import { rmcSentence } from '../src/geo/nmea.ts';
import { openIncident } from '../test/support/incidents.ts';
import { percentile } from './stats.ts';
import { benchServer, cpuMsSince, profilePhase, profileUntil, streamConsoles } from './server.ts';

const ADDRESSES = Number(process.env.GEO_BENCH_ADDRESSES ?? 200_000);
const STREETS = 200; // named streets, each in 100 segments: 20 000 segments
const SEGMENTS_EACH = 100;
const GRID = Number(process.env.GEO_BENCH_GRID ?? 224); // 2 × 224 × 223 = 99 904 edges
const UNITS = Number(process.env.GEO_BENCH_UNITS ?? 2000);
const CONSOLES = Number(process.env.GEO_BENCH_CONSOLES ?? 200);
const AVL_RATE = Number(process.env.GEO_BENCH_AVL_RATE ?? 500);
const AVL_SECONDS = Number(process.env.GEO_BENCH_AVL_SECONDS ?? 5);
const PARTS = new Set((process.env.GEO_BENCH_PARTS ?? 'suggestions,recommendation,avl').split(','));
const PROFILE = process.env.GEO_BENCH_PROFILE; // a folder: V8 CPU profiles of each measured phase
const WARM_UP = 100; // requests not counted: the first after an index is built run while V8 still compiles and collects the build's garbage

const SOUTH = 42.30;
const WEST = -72.70;
const ROW = 0.0009; // about 100 m between east–west streets
const SEGMENT = 0.0012; // about 100 m a segment
const EAST = WEST + SEGMENTS_EACH * SEGMENT;
const FIRST = ['Maple', 'Oak', 'Elm', 'Birch', 'Cedar', 'Pine', 'Spruce', 'Walnut', 'Chestnut', 'Hickory', 'Willow', 'Aspen', 'Laurel', 'Holly', 'Juniper', 'Magnolia', 'Poplar', 'Sycamore', 'Hawthorn', 'Alder'];
const SECOND = ['Hill', 'Brook', 'Ridge', 'Meadow', 'Valley', 'Grove', 'Field', 'Pond', 'Orchard', 'Mill'];
const streetName = (i: number) => `${FIRST[i % FIRST.length]} ${SECOND[Math.floor(i / FIRST.length) % SECOND.length]} Street`;
const rowLat = (i: number) => SOUTH + i * ROW;
const r6 = (n: number) => Math.round(n * 1e6) / 1e6;
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const fmt = (values: number[], p: number) => `p50 ${percentile(values, 50).toFixed(1)} ms  p${p} ${percentile(values, p).toFixed(1)} ms`;
const actor = consoleActor();

/** 200 east–west streets in 100 segments each, and the address points along them, 15 m off the centerline. */
function suggestionTown(): { streets: string; addresses: string } {
  const streets: unknown[] = [];
  for (let i = 0; i < STREETS; i++) for (let j = 0; j < SEGMENTS_EACH; j++) {
    streets.push(feature({ name: streetName(i), speed_mph: 25 }, { type: 'LineString', coordinates: [[r6(WEST + j * SEGMENT), r6(rowLat(i))], [r6(WEST + (j + 1) * SEGMENT), r6(rowLat(i))]] }));
  }
  const each = Math.ceil(ADDRESSES / STREETS);
  const addresses: unknown[] = [];
  for (let i = 0; i < STREETS; i++) for (let n = 1; n <= each && addresses.length < ADDRESSES; n++) {
    const lon = WEST + ((n - 1) / each) * (EAST - WEST);
    addresses.push(feature({ number: String(n), street: streetName(i) }, { type: 'Point', coordinates: [r6(lon), r6(rowLat(i) + (n % 2 ? 1 : -1) * 0.000135)] }));
  }
  return { streets: collection(streets), addresses: collection(addresses) };
}

/** A grid of GRID east–west and GRID north–south streets over the same ground: about 2 × GRID² edges between vertices. */
function gridStreets(): string {
  const lats = Array.from({ length: GRID }, (_, i) => r6(SOUTH + (i * (STREETS * ROW)) / (GRID - 1)));
  const lons = Array.from({ length: GRID }, (_, i) => r6(WEST + (i * (EAST - WEST)) / (GRID - 1)));
  const lines: unknown[] = [];
  for (const [i, lat] of lats.entries()) lines.push(feature({ name: `East ${i} Street`, speed_mph: 30 }, { type: 'LineString', coordinates: lons.map((lon) => [lon, lat]) }));
  for (const [i, lon] of lons.entries()) lines.push(feature({ name: `North ${i} Avenue`, speed_mph: 30 }, { type: 'LineString', coordinates: lats.map((lat) => [lon, lat]) }));
  return collection(lines);
}

/** Queries as call-takers type them: house and street in either order, abbreviations, a typo, a street alone, half a name. */
function queries(count: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const i = (k * 37) % STREETS;
    const name = streetName(i);
    const [first, second] = name.split(' ') as [string, string];
    const n = 1 + ((k * 131) % Math.ceil(ADDRESSES / STREETS));
    const shapes = [
      `${n} ${name}`, `${n} ${first} ${second} st`, `${first} ${second} St ${n}`, `${n} ${first.slice(0, -1)}x ${second}`,
      `${first} ${second}`, `${n} ${first.toLowerCase()} ${second.slice(0, 3).toLowerCase()}`,
    ];
    out.push(shapes[k % shapes.length]!);
  }
  return out;
}

async function run(kind: 'pglite' | 'postgresql'): Promise<void> {
  const { ctx, base, token, close } = await benchServer(kind);
  const headers = { authorization: `Bearer ${token}` };
  const get = async (url: string) => {
    const response = await fetch(`${base}/api/v1${url}`, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  /** One request timed, and the CPU this process used while it ran (the server's, the client's, and on PGlite the database's) added to `cpu`. */
  const timed = async (url: string, times: number[], cpu: { ms: number }) => {
    const used = process.cpuUsage();
    const t0 = performance.now();
    const answer = await get(url);
    times.push(performance.now() - t0);
    cpu.ms += cpuMsSince(used);
    return answer;
  };
  const cpuNote = kind === 'pglite' ? 'the embedded database’s work and the client’s included' : 'the client’s included, not PostgreSQL’s own';
  const label = kind.padEnd(10);
  const signs = Array.from({ length: UNITS }, (_, i) => `G${String(i + 1).padStart(4, '0')}`);

  // 1. address suggestions
  const town = suggestionTown();
  let t = performance.now();
  const addressLayer = await importLayer(ctx, actor, { kind: 'addresses', format: 'geojson', text: town.addresses, source: 'bench-addresses.geojson' });
  const streetLayer = await importLayer(ctx, actor, { kind: 'streets', format: 'geojson', text: town.streets, source: 'bench-streets.geojson' });
  const imported = (performance.now() - t) / 1000;
  if (PARTS.has('suggestions')) {
    t = performance.now();
    await get(`/geo/suggestions?q=${encodeURIComponent('1 maple hill st')}`);
    const firstQuery = performance.now() - t;
    const { gazetteer } = await geography(ctx);
    for (const q of queries(WARM_UP)) { gazetteer.suggest(q, 10); await get(`/geo/suggestions?q=${encodeURIComponent(q)}`); }
    const lookup: number[] = [];
    const suggestion: number[] = [];
    const suggestionCpu = { ms: 0 };
    let found = 0;
    await profilePhase(PROFILE, `suggestions-${kind}`, async () => {
      for (const q of queries(300)) {
        t = performance.now();
        gazetteer.suggest(q, 10);
        lookup.push(performance.now() - t);
        const answer = await timed(`/geo/suggestions?q=${encodeURIComponent(q)}`, suggestion, suggestionCpu) as unknown[];
        if (answer.length > 0) found += 1;
      }
    });
    console.log(`${label} addresses=${addressLayer.features} segments=${streetLayer.features}  import ${imported.toFixed(1)} s  first query (loads the index) ${firstQuery.toFixed(0)} ms`);
    console.log(`${label}   suggestions over HTTP ${fmt(suggestion, 95)}  (${suggestion.length} queries after ${WARM_UP} not counted, ${found} with an answer; aim p95 < 20 ms)  CPU ${(suggestionCpu.ms / suggestion.length).toFixed(2)} ms/request (${cpuNote})`);
    console.log(`${label}   the lookup alone      ${fmt(lookup, 95)}  (Gazetteer.suggest in process, the same queries)`);
  }

  // 2. recommendation with travel time over the grid
  if (PARTS.has('recommendation') || PARTS.has('avl')) {
    t = performance.now();
    await importLayer(ctx, actor, { kind: 'streets', format: 'geojson', text: gridStreets(), source: 'bench-grid.geojson' });
    const now = new Date();
    await inTransaction(ctx.db, async (tx) => {
      for (let i = 0; i < signs.length; i += 500) {
        const chunk = signs.slice(i, i + 500);
        // one in 20 a supervisor's car, as on a real board (a robbery needs one, 81A §E.4)
        await tx.insertInto('agency_unit').values(chunk.map((s, j) => ({ call_sign: s, kind: 'cruiser', service: 'police' as const, area: null, description: null, supervisor: (i + j) % 20 === 0 }))).execute();
        await tx.insertInto('unit_status').values(chunk.map((s) => ({ call_sign: s, status: 'available', incident_number: null, reason: null, since: now, location: JSON.stringify({ address: 'patrol' }), personnel: ['Officer'] }))).execute();
        await tx.insertInto('geo_unit_position').values(chunk.map((s, j) => ({
          call_sign: s, lat: r6(SOUTH + (((i + j) * 7919) % 1000) / 1000 * STREETS * ROW), lon: r6(WEST + (((i + j) * 104729) % 1000) / 1000 * (EAST - WEST)),
          speed_kmh: null, heading: null, source: 'http' as const, fixed_at: now, received_at: now,
        }))).execute();
      }
    });
    // what the server's statistics job (src/db/statistics.ts) does within a minute of a change this size
    const analyzed = await refreshPlannerStatistics(ctx.db, ctx.database.kind);
    const seeded = (performance.now() - t) / 1000;
    if (PARTS.has('recommendation')) {
      const address = `${Math.ceil(ADDRESSES / STREETS / 2)} ${streetName(STREETS / 2)}`;
      const incident = await openIncident(ctx, { type: 'ROBBERY', address });
      t = performance.now();
      const first = await get(`/incidents/${incident}/recommendation`) as { ranked: { travelSeconds: number | null }[] };
      const firstRecommendation = performance.now() - t;
      const { gazetteer } = await geography(ctx);
      const network = new StreetNetwork(gazetteer.data.streets);
      const point = gazetteer.suggest(address, 1)[0]!;
      const nearest = (await placeUnits(ctx, point, signs)).filter((u) => u.position).sort((a, b) => a.distanceKm! - b.distanceKm!).slice(0, 12).map((u) => u.position!);
      for (let i = 0; i < WARM_UP / 10; i++) { await get(`/incidents/${incident}/recommendation`); await recommend(ctx, incident); network.travelTo(point, nearest); }
      const recommendation: number[] = [];
      const inProcess: number[] = [];
      const cpu: number[] = [];
      const search: number[] = [];
      const recommendationCpu = { ms: 0 };
      await profilePhase(PROFILE, `recommendation-${kind}`, async () => {
        for (let i = 0; i < 100; i++) {
          t = performance.now();
          network.travelTo(point, nearest);
          search.push(performance.now() - t);
          const used = process.cpuUsage();
          t = performance.now();
          await recommend(ctx, incident);
          inProcess.push(performance.now() - t);
          cpu.push(cpuMsSince(used));
          await timed(`/incidents/${incident}/recommendation`, recommendation, recommendationCpu);
        }
      });
      const withTravel = first.ranked.filter((u) => u.travelSeconds !== null).length;
      console.log(`${label} units=${UNITS} grid ${GRID}×${GRID} (${network.size.links} edges)  layer and units ${seeded.toFixed(1)} s (then analyzed: ${analyzed.length > 0 ? analyzed.join(', ') : 'nothing, the server’s autovacuum does it'})  first recommendation (builds the graph) ${firstRecommendation.toFixed(0)} ms`);
      console.log(`${label}   recommendation over HTTP ${fmt(recommendation, 99)}  (100 after ${WARM_UP / 10} not counted; ${withTravel} of the ${first.ranked.length} shown with a travel time; aim p99 < 50 ms)  CPU ${(recommendationCpu.ms / recommendation.length).toFixed(2)} ms/request (${cpuNote})`);
      console.log(`${label}   recommend() in process   ${fmt(inProcess, 99)}  (the same work without the request)`);
      console.log(`${label}   … its CPU in this process ${fmt(cpu, 99)}  mean ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(2)} ms  (${kind === 'pglite' ? 'the embedded database’s work included' : 'not PostgreSQL’s own'}: less bent by other processes’ load than the wall clock)`);
      console.log(`${label}   its street search alone  ${fmt(search, 99)}  (StreetNetwork.travelTo: the 12 nearest units at once)`);
    }
  }

  // 3. AVL updates to consoles
  if (!PARTS.has('avl')) { await close(); return; }
  const modems = signs.slice(0, AVL_RATE);
  await inTransaction(ctx.db, async (tx) => { for (const s of modems) await saveModem(tx, `M${s}`, s); });
  const listener = await startAvlListener(ctx, { udpPort: 0, host: '127.0.0.1', log: () => undefined });
  const from = await lastSeq(ctx.db);
  const consoles = await streamConsoles(`${base.replace('http', 'ws')}/api/v1/stream?after=${from}`, token, CONSOLES,
    "(event) => event.kind === 'unit.position' ? event.payload.callSign + '|' + event.payload.fixedAt : event.kind === 'unit.positions' ? event.payload.positions.map((p) => p.callSign + '|' + p.fixedAt) : null");
  // when the server's hub hands each position to the stream (committed, about to be sent): splits the way in two
  const handedAt = new Map<string, number>();
  const stopHanded = ctx.hub.subscribe(from, (events) => {
    const at = performance.timeOrigin + performance.now();
    for (const e of events) {
      if (e.kind === 'unit.position') handedAt.set(`${String(e.payload.callSign)}|${String(e.payload.fixedAt)}`, at);
      else if (e.kind === 'unit.positions') for (const p of e.payload.positions as { callSign: string; fixedAt: string }[]) handedAt.set(`${p.callSign}|${p.fixedAt}`, at);
    }
  });
  const socket = createSocket('udp4');
  const consolesCpuBefore = await consoles.cpuMs();
  const cpu = process.cpuUsage();
  const wallBefore = performance.now();
  const sentAt = new Map<string, number>();
  const epoch = Math.ceil(Date.now() / 1000) * 1000 + 1000; // whole-second fix times, one second apart per round, newer than the positions seeded above
  const started = performance.now();
  const slices = 10;
  const stopProfile = PROFILE ? profileUntil(PROFILE, `avl-${kind}`) : undefined;
  for (let round = 0; round < AVL_SECONDS; round++) {
    const at = new Date(epoch + round * 1000);
    for (let slice = 0; slice < slices; slice++) {
      const due = started + round * 1000 + slice * (1000 / slices);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (const [i, s] of modems.entries()) {
        if (i % slices !== slice) continue;
        const line = `M${s},${rmcSentence({ lat: SOUTH + (i % 200) * ROW + round * 0.0001, lon: WEST + (i % 100) * SEGMENT, speedKmh: 40, heading: 90, at })}`;
        sentAt.set(`${s}|${at.toISOString()}`, performance.timeOrigin + performance.now());
        socket.send(line, listener.udpPort!, '127.0.0.1');
      }
    }
  }
  const sendSeconds = (performance.now() - started) / 1000;
  let doneAt = await consoles.done<string>();
  for (let i = 0; i < 200 && doneAt.size < sentAt.size; i++) {
    await new Promise((r) => setTimeout(r, 100));
    doneAt = await consoles.done<string>();
  }
  const cpuMs = cpuMsSince(cpu);
  const wallMs = performance.now() - wallBefore;
  const consolesCpuMs = (await consoles.cpuMs()) - consolesCpuBefore;
  await stopProfile?.();
  stopHanded();
  const avl = [...sentAt].flatMap(([key, sent]) => (doneAt.has(key) ? [doneAt.get(key)! - sent] : []));
  const toHub = [...sentAt].flatMap(([key, sent]) => (handedAt.has(key) ? [handedAt.get(key)! - sent] : []));
  const hubToConsoles = [...handedAt].flatMap(([key, handed]) => (doneAt.has(key) ? [doneAt.get(key)! - handed] : []));
  const bySecond = Array.from({ length: AVL_SECONDS }, (_, round) => {
    const at = new Date(epoch + round * 1000).toISOString();
    return percentile([...sentAt].flatMap(([key, sent]) => (key.endsWith(at) && doneAt.has(key) ? [doneAt.get(key)! - sent] : [])), 99).toFixed(0);
  });
  console.log(`${label} AVL ${sentAt.size} reports from ${modems.length} modems at ${(sentAt.size / sendSeconds).toFixed(0)}/s offered, ${listener.counts.positions} kept in ${listener.counts.batches} transactions (refused ${listener.counts.refused}, late ${listener.counts.late}, dropped by the kernel ${listener.counts.dropped ?? 'unknown'}; receive buffer ${listener.udpRecvBuffer} bytes)`);
  console.log(`${label}   datagram → all ${CONSOLES} consoles ${fmt(avl, 99)}  (${avl.length}/${sentAt.size} reached every console; aim p99 < 200 ms)  server CPU ${(cpuMs / Math.max(1, listener.counts.positions)).toFixed(3)} ms/position`);
  console.log(`${label}   CPU over the ${(wallMs / 1000).toFixed(1)} s: the server's process ${(cpuMs / wallMs * 100).toFixed(0)} % of a core (the datagrams' sending included), the consoles' ${(consolesCpuMs / wallMs * 100).toFixed(0)} %: a process that gets less than that falls behind and its queue grows`);
  console.log(`${label}   of which datagram → committed, handed to the stream ${fmt(toHub, 99)};  stream → all consoles ${fmt(hubToConsoles, 99)};  p99 by second sent ${bySecond.join(' / ')} ms;  the consoles' clock ${consoles.clockOffsetMs.toFixed(1)} ms off this process's (corrected)`);
  socket.close();
  await consoles.close();
  await listener.close();
  await close();
}

for (const kind of (process.env.GEO_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[]) {
  try {
    await run(kind);
  } catch (error) {
    console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
  }
}
