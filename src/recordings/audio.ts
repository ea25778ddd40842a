import type { IAudioMetadata } from 'music-metadata';

// The parser is loaded when the first recording is inspected, not at every start of the server.
const parser = () => import('music-metadata');
import { Problem } from '../core/errors.ts';
import { CONTENT_TYPES, type AudioFormat } from './model.ts';

export interface AudioFacts {
  format: AudioFormat;
  contentType: string;
  durationSeconds: number | null;
  sampleRate: number | null;
  channels: number | null;
}

const OPTIONS = { duration: false, skipCovers: true } as const;

/**
 * Read a file's container headers (music-metadata) and say what audio it is: WAV (RIFF
 * WAVE), MP3 (MPEG layer III, with or without ID3) or Opus in Ogg. Anything else, or a
 * header that does not parse, is refused: an audio file that is not audio never enters.
 * The parser reads the headers it needs from the file, not the whole file.
 */
export async function inspectAudio(path: string): Promise<AudioFacts> {
  return factsOf(async () => (await parser()).parseFile(path, OPTIONS));
}

/**
 * The same check on a file already read into memory (the import reads a small file once,
 * for the check, its digest and the store). `name` (the file's name) lets the parser go
 * by its extension, as `inspectAudio` does, before guessing from the bytes.
 */
export async function inspectAudioBytes(bytes: Uint8Array, name?: string): Promise<AudioFacts> {
  return factsOf(async () => (await parser()).parseBuffer(bytes, { size: bytes.length, ...(name ? { path: name } : {}) }, OPTIONS));
}

async function factsOf(parse: () => Promise<IAudioMetadata>): Promise<AudioFacts> {
  let parsed;
  try {
    parsed = await parse();
  } catch (error) {
    throw new Problem(422, 'recording.not_audio', 'Not audio', `The file is not WAV, MP3 or Opus audio (${(error as Error).message.slice(0, 120)}).`);
  }
  const { container, codec, sampleRate, numberOfChannels, duration } = parsed.format;
  const format = formatOf(container, codec);
  if (!format) {
    const what = [container, codec].filter(Boolean).join(' / ') || 'no recognizable audio';
    throw new Problem(422, 'recording.not_audio', 'Not audio', `The file is ${what}; send WAV, MP3 or Opus (Ogg) audio.`);
  }
  if (!sampleRate || !numberOfChannels) {
    throw new Problem(422, 'recording.not_audio', 'Not audio', `The ${format} header names no sample rate or channels: the file is damaged or not audio.`);
  }
  return { format, contentType: CONTENT_TYPES[format], durationSeconds: duration && Number.isFinite(duration) ? Math.round(duration * 1000) / 1000 : null, sampleRate, channels: numberOfChannels };
}

function formatOf(container: string | undefined, codec: string | undefined): AudioFormat | undefined {
  if (container === 'WAVE') return 'wav';
  if (container === 'MPEG' && codec?.includes('Layer 3')) return 'mp3';
  if (container === 'Ogg' && codec === 'Opus') return 'opus';
  return undefined;
}
