import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { metresBetween, type Point } from './model.ts';
import { rmcSentence } from './nmea.ts';

export interface SimulatedVehicle {
  modemId: string;
  /** The way the vehicle drives, as [lon, lat] positions. */
  route: [number, number][];
  speedKmh: number;
}

/** Where a vehicle is `seconds` after starting its route at its speed (it stops at the end). */
export function positionAlong(vehicle: SimulatedVehicle, seconds: number): Point & { heading: number } {
  let left = (vehicle.speedKmh / 3.6) * seconds;
  for (let i = 1; i < vehicle.route.length; i++) {
    const a = { lon: vehicle.route[i - 1]![0], lat: vehicle.route[i - 1]![1] };
    const b = { lon: vehicle.route[i]![0], lat: vehicle.route[i]![1] };
    const leg = metresBetween(a, b);
    const heading = (Math.atan2((b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180), b.lat - a.lat) * 180) / Math.PI;
    if (left <= leg) {
      const t = leg === 0 ? 0 : left / leg;
      return { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t, heading: (heading + 360) % 360 };
    }
    left -= leg;
  }
  const [lon, lat] = vehicle.route[vehicle.route.length - 1]!;
  return { lat, lon, heading: 0 };
}

/** The line a modem sends for a vehicle at a moment: its id, a comma, the RMC sentence. */
export function modemReport(vehicle: SimulatedVehicle, seconds: number, at: Date): string {
  const p = positionAlong(vehicle, seconds);
  return `${vehicle.modemId},${rmcSentence({ ...p, speedKmh: vehicle.speedKmh, at })}`;
}

/**
 * A fleet of simulated in-vehicle modems speaking the real protocol to the AVL
 * listener: one report per vehicle each `step`, over UDP datagrams or a TCP line
 * stream. Used by the tests, the benchmark and `precinct geo simulate-avl`.
 */
export class AvlSimulator {
  #tcp: Socket | null = null;
  readonly #udp = createSocket('udp4');

  constructor(private readonly target: { host?: string; port: number; protocol: 'udp' | 'tcp' }) {}

  async #tcpSocket(): Promise<Socket> {
    if (this.#tcp) return this.#tcp;
    const socket = connect(this.target.port, this.target.host ?? '127.0.0.1');
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    this.#tcp = socket;
    return socket;
  }

  /** Send lines as the modem would (also a garbled line, for tests of refusal). */
  async send(lines: string[]): Promise<void> {
    if (this.target.protocol === 'tcp') {
      const socket = await this.#tcpSocket();
      await new Promise<void>((resolve, reject) => socket.write(lines.map((l) => `${l}\r\n`).join(''), (e) => (e ? reject(e) : resolve())));
      return;
    }
    for (const line of lines) {
      await new Promise<void>((resolve, reject) => this.#udp.send(`${line}\r\n`, this.target.port, this.target.host ?? '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
  }

  /** Each vehicle's report at `seconds` into its route. */
  async report(vehicles: SimulatedVehicle[], seconds: number, at = new Date()): Promise<void> {
    await this.send(vehicles.map((v) => modemReport(v, seconds, at)));
  }

  close(): void {
    this.#tcp?.end();
    this.#udp.close();
  }
}
