/**
 * A recorder simulator: produces what a center's recorder exports, so tests, the demo
 * and the benchmark talk to the real import. Each recording is real audio (8 kHz mono,
 * as telephone and radio channels are recorded: WAV PCM or MP3) with a JSON sidecar,
 * both written under a temporary name and renamed when whole, the audio first and the
 * sidecar last, exactly as the drop folder expects. It can also push over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Mp3Encoder } from '@breezystack/lamejs';
import wavefile from 'wavefile';
import type { RecordedLine } from './model.ts';

const RATE = 8000;

export interface SimulatedRecording {
  line: RecordedLine;
  start: Date;
  end: Date;
  channel: string;
  position?: string | undefined;
  talkgroup?: string | undefined;
  radioId?: string | undefined;
  ani?: string | undefined;
  format?: 'wav' | 'mp3';
  /** Seconds of audio to synthesize (default: the recording's length, at most 120 s). */
  audioSeconds?: number;
}

/** Tones and a little noise, different for every recording (so every file has its own digest). */
function samples(seconds: number, seed: number): Int16Array {
  const count = Math.max(1, Math.round(seconds * RATE));
  const out = new Int16Array(count);
  let state = (seed * 2654435761) >>> 0 || 1;
  const base = 300 + (seed % 700);
  for (let i = 0; i < count; i += 1) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    const noise = ((state & 0xffff) / 0xffff - 0.5) * 1200;
    const syllable = Math.sin((Math.PI * (i % 1600)) / 1600);
    out[i] = Math.round(6000 * syllable * Math.sin((2 * Math.PI * (base + 40 * Math.sin(i / 900)) * i) / RATE) + noise);
  }
  return out;
}

export function synthesize(format: 'wav' | 'mp3', seconds: number, seed: number): Buffer {
  const pcm = samples(seconds, seed);
  if (format === 'wav') {
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, RATE, '16', pcm);
    return Buffer.from(wav.toBuffer());
  }
  const encoder = new Mp3Encoder(1, RATE, 24);
  const parts = [encoder.encodeBuffer(pcm), encoder.flush()];
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

let seedCounter = Math.floor(Math.random() * 1_000_000);

/** The sidecar a recorder writes: the metadata the import reads. */
export function sidecarOf(r: SimulatedRecording, recorder: string, id: string, file?: string) {
  return {
    recorder, recordingId: id, line: r.line, start: r.start.toISOString(), end: r.end.toISOString(), channel: r.channel,
    ...(r.position ? { position: r.position } : {}), ...(r.talkgroup ? { talkgroup: r.talkgroup } : {}),
    ...(r.radioId ? { radioId: r.radioId } : {}), ...(r.ani ? { ani: r.ani } : {}), ...(file ? { file } : {}),
  };
}

export class RecorderSimulator {
  constructor(readonly dir: string, readonly recorder = 'SIM-REC-1') {}

  /** Export one recording into the drop folder; gives back the audio and sidecar file names. */
  async record(r: SimulatedRecording): Promise<{ audio: string; sidecar: string; id: string }> {
    await mkdir(this.dir, { recursive: true });
    const format = r.format ?? 'wav';
    const id = randomUUID();
    const stamp = r.start.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    const name = `${stamp}_ch${r.channel.replace(/[^A-Za-z0-9]/g, '')}_${id.slice(0, 8)}`;
    const seconds = r.audioSeconds ?? Math.min(120, Math.max(0.5, (r.end.getTime() - r.start.getTime()) / 1000));
    const audio = `${name}.${format}`;
    await writeFile(join(this.dir, `.${audio}.part`), synthesize(format, seconds, (seedCounter += 1)));
    await rename(join(this.dir, `.${audio}.part`), join(this.dir, audio));
    const sidecar = `${name}.json`;
    await writeFile(join(this.dir, `.${sidecar}.part`), `${JSON.stringify(sidecarOf(r, this.recorder, id, audio), null, 2)}\n`);
    await rename(join(this.dir, `.${sidecar}.part`), join(this.dir, sidecar));
    return { audio, sidecar, id };
  }

  /** Push one recording over HTTP (multipart: `metadata` then `audio`) with a recorder login's bearer token. */
  async upload(baseUrl: string, token: string, r: SimulatedRecording): Promise<Response> {
    const format = r.format ?? 'wav';
    const id = randomUUID();
    const seconds = r.audioSeconds ?? Math.min(120, Math.max(0.5, (r.end.getTime() - r.start.getTime()) / 1000));
    const form = new FormData();
    form.append('metadata', JSON.stringify(sidecarOf(r, this.recorder, id)));
    form.append('audio', new Blob([new Uint8Array(synthesize(format, seconds, (seedCounter += 1)))], { type: format === 'wav' ? 'audio/wav' : 'audio/mpeg' }), `${id}.${format}`);
    return fetch(`${baseUrl}/api/v1/recordings`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  }
}
