/**
 * From what a person asks to the NCIC message that goes to the switch, and from the
 * switch's records back to what Precinct shows. Pure: a malformed plate, VIN, date of
 * birth, state code or name is refused here, before anything is sent.
 */
import { BadRequest } from '../core/errors.ts';
import { checkDob, checkName, checkPlate, checkSerial, checkState, checkVin, type Checked } from './identifiers.ts';
import { QUERY_KINDS, QUERY_MKE, RECORD_TYPES, SOURCES, type QueryKind, type RecordType, type Source } from './model.ts';
import { fieldsFrom, isoDate, ncicDate, recordObject, type Field, type NcicRecord } from './gateway/message.ts';
import type { QueryDescriptors } from './rules.ts';

export interface QueryInput {
  kind?: QueryKind | undefined;
  /** A command line's query: `PLATE ABC123 MA`, `PERSON SMITH,JOHN 1980-01-01`, `VIN 1HGCM82633A004352`… */
  line?: string | undefined;
  name?: string | undefined;
  dob?: string | undefined;
  sex?: string | undefined;
  race?: string | undefined;
  identifier?: { type: 'OLN' | 'SOC' | 'FBI' | 'SID'; value: string; state?: string | undefined } | undefined;
  plate?: string | undefined;
  state?: string | undefined;
  vin?: string | undefined;
  serial?: string | undefined;
  make?: string | undefined;
  articleType?: string | undefined;
}

export interface QuerySpec {
  kind: QueryKind;
  mke: string;
  fields: Field[];
  descriptors: QueryDescriptors;
  /** What was asked, for the log and the screen. */
  criteria: Record<string, string>;
}

/** The clause behind each kind of query, named in every refusal of its input. */
const CLAUSE: Record<QueryKind, string> = {
  person: '81A §J.1.b.x(c)', warrant: '81A §J.3', plate: '81A §J.5.a', vin: '81A §J.5.a', owner: '81A §J.5.a', gun: '81A §J.8', article: '81A §J.8', bop: '81A §J.4',
};

function need<T>(checked: Checked<T>, field: string, kind: QueryKind, extra = ''): T {
  if (!checked.ok) throw new BadRequest(`cjis.bad_${field}`, `${field}: ${checked.why}${extra}`, { field, clause: CLAUSE[kind] + (field === 'vin' ? '; 49 CFR 565.15' : '') });
  return checked.value;
}

function required(value: string | undefined, field: string, kind: QueryKind, what: string): string {
  if (!value?.trim()) throw new BadRequest('cjis.query_incomplete', `${what}`, { field, clause: CLAUSE[kind] });
  return value;
}

const LINE_KINDS: Record<string, QueryKind> = {
  PLATE: 'plate', LIC: 'plate', TAG: 'plate', VIN: 'vin', OWNER: 'owner', RO: 'owner', PERSON: 'person', NAME: 'person', WARRANT: 'warrant', WMS: 'warrant',
  GUN: 'gun', ARTICLE: 'article', BOP: 'bop', OLN: 'person',
};

/** Read a command line's query (`PLATE ABC123 MA`) into the fields of a structured one. */
export function parseQueryLine(line: string, agencyState: string): QueryInput {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const word = (words[0] ?? '').toUpperCase();
  const kind = LINE_KINDS[word];
  if (!kind) {
    throw new BadRequest('cjis.unknown_query', `"${words[0] ?? ''}" is not a query: use PLATE <plate> [state], VIN <vin>, OWNER <LAST,FIRST> [dob], PERSON <LAST,FIRST> <dob>, OLN <number> [state], WARRANT <LAST,FIRST> <dob>, GUN <serial>, ARTICLE <serial>, BOP <LAST,FIRST> <dob>`, { field: 'line', clause: '81A §J.8' });
  }
  const args = words.slice(1);
  if (word === 'OLN') return { kind, identifier: { type: 'OLN', value: args[0] ?? '', state: args[1] ?? agencyState } };
  switch (kind) {
    case 'plate': return { kind, plate: args[0], state: args[1] ?? agencyState };
    case 'vin': return { kind, vin: args[0] };
    case 'gun': return { kind, serial: args[0], make: args.slice(1).join(' ') || undefined };
    case 'article': return { kind, serial: args[0], articleType: args.slice(1).join(' ') || undefined };
    default: {
      // A name may have spaces ("SMITH, JOHN J"); the date of birth and sex follow it.
      const dobAt = args.findIndex((a) => /^\d{4}-\d{2}-\d{2}$/.test(a) || /^\d{8}$/.test(a) || /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(a));
      const nameWords = dobAt >= 0 ? args.slice(0, dobAt) : args;
      const after = dobAt >= 0 ? args.slice(dobAt + 1) : [];
      const dob = dobAt >= 0 ? usDate(args[dobAt]!) : undefined;
      return { kind, name: nameWords.join(' '), dob, sex: after[0]?.toUpperCase() };
    }
  }
}

