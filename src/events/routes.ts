import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { eventsAfter, recentEvents, type DispatchEvent } from '../core/events/log.ts';
import { actorNameOf, beforeEventsCommit } from '../core/events/local.ts';
import { factsKnownAtCommit, loadFacts, maySeeEvent, protectedReads, readerOf, showEvents, withheld, type Facts, type Reader, type RecordRef, type RuleContext } from '../core/events/visibility.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { recordAuditNow } from '../core/audit/trail.ts';
import { roleUsedFor } from '../core/permissions.ts';
import { LiveSockets, type LiveSocket } from './stream.ts';
import { sendFramed, textFrame } from './frames.ts';
import { displayNames } from '../identity/people.ts';
import type { Db, Tx } from '../db/index.ts';

// What a batch of new events needs read from the database is read once per batch, not once per console:
// each event object remembers its own answer (the hub hands every console the same objects).
function oncePerEvent<T>(cache: WeakMap<DispatchEvent, Promise<T>>, events: readonly DispatchEvent[], load: (missing: DispatchEvent[]) => (e: DispatchEvent) => Promise<T>): Promise<T>[] {
  const missing = events.filter((e) => !cache.has(e));
  if (missing.length > 0) {
    const answerFor = load(missing);
    for (const e of missing) cache.set(e, answerFor(e));
  }
  return events.map((e) => cache.get(e)!);
}

// The facts the read rules need.
const factsOf = new WeakMap<DispatchEvent, Promise<Facts>>();
async function sharedFacts(rc: RuleContext, events: readonly DispatchEvent[]): Promise<Facts> {
  const batches = oncePerEvent(factsOf, events, (missing) => {
    const loading = loadFacts(rc, missing);
    return () => loading;
  });
  const merged: Facts = new Map();
  for (const facts of await Promise.all([...new Set(batches)])) {
    for (const [type, byId] of facts) merged.set(type, new Map([...(merged.get(type) ?? []), ...byId]));
  }
  return merged;
}

// Each event's actor by name: screens name people, not logins. The name is what the event's own reader
// may already see of it (an incident's timeline names the same person).
const namedOf = new WeakMap<DispatchEvent, Promise<DispatchEvent>>();
function named(db: Db | Tx, events: readonly DispatchEvent[]): Promise<DispatchEvent[]> {
  return Promise.all(oncePerEvent(namedOf, events, (missing) => {
    // An event appended here carries the name its request's session check read: only the others are asked for.
    const unknown = missing.filter((e) => actorNameOf(e) === undefined).map((e) => e.actor.user);
    const names = unknown.some(Boolean)
      ? displayNames(db, unknown).catch(() => (username: string) => username)
      : Promise.resolve((username: string) => username);
    return (e) => {
      const user = e.actor.user;
      if (!user) return Promise.resolve(e);
      const known = actorNameOf(e);
      if (known !== undefined) return Promise.resolve({ ...e, actor: { ...e.actor, name: known } });
      return names.then((nameOf) => ({ ...e, actor: { ...e.actor, name: nameOf(user) } }));
    };
  }));
}

/** Who reads, as far as the read rules can tell readers apart: the login and the roles (the permissions follow from them). */
const readerKey = (reader: Reader) => `${reader.username}\n${reader.roles.join(',')}`;

/** What one audience (the readers the rules treat alike) is sent of a batch: its frames, and the protected records they let it read. */
interface Audience {
  framed: Buffer;
  texts: string[];
  reads: { subject: RecordRef; action: string }[];
}

/**
 * A batch of events as the stream sends it, worked out once for every console the hub hands it
 * to: the facts the read rules need and the actors' names are read once, each event is encoded
 * and framed once (as itself and as its withheld stub), and what each reader may see is decided
 * once per reader; readers who may see the same events share one buffer of frames.
 */
interface Batch {
  audience(reader: Reader): Audience;
}

