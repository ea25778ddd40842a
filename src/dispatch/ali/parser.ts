import type { Ali, AliField } from '../calls/model.ts';
import type { AliLayout } from './layouts.ts';

export interface SpillProblem {
  field: AliField | null;
  kind: 'truncated' | 'garbled';
  detail: string;
}

export interface ParsedSpill {
  layout: string;
  ali: Ali;
  problems: SpillProblem[];
  /** Garbled spills are refused; truncated ones are kept with their gaps named (the call-taker verifies). */
  garbled: boolean;
  truncated: boolean;
}

// eslint-disable-next-line no-control-regex -- STX/ETX framing is exactly what is matched
const FRAMING = /[\u0002\u0003]/g; // STX / ETX around a spill on a serial feed
// Any other control character or the replacement character means line noise or a bad decode.
// eslint-disable-next-line no-control-regex -- control characters are what a garbled spill holds
const NOISE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
const CLASS_OF_SERVICE = /^[A-Z0-9$]{2,5}$/;
const COORDINATE = /^[+-]?\d{1,3}\.\d{1,8}$/;

export function spillLines(raw: string): string[] {
  const lines = raw.replace(FRAMING, '').replace(/\r/g, '').split('\n');
  while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  return lines;
}

type FieldValue = { value: string | null; problem?: SpillProblem };

function cut(lines: string[], field: AliField, span: { line: number; col: number; length: number }): FieldValue {
  const line = lines[span.line];
  if (line === undefined) return { value: null, problem: { field, kind: 'truncated', detail: `line ${span.line + 1} is missing` } };
  const slice = line.slice(span.col, span.col + span.length);
  if (line.length < span.col + span.length && line.length <= span.col) {
    return { value: null, problem: { field, kind: 'truncated', detail: `line ${span.line + 1} ends before column ${span.col + 1}` } };
  }
  return { value: slice.trim() || null };
}

function callbackNumber(value: string): string | null {
  const digits = value.replace(/[\s()\-.]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function coordinate(value: string, limit: number): number | null {
  if (!COORDINATE.test(value)) return null;
  const n = Number(value);
  return Math.abs(n) <= limit ? n : null;
}

/** Turn one field's text into its value; a value that cannot be what the field holds is garbled. */
function convert(field: AliField, text: string): { value: string | number } | { garbled: string } {
  switch (field) {
    case 'callbackNumber': {
      const number = callbackNumber(text);
      return number ? { value: number } : { garbled: `"${text}" is not a 10-digit callback number` };
    }
    case 'lat':
    case 'lon': {
      const n = coordinate(text, field === 'lat' ? 90 : 180);
      return n === null ? { garbled: `"${text}" is not a ${field === 'lat' ? 'latitude' : 'longitude'}` } : { value: n };
    }
    case 'uncertaintyMetres':
      return /^\d{1,6}$/.test(text) ? { value: Number(text) } : { garbled: `"${text}" is not a distance in metres` };
    case 'classOfService':
      return CLASS_OF_SERVICE.test(text) ? { value: text } : { garbled: `"${text}" is not a class-of-service code` };
    default:
      return { value: text.replace(/\s{2,}/g, ' ') };
  }
}

/**
 * Parse one ALI spill with a fixed-width layout. Pure: no I/O. A spill with noise
 * characters or a value that cannot be what its field holds is garbled; one that
 * stops early is truncated, its missing fields named. The callback number is
 * required: without it the spill is treated as garbled.
 *
 * @example parseSpill(raw, DISPLAY_8X32).ali.callbackNumber // '(508) 555-0142'
 */
export function parseSpill(raw: string, layout: AliLayout): ParsedSpill {
  const problems: SpillProblem[] = [];
  const lines = spillLines(raw);
  const noisy = lines.findIndex((l) => NOISE.test(l));
  if (noisy >= 0) problems.push({ field: null, kind: 'garbled', detail: `line ${noisy + 1} holds control or undecodable characters` });
  if (lines.length > layout.lines) problems.push({ field: null, kind: 'garbled', detail: `${lines.length} lines where layout ${layout.name} has ${layout.lines}` });
  const ali: Record<string, unknown> = {};
  for (const [name, span] of Object.entries(layout.fields) as [AliField, NonNullable<AliLayout['fields'][AliField]>][]) {
    const { value, problem } = cut(lines, name, span);
    if (problem) problems.push(problem);
    if (value === null) continue;
    const converted = convert(name, value);
    if ('garbled' in converted) problems.push({ field: name, kind: 'garbled', detail: converted.garbled });
    else ali[name] = converted.value;
  }
  if (!ali.callbackNumber && !problems.some((p) => p.field === 'callbackNumber')) {
    problems.push({ field: 'callbackNumber', kind: 'garbled', detail: 'the spill has no callback number' });
  }
  return {
    layout: layout.name, ali: ali as Ali, problems,
    garbled: problems.some((p) => p.kind === 'garbled'), truncated: problems.some((p) => p.kind === 'truncated'),
  };
}
