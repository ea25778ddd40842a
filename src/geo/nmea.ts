import { parseNmeaSentence, type RMCPacket } from 'nmea-simple';
import { appendChecksumFooter, encodeDate, encodeLatitude, encodeLongitude, encodeTime } from 'nmea-simple/dist/helpers.js';

/** One position fix from an in-vehicle modem. */
export interface ModemFix {
  modemId: string;
  lat: number;
  lon: number;
  speedKmh: number;
  heading: number | null;
  fixedAt: Date;
}

export type ModemLine = { fix: ModemFix } | { ignored: string } | { refused: string };

const KNOTS_TO_KMH = 1.852;
const MODEM_ID = /^[A-Za-z0-9_.:-]{1,40}$/;

/**
 * One line from an in-vehicle modem: its id, a comma, and an NMEA 0183 sentence, as a
 * modem set to send its device id with each report writes it
 * (`N411,$GPRMC,123519,A,4226.9000,N,07113.8000,W,0.0,0.0,011226,,,A*6C`).
 * An `RMC` sentence with a valid fix becomes a position; other sentences (GGA, GSV…)
 * are ignored; a bad checksum, a missing modem id or a void fix is refused with the reason.
 */
export function readModemLine(raw: string): ModemLine {
  const line = raw.trim();
  const dollar = line.indexOf('$');
  if (dollar <= 0) return { refused: dollar === 0 ? 'no modem id before the sentence' : 'no NMEA sentence ($…)' };
  const modemId = line.slice(0, dollar).replace(/[,;\s]+$/, '');
  if (!MODEM_ID.test(modemId)) return { refused: `"${modemId.slice(0, 40)}" is not a modem id` };
  const sentence = line.slice(dollar);
  let packet;
  try {
    packet = parseNmeaSentence(sentence);
  } catch (error) {
    return { refused: `not a good NMEA sentence: ${(error as Error).message.slice(0, 120)}` };
  }
  if (packet.sentenceId !== 'RMC') return { ignored: `${packet.sentenceId} sentence` };
  const rmc = packet as RMCPacket;
  if (rmc.status !== 'valid') return { refused: 'the receiver reports no valid fix (status V)' };
  if (!Number.isFinite(rmc.latitude) || !Number.isFinite(rmc.longitude) || Math.abs(rmc.latitude) > 90 || Math.abs(rmc.longitude) > 180) {
    return { refused: 'coordinates out of range' };
  }
  if (!(rmc.datetime instanceof Date) || Number.isNaN(rmc.datetime.getTime())) return { refused: 'no date and time in the sentence' };
  return {
    fix: {
      modemId, lat: rmc.latitude, lon: rmc.longitude, speedKmh: (rmc.speedKnots || 0) * KNOTS_TO_KMH,
      heading: Number.isFinite(rmc.trackTrue) ? rmc.trackTrue : null, fixedAt: rmc.datetime,
    },
  };
}

/** An RMC sentence as a receiver writes it (the simulator's side of the protocol). */
export function rmcSentence(fix: { lat: number; lon: number; speedKmh?: number; heading?: number; at: Date }): string {
  const knots = ((fix.speedKmh ?? 0) / KNOTS_TO_KMH).toFixed(1);
  const body = `$GPRMC,${encodeTime(fix.at)},A,${encodeLatitude(fix.lat)},${encodeLongitude(fix.lon)},${knots},${(fix.heading ?? 0).toFixed(1)},${encodeDate(fix.at)},,,A`;
  return appendChecksumFooter(body);
}
