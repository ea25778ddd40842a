import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import type { Db } from '../../db/index.ts';
import { writeCheckpoint, type AuditSeal, type Checkpoint } from './chain.ts';

/** Syslog facility "log audit" (13), severity "notice" (5): RFC 5424 PRI = 13 × 8 + 5. */
const PRI = 13 * 8 + 5;

/** One RFC 5424 message carrying a checkpoint, for a syslog collector the database's owner does not control. */
export function syslogMessage(checkpoint: Checkpoint, host = hostname()): string {
  const name = host.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';
  return `<${PRI}>1 ${checkpoint.at} ${name} precinct - audit-checkpoint - ${JSON.stringify(checkpoint)}`;
}

/** Send the checkpoint to `host:port` over UDP; resolves once the datagram has left. */
export async function sendToSyslog(target: string, checkpoint: Checkpoint): Promise<void> {
  const split = target.lastIndexOf(':');
  const host = target.slice(0, split);
  const port = Number(target.slice(split + 1));
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => socket.send(syslogMessage(checkpoint), port, host, (error) => (error ? reject(error) : resolve())));
  } finally {
    socket.close();
  }
}

/**
 * Anchor the chain's head outside the database: link what is committed, append a signed
 * checkpoint to the checkpoint file and, when PRECINCT_AUDIT_SYSLOG is set, send it to
 * syslog. The caller prints it into the server's log (DESIGN "Record model" 3; CJIS AU-9).
 */
export async function anchorChain(db: Db, seal: AuditSeal, syslog: string | undefined): Promise<Checkpoint> {
  const checkpoint = await writeCheckpoint(db, seal);
  if (syslog) await sendToSyslog(syslog, checkpoint);
  return checkpoint;
}
