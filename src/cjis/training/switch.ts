import { createServer, type Server, type Socket } from 'node:net';
import type { Db } from '../../db/index.ts';
import { FrameReader, frame } from '../gateway/framing.ts';
import { decodeMessage, encodeMessage, fieldOf, fieldsOf, type Field, type NcicMessage, type NcicRecord } from '../gateway/message.ts';
import {
  addTrainingLocate, insertTrainingRecord, personsNamed, personsWithIdentifier, propertyBySerial, recordsOfAgency, registrationsOfOwner,
  setTrainingStatus, trainingRecord, updateTrainingFields, vehiclesByPlate, vehiclesByVin, type TrainingRecord,
} from './store.ts';

export interface TrainingSwitchOptions {
  /** How long the simulated entering agency takes to answer a hit confirmation request (YR). */
  confirmDelayMs?: number;
}

const RECORD_TYPE_CODE: Record<string, string> = { warrant: 'W', stolen_vehicle: 'V', stolen_plate: 'L', missing_person: 'M', stolen_gun: 'G', stolen_article: 'A', registration: 'R', bop_entry: 'B' };
const ENTRY_TYPES: Record<string, string> = { EW: 'warrant', EV: 'stolen_vehicle', EL: 'stolen_plate', EMD: 'missing_person', EME: 'missing_person', EMI: 'missing_person', EMV: 'missing_person', EMJ: 'missing_person' };
const CLEARS: Record<string, string[]> = { CW: ['warrant'], XW: ['warrant'], CV: ['stolen_vehicle'], XV: ['stolen_vehicle'], CL: ['stolen_plate'], XL: ['stolen_plate'], CM: ['missing_person'], XM: ['missing_person'] };
const ADMIN = ['LP', 'BC', 'NL', 'AF'];

/**
 * The training switch: a state and NCIC simulator built into Precinct, speaking the same
 * NCIC-format messages over the same kind of TCP socket as a real state switch. It answers
 * queries from its own seeded files, takes entries, locates, clears, cancels and WMS
 * modifications, acknowledges hit confirmation requests and — as the simulated entering
 * agency — answers them (YR) after a delay, relays administrative messages, and lists an
 * agency's entries for monthly validation. Every answer carries TRN/Y: training data.
 */
export class TrainingSwitch {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** The agencies connected: ORI → its sockets (the ORI is learned from the first message). */
  private readonly agencies = new Map<string, Set<Socket>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly counts = { received: 0, malformed: 0 };
  port = 0;

  constructor(private readonly db: Db, private readonly options: TrainingSwitchOptions = {}) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  /** Stop listening and drop every connection (tests: the switch going away). */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drop the current connections but keep listening (tests: a link that breaks and comes back). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  /** Send raw bytes to every connected agency (tests: garbage on the line). */
  sendRaw(bytes: Buffer): void {
    for (const socket of this.sockets) socket.write(bytes);
  }

