/** A request for service however it arrives (81A §C.1, §D.2). */
export const CALL_LINES = ['e911', 'emergency', 'business', 'radio', 'walk_in', 'report', 'officer_initiated'] as const;
export type CallLine = (typeof CALL_LINES)[number];

/** Lines that ring and wait in the queue for a call-taker; the others are taken by whoever records them. */
export const RINGING_LINES: readonly CallLine[] = ['e911', 'emergency', 'business'];

/** The ANI/ALI of an E-911 call as the phone system delivered it (81A §C.2.b.ii–iv). */
export interface Ali {
  callbackNumber?: string | null;
  address?: string | null;
  community?: string | null;
  lat?: number | null;
  lon?: number | null;
  uncertaintyMetres?: number | null;
  classOfService?: string | null;
  carrier?: string | null;
  customerName?: string | null;
  esn?: string | null;
}
export const ALI_FIELDS = ['callbackNumber', 'address', 'community', 'lat', 'lon', 'uncertaintyMetres', 'classOfService', 'carrier', 'customerName', 'esn'] as const;
export type AliField = (typeof ALI_FIELDS)[number];

/** 81A §C.2.b.iii: a field the call-taker verified with the caller, or corrected; both values kept. */
export interface AliCheck {
  status: 'verified' | 'corrected';
  received: unknown;
  corrected?: unknown;
  by: string;
  at: string;
}

export interface CallQuestion {
  code: string;
  text: string;
  clause: string;
}

export type CallStatus = 'ringing' | 'active' | 'on_hold' | 'ended';
export type CallOutcome = 'incident' | 'no_response' | 'transferred' | 'screening' | 'abandoned';

/** The call row as the rules need it. */
export interface CallState {
  id: string;
  line: string;
  status: CallStatus;
  outcome: CallOutcome | null;
  priority: number;
  transferred_from: string | null;
  call_takers: string[];
  incident_number: string | null;
  held_at: Date | null;
  received_at: Date;
}

export interface CallView {
  id: string;
  line: string;
  lineName: string | null;
  greeting: string | null;
  status: CallStatus;
  outcome: CallOutcome | null;
  priority: number;
  category: string | null;
  questions: (CallQuestion & { answer: unknown })[];
  callerName: string | null;
  callbackNumber: string | null;
  ali: Ali | null;
  aliChecks: Record<string, AliCheck>;
  transferredFrom: string | null;
  transferredTo: Record<string, unknown> | null;
  callTakers: string[];
  /** The call takers as "Name #badge", in the same order (lists read through `render`). */
  callTakerNames?: string[];
  hold: { reason: string | null; since: string; seconds: number; overLimit: boolean } | null;
  incidentNumber: string | null;
  noResponseType: string | null;
  screening: Record<string, unknown> | null;
  receivedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  waitingSeconds: number;
  /** 81A §C.2.f: an abandoned E-911 call is called back. */
  callbackRequired: boolean;
  /** On the answer to a change: the last event about the call it reflects (the client skips the stream's echo of it). */
  lastSeq?: number;
}
