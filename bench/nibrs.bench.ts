/**
 * NIBRS: the month's submission for 2 000 incidents (the issue's aim: built and validated
 * in under 30 s). The incidents are a mix of larcenies with property, simple assaults,
 * burglaries and Group B drunkenness arrests, written straight into the tables; the figure
 * is the whole `buildSubmission` — read and lock the candidates, run the FBI edits, build
 * the XML, validate every document with xmllint against the XSD, store them.
 *
 * NIBRS_BENCH_INCIDENTS (2000), NIBRS_BENCH_DATABASES (pglite,postgresql).
 */
import { sql } from 'kysely';
import { closeContext } from '../src/app/start.ts';
import { consoleActor } from '../src/identity/service.ts';
import { buildSubmission } from '../src/records/nibrs/service.ts';
import type { NibrsData } from '../src/records/nibrs/model.ts';
import { testDatabase } from '../test/support/databases.ts';

const COUNT = Number(process.env.NIBRS_BENCH_INCIDENTS ?? 2000);
const KINDS = (process.env.NIBRS_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];
const person = { age: 30, sex: 'M', race: 'W', ethnicity: 'N', resident: 'R' };

function incident(i: number): { type: string; data: NibrsData } {
  switch (i % 10) {
    case 0: return { type: 'ASSAULT', data: { offenses: [{ agencyCode: 'ASSAULT', attempted: false, locationType: '20', weapons: ['40'] }], victims: [{ type: 'I', offenses: [1], ...person, injuries: ['M'], relationships: [{ offender: 1, relationship: 'Acquaintance' }] }], offenders: [{ age: 25, sex: 'M', race: 'B' }] } };
    case 1: return { type: 'BURGLARY', data: { offenses: [{ agencyCode: 'BURGLARY', attempted: false, locationType: '20', entryMethod: 'F' }], property: [{ lossType: 'STOLEN', description: '17', value: 1500 }, { lossType: 'STOLEN', description: '07', value: 400 }], victims: [{ type: 'I', offenses: [1], ...person }] } };
    case 2: return { type: 'DRUNK', data: { offenses: [], arrestees: [{ transactionNumber: `A${i}`, arrestedOn: `2025-10-${String(1 + (i % 28)).padStart(2, '0')}`, arrestType: 'T', chargeAgencyCode: 'DRUNK', armedWith: ['01'], ...person }] } };
    default: return { type: 'LARCENY', data: { offenses: [{ agencyCode: 'LARCENY', attempted: false, locationType: '13' }], property: [{ lossType: 'STOLEN', description: '13', value: 250 }], victims: [{ type: 'I', offenses: [1], ...person }] } };
  }
}

for (const kind of KINDS) {
  const database = await testDatabase(kind).catch(() => undefined);
  if (!database) { console.log(`${kind.padEnd(10)} skipped: no server answers`); continue; }
  const ctx = await database.open();
  try {
    for (let start = 0; start < COUNT; start += 500) {
      const rows = Array.from({ length: Math.min(500, COUNT - start) }, (_, k) => start + k).map((i) => ({ i, ...incident(i) }));
      await sql`insert into record_case (number, year, type, location, occurred_at, carried, opened_by)
        select * from unnest(${rows.map((r) => `B25-${String(r.i + 1).padStart(5, '0')}`)}::text[], ${rows.map(() => 2025)}::int[], ${rows.map((r) => r.type)}::text[],
          ${rows.map(() => JSON.stringify({ address: '1 Main Street' }))}::jsonb[], ${rows.map((r) => new Date(Date.UTC(2025, 9, 1 + (r.i % 28), 14)).toISOString())}::timestamptz[],
          ${rows.map(() => '{}')}::jsonb[], ${rows.map(() => 'bench')}::text[])`.execute(ctx.db);
      await sql`insert into nibrs_incident (case_number, data, errors, updated_by)
        select * from unnest(${rows.map((r) => `B25-${String(r.i + 1).padStart(5, '0')}`)}::text[], ${rows.map((r) => JSON.stringify(r.data))}::jsonb[],
          ${rows.map(() => '[]')}::jsonb[], ${rows.map(() => 'bench')}::text[])`.execute(ctx.db);
    }
    const started = performance.now();
    const made = await buildSubmission(ctx, consoleActor('bench'), '2025-10');
    const seconds = (performance.now() - started) / 1000;
    console.log(`${kind.padEnd(10)} incidents=${COUNT}  documents=${made.files.length} (Group A ${made.incidents}, Group B ${made.arrests}, held ${made.held})  built and validated in ${seconds.toFixed(1)} s (aim: under 30 s)`);
  } finally {
    await closeContext(ctx);
    await database.dispose();
  }
}
