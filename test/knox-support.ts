import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AppContext } from '../src/core/context.ts';
import type { Actor } from '../src/core/actor.ts';
import { addKey } from '../src/keys/register.ts';
import { assignKey } from '../src/keys/shift.ts';

/**
 * A real SMTP server in this process, standing in for the Housing Authority's fax
 * gateway: it keeps what it receives, and can be told to refuse mail for a while.
 */
export interface Gateway {
  url: string;
  inbox: ParsedMail[];
  refusing: boolean;
  waitFor(predicate: (mail: ParsedMail) => boolean, ms?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startGateway(): Promise<Gateway> {
  const gateway = { inbox: [] as ParsedMail[], refusing: false } as Gateway;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        if (gateway.refusing) return callback(Object.assign(new Error('Gateway busy, try again later'), { responseCode: 451 }));
        gateway.inbox.push(mail);
        return callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  gateway.url = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
  gateway.waitFor = async (predicate, ms = 10_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const found = gateway.inbox.find(predicate);
      if (found) return found;
      if (Date.now() > until) throw new Error('no such message reached the gateway');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  gateway.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return gateway;
}

const FONTS = `${join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts')}/`;

/** Read AcroForm field values with pdf.js — a reader independent of the library that wrote the form. */
export async function pdfFields(bytes: Uint8Array): Promise<Record<string, string>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: FONTS, isEvalSupported: false }).promise;
  const fields = (await doc.getFieldObjects()) ?? {};
  const out: Record<string, string> = {};
  for (const [name, objects] of Object.entries(fields)) {
    const withValue = (objects as { value?: unknown }[]).find((o) => o.value !== undefined);
    out[name] = String(withValue?.value ?? '');
  }
  await doc.destroy();
  return out;
}

/** The text printed on the pages (every page; pages joined by a form feed), for checking what a PDF says. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: FONTS, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\f');
}

let keysHanded = 0;

/**
 * Register a Knox access key and hand it to the officer for the shift, as the OIC does
 * (O-604 §III.B), so that the officer may request an access (§III.C). Returns the key's number.
 */
export async function handKeyTo(ctx: AppContext, officer: string, number = `T-${process.pid}-${++keysHanded}`): Promise<string> {
  const oic: Actor = { username: 'fixture-oic', roles: ['commanding_officer'], source: '127.0.0.1', remote: false };
  await addKey(ctx, oic, { number, note: 'test fixture' });
  await assignKey(ctx, oic, number, { officer });
  return number;
}

/** A Millbrook Housing Authority Knox Box with apartments 1A and 2A, its report sent to the Executive Director. */
export function housingAuthorityBox(id: string, building: string, address: string) {
  return {
    id, building, address, kind: 'housing_authority', authority: 'Millbrook Housing Authority',
    contacts: [{ role: 'Executive Director', name: 'Patricia Lindgren', email: 'director@mha.test' }], reportTo: 'director@mha.test', units: ['1A', '2A'],
  };
}
