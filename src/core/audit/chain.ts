import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { fixedStatement } from '../../db/fixed.ts';
import type { Config } from '../config.ts';

/**
 * The keyed audit chain (DESIGN "Record model" 3; CJIS AU-9, AU-10).
 *
 * Position n of the chain holds an audit row's id and
 *   mac(n) = HMAC-SHA256(key, mac(n-1) + "\n" + canonical(row))
 * where canonical(row) is the row as the database renders it (`jsonb_build_array(...)::text`,
 * times in UTC to the microsecond), so the MAC is over exactly what is stored. The key
 * lives outside the database (a 0600 file under the data folder, or PRECINCT_AUDIT_KEY),
 * so the database's owner can neither forge a row nor re-link the chain after an edit.
 * Checkpoints of (positions, head MAC, time), signed with the key and appended to a file
 * outside the database, let verify notice a truncated or re-written tail.
 */

export const GENESIS = '0'.repeat(64);
const CHAIN_LOCK = 0x5052434c; // "PRCL": one chainer at a time on every node sharing the database
const PAGE = 2000;

/** The row as the database renders it: the text the MAC covers. */
export const CANONICAL = sql<string>`jsonb_build_array(a.id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  a.username, a.role, a.source, a.remote, a.action, a.subject_type, a.subject_id, a.outcome, a.reason, a.detail)::text`;

export interface AuditSeal {
  key: Buffer;
  checkpointFile: string;
}

/**
 * The chain's key and checkpoint file: PRECINCT_AUDIT_KEY, else the key file (created with
 * 32 random bytes, mode 0600, on first start).
 */
export function openAuditSeal(config: Pick<Config, 'dataDir' | 'audit'>): AuditSeal {
  const checkpointFile = config.audit.checkpointFile ?? join(config.dataDir, 'audit-checkpoints.jsonl');
  if (config.audit.key) return { key: Buffer.from(config.audit.key, 'base64'), checkpointFile };
  const keyFile = config.audit.keyFile ?? join(config.dataDir, 'audit.key');
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  if (key.length < 32) throw new Error(`the audit key in ${keyFile} is shorter than 32 bytes`);
  return { key, checkpointFile };
}

export function mac(key: Buffer, previous: string, canonical: string): string {
  return createHmac('sha256', key).update(previous).update('\n').update(canonical).digest('hex');
}

/**
 * Link every committed, unlinked audit row into the chain, in the order they are found.
 * Returns how many were linked (0 when another chainer holds the turn). `wait`: wait for a
 * chainer holding the turn (another node's, or this server's own pass) to end instead of leaving
 * the rows to it, so that every row committed before the call is linked when it returns.
 */
export async function linkPending(db: Db, seal: AuditSeal, wait = false): Promise<number> {
  let linked = 0;
  for (;;) {
    const batch = await inTransaction(db, (tx) => linkBatch(tx, seal, wait));
    linked += batch;
    if (batch < PAGE) return linked;
  }
}

/**
 * The chainer's statements, the same text at every pass: compiled once, and prepared on PostgreSQL
 * (db/fixed.ts). The turn, then the rows waiting for their link with the chain's head, read in one
 * statement once the turn is held; then the links written and the rows taken off the queue in one.
 */
