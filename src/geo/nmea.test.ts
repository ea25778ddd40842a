import { describe, expect, test } from 'vitest';
import { appendChecksumFooter } from 'nmea-simple/dist/helpers.js';
import { readModemLine, rmcSentence } from './nmea.ts';

describe('NMEA 0183 RMC from an in-vehicle modem', () => {
  const at = new Date('2026-12-01T17:30:05Z');
  const sentence = rmcSentence({ lat: 42.3215, lon: -72.641, speedKmh: 50, heading: 90, at });

  test('a modem id, a comma and a valid RMC sentence is a fix with position, speed, heading and time', () => {
    const line = readModemLine(`N411,${sentence}`);
    expect('fix' in line && line.fix).toMatchObject({ modemId: 'N411', heading: 90, fixedAt: at });
    if (!('fix' in line)) throw new Error('no fix');
    expect(line.fix.lat).toBeCloseTo(42.3215, 5);
    expect(line.fix.lon).toBeCloseTo(-72.641, 5);
    expect(line.fix.speedKmh).toBeCloseTo(50, 0);
  });

  test('a bad checksum, a missing modem id, a void fix and noise are refused with the reason', () => {
    expect(readModemLine(`N411,${sentence.replace(/\*..$/, '*00')}`)).toMatchObject({ refused: expect.stringContaining('not a good NMEA sentence') });
    expect(readModemLine(sentence)).toEqual({ refused: 'no modem id before the sentence' });
    expect(readModemLine('hello')).toEqual({ refused: 'no NMEA sentence ($…)' });
    const voidFix = rmcSentence({ lat: 42.3, lon: -72.6, at }).replace(',A,', ',V,').replace(/\*..$/, '');
    expect(readModemLine(`N411,${appendChecksumFooter(voidFix)}`)).toEqual({ refused: 'the receiver reports no valid fix (status V)' });
  });

  test('other sentences (GGA) are ignored, not refused', () => {
    const gga = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47';
    expect(readModemLine(`N411,${gga}`)).toEqual({ ignored: 'GGA sentence' });
  });
});
