import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { AliLayout } from './layouts.ts';
import { parseSpill, type ParsedSpill } from './parser.ts';

/**
 * The line-oriented ALI feed: the phone system writes spills as text lines, one
 * record per spill. A record ends at an ETX character (\x03), at an empty line, or
 * when it reaches the layout's line count; an STX (\x02) starts a new record
 * (whatever was half-received before it is delivered as truncated). Each record is
 * parsed with the layout and handed on, garbled or not: the receiver decides.
 */
export class AliFeed {
  private lines: string[] = [];

  constructor(private readonly layout: AliLayout, private readonly onSpill: (spill: ParsedSpill, raw: string) => void) {}

  /** One line of the feed, without its line ending. */
  line(text: string): void {
    let rest = text.replace(/\r$/, '');
    const start = rest.lastIndexOf('\u0002');
    if (start >= 0) {
      this.flush();
      rest = rest.slice(start + 1);
    }
    const end = rest.indexOf('\u0003');
    if (end >= 0) {
      if (rest.slice(0, end).length) this.lines.push(rest.slice(0, end));
      this.flush();
      return;
    }
    if (rest.trim() === '') {
      this.flush();
      return;
    }
    this.lines.push(rest);
    if (this.lines.length >= this.layout.lines) this.flush();
  }

  /** Deliver what has been received as a record (the feed ended or a new one started). */
  flush(): void {
    if (this.lines.length === 0) return;
    const raw = this.lines.join('\n');
    this.lines = [];
    this.onSpill(parseSpill(raw, this.layout), raw);
  }
}

/** Read a feed (a TCP socket, a serial port, a file) line by line until it ends. */
export async function readAliFeed(source: Readable, layout: AliLayout, onSpill: (spill: ParsedSpill, raw: string) => void | Promise<void>): Promise<number> {
  let count = 0;
  const pending: Promise<void>[] = [];
  const feed = new AliFeed(layout, (spill, raw) => {
    count += 1;
    pending.push(Promise.resolve(onSpill(spill, raw)));
  });
  for await (const line of createInterface({ input: source, crlfDelay: Infinity })) feed.line(line);
  feed.flush();
  await Promise.all(pending);
  return count;
}
