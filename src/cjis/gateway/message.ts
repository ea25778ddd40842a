/**
 * NCIC-format messages as they travel between Precinct and the state switch.
 *
 * A message is text: its first line is the header, `MKE.ORI.FLD/value.FLD/value.` — the
 * message key (QW, QV, EW, LW, YQ, …), the originating agency's ORI, then message field
 * codes with their values, each segment ended by a period, as NCIC 2000 writes them.
 * Answers that carry records add one line per record, `REC.FLD/value.…`. A value never
 * contains a period, a percent sign or a control character: those are written `%2E`, `%25`,
 * `%0A`…; a field may repeat (several destinations `DST/`).
 *
 * On the wire each message is framed by STX (0x02) and ETX (0x03); see framing.ts.
 */

export type Field = [code: string, value: string];

export interface NcicRecord {
  fields: Field[];
}

export interface NcicMessage {
  /** Message key: QW, QV, HT, NR, AK, RJ, YQ, YR, LP… */
  mke: string;
  /** The originating agency identifier (the sender's ORI, or the agency answered). */
  ori: string;
  fields: Field[];
  records: NcicRecord[];
}

export class MalformedMessage extends Error {}

const MKE = /^[A-Z][A-Z0-9]{1,3}$/;
const ORI = /^[A-Z]{2}[0-9A-Z]{7}$/;
const CODE = /^[A-Z][A-Z0-9]{1,3}$/;

export function encodeValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  return value.replace(/[%.\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeValue(text: string): string {
  if (/%(?![0-9A-F]{2})/.test(text)) throw new MalformedMessage(`bad escape in "${text.slice(0, 40)}"`);
  return text.replace(/%([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function encodeFields(fields: Field[]): string {
  return fields.map(([code, value]) => {
    if (!CODE.test(code)) throw new Error(`"${code}" is not a message field code`);
    return `${code}/${encodeValue(value)}.`;
  }).join('');
}

/** The message as the text that goes inside one frame. */
export function encodeMessage(message: NcicMessage): string {
  if (!MKE.test(message.mke)) throw new Error(`"${message.mke}" is not a message key`);
  if (!ORI.test(message.ori)) throw new Error(`"${message.ori}" is not an ORI`);
  const lines = [`${message.mke}.${message.ori}.${encodeFields(message.fields)}`];
  for (const record of message.records) lines.push(`REC.${encodeFields(record.fields)}`);
  return lines.join('\n');
}

function parseFields(segments: string[], line: number): Field[] {
  return segments.map((segment) => {
    const slash = segment.indexOf('/');
    if (slash < 0) throw new MalformedMessage(`line ${line}: "${segment.slice(0, 40)}" is not FLD/value`);
    const code = segment.slice(0, slash);
    if (!CODE.test(code)) throw new MalformedMessage(`line ${line}: "${code.slice(0, 10)}" is not a message field code`);
    return [code, decodeValue(segment.slice(slash + 1))] as Field;
  });
}

/** Split a line at its periods; the line must end with one. */
function segmentsOf(line: string, number: number): string[] {
  if (!line.endsWith('.')) throw new MalformedMessage(`line ${number} does not end with a period`);
  return line.slice(0, -1).split('.');
}

/** Read one message from the text of a frame; throws MalformedMessage naming what is wrong. */
export function decodeMessage(text: string): NcicMessage {
  const lines = text.replace(/\r/g, '').split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) throw new MalformedMessage('empty message');
  const [mke = '', ori = '', ...rest] = segmentsOf(lines[0]!, 1);
  if (!MKE.test(mke)) throw new MalformedMessage(`"${mke.slice(0, 10)}" is not a message key`);
  if (!ORI.test(ori)) throw new MalformedMessage(`"${ori.slice(0, 12)}" is not an ORI`);
  const records = lines.slice(1).map((line, i) => {
    const [tag, ...segments] = segmentsOf(line, i + 2);
    if (tag !== 'REC') throw new MalformedMessage(`line ${i + 2} is not a record line (REC.…)`);
    return { fields: parseFields(segments, i + 2) };
  });
  return { mke, ori, fields: parseFields(rest, 1), records };
}

/** The first value of a field, or undefined. */
export function fieldOf(holder: { fields: Field[] }, code: string): string | undefined {
  return holder.fields.find(([c]) => c === code)?.[1];
}

/** Every value of a repeated field. */
export function fieldsOf(holder: { fields: Field[] }, code: string): string[] {
  return holder.fields.filter(([c]) => c === code).map(([, v]) => v);
}

/** A record's fields as an object (the first value of each code). */
export function recordObject(record: NcicRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [code, value] of record.fields) if (!(code in out)) out[code] = value;
  return out;
}

/** Fields from an object, leaving out empty values. */
export function fieldsFrom(values: Record<string, string | number | null | undefined>): Field[] {
  return Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, String(v)]);
}

/** NCIC writes dates as YYYYMMDD. */
export const ncicDate = (iso: string): string => iso.replace(/-/g, '');
export const isoDate = (ncic: string): string => (/^\d{8}$/.test(ncic) ? `${ncic.slice(0, 4)}-${ncic.slice(4, 6)}-${ncic.slice(6, 8)}` : ncic);
