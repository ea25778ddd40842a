import { createContext, createElement, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, ApiError, onWritesSettled, writesInFlight } from '../shared/api.ts';
import { sessionState, subscribeSession } from '../shared/session.ts';
import { endpoints } from './endpoints.ts';
import { allPages } from '../shared/paged.tsx';
import type { Alert, Call, DispatchEvent, Incident, Unit } from './types.ts';
import { lastSeqOf, Reflected, refetchFor } from './echo.ts';
import { applyPositionEvents, positionsByCallSign, type Position } from './positions.ts';
import type { Static } from 'typebox';
import type * as D from '../../../src/dispatch/schemas.ts';

/** A call taken into an incident, or joined to one: the server's answer to that one request. */
export type CallTaken = Static<typeof D.CallTaken>;

export type Connection = 'connecting' | 'live' | 'disconnected' | 'ended';

/** Close codes with which the server ends a stream whose session ended (src/core/events/sessions.ts): no reconnect. */
export const SESSION_ENDED_CODES = [4001, 4002, 4003, 4004, 4005];

export interface LiveState {
  connection: Connection;
  /** When the stream last dropped (ISO), for the banner. */
  droppedAt: string | null;
  /** Why the server ended the stream for good ("signed out", "session expired"…), when it did. */
  endedReason: string | null;
  lastSeq: number;
  ready: boolean;
  units: Unit[];
  incidents: Record<string, Incident>;
  alerts: Alert[];
  /** Calls not finished: ringing or on hold (the call queue), then answered ones, for call-takers only. */
  calls: Call[];
  /** The most recent events, newest first: the console's activity feed. */
  feed: DispatchEvent[];
  /** Endpoints that answered 404 (a CAD service not yet installed): the screen says so. */
  missing: string[];
  /** Units' last AVL positions by call sign, stale ones marked: the map and the board read these. */
  positions: Record<string, Position>;
}

const FEED = 40;

/** The longest the store holds the stream's events while one of this page's writes waits for its answer. */
const HOLD_MS = 1500;

const byCallSign = (a: Unit, b: Unit) => a.callSign.localeCompare(b.callSign, 'en', { numeric: true });

function isMissing(e: unknown): boolean {
  return e instanceof ApiError && (e.problem.status === 404 || e.problem.status === 405);
}

/** The newest events (the feed's start) and the sequence number the stream resumes after. */
export async function newestEvents(): Promise<{ seq: number; recent: DispatchEvent[] }> {
  const page = await api<DispatchEvent[]>(endpoints.recentEvents(FEED));
  return { seq: page.length ? page[page.length - 1]!.seq : 0, recent: [...page].reverse() };
}

/**
 * The live picture of the dispatch floor: units, open incidents and alerts, kept
 * current from the event stream. A person's own action is one request whose answer the
 * store takes (`accept`, `acceptUnit`, `acceptCall`, `acceptTaken`); the stream's echo of
 * it is then skipped (echo.ts). An event somebody else caused only says *what* changed;
 * the store refetches the incident, the unit list or the alerts it touches, so it never
 * depends on an event's payload. After a drop it reconnects with `after=lastSeq` and the
 * server replays what was missed, so no change is lost.
 */
export class LiveDispatch {
  #state: LiveState = { connection: 'connecting', droppedAt: null, endedReason: null, lastSeq: 0, ready: false, units: [], incidents: {}, alerts: [], calls: [], feed: [], missing: [], positions: {} };
  #listeners = new Set<() => void>();
  #socket: WebSocket | null = null;
  #generation = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #flush: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = 300;
  /** Events received and not yet acted on: held while this page's own write waits for its answer. */
  #events: DispatchEvent[] = [];
  #heldSince = 0;
  #unwatchWrites: (() => void) | undefined;
  readonly #reflected = new Reflected();
  #holdPoll: ReturnType<typeof setInterval> | undefined;
  #positionPoll: ReturnType<typeof setInterval> | undefined;
  readonly #eventListeners = new Set<(events: readonly DispatchEvent[]) => void>();

  /** `takesCalls`: also keep the call queue (users with dispatch.calls). */
  constructor(private readonly takesCalls = false) {}

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = () => this.#state;

  /**
   * Be told of the events the store has just acted on, once its refetches for them are done:
   * the changes others made (the echoes of this page's own actions are left out). A screen
   * that reads more than the store holds (the field view's assignment) reads it again only
   * for the events that concern it.
   */
  onEvents = (listener: (events: readonly DispatchEvent[]) => void) => {
    this.#eventListeners.add(listener);
    return () => { this.#eventListeners.delete(listener); };
  };

  #set(patch: Partial<LiveState>) {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l();
  }