function usDate(text: string): string {
  if (/^\d{8}$/.test(text)) return isoDate(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : text;
}

/** Check a query and build its NCIC message fields; throws a 400 problem naming the field and the clause. */
export function buildQuery(input: QueryInput, today: string, agencyState: string): QuerySpec {
  const parsed = input.line ? { ...parseQueryLine(input.line, agencyState), ...withoutUndefined({ ...input, line: undefined }) } : input;
  const kind = parsed.kind;
  if (!kind || !(QUERY_KINDS as readonly string[]).includes(kind)) {
    throw new BadRequest('cjis.unknown_query', `kind must be one of ${QUERY_KINDS.join(', ')}`, { field: 'kind', clause: '81A §J.8' });
  }
  const mke = QUERY_MKE[kind];
  switch (kind) {
    case 'plate': {
      const plate = need(checkPlate(required(parsed.plate, 'plate', kind, 'A plate query needs the plate (PLATE ABC123 MA).')), 'plate', kind);
      const state = need(checkState(parsed.state ?? agencyState), 'state', kind);
      return { kind, mke, fields: [['LIC', plate], ['LIS', state]], descriptors: { plate, state }, criteria: { plate, state } };
    }
    case 'vin': {
      const vin = need(checkVin(required(parsed.vin, 'vin', kind, 'A VIN query needs the VIN.')), 'vin', kind);
      return { kind, mke, fields: [['VIN', vin]], descriptors: { vin }, criteria: { vin } };
    }
    case 'gun': case 'article': {
      const serial = need(checkSerial(required(parsed.serial, 'serial', kind, `A ${kind} query needs the serial number.`)), 'serial', kind);
      const extra = kind === 'gun' ? parsed.make : parsed.articleType;
      const code = kind === 'gun' ? 'MAK' : 'TYP';
      return { kind, mke, fields: fieldsFrom({ SER: serial, [code]: extra?.toUpperCase() }), descriptors: { serial }, criteria: { serial, ...(extra ? { [kind === 'gun' ? 'make' : 'type']: extra.toUpperCase() } : {}) } };
    }
    default: return personQuery(kind, mke, parsed, today);
  }
}

function personQuery(kind: QueryKind, mke: string, input: QueryInput, today: string): QuerySpec {
  if (input.identifier && kind === 'person') {
    const value = input.identifier.value.trim().toUpperCase();
    if (!/^[A-Z0-9]{4,20}$/.test(value)) throw new BadRequest('cjis.bad_identifier', `identifier: "${input.identifier.value}" is not a ${input.identifier.type} number`, { field: 'identifier', clause: CLAUSE[kind] });
    const state = input.identifier.type === 'OLN' ? need(checkState(input.identifier.state ?? ''), 'state', kind) : undefined;
    const fields = fieldsFrom({ [input.identifier.type]: value, OLS: state });
    return { kind, mke, fields, descriptors: { oln: input.identifier.type === 'OLN' ? value : undefined }, criteria: { [input.identifier.type.toLowerCase()]: value, ...(state ? { state } : {}) } };
  }
  const name = need(checkName(required(input.name, 'name', kind, `A ${kind} query needs a name (LAST,FIRST) and a date of birth, or an identifier.`)), 'name', kind);
  // NCIC's person file needs a date of birth with the name; an owner query may go without.
  const dobText = kind === 'owner' ? input.dob : required(input.dob, 'dob', kind, `A ${kind} query needs the date of birth with the name (${kind.toUpperCase()} ${name.last},${name.first} 1980-01-31).`);
  const dob = dobText ? need(checkDob(dobText, today), 'dob', kind) : undefined;
  const sex = input.sex?.toUpperCase();
  if (sex && !['M', 'F', 'X', 'U'].includes(sex)) throw new BadRequest('cjis.bad_sex', `sex: "${input.sex}" is not M, F, X or U`, { field: 'sex', clause: CLAUSE[kind] });
  const race = input.race?.toUpperCase();
  if (race && !['A', 'B', 'I', 'W', 'U'].includes(race)) throw new BadRequest('cjis.bad_race', `race: "${input.race}" is not an NCIC race code (A, B, I, W, U)`, { field: 'race', clause: CLAUSE[kind] });
  const fields = fieldsFrom({ NAM: name.nam, DOB: dob ? ncicDate(dob) : undefined, SEX: sex, RAC: race, TYP: kind === 'warrant' ? 'W' : undefined });
  return {
    kind, mke, fields, descriptors: withoutUndefined({ nam: name.nam, dob, sex, race }),
    criteria: withoutUndefined({ name: name.nam, dob, sex, race }) as Record<string, string>,
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** One record from the switch, in Precinct's words. */
export interface SwitchRecord {
  nic: string | null;
  type: RecordType;
  source: Source;
  ori: string;
  agency: string | null;
  training: boolean;
  /** NCIC fields with dates as YYYY-MM-DD. */
  descriptors: Record<string, string>;
  locates: string[];
}

const DATE_FIELDS = new Set(['DOB', 'DOW', 'DOT', 'DLC', 'DOE', 'DOA', 'DOR', 'DOI']);

export function readRecord(record: NcicRecord): SwitchRecord {
  const all = recordObject(record);
  const type = RECORD_TYPES[all.RTY as keyof typeof RECORD_TYPES];
  if (!type) throw new Error(`record type "${all.RTY ?? ''}" is unknown`);
  const source = (SOURCES as readonly string[]).includes(all.SRC ?? '') ? all.SRC as Source : 'NCIC';
  const descriptors: Record<string, string> = {};
  for (const [code, value] of Object.entries(all)) {
    if (['RTY', 'SRC', 'NIC', 'ORI', 'AGY', 'TRN', 'LOC'].includes(code)) continue;
    descriptors[code] = DATE_FIELDS.has(code) ? isoDate(value) : value;
  }
  return {
    nic: all.NIC ?? null, type, source, ori: all.ORI ?? '', agency: all.AGY ?? null, training: all.TRN === 'Y',
    descriptors, locates: record.fields.filter(([c]) => c === 'LOC').map(([, v]) => v),
  };
}