const takeTurn = fixedStatement(() => sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${CHAIN_LOCK}) as locked`);
const waitTurn = fixedStatement(() => sql<{ locked: boolean }>`select true as locked from (select pg_advisory_xact_lock(${CHAIN_LOCK})) l`);
const waiting = fixedStatement(() => sql<{ id: number; canonical: string; head_position: number | string | null; head_mac: string | null }>`
    with head as (select position, mac from audit_link order by position desc limit 1)
    select a.id, ${CANONICAL} as canonical, (select position from head) as head_position, (select mac from head) as head_mac
    from audit_pending p join audit a on a.id = p.audit_id order by a.id limit ${PAGE}`);
const writeLinks = fixedStatement((_db, positions: number[], ids: number[], macs: string[]) => sql`with links as (select * from unnest(${positions}::bigint[], ${ids}::bigint[], ${macs}::text[]) as l(position, audit_id, mac)),
    unqueued as (delete from audit_pending where audit_id in (select audit_id from links))
    insert into audit_link (position, audit_id, mac) select position, audit_id, mac from links`);

async function linkBatch(tx: Tx, seal: AuditSeal, wait: boolean): Promise<number> {
  const [turn] = await (wait ? waitTurn : takeTurn)(tx);
  if (!turn?.locked) return 0;
  const rows = await waiting(tx);
  if (rows.length === 0) return 0;
  let previous = rows[0]!.head_mac ?? GENESIS;
  let position = Number(rows[0]!.head_position ?? 0);
  const links = rows.map((row) => {
    previous = mac(seal.key, previous, row.canonical);
    position += 1;
    return { position, audit_id: Number(row.id), mac: previous };
  });
  await writeLinks(tx, links.map((l) => l.position), links.map((l) => l.audit_id), links.map((l) => l.mac));
  return links.length;
}

export type BreakKind = 'changed' | 'removed' | 'inserted' | 'tail_missing' | 'rewritten' | 'checkpoint_forged';

export interface ChainBreak {
  kind: BreakKind;
  /** The chain position, where there is one. */
  position?: number;
  /** The audit row's id, where there is one. */
  id?: number;
  problem: string;
}

export interface Checkpoint {
  at: string;
  positions: number;
  head: string;
  mac: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows linked into the chain. */
  rows: number;
  /** Rows written and committed but not yet linked (the chainer has not come round). */
  pending: number;
  /** Every break found, in chain order, at most 1 000; `breakCount` is the total. */
  breaks: ChainBreak[];
  breakCount: number;
  /** The last checkpoint the table was compared with. */
  checkpoint: Checkpoint | null;
  /** The first break (kept for readers of the earlier answer). */
  broken?: { id: number; problem: string };
}

const MAX_BREAKS = 1000;

function signCheckpoint(key: Buffer, c: Omit<Checkpoint, 'mac'>): string {
  return createHmac('sha256', key).update(`precinct-audit-checkpoint\n${c.at}\n${c.positions}\n${c.head}`).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The checkpoints written so far, oldest first; a line that is not JSON is skipped. */
export function readCheckpoints(seal: AuditSeal): Checkpoint[] {
  if (!existsSync(seal.checkpointFile)) return [];
  return readFileSync(seal.checkpointFile, 'utf8').split('\n').flatMap((line) => {
    try {
      const c = JSON.parse(line) as Checkpoint;
      return typeof c.positions === 'number' && typeof c.head === 'string' ? [c] : [];
    } catch {
      return [];
    }
  });
}

/** Link what is pending, then append a signed checkpoint of the chain's length and head to the file outside the database. */
/** True when the chain holds `head` at `positions` (position 0 is the empty chain): a sealed head is still in it. */
export async function chainHolds(db: Db, positions: number, head: string): Promise<boolean> {
  if (positions === 0) return head === GENESIS;
  const link = await db.selectFrom('audit_link').select('mac').where('position', '=', positions).executeTakeFirst();
  return link?.mac === head;
}

export async function writeCheckpoint(db: Db, seal: AuditSeal): Promise<Checkpoint> {
  // every row committed before the checkpoint was asked for, even while a server's chainer is mid-pass
  await linkPending(db, seal, true);
  const head = await db.selectFrom('audit_link').select(['position', 'mac']).orderBy('position', 'desc').limit(1).executeTakeFirst();
  const body = { at: new Date().toISOString(), positions: Number(head?.position ?? 0), head: head?.mac ?? GENESIS };
  const checkpoint: Checkpoint = { ...body, mac: signCheckpoint(seal.key, body) };
  mkdirSync(dirname(seal.checkpointFile), { recursive: true, mode: 0o700 });
  appendFileSync(seal.checkpointFile, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  return checkpoint;
}

/**
 * Walk the whole chain and report every break, not only the first: a row whose contents
 * changed, a row or link removed, a row that never went through the chainer (inserted),
 * and, against the last checkpoint, a tail that is missing or was re-linked.
 */
export async function verifyChain(db: Db, seal: AuditSeal): Promise<VerifyResult> {
  const breaks: ChainBreak[] = [];
  let breakCount = 0;
  const report = (b: ChainBreak) => {
    breakCount += 1;
    if (breaks.length < MAX_BREAKS) breaks.push(b);
  };
  let previous = GENESIS;
  let expected = 1;
  let rows = 0;
  const macAt = new Map<number, string>();
  const checkpoints = readCheckpoints(seal);
  const last = checkpoints.at(-1) ?? null;
  for (;;) {
    const { rows: page } = await sql<{ position: number; audit_id: number; mac: string; canonical: string | null }>`
      select l.position, l.audit_id, l.mac, case when a.id is null then null else ${CANONICAL} end as canonical
      from audit_link l left join audit a on a.id = l.audit_id
      where l.position >= ${expected} order by l.position limit ${PAGE}`.execute(db);
    for (const link of page) {
      const position = Number(link.position);
      if (position !== expected) {
        report({ kind: 'removed', position: expected, problem: `chain positions ${expected}–${position - 1} are missing: their links were deleted` });
      }
      if (link.canonical === null) {
        report({ kind: 'removed', position, id: Number(link.audit_id), problem: `audit row ${link.audit_id} at position ${position} was deleted` });
      } else if (!sameHex(mac(seal.key, previous, link.canonical), link.mac)) {
        report({ kind: 'changed', position, id: Number(link.audit_id), problem: `audit row ${link.audit_id} at position ${position} was changed after it was written, or its link was forged` });
      }
      if (last && position === last.positions) macAt.set(position, link.mac);
      previous = link.mac;
      expected = position + 1;
      rows += 1;
    }
    if (page.length < PAGE) break;
  }
  const { rows: [counts] } = await sql<{ pending: number }>`select count(*)::int as pending from audit_pending`.execute(db);
  const { rows: strays } = await sql<{ id: number }>`select a.id from audit a
    where not exists (select 1 from audit_link l where l.audit_id = a.id)
      and not exists (select 1 from audit_pending p where p.audit_id = a.id)
    order by a.id limit ${MAX_BREAKS}`.execute(db);
  for (const s of strays) report({ kind: 'inserted', id: Number(s.id), problem: `audit row ${s.id} was inserted outside the chain` });
  const { rows: lost } = await sql<{ id: number }>`select p.audit_id as id from audit_pending p
    where not exists (select 1 from audit a where a.id = p.audit_id) order by p.audit_id limit ${MAX_BREAKS}`.execute(db);
  for (const l of lost) report({ kind: 'removed', id: Number(l.id), problem: `audit row ${l.id} was deleted before it was linked` });
  if (last) {
    if (!sameHex(signCheckpoint(seal.key, last), last.mac)) {
      report({ kind: 'checkpoint_forged', problem: `the checkpoint of ${last.at} is not signed with this server's key` });
    } else if (expected - 1 < last.positions) {
      report({ kind: 'tail_missing', position: expected, problem: `the chain ends at position ${expected - 1}, but the checkpoint of ${last.at} recorded ${last.positions}: the newest rows were removed or the table truncated` });
    } else if (last.positions > 0 && macAt.get(last.positions) !== last.head) {
      report({ kind: 'rewritten', position: last.positions, problem: `position ${last.positions} no longer holds the head recorded by the checkpoint of ${last.at}: the chain was re-linked` });
    }
  }
  const first = breaks[0];
  return {
    ok: breakCount === 0, rows, pending: counts?.pending ?? 0, breaks, breakCount, checkpoint: last,
    ...(first ? { broken: { id: first.id ?? first.position ?? 0, problem: first.problem } } : {}),
  };
}
