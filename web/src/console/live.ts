import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, ApiError } from '../shared/api.ts';
import { endpoints } from './endpoints.ts';
import type { Alert, Call, DispatchEvent, Incident, Unit } from './types.ts';

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
  /** Calls waiting: ringing or on hold (the call queue), for call-takers only. */
  calls: Call[];
  /** The most recent events, newest first: the console's activity feed. */
  feed: DispatchEvent[];
  /** Endpoints that answered 404 (a CAD service not yet installed): the screen says so. */
  missing: string[];
}

const FEED = 40;

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
 * current from the event stream. Each event only says *what* changed; the store
 * refetches the incident, the unit list or the alerts it touches, so it never
 * depends on an event's payload. After a drop it reconnects with `after=lastSeq`
 * and the server replays what was missed, so no change is lost.
 */
export class LiveDispatch {
  #state: LiveState = { connection: 'connecting', droppedAt: null, endedReason: null, lastSeq: 0, ready: false, units: [], incidents: {}, alerts: [], calls: [], feed: [], missing: [] };
  #listeners = new Set<() => void>();
  #socket: WebSocket | null = null;
  #generation = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #flush: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = 300;
  #pending = { units: false, alerts: false, openIncidents: false, calls: false, incidents: new Set<string>() };
  #holdPoll: ReturnType<typeof setInterval> | undefined;

  /** `takesCalls`: also keep the call queue (users with dispatch.calls). */
  constructor(private readonly takesCalls = false) {}

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = () => this.#state;

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
    this.#connect(generation);
  }

  stop(): void {
    this.#generation += 1;
    clearTimeout(this.#retry);
    clearTimeout(this.#flush);
    clearInterval(this.#holdPoll);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
  }

  /** Refetch one incident now (after this console changed it, or when opening its detail). */
  refreshIncident(number: string): Promise<void> {
    return this.#loadIncident(number);
  }

  refreshAll(): Promise<void> {
    return Promise.all([this.#loadUnits(), this.#loadAlerts(), this.#loadOpenIncidents(), this.#loadCalls()]).then(() => undefined);
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
        // the session is over: reconnecting would be refused; the screen says so plainly
        this.#set({ connection: 'ended', endedReason: closing.reason || 'session ended', droppedAt: new Date().toISOString() });
        return;
      }
      if (this.#state.connection !== 'disconnected') this.#set({ connection: 'disconnected', droppedAt: new Date().toISOString() });
      this.#retry = setTimeout(() => this.#connect(generation), this.#retryDelay);
      this.#retryDelay = Math.min(this.#retryDelay * 2, 3000);
    };
  }

  #receive(event: DispatchEvent): void {
    if (event.seq <= this.#state.lastSeq) return;
    this.#set({ lastSeq: event.seq, feed: [event, ...this.#state.feed].slice(0, FEED) });
    const p = this.#pending;
    if (event.subjectType === 'incident' && event.subjectId) p.incidents.add(event.subjectId);
    if (event.subjectType === 'incident' || event.subjectType === 'unit') p.units = true;
    if (event.subjectType === 'alert' || /alert|emergency|standby|non_response|timer/.test(event.kind)) p.alerts = true;
    if (!event.subjectId) {
      // a confidential event we may not read: refresh what we are allowed to see
      p.units = true;
      p.alerts = true;
      p.openIncidents = true;
      p.calls = true;
    }
    if (event.subjectType === 'call') p.calls = true;
    clearTimeout(this.#flush);
    this.#flush = setTimeout(() => void this.#flushPending(), 25);
  }

  async #flushPending(): Promise<void> {
    const p = this.#pending;
    this.#pending = { units: false, alerts: false, openIncidents: false, calls: false, incidents: new Set() };
    const before = new Map(this.#state.units.map((u) => [u.callSign, u.incident ?? null]));
    await Promise.all([
      p.units ? this.#loadUnits() : undefined,
      p.alerts ? this.#loadAlerts() : undefined,
      p.openIncidents ? this.#loadOpenIncidents() : undefined,
      p.calls ? this.#loadCalls() : undefined,
      ...[...p.incidents].map((n) => this.#loadIncident(n)),
    ]);
    // a unit that joined or left an incident changes that incident's unit times too
    const touched = new Set<string>();
    for (const unit of this.#state.units) {
      const was = before.get(unit.callSign) ?? null;
      const now = unit.incident ?? null;
      if (was !== now) for (const n of [was, now]) if (n && !p.incidents.has(n)) touched.add(n);
    }
    await Promise.all([...touched].map((n) => this.#loadIncident(n)));
  }

  #noteMissing(path: string): void {
    if (!this.#state.missing.includes(path)) this.#set({ missing: [...this.#state.missing, path] });
  }

  async #loadUnits(): Promise<void> {
    try {
      const units = await api<Unit[]>(endpoints.units);
      this.#set({ units: [...units].sort(byCallSign) });
    } catch (e) {
      if (isMissing(e)) this.#noteMissing(endpoints.units);
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
      this.#set({ calls: await api<Call[]>(endpoints.callQueue) });
    } catch (e) {
      if (isMissing(e)) this.#noteMissing(endpoints.callQueue);
    }
  }

  /** The open incidents (summaries); a full record already read is kept and brought up to date. */
  async #loadOpenIncidents(): Promise<void> {
    try {
      const list = await api<Incident[]>(endpoints.openIncidents);
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
      this.#set({ incidents: { ...this.#state.incidents, [number]: incident } });
    } catch (e) {
      if (e instanceof ApiError && [403, 404].includes(e.problem.status)) {
        const { [number]: _gone, ...rest } = this.#state.incidents;
        this.#set({ incidents: rest });
      }
    }
  }
}

/** One live store for the mounted screen: started on mount, stopped on unmount. */
export function useLiveDispatch(takesCalls = false): [LiveDispatch, LiveState] {
  const [store] = useState(() => new LiveDispatch(takesCalls));
  useEffect(() => {
    void store.start();
    return () => store.stop();
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return [store, state];
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
