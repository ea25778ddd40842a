import type { Call, Incident } from './types.ts';

/** What the store reads of a stream event: its place in the log and its subject (empty when withheld from this reader). */
export interface EventRef {
  seq: number;
  kind: string;
  subjectType: string;
  subjectId: string | null;
}

/**
 * The client trusts the server's answers. A dispatcher's action is one request whose
 * answer is the record as that action left it; the store takes it (`LiveDispatch.accept`)
 * and remembers, per record, the sequence number of the last event the record reflects.
 * When the stream then echoes the action's events, they are at or below that number and
 * cost nothing. An event above it is a change somebody else made: the store refetches the
 * record, because an event does not carry it (each reader's access rules shape the record,
 * docs/architecture.md "The client model and its live store").
 */
export class Reflected {
  readonly #incidents = new Map<string, number>();
  readonly #calls = new Map<string, number>();

  /**
   * The incident as an answer gives it. False when the store already holds a newer one
   * (a slower answer overtaken by a refetch): the store then keeps what it has.
   */
  incident(incident: Incident): boolean {
    const seq = lastSeqOf(incident);
    const known = this.#incidents.get(incident.number) ?? 0;
    if (seq < known) return false;
    this.#incidents.set(incident.number, seq);
    return true;
  }

  /** A call whose events up to `seq` the store already reflects (a call taken into an incident). */
  call(call: Pick<Call, 'id'>, seq: number): void {
    this.#calls.set(call.id, Math.max(seq, this.#calls.get(call.id) ?? 0));
  }

  /** The last event seq the store's copy of an incident reflects (0 when none). */
  incidentSeq(number: string): number {
    return this.#incidents.get(number) ?? 0;
  }

  /** The event is the echo of something the store already holds. */
  isEcho(event: EventRef): boolean {
    if (!event.subjectId) return false;
    if (event.subjectType === 'incident') return event.seq <= (this.#incidents.get(event.subjectId) ?? 0);
    if (event.subjectType === 'call') return event.seq <= (this.#calls.get(event.subjectId) ?? 0);
    return false;
  }
}

/** The sequence number of the last event an incident record shows (its timeline's newest entry). */
export function lastSeqOf(incident: Pick<Incident, 'timeline'>): number {
  let seq = 0;
  for (const entry of incident.timeline ?? []) if (entry.seq > seq) seq = entry.seq;
  return seq;
}

/** What the store must read again after an event. */
export interface Refetch {
  incident: string | null;
  units: boolean;
  alerts: boolean;
  openIncidents: boolean;
  calls: boolean;
}

/**
 * What an event makes the store read again: nothing for the echo of a record it holds; the
 * incident and the unit board for an incident changed by someone else; everything the
 * reader may see for an event withheld from them (a confidential incident).
 */
export function refetchFor(event: EventRef, reflected: Reflected): Refetch {
  const alerts = event.subjectType === 'alert' || /alert|emergency|standby|non_response|timer/.test(event.kind);
  if (!event.subjectId) return { incident: null, units: true, alerts: true, openIncidents: true, calls: true };
  if (reflected.isEcho(event)) return { incident: null, units: false, alerts, openIncidents: false, calls: false };
  return {
    incident: event.subjectType === 'incident' ? event.subjectId : null,
    units: event.subjectType === 'incident' || event.subjectType === 'unit',
    alerts,
    openIncidents: false,
    calls: event.subjectType === 'call',
  };
}
