import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest, Problem } from '../core/errors.ts';
import type { GeoLayerKind } from '../db/tables/geo.ts';
import type { Area } from './gazetteer.ts';
import type { RangeColumns } from './importer.ts';
import { importLayer } from './service.ts';
import { readShapefile } from './shapefile.ts';
import { AvlSimulator, type SimulatedVehicle } from './avl-simulator.ts';
import { installBasemap, removeBasemap } from './basemap.ts';

interface ImportOptions { projection?: string; areaKind?: Area['kind']; rangeColumns?: string }

/** `--range-columns LFROM,LTO,RFROM,RTO`: the four column names, left from and to, right from and to. */
export function rangeColumnsOption(value: string | undefined): RangeColumns | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim());
  if (names.length !== 4 || names.some((n) => !n)) throw new BadRequest('geo.range_columns', `--range-columns names four columns, left from, left to, right from, right to ("${value}")`);
  const [leftFrom, leftTo, rightFrom, rightTo] = names as [string, string, string, string];
  return { leftFrom, leftTo, rightFrom, rightTo };
}

/**
 * `precinct geo import <kind> <file>` and `precinct geo simulate-avl`: the operator's
 * side of the geography. `withContext` and `actor` come from the CLI's own entry point.
 */
export function geoCommands(cli: Command, withContext: <T>(work: (ctx: AppContext) => Promise<T>) => Promise<T>, actor: () => Actor): void {
  const geo = cli.command('geo').description('the town’s geography: import layers, simulate vehicle locations');
  geo.command('import <kind> <file>')
    .description('replace a layer (addresses, streets, areas, places) from a GeoJSON (.geojson/.json), CSV (.csv, WKT or lat/lon columns) or shapefile (.shp with its .dbf and .prj beside it, or a .zip of them) file')
    .option('--projection <epsg>', 'the file’s projection when not longitude/latitude (EPSG:26986, EPSG:2249, EPSG:3857); a shapefile’s comes from its .prj')
    .option('--area-kind <kind>', 'for areas: sector, fire_district or ems_district when a feature does not say')
    .option('--range-columns <names>', 'for streets: the left from, left to, right from and right to address columns, comma-separated, when not one of the common names (L_F_ADD,L_T_ADD,R_F_ADD,R_T_ADD; FROMLEFT,TOLEFT,FROMRIGHT,TORIGHT…)')
    .action(async (kind: string, file: string, options: ImportOptions) => {
      if (!['addresses', 'streets', 'areas', 'places'].includes(kind)) throw new BadRequest('geo.unknown_layer', `"${kind}" is not a layer: addresses, streets, areas or places`);
      const rangeColumns = rangeColumnsOption(options.rangeColumns);
      const ext = extname(file).toLowerCase();
      const shapefile = ext === '.shp' || ext === '.zip' ? await readShapefile(file) : null;
      const format = ext === '.csv' ? 'csv' : 'geojson';
      const text = shapefile ? shapefile.text : await readFile(file, 'utf8');
      await withContext(async (ctx) => {
        try {
          const result = await importLayer(ctx, actor(), { kind: kind as GeoLayerKind, format, text, source: basename(file), projection: options.projection, prj: shapefile?.prj, areaKind: options.areaKind, rangeColumns });
          console.log(`${result.kind}: version ${result.version}, ${result.features} features from ${result.source}`);
        } catch (error) {
          if (error instanceof Problem && Array.isArray(error.extra?.problems)) {
            for (const p of error.extra.problems as { where: string; field: string; detail: string }[]) console.error(`${file}: ${p.where}: ${p.field} ${p.detail}`);
            throw new BadRequest('geo.import_invalid', `${file}: nothing was imported`);
          }
          throw error;
        }
      });
    });
  geo.command('basemap [file]')
    .description('draw a basemap under the town’s layers: a PMTiles v3 archive of raster tiles (PNG, JPEG or WebP) the agency provides, copied into the data folder; --remove goes back to the town’s layers alone')
    .option('--remove', 'stop drawing the basemap and delete its copy')
    .action(async (file: string | undefined, options: { remove?: boolean }) => {
      if (Boolean(file) === Boolean(options.remove)) throw new BadRequest('geo.basemap_usage', 'name a .pmtiles file, or --remove');
      await withContext(async (ctx) => {
        if (options.remove) {
          const removed = await removeBasemap(ctx, actor());
          console.log(removed ? `basemap ${removed.source} removed: the map draws the town’s own layers` : 'there was no basemap');
          return;
        }
        const basemap = await installBasemap(ctx, actor(), file!);
        console.log(`basemap ${basemap.source}: ${basemap.tileType} tiles, zoom ${basemap.minZoom}–${basemap.maxZoom}, ${basemap.bytes} bytes${basemap.attribution ? `, “${basemap.attribution}”` : ''}`);
      });
    });
  geo.command('simulate-avl <modemId> <route>')
    .description('drive a simulated vehicle along a route file ([[lon,lat],…]), sending NMEA RMC reports to the AVL listener')
    .option('--port <port>', 'the listener’s port', '5010')
    .option('--tcp', 'use TCP instead of UDP')
    .option('--speed <kmh>', 'speed', '40')
    .option('--every <seconds>', 'seconds between reports', '2')
    .action(async (modemId: string, route: string, o: { port: string; tcp?: boolean; speed: string; every: string }) => {
      const vehicle: SimulatedVehicle = { modemId, route: JSON.parse(await readFile(route, 'utf8')) as [number, number][], speedKmh: Number(o.speed) };
      const simulator = new AvlSimulator({ port: Number(o.port), protocol: o.tcp ? 'tcp' : 'udp' });
      const started = Date.now();
      for (;;) {
        const seconds = (Date.now() - started) / 1000;
        await simulator.report([vehicle], seconds);
        if (seconds * (vehicle.speedKmh / 3.6) > 50_000) break;
        await new Promise((resolve) => setTimeout(resolve, Number(o.every) * 1000));
      }
      simulator.close();
    });
}