async function prepareBatch(rc: RuleContext, db: Db, events: readonly DispatchEvent[]): Promise<Batch> {
  const facts = await sharedFacts(rc, events);
  const shown = await named(db, events);
  const texts = shown.map((e) => JSON.stringify(e));
  const stubs = events.map((e) => JSON.stringify(withheld(e)));
  const frames: (Buffer | undefined)[] = [];
  const stubFrames: (Buffer | undefined)[] = [];
  const frameOf = (i: number, visible: boolean) => visible
    ? (frames[i] ??= textFrame(Buffer.from(texts[i]!)))
    : (stubFrames[i] ??= textFrame(Buffer.from(stubs[i]!)));
  const bySight = new Map<string, Audience>();
  const byReader = new Map<string, Audience>();
  return {
    audience(reader) {
      const key = readerKey(reader);
      let audience = byReader.get(key);
      if (audience) return audience;
      const visible = events.map((e) => maySeeEvent(reader, e, facts));
      const sight = visible.map((v) => (v ? '1' : '0')).join('');
      audience = bySight.get(sight);
      if (!audience) {
        const parts = visible.map((v, i) => frameOf(i, v));
        audience = {
          framed: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
          texts: visible.map((v, i) => (v ? texts[i]! : stubs[i]!)),
          reads: protectedReads(events.map((e, i) => (visible[i] ? e : withheld(e))), facts),
        };
        bySight.set(sight, audience);
      }
      byReader.set(key, audience);
      return audience;
    },
  };
}

// The hub hands the consoles of one delivery the same array: it is prepared once for all of them.
const batches = new WeakMap<readonly DispatchEvent[], Promise<Batch>>();
function batchOf(rc: RuleContext, db: Db, events: readonly DispatchEvent[]): Promise<Batch> {
  let batch = batches.get(events);
  if (!batch) {
    batch = prepareBatch(rc, db, events);
    batches.set(events, batch);
  }
  return batch;
}

const EventView = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  kind: Type.String({ description: '"withheld" for an event the reader may not see: it keeps its place in the sequence' }),
  subjectType: Type.String(),
  subjectId: Type.String(),
  actor: Type.Object({
    user: Type.Union([Type.String(), Type.Null()]), unit: Type.Union([Type.String(), Type.Null()]),
    name: Type.Optional(Type.String({ description: 'the person behind the login, as boards name them: "Dana Kowalski #112" (the login when no such person)' })),
  }),
  confidential: Type.Boolean(),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

const After = Type.Object(
  {
    after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'the last sequence number the client has' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
  },
  { additionalProperties: false },
);

/**
 * The event log, the recent events and the stream. Each event is shown to a reader only
 * when the rule of every record it is about lets them read that record, decided as it is
 * read; any other event is a stub that keeps its sequence number (src/core/events/visibility.ts).
 */