  async start(): Promise<void> {
    const generation = ++this.#generation;
    const { seq, recent } = await newestEvents().catch(() => ({ seq: 0, recent: [] as DispatchEvent[] }));
    if (generation !== this.#generation) return;
    this.#set({ lastSeq: seq, feed: recent });
    await this.refreshAll();
    if (generation !== this.#generation) return;
    this.#set({ ready: true });
    // a held call's timer runs on the server's clock; past the hold limit it comes back to the top
    if (this.takesCalls) this.#holdPoll = setInterval(() => { if (this.#state.calls.some((c) => c.hold)) void this.#loadCalls(); }, 10_000);
    // a position turns stale with no event: the server's list marks it (and catches anything the stream dropped)
    this.#positionPoll = setInterval(() => void this.#loadPositions(), 30_000);
    this.#unwatchWrites = onWritesSettled(() => this.#scheduleFlush());
    this.#connect(generation);
  }

  stop(): void {
    this.#generation += 1;
    clearTimeout(this.#retry);
    clearTimeout(this.#flush);
    clearInterval(this.#holdPoll);
    clearInterval(this.#positionPoll);
    this.#unwatchWrites?.();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
  }

  /** The person signed in again after the session ended: reconnect now and catch up. */
  resume(): void {
    const generation = this.#generation;
    clearTimeout(this.#retry);
    this.#retryDelay = 300;
    if (!this.#socket) this.#connect(generation);
    void this.refreshAll();
  }

  /** Refetch one incident now (a person asked to see it again). */
  refreshIncident(number: string): Promise<void> {
    return this.#loadIncident(number);
  }

  /** Read the whole record of an incident when the store holds only its summary (opening its detail). */
  ensureIncident(number: string): Promise<void> {
    return this.#state.incidents[number]?.timeline ? Promise.resolve() : this.#loadIncident(number);
  }

  /** The incident as the answer to this person's action gives it; its echo on the stream is skipped. */
  accept(answer: Incident & { board?: Unit[] }): void {
    const { board, ...incident } = answer;
    // an action that moved units answers their board rows too: the board needs no read
    for (const unit of board ?? []) this.acceptUnit(unit);
    if (!this.#reflected.incident(incident)) return;
    this.#set({ incidents: { ...this.#state.incidents, [incident.number]: incident } });
  }

  /**
   * A unit as the answer to a status change gives it (its board row), with the incident whose
   * unit times the change moved when the answer carries it; the echo of both is skipped.
   */
  acceptUnit(answer: Unit & { incidentRecord?: Incident | null }): void {
    const { incidentRecord, ...unit } = answer;
    if (incidentRecord) this.accept(incidentRecord);
    if (!this.#reflected.unit(unit)) return;
    const units = this.#state.units.some((u) => u.callSign === unit.callSign)
      ? this.#state.units.map((u) => (u.callSign === unit.callSign ? unit : u))
      : [...this.#state.units, unit].sort(byCallSign);
    this.#set({ units });
  }

  /** A call as an action on it left it: listed while unfinished, gone once it ended or has an outcome. */
  acceptCall(call: Call): void {
    // the answer to a change names the call's last event: the stream's echo of it is skipped
    if (call.lastSeq) this.#reflected.call(call, call.lastSeq);
    const rest = this.#state.calls.filter((c) => c.id !== call.id);
    const finished = call.status === 'ended' || call.outcome !== null;
    this.#set({ calls: finished ? rest : [...rest, call] });
  }

  /** A call taken into an incident or joined to one (one request): both records, the echo of both skipped. */
  acceptTaken(taken: CallTaken): void {
    this.#reflected.call(taken.call, lastSeqOf(taken.incident));
    this.acceptCall(taken.call);
    this.accept(taken.incident);
  }

  refreshAll(): Promise<void> {
    return Promise.all([this.#loadUnits(), this.#loadAlerts(), this.#loadOpenIncidents(), this.#loadCalls(), this.#loadPositions()]).then(() => undefined);
  }

  #connect(generation: number): void {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${window.location.host}${endpoints.stream(this.#state.lastSeq)}`);
    this.#socket = socket;
    socket.onopen = () => {
      if (generation !== this.#generation) return;
      const wasDropped = this.#state.connection === 'disconnected';
      this.#retryDelay = 300;
      this.#set({ connection: 'live', droppedAt: null });
      if (wasDropped) void this.refreshAll();
    };
    socket.onmessage = (message) => {
      if (generation !== this.#generation) return;
      try {
        this.#receive(JSON.parse(String(message.data)) as DispatchEvent);
      } catch {
        // a message that is not an event is ignored; the next event still arrives in order
      }
    };
    socket.onclose = (closing) => {
      if (generation !== this.#generation) return;
      this.#socket = null;
      if (SESSION_ENDED_CODES.includes(closing.code)) {
        // the session is over: reconnecting would be refused; the screen says so plainly, and asks to sign in
        this.#set({ connection: 'ended', endedReason: closing.reason || 'session ended', droppedAt: new Date().toISOString() });
        void api('/api/v1/me').catch(() => undefined);
        return;
      }
      if (this.#state.connection !== 'disconnected') {
        this.#set({ connection: 'disconnected', droppedAt: new Date().toISOString() });
        // the stream may have closed with the session: ask once, so the screen says "not live — sign in"
        void api('/api/v1/me').catch(() => undefined);
      }
      this.#retry = setTimeout(() => this.#connect(generation), this.#retryDelay);
      this.#retryDelay = Math.min(this.#retryDelay * 2, 3000);
    };
  }

  #receive(event: DispatchEvent): void {
    if (event.seq <= this.#state.lastSeq) return;
    // a position report carries the whole position: taken as it comes, never held behind a write
    const positions = applyPositionEvents(this.#state.positions, [event]);
    this.#set({ lastSeq: event.seq, feed: [event, ...this.#state.feed].slice(0, FEED), positions });
    if (this.#events.length === 0) this.#heldSince = Date.now();
    this.#events.push(event);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    clearTimeout(this.#flush);
    this.#flush = setTimeout(() => void this.#flushPending(), 25);
  }

  /**
   * Act on the events received since the last flush. While one of this page's writes waits
   * for its answer the events are held: its echo may arrive first, and the answer decides
   * which events are echoes (the flush runs again when the write settles). Never for long:
   * at most HOLD_MS, and not at all when an event may raise an alert (an officer's
   * emergency is never kept waiting behind a slow request).
   */
  async #flushPending(): Promise<void> {
    if (this.#events.length === 0) return;
    const held = Date.now() - this.#heldSince;
    const urgent = this.#events.some((e) => refetchFor(e, this.#reflected).alerts);
    if (writesInFlight() > 0 && !urgent && held < HOLD_MS) {
      clearTimeout(this.#flush);
      this.#flush = setTimeout(() => void this.#flushPending(), HOLD_MS - held);
      return;
    }
    const events = this.#events;
    this.#events = [];
    const fresh = events.filter((e) => !this.#reflected.isEcho(e));
    const p = { units: false, alerts: false, openIncidents: false, calls: false, incidents: new Set<string>(), unitSeq: 0 };
    for (const event of events) {
      const r = refetchFor(event, this.#reflected);
      if (r.incident) p.incidents.add(r.incident);
      if (event.subjectType === 'unit') p.unitSeq = Math.max(p.unitSeq, event.seq);
      p.units ||= r.units;
      p.alerts ||= r.alerts;
      p.openIncidents ||= r.openIncidents;
      p.calls ||= r.calls;
    }
    const before = new Map(this.#state.units.map((u) => [u.callSign, u.incident ?? null]));
    await Promise.all([
      p.units ? this.#loadUnits() : undefined,
      p.alerts ? this.#loadAlerts() : undefined,
      p.openIncidents ? this.#loadOpenIncidents() : undefined,
      p.calls ? this.#loadCalls() : undefined,
      ...[...p.incidents].map((n) => this.#loadIncident(n)),
    ]);
    // a unit that joined or left an incident changes that incident's unit times too, unless the
    // store's copy of that incident already reflects those unit events (this console's own dispatch)
    const touched = new Set<string>();
    for (const unit of this.#state.units) {
      const was = before.get(unit.callSign) ?? null;
      const now = unit.incident ?? null;
      if (was !== now) {
        for (const n of [was, now]) if (n && !p.incidents.has(n) && this.#reflected.incidentSeq(n) < p.unitSeq) touched.add(n);
      }
    }
    await Promise.all([...touched].map((n) => this.#loadIncident(n)));
    if (fresh.length > 0) for (const listener of this.#eventListeners) listener(fresh);
  }

  #noteMissing(path: string): void {
    if (!this.#state.missing.includes(path)) this.#set({ missing: [...this.#state.missing, path] });
  }

  async #loadUnits(): Promise<void> {
    try {
      const units = await api<Unit[]>(endpoints.units);
      // a row older than the one an answer already gave the store (a slow read) is not taken
      const held = new Map(this.#state.units.map((u) => [u.callSign, u]));
      this.#set({ units: units.map((u) => (this.#reflected.unit(u) ? u : held.get(u.callSign) ?? u)).sort(byCallSign) });
    } catch (e) {
      if (isMissing(e)) this.#noteMissing(endpoints.units);
    }
  }

  /** Units' last positions (permission events.read; a person without it sees none). */
  async #loadPositions(): Promise<void> {
    try {
      const listed = positionsByCallSign(await api<Position[]>(endpoints.unitPositions));
      // a report the stream brought while the list was on its way is newer than the list's
      for (const [callSign, held] of Object.entries(this.#state.positions)) {
        const got = listed[callSign];
        if (!got || Date.parse(held.fixedAt) > Date.parse(got.fixedAt)) listed[callSign] = held;
      }
      this.#set({ positions: listed });
    } catch {
      // no map positions for this person, or the geography is not installed: the board shows status locations
    }
  }

  async #loadAlerts(): Promise<void> {
    try {
      const alerts = await api<Alert[]>(endpoints.alerts);
      this.#set({ alerts: alerts.filter((a) => !a.acknowledgedAt) });
    } catch (e) {
      if (isMissing(e)) this.#noteMissing(endpoints.alerts);
    }
  }

  async #loadCalls(): Promise<void> {
    if (!this.takesCalls) return;
    try {
      this.#set({ calls: await api<Call[]>(endpoints.unfinishedCalls) });
    } catch (e) {
      if (isMissing(e)) this.#noteMissing(endpoints.callQueue);
    }
  }

  /** The open incidents (summaries); a full record already read is kept and brought up to date. */
  async #loadOpenIncidents(): Promise<void> {
    try {
      const list = await allPages<Incident>(endpoints.openIncidents);
      const incidents: Record<string, Incident> = {};
      for (const i of list) incidents[i.number] = { ...this.#state.incidents[i.number], ...i };
      // keep the selected closed incidents we fetched in full, so their detail stays on screen
      for (const [n, i] of Object.entries(this.#state.incidents)) if (!incidents[n] && i.status === 'closed') incidents[n] = i;
      this.#set({ incidents });
    } catch (e) {
      if (isMissing(e)) this.#noteMissing(endpoints.incidents);
    }
  }

  async #loadIncident(number: string): Promise<void> {
    try {
      const incident = await api<Incident>(endpoints.incident(number));
      if (this.#reflected.incident(incident)) this.#set({ incidents: { ...this.#state.incidents, [number]: incident } });
    } catch (e) {
      if (e instanceof ApiError && [403, 404].includes(e.problem.status)) {
        const { [number]: _gone, ...rest } = this.#state.incidents;
        this.#set({ incidents: rest });
      }
    }
  }
}

const LiveContext = createContext<LiveDispatch | null>(null);

/** Start a store and keep it running; after a new sign-in it reconnects and catches up. */
function useRunning(store: LiveDispatch | null): void {
  useEffect(() => {
    if (!store) return;
    void store.start();
    const unsubscribe = subscribeSession(() => { if (!sessionState().ended) store.resume(); });
    return () => { unsubscribe(); store.stop(); };
  }, [store]);
}

/**
 * The one live picture of the floor for the whole signed-in app: the console, the field
 * view and the alert bar on every other page read the same store, so an emergency or a
 * ringing E-911 line shows wherever the person is, and going back to a screen resumes it.
 */
export function LiveProvider({ takesCalls, children }: { takesCalls: boolean; children: ReactNode }) {
  const [store] = useState(() => new LiveDispatch(takesCalls));
  useRunning(store);
  return createElement(LiveContext.Provider, { value: store }, children);
}

/** The shared live store when the app provides one, else one for the mounted screen. */
export function useLiveDispatch(takesCalls = false): [LiveDispatch, LiveState] {
  const shared = useContext(LiveContext);
  const [own] = useState(() => (shared ? null : new LiveDispatch(takesCalls)));
  useRunning(own);
  const store = shared ?? own!;
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return [store, state];
}

/** Whether a shared live store is running (the person may read the floor). */
export function useHasLive(): boolean {
  return useContext(LiveContext) !== null;
}

/** A clock that ticks every second, for waiting timers and time-in-status. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
