import { describe, expect, test } from 'vitest';
import { FrameReader, frame } from './framing.ts';
import { decodeMessage, encodeMessage, MalformedMessage } from './message.ts';

describe('NCIC-format messages', () => {
  test('a query header: MKE.ORI.FLD/value. with a trailing period', () => {
    expect(encodeMessage({ mke: 'QV', ori: 'MA0999900', fields: [['MSN', '7'], ['LIC', 'ABC123'], ['LIS', 'MA']], records: [] })).toBe('QV.MA0999900.MSN/7.LIC/ABC123.LIS/MA.');
  });

  test('records follow the header one per line, and values with periods survive the trip', () => {
    const message = { mke: 'HT', ori: 'MA0999900', fields: [['MSN', '7'], ['TRN', 'Y']] as [string, string][], records: [{ fields: [['RTY', 'W'], ['NAM', 'DOE, JOHN J.'], ['MIS', 'ARMED. 50% CHANCE\nFLEES']] as [string, string][] }] };
    const text = encodeMessage(message);
    expect(text.split('\n')).toEqual(['HT.MA0999900.MSN/7.TRN/Y.', 'REC.RTY/W.NAM/DOE, JOHN J%2E.MIS/ARMED%2E 50%25 CHANCE%0AFLEES.']);
    expect(decodeMessage(text)).toEqual(message);
  });

  test.each([
    ['', /empty/],
    ['QV.MA0999900.LIC/ABC123', /does not end with a period/],
    ['Q.MA0999900.', /not a message key/],
    ['QV.MA09.', /not an ORI/],
    ['QV.MA0999900.LICABC123.', /not FLD\/value/],
    ['QV.MA0999900.LIC/AB%ZZ.', /bad escape/],
    ['HT.MA0999900.MSN/1.\nXX.RTY/W.', /not a record line/],
  ])('"%s" is malformed', (text, why) => {
    expect(() => decodeMessage(text)).toThrowError(MalformedMessage);
    expect(() => decodeMessage(text)).toThrowError(why);
  });
});

describe('STX/ETX framing', () => {
  test('frames split across chunks and several in one chunk are delivered whole; noise and cut frames are reported', () => {
    const frames: string[] = [];
    const garbage: string[] = [];
    const reader = new FrameReader((t) => frames.push(t), (w) => garbage.push(w), 64);
    const one = frame('QV.MA0999900.MSN/1.');
    reader.push(one.subarray(0, 5));
    reader.push(Buffer.concat([one.subarray(5), frame('NR.MA0999900.MSN/2.')]));
    reader.push(Buffer.from('junk\r\n'));
    reader.push(Buffer.from('\u0002HT.MA0\u0002AK.MA0999900.MSN/3.\u0003'));
    reader.push(frame('X'.repeat(100)));
    expect(frames).toEqual(['QV.MA0999900.MSN/1.', 'NR.MA0999900.MSN/2.', 'AK.MA0999900.MSN/3.']);
    expect(garbage).toEqual(['4 byte(s) outside any frame', 'a frame was cut off by the next STX', 'a frame longer than 64 bytes was dropped']);
  });
});
