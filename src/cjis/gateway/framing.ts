/**
 * STX/ETX framing of NCIC-format messages over a TCP stream: each message is the bytes
 * between an STX (0x02) and the next ETX (0x03), UTF-8. Line noise between frames, a
 * frame interrupted by a new STX, and a frame longer than the limit are reported as
 * garbage and dropped; the stream goes on with the next frame.
 */
export const STX = 0x02;
export const ETX = 0x03;
export const MAX_FRAME = 64 * 1024;

export function frame(text: string): Buffer {
  return Buffer.concat([Buffer.from([STX]), Buffer.from(text, 'utf8'), Buffer.from([ETX])]);
}

export class FrameReader {
  private parts: Buffer[] = [];
  private size = 0;
  private inFrame = false;
  private noise = 0;

  constructor(
    private readonly onFrame: (text: string) => void,
    private readonly onGarbage: (why: string) => void,
    private readonly limit = MAX_FRAME,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === STX) {
        this.flushNoise();
        if (this.inFrame) this.onGarbage('a frame was cut off by the next STX');
        this.inFrame = true;
        this.parts = [];
        this.size = 0;
        start = i + 1;
      } else if (byte === ETX) {
        if (!this.inFrame) { this.noise += 1; continue; }
        this.add(chunk.subarray(start, i));
        this.inFrame = false;
        if (this.size <= this.limit) this.onFrame(Buffer.concat(this.parts).toString('utf8'));
        this.parts = [];
        this.size = 0;
      } else if (!this.inFrame && byte !== 0x0a && byte !== 0x0d && byte !== 0x20) {
        this.noise += 1;
      }
    }
    if (this.inFrame) this.add(chunk.subarray(start));
    this.flushNoise();
  }

  private add(bytes: Buffer): void {
    if (this.size > this.limit) return;
    this.size += bytes.length;
    if (this.size > this.limit) {
      this.onGarbage(`a frame longer than ${this.limit} bytes was dropped`);
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(bytes));
  }

  private flushNoise(): void {
    if (this.noise === 0) return;
    this.onGarbage(`${this.noise} byte(s) outside any frame`);
    this.noise = 0;
  }
}