  /** A message from a simulated agency to a connected one (the trainer's "incoming message"). */
  deliver(toOri: string, message: NcicMessage): boolean {
    const sockets = this.agencies.get(toOri);
    if (!sockets?.size) return false;
    const text = frame(encodeMessage({ ...message, fields: [...message.fields, ['TRN', 'Y']] }));
    for (const socket of sockets) socket.write(text);
    return true;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const reader = new FrameReader((text) => void this.onFrame(socket, text), () => { this.counts.malformed += 1; });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      for (const set of this.agencies.values()) set.delete(socket);
    });
  }

  private async onFrame(socket: Socket, text: string): Promise<void> {
    let message: NcicMessage;
    try {
      message = decodeMessage(text);
    } catch {
      this.counts.malformed += 1;
      return;
    }
    this.counts.received += 1;
    const set = this.agencies.get(message.ori) ?? new Set<Socket>();
    set.add(socket);
    this.agencies.set(message.ori, set);
    const msn = fieldOf(message, 'MSN');
    let reply: { mke: string; fields: Field[]; records?: NcicRecord[] };
    try {
      reply = await this.handle(message);
    } catch (error) {
      reply = { mke: 'RJ', fields: [['ERR', 'SYS'], ['TXT', `training switch error: ${(error as Error).message}`]] };
    }
    if (socket.destroyed || msn === undefined) return;
    socket.write(frame(encodeMessage({ mke: reply.mke, ori: message.ori, fields: [['MSN', msn], ['TRN', 'Y'], ...reply.fields], records: reply.records ?? [] })));
  }

  private async handle(m: NcicMessage): Promise<{ mke: string; fields: Field[]; records?: NcicRecord[] }> {
    const entryType = ENTRY_TYPES[m.mke];
    if (entryType) return this.enter(m, entryType);
    if (CLEARS[m.mke]) return this.clear(m, CLEARS[m.mke]!);
    if (ADMIN.includes(m.mke)) return this.relay(m);
    switch (m.mke) {
      case 'QW': return this.answer(await this.wanted(m));
      case 'QV': return this.answer(await this.vehicles(m));
      case 'QG': return this.answer(await propertyBySerial(this.db, 'stolen_gun', fieldOf(m, 'SER') ?? ''));
      case 'QA': return this.answer(await propertyBySerial(this.db, 'stolen_article', fieldOf(m, 'SER') ?? ''));
      case 'BQ': return this.answer(await this.probation(m));
      case 'LW': case 'LV': return this.locate(m);
      case 'MW': return this.modify(m);
      case 'YQ': return this.confirmationRequest(m);
      case 'SO': return { mke: 'AK', fields: [['TXT', 'SIGNED ON']] };
      case 'VQ': return { mke: 'VR', fields: [], records: (await recordsOfAgency(this.db, m.ori)).map(toNcicRecord) };
      default: return reject('MKE', `${m.mke} is not a message key this switch takes`);
    }
  }

  private answer(records: TrainingRecord[]): { mke: string; fields: Field[]; records: NcicRecord[] } {
    return records.length ? { mke: 'HT', fields: [['CNT', String(records.length)]], records: records.map(toNcicRecord) } : { mke: 'NR', fields: [['TXT', 'NO RECORD']], records: [] };
  }

  private async wanted(m: NcicMessage): Promise<TrainingRecord[]> {
    const types = fieldOf(m, 'TYP') === 'W' ? ['warrant'] : ['warrant', 'missing_person'];
    for (const code of ['OLN', 'SOC', 'FBI', 'SID']) {
      const value = fieldOf(m, code);
      if (value) return personsWithIdentifier(this.db, code, value, types);
    }
    const [last = '', rest = ''] = (fieldOf(m, 'NAM') ?? '').split(',').map((s) => s.trim());
    const candidates = await personsNamed(this.db, last, rest.split(' ')[0] ?? '', types);
    const dob = fieldOf(m, 'DOB');
    // NCIC's name search is not exact: a date of birth a year off is still returned for the operator to compare.
    return dob ? candidates.filter((r) => !r.fields.DOB || Math.abs(Number(r.fields.DOB.slice(0, 4)) - Number(dob.slice(0, 4))) <= 1) : candidates;
  }

  private async vehicles(m: NcicMessage): Promise<TrainingRecord[]> {
    const plate = fieldOf(m, 'LIC');
    if (plate) return vehiclesByPlate(this.db, plate, fieldOf(m, 'LIS') ?? '');
    const vin = fieldOf(m, 'VIN');
    if (vin) return vehiclesByVin(this.db, vin);
    const [last = '', first = ''] = (fieldOf(m, 'NAM') ?? '').split(',').map((s) => s.trim());
    return registrationsOfOwner(this.db, last, first.split(' ')[0] ?? '');
  }

  private async probation(m: NcicMessage): Promise<TrainingRecord[]> {
    const [last = '', rest = ''] = (fieldOf(m, 'NAM') ?? '').split(',').map((s) => s.trim());
    const dob = fieldOf(m, 'DOB');
    return (await personsNamed(this.db, last, rest.split(' ')[0] ?? '', ['bop_entry'])).filter((r) => !dob || r.fields.DOB === dob);
  }

  private async enter(m: NcicMessage, type: string): Promise<{ mke: string; fields: Field[] }> {
    const fields: Record<string, string> = {};
    for (const [code, value] of m.fields) if (!['MSN', 'OPR', 'DOC'].includes(code) && !(code in fields)) fields[code] = value;
    if (type === 'warrant' || type === 'missing_person') {
      if (!fields.NAM || !fields.DOB) return reject('NAM', 'an entry for a person needs NAM and DOB');
    }
    if ((type === 'stolen_vehicle' && !fields.VIN && !fields.LIC) || (type === 'stolen_plate' && !fields.LIC)) return reject('LIC', 'the vehicle or plate is not identified');
    const nic = await insertTrainingRecord(this.db, { type, source: 'NCIC', ori: m.ori, agency: fieldOf(m, 'AGY') ?? m.ori, fields });
    return { mke: 'AK', fields: [['NIC', nic], ['TXT', `${m.mke} ACCEPTED`]] };
  }

  private async ownRecord(m: NcicMessage, types: string[]): Promise<TrainingRecord | { reply: { mke: string; fields: Field[] } }> {
    const nic = fieldOf(m, 'NIC') ?? '';
    const record = await trainingRecord(this.db, nic);
    if (!record || !types.includes(record.type)) return { reply: reject('NIC', `no ${types.join('/')} record ${nic}`) };
    if (record.status !== 'active') return { reply: reject('NIC', `record ${nic} is already ${record.status}`) };
    return record;
  }

  private async clear(m: NcicMessage, types: string[]): Promise<{ mke: string; fields: Field[] }> {
    const record = await this.ownRecord(m, types);
    if ('reply' in record) return record.reply;
    if (record.ori !== m.ori) return reject('ORI', `record ${record.nic} was entered by ${record.ori}; only the entering agency clears or cancels it`);
    await setTrainingStatus(this.db, record.nic, m.mke.startsWith('X') ? 'cancelled' : 'cleared');
    return { mke: 'AK', fields: [['NIC', record.nic], ['TXT', `${m.mke} ACCEPTED`]] };
  }

  private async locate(m: NcicMessage): Promise<{ mke: string; fields: Field[] }> {
    const record = await this.ownRecord(m, m.mke === 'LW' ? ['warrant'] : ['stolen_vehicle', 'stolen_plate']);
    if ('reply' in record) return record.reply;
    if (record.ori === m.ori) return reject('ORI', 'the entering agency clears its own record; a locate is for other agencies');
    await addTrainingLocate(this.db, record.nic, m.ori, fieldOf(m, 'DLO') ?? new Date().toISOString().slice(0, 10).replace(/-/g, ''));
    return { mke: 'AK', fields: [['NIC', record.nic], ['TXT', `${m.mke} ACCEPTED`]] };
  }

  private async modify(m: NcicMessage): Promise<{ mke: string; fields: Field[] }> {
    const record = await this.ownRecord(m, ['warrant']);
    if ('reply' in record) return record.reply;
    if (record.source !== 'WMS') return reject('NIC', 'only the entering agency modifies a CJIS/NCIC warrant');
    const change: Record<string, string> = {};
    for (const code of ['CMC', 'MIS']) { const v = fieldOf(m, code); if (v !== undefined) change[code] = v; }
    const other = m.fields.find(([c]) => !['MSN', 'NIC', 'CMC', 'MIS', 'OPR'].includes(c));
    if (other) return reject(other[0], `${other[0]} of a WMS warrant cannot be modified by users: only Caution and Remarks`);
    await updateTrainingFields(this.db, record.nic, change);
    return { mke: 'AK', fields: [['NIC', record.nic], ['TXT', 'MW ACCEPTED']] };
  }

  /** Acknowledge a YQ, and answer it as the entering agency would (YR) after the delay — unless its file says it never answers. */
  private async confirmationRequest(m: NcicMessage): Promise<{ mke: string; fields: Field[] }> {
    const nic = fieldOf(m, 'NIC') ?? '';
    const record = await trainingRecord(this.db, nic);
    if (!record) return reject('NIC', `no record ${nic}`);
    if (record.confirm !== 'no_answer') {
      const confirmed = record.confirm === 'confirmed' && record.status === 'active';
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.deliver(m.ori, {
          mke: 'YR', ori: record.ori, records: [],
          fields: [['NIC', nic], ['REF', fieldOf(m, 'REF') ?? ''], ['RNO', fieldOf(m, 'RNO') ?? '1'], ['CON', confirmed ? 'Y' : 'N'],
            ['NAM', `DISPATCH ${record.agency}`.slice(0, 60)],
            ['REM', confirmed ? (record.type === 'warrant' ? 'WARRANT OUTSTANDING, WILL EXTRADITE' : 'STILL STOLEN, HOLD FOR OWNER') : 'NOT CONFIRMED: RECORD NO LONGER VALID']],
        });
      }, this.options.confirmDelayMs ?? 5_000);
      timer.unref();
      this.timers.add(timer);
    }
    return { mke: 'AK', fields: [['NIC', nic], ['TXT', `YQ ${fieldOf(m, 'PRI') === 'U' ? 'URGENT' : 'ROUTINE'} SENT TO ${record.ori}`]] };
  }

  /** Administrative messages: accepted, and handed to every connected agency they are addressed to (DSK: ORI, AREA, STATE, REGION, ALL). */
  private relay(m: NcicMessage): { mke: string; fields: Field[] } {
    const destinations = fieldsOf(m, 'DST');
    const kind = fieldOf(m, 'DSK');
    const addressedTo = (ori: string): boolean => {
      const inState = ori.slice(0, 2) === m.ori.slice(0, 2);
      if (m.mke === 'LP' || kind === 'ORI') return destinations.includes(ori);
      if (m.mke === 'BC' || m.mke === 'AF') return inState;
      if (kind === 'STATE') return destinations.includes(ori.slice(0, 2));
      return !inState;
    };
    for (const ori of this.agencies.keys()) {
      if (ori !== m.ori && addressedTo(ori)) this.deliver(ori, { ...m, fields: m.fields.filter(([c]) => c !== 'MSN').concat([['FRM', m.ori]]) });
    }
    return { mke: 'AK', fields: [['TXT', `${m.mke} ACCEPTED FOR ${destinations.length || 1} DESTINATION(S)`]] };
  }
}

function reject(field: string, text: string): { mke: string; fields: Field[] } {
  return { mke: 'RJ', fields: [['ERR', field], ['TXT', text]] };
}

function toNcicRecord(record: TrainingRecord): NcicRecord {
  const fields: Field[] = [['RTY', RECORD_TYPE_CODE[record.type] ?? 'X'], ['SRC', record.source], ['NIC', record.nic], ['ORI', record.ori], ['AGY', record.agency], ['TRN', 'Y'],
    ['DOE', record.enteredAt.toISOString().slice(0, 10).replace(/-/g, '')]];
  for (const [code, value] of Object.entries(record.fields)) if (!['RTY', 'SRC', 'NIC', 'ORI', 'AGY', 'TRN', 'DOE'].includes(code)) fields.push([code, value]);
  for (const locate of record.locates) fields.push(['LOC', `${locate.ori} ${locate.at}`]);
  return { fields };
}
