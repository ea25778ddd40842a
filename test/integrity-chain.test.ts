import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { anchorChain } from '../src/core/audit/anchor.ts';
import { linkPending, mac, readCheckpoints } from '../src/core/audit/chain.ts';
import { verifyAuditChain } from '../src/core/audit/trail.ts';
import { grantStatements } from '../src/db/grants.ts';
import type { Db } from '../src/db/index.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

/** Run statements as a superuser would, the append-only triggers out of the way: the insider the chain exists to catch. */
async function asInsider(db: Db, statements: string[]): Promise<void> {
  await sql.raw('alter table audit disable trigger user').execute(db);
  await sql.raw('alter table audit_link disable trigger user').execute(db);
  try {
    for (const s of statements) await sql.raw(s).execute(db);
  } finally {
    await sql.raw('alter table audit enable trigger user').execute(db);
    await sql.raw('alter table audit_link enable trigger user').execute(db);
  }
}

forEachDatabase('tampering by the database’s own owner is detected (CJIS AU-9, AU-10; DESIGN "Record model" 3)', (database, kind) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;

  beforeAll(async () => {
    server = await database().server();
    for (let i = 0; i < 4; i++) await signedInAs(server.ctx, server.app, ['dispatcher']);
  }, 180_000);
  afterAll(async () => server?.close());

  test('`precinct audit checkpoint` appends a signed checkpoint to a 0600 file and sends it to syslog over UDP', async () => {
    const collector = createSocket('udp4');
    collector.bind(0, '127.0.0.1');
    await once(collector, 'listening');
    const heard = once(collector, 'message');
    const checkpoint = await anchorChain(server.ctx.db, server.ctx.audit.seal, `127.0.0.1:${collector.address().port}`);
    const [message] = (await heard) as [Buffer];
    collector.close();
    expect(message.toString()).toMatch(/^<109>1 \S+ \S+ precinct - audit-checkpoint - \{/);
    expect(JSON.parse(message.toString().replace(/^.*? - audit-checkpoint - /, ''))).toEqual(checkpoint);
    expect(checkpoint.positions).toBeGreaterThan(4);
    expect(readCheckpoints(server.ctx.audit.seal).at(-1)).toEqual(checkpoint);
    expect(statSync(server.ctx.audit.seal.checkpointFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(server.ctx.audit.seal.checkpointFile, 'utf8')).toContain(checkpoint.head);
  });

  test('verify keeps going past a break and reports each by row and kind: changed, inserted, and a tail missing since the checkpoint', async () => {
    // the server's chainer stands still while the insider works, as it would between two commits; running, it
    // could link the forged row into the freed last position (then reported as "rewritten" rather than a missing
    // tail), or link a row a server job writes meanwhile after the checkpoint, so that the deleted row is no
    // longer the tail. What was committed before is linked first; the checkpoint is then the chain's head.
    await server.ctx.audit.stop();
    await server.ctx.audit.flush();
    await anchorChain(server.ctx.db, server.ctx.audit.seal, undefined); // the hourly checkpoint, taken now
    const rows = (await server.ctx.db.selectFrom('audit_link').select(['position', 'audit_id']).orderBy('position').execute());
    const [first, second] = [rows[1]!, rows[2]!];
    const newest = rows.at(-1)!;
    await asInsider(server.ctx.db, [
      `update audit set reason = 'nothing happened' where id = ${first.audit_id}`,
      `update audit set username = 'someone-else' where id = ${second.audit_id}`,
      `insert into audit (at, action, outcome) values (now(), 'forged.entry', 'allowed')`,
      `delete from audit_link where position = ${newest.position}`,
      `delete from audit where id = ${newest.audit_id}`,
    ]);
    const result = await verifyAuditChain(server.ctx);
    expect(result.ok).toBe(false);
    const kinds = result.breaks.map((b) => `${b.kind}:${b.id ?? b.position}`);
    expect(kinds).toEqual(expect.arrayContaining([`changed:${first.audit_id}`, `changed:${second.audit_id}`, `tail_missing:${newest.position}`]));
    expect(result.breaks.some((b) => b.kind === 'inserted')).toBe(true);
    server.ctx.audit.start();
  });

  test('truncating the audit trail and re-linking the whole chain with a key of one’s own is reported against the checkpoint', async () => {
    await asInsider(server.ctx.db, ['delete from audit_link', 'delete from audit_pending']);
    // The insider re-links every row with the project's own code, but cannot know the key.
    const { rows } = await sql<{ id: number; canonical: string }>`select a.id, jsonb_build_array(a.id)::text as canonical from audit a order by a.id`.execute(server.ctx.db);
    let previous = '0'.repeat(64);
    const forged = rows.map((r, i) => ({ position: i + 1, audit_id: Number(r.id), mac: (previous = mac(Buffer.alloc(32, 7), previous, r.canonical)) }));
    await server.ctx.db.insertInto('audit_link').values(forged).execute();
    const result = await verifyAuditChain(server.ctx);
    expect(result.ok).toBe(false);
    expect(result.breaks.some((b) => b.kind === 'changed')).toBe(true);
    expect(result.breaks.some((b) => b.kind === 'rewritten' || b.kind === 'tail_missing')).toBe(true);
    await asInsider(server.ctx.db, ['delete from audit_link', 'delete from audit']);
    await linkPending(server.ctx.db, server.ctx.audit.seal);
    const emptied = await verifyAuditChain(server.ctx);
    expect(emptied.breaks).toContainEqual(expect.objectContaining({ kind: 'tail_missing', problem: expect.stringMatching(/truncated/) }));
  });

  test.skipIf(kind !== 'postgresql')('a checkpoint taken while another chainer holds the turn waits for it and covers every row committed before it (CJIS AU-9)', async () => {
    await signedInAs(server.ctx, server.app, ['dispatcher']);
    const other = new pg.Client({ connectionString: server.ctx.config.databaseUrl! });
    await other.connect();
    try {
      // another node's chainer, mid-pass: it holds the turn and has linked nothing yet
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock($1)', [0x5052434c]);
      const { rows: [audited] } = await sql<{ n: string }>`select count(*)::text as n from audit`.execute(server.ctx.db);
      let done = false;
      const taking = anchorChain(server.ctx.db, server.ctx.audit.seal, undefined).then((c) => { done = true; return c; });
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      await other.query('commit');
      const checkpoint = await taking;
      expect(checkpoint.positions).toBeGreaterThanOrEqual(Number(audited!.n));
    } finally {
      await other.end();
    }
  });

  test.skipIf(kind !== 'postgresql')('the runtime role of `precinct db grants` may only add to the legal record: UPDATE, DELETE, TRUNCATE and DISABLE TRIGGER fail (CJIS AC-6)', async () => {
    const role = `precinct_rt_${process.pid}`;
    const owner = server.ctx.database;
    for (const statement of grantStatements(role)) await sql.raw(statement).execute(owner.db);
    const url = new URL(server.ctx.config.databaseUrl!);
    url.username = role;
    const runtime = new pg.Client({ connectionString: url.toString() });
    await runtime.connect();
    try {
      for (const table of ['audit', 'event', 'audit_link']) {
        await expect(runtime.query(`update ${table} set ${table === 'event' ? 'kind' : table === 'audit' ? 'reason' : 'mac'} = 'x'`)).rejects.toThrow(/permission denied/);
        await expect(runtime.query(`delete from ${table}`)).rejects.toThrow(/permission denied/);
        await expect(runtime.query(`truncate ${table}`)).rejects.toThrow(/permission denied|may not be truncated/);
        await expect(runtime.query(`alter table ${table} disable trigger user`)).rejects.toThrow(/must be owner/);
      }
      await runtime.query(`insert into audit (at, action, outcome) values (now(), 'runtime.may_add', 'allowed')`);
      expect((await runtime.query(`select count(*)::int as n from audit where action = 'runtime.may_add'`)).rows[0].n).toBe(1);
      expect((await runtime.query(`select pg_has_role(current_user, 'pg_database_owner', 'MEMBER') as owner`)).rows[0].owner).toBe(false);
    } finally {
      await runtime.end();
      await sql.raw(`drop owned by ${role}`).execute(owner.db);
      await sql.raw(`drop role ${role}`).execute(owner.db);
    }
    // Even the owner cannot truncate without first removing the statement-level trigger.
    await expect(sql.raw('truncate event').execute(owner.db)).rejects.toThrow(/may not be truncated/);
    expect(server.ctx.warnings).toContainEqual(expect.stringMatching(/as the owner of its tables/));
  });
});