export const eventRoutes: Capability = async (app, { ctx }) => {
  const rc: RuleContext = { db: ctx.db, timeZone: ctx.config.agency.timeZone };
  const live = new LiveSockets(ctx);
  await live.start();
  app.addHook('onClose', async () => live.stop());
  // The embedded database has one connection, busy with the next writes once this one
  // commits: the facts for a transaction's events are read in it, just before it commits,
  // so the hub sends them on at commit without waiting for that connection. (PostgreSQL
  // reads them after commit on another connection of its pool, outside the write.) With no
  // console open nothing is read: a console that opens later reads the facts it lacks itself.
  // On either database, the facts a transaction's own writes settle (an incident it created) are
  // taken from them and not read at all (`factsKnownAtCommit`).
  const stop = beforeEventsCommit(ctx.db, async (tx, events) => {
    if (live.size === 0) return;
    const known = factsKnownAtCommit(events);
    for (const [e, facts] of known) factsOf.set(e, Promise.resolve(facts));
    if (ctx.database.kind !== 'pglite') return;
    const rest = events.filter((e) => !known.has(e));
    if (rest.length > 0) {
      const facts = loadFacts({ ...rc, db: tx }, rest);
      await facts.then(() => { for (const e of rest) factsOf.set(e, facts); }, () => undefined);
    }
    await named(tx, events);
  });
  app.addHook('onClose', async () => stop());

  // The event log shows a permitted reader the events of a confidential incident: that is a read of it,
  // and the request's audit row names each such incident (81A §E.2.c; CJIS AU-3).
  const shownAudited = async (reader: Reader, events: DispatchEvent[]) => {
    const facts = await loadFacts(rc, events);
    const shown = await showEvents(rc, reader, events, facts);
    for (const read of protectedReads(shown, facts)) auditThisRead(read.subject, read.action);
    return named(ctx.db, shown);
  };

  app.get('/events', {
    config: { permission: 'events.read' },
    schema: { tags: ['events'], summary: 'Events after a sequence number, oldest first; events the reader may not see are withheld stubs', querystring: After, response: { 200: Type.Array(EventView) } },
  }, async (request) => shownAudited(readerOf(authOf(request).actor), await eventsAfter(ctx.db, request.query.after, request.query.limit ?? 500, ctx.hub.cursor)));

  app.get('/events/recent', {
    config: { permission: 'events.read' },
    schema: {
      tags: ['events'], summary: 'The newest events, oldest first: a console starts its stream after the last one',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Array(EventView) },
    },
  }, async (request) => shownAudited(readerOf(authOf(request).actor), await recentEvents(ctx.db, request.query.limit, ctx.hub.cursor)));

  app.get('/stream', {
    websocket: true,
    config: { permission: 'events.read' },
    schema: {
      tags: ['events'],
      summary: 'WebSocket: every event after `after` (without `after`: from now on), then each new one as it happens (one JSON event per message); closes when the session ends (4001 signed out, 4002 session expired, 4003 ended by an administrator, 4004 login disabled, 4005 roles changed)',
      querystring: Type.Object({
        after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the last sequence number the client has; omitted, the stream starts from now (a client that wants its history reads `GET /events/recent` or `GET /events?after=` first)' })),
      }, { additionalProperties: false }),
      response: { 101: Type.Null({ description: 'Switching Protocols: then one event per message, each shaped as the events list' }) },
    },
  }, (socket, request) => {
    const auth = authOf(request);
    const stream: LiveSocket = { sessionId: auth.sessionId, reader: readerOf(auth.actor), socket };
    live.add(stream);
    // Without `after` the stream starts from now: the log's history is read by page through GET /events, never pushed whole.
    const after = (request.query as { after?: number }).after ?? ctx.hub.position;
    // The stream's first delivery of a confidential incident's events to this connection is audited, before it
    // is sent (81A §E.2.c; CJIS AU-3): one row per connection and incident, not one per event.
    const audited = new Set<string>();
    const unsubscribe = ctx.hub.subscribe(after, async (events) => {
      if (socket.readyState !== socket.OPEN) return;
      const audience = (await batchOf(rc, ctx.db, events)).audience(stream.reader);
      const fresh = audience.reads.filter((r) => !audited.has(`${r.subject.type}:${r.subject.id}`));
      if (fresh.length > 0) {
        for (const r of fresh) audited.add(`${r.subject.type}:${r.subject.id}`);
        await recordAuditNow(ctx.db, {
          actor: auth.actor, role: roleUsedFor(auth.actor.roles, 'events.read') ?? null, action: fresh[0]!.action, subject: fresh[0]!.subject, outcome: 'allowed',
          detail: { route: 'GET /api/v1/stream', ...(fresh.length > 1 ? { also: fresh.slice(1, 51).map((r) => `${r.subject.type}:${r.subject.id}`) } : {}) },
        });
      }
      sendFramed(socket, audience.framed, audience.texts);
    });
    const ping = setInterval(() => socket.ping(), 20_000);
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      live.remove(stream);
    });
  });
};
