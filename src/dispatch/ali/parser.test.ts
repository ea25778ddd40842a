import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { DISPLAY_8X32, FLAT_188 } from './layouts.ts';
import { parseSpill } from './parser.ts';
import { AliFeed, readAliFeed } from './feed.ts';
import { acceptSpill } from './service.ts';

// DESIGN.md "Exchange formats": ALI spills vary by phone company — a configurable fixed-width parser with presets.
const DISPLAY = [
  '(508) 555-0142 RESD  08/14 13:05',
  'KOWALSKI JANE',
  '12 ELM ST',
  'MILLBROOK            MA',
  'ESN 00412 CARRIER VERIZON',
  'LAT +42.447120',
  'LON -071.224500',
  'UNC 000050',
].join('\n');

function flat(fields: string[]): string {
  const widths = [10, 4, 30, 60, 30, 5, 20, 11, 12, 6];
  return fields.map((f, i) => f.padEnd(widths[i]!)).join('');
}
const FLAT = flat(['5085550199', 'WPH2', 'CELLCO PARTNERSHIP', '400 RIVER RD', 'MILLBROOK', '00413', 'AT&T MOBILITY', '+42.451000', '-071.230000', '000120']);

describe('the ALI spill parser (81A §C.2.b.ii: check the ALI screen)', () => {
  test('reads the 8×32 display preset', () => {
    const parsed = parseSpill(`\u0002${DISPLAY}\u0003`, DISPLAY_8X32);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ali).toEqual({
      callbackNumber: '(508) 555-0142', classOfService: 'RESD', customerName: 'KOWALSKI JANE', address: '12 ELM ST',
      community: 'MILLBROOK', esn: '00412', carrier: 'VERIZON', lat: 42.44712, lon: -71.2245, uncertaintyMetres: 50,
    });
  });

  test('reads the flat one-line preset: the same fields from other columns', () => {
    const parsed = parseSpill(FLAT, FLAT_188);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ali).toMatchObject({ callbackNumber: '(508) 555-0199', classOfService: 'WPH2', address: '400 RIVER RD', carrier: 'AT&T MOBILITY', lat: 42.451, lon: -71.23, uncertaintyMetres: 120 });
  });

  test('a spill cut off after its third line is truncated: the missing fields are named, the callback number kept', () => {
    const parsed = parseSpill(DISPLAY.split('\n').slice(0, 3).join('\n'), DISPLAY_8X32);
    expect(parsed.truncated).toBe(true);
    expect(parsed.garbled).toBe(false);
    expect(parsed.ali.callbackNumber).toBe('(508) 555-0142');
    expect(parsed.problems.map((p) => p.field)).toEqual(['community', 'esn', 'carrier', 'lat', 'lon', 'uncertaintyMetres']);
    expect(acceptSpill(parsed)).toMatchObject({ address: '12 ELM ST', spill: { layout: 'display-8x32', problems: expect.arrayContaining([expect.stringMatching(/^lat: line 6 is missing/)]) } });
  });

  test('a flat spill cut off mid-record keeps what came before the cut', () => {
    const parsed = parseSpill(FLAT.slice(0, 120), FLAT_188);
    expect(parsed.ali.address).toBe('400 RIVER RD');
    expect(parsed.ali.community).toBe('MILLBROOK');
    expect(parsed.problems.filter((p) => p.kind === 'truncated').map((p) => p.field)).toEqual(['esn', 'carrier', 'lat', 'lon', 'uncertaintyMetres']);
  });

  test('a spill that stops before (or inside) the callback number is refused', () => {
    expect(() => acceptSpill(parseSpill('\u0002\u0003', DISPLAY_8X32))).toThrowError(expect.objectContaining({ code: 'ali.truncated' }));
    // cut inside the callback number itself: what is left is not a number at all
    const cut = parseSpill(FLAT.slice(0, 5), FLAT_188);
    expect(() => acceptSpill(cut)).toThrowError(expect.objectContaining({ code: 'ali.garbled', detail: expect.stringMatching(/"50855" is not a 10-digit/) }));
  });

  test.each([
    ['line noise in the middle', DISPLAY.replace('ELM', 'E\u0007\u0015M'), /control or undecodable/],
    ['a bad decode', DISPLAY.replace('KOWALSKI', 'KOWAL\ufffdKI'), /undecodable/],
    ['letters where the callback number goes', DISPLAY.replace('(508) 555-0142', 'RESD RESD RESD'), /10-digit callback/],
    ['a latitude out of range', DISPLAY.replace('+42.447120', '+92.447120'), /not a latitude/],
    ['a longitude that is not a number', DISPLAY.replace('-071.224500', '-07X.22A500'), /not a longitude/],
    ['more lines than the layout has', `${DISPLAY}\nEXTRA LINE\nAND ANOTHER`, /10 lines where layout/],
  ])('a garbled spill is refused: %s', (_name, raw, detail) => {
    const parsed = parseSpill(raw, DISPLAY_8X32);
    expect(parsed.garbled).toBe(true);
    expect(() => acceptSpill(parsed)).toThrowError(expect.objectContaining({ code: 'ali.garbled', detail: expect.stringMatching(detail) }));
  });
});

describe('the line-oriented ALI feed adapter', () => {
  test('splits records at ETX, at an empty line, at the layout’s line count, and at an STX that interrupts one', async () => {
    const source = new PassThrough();
    const received: { raw: string; ok: boolean }[] = [];
    const done = readAliFeed(source, DISPLAY_8X32, (spill, raw) => { received.push({ raw, ok: !spill.garbled && !spill.truncated }); });
    const lines = DISPLAY.split('\n');
    source.write(`\u0002${lines.join('\r\n')}\u0003\r\n`); // framed by STX/ETX, CRLF
    source.write(`${lines.slice(0, 4).join('\n')}\n\n`); // ended by an empty line: truncated
    source.write(`${lines.slice(0, 2).join('\n')}\n\u0002${lines.join('\n')}\n`); // interrupted by a new STX; then 8 lines end it
    source.end();
    expect(await done).toBe(4);
    expect(received.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(received[1]!.raw.split('\n')).toHaveLength(4);
  });

  test('flush delivers what is left when the feed ends', () => {
    const got: string[] = [];
    const feed = new AliFeed(FLAT_188, (spill) => { got.push(`${spill.ali.callbackNumber} ${spill.truncated ? 'truncated' : 'whole'}`); });
    feed.line(FLAT);
    feed.line('5085550100');
    feed.flush();
    expect(got).toEqual(['(508) 555-0199 whole', '(508) 555-0100 truncated']);
  });
});
