import type { NcicMessage } from './message.ts';

/**
 * The state switch as the rest of Precinct sees it: one interface, whatever is on the
 * other end — the agency's real state CJIS switch, or the built-in training switch. Both
 * are reached through the same NCIC-format adapter over TCP (adapter.ts).
 */
export interface StateSwitch {
  /** `training` while the other end is the built-in training switch: every screen and answer says so. */
  readonly mode: 'training' | 'live';
  /**
   * Send one message and wait for its answer. `idempotent` messages (queries) that lose
   * their connection before the answer are sent again once it is back; others fail
   * clearly (`cjis.switch_connection_lost`). Rejects with a Problem after the deadline.
   */
  send(message: Omit<NcicMessage, 'ori'>, options?: { idempotent?: boolean; timeoutMs?: number }): Promise<SwitchReply>;
  /** Messages the switch sends on its own: hit confirmation answers (YR), administrative messages… */
  onUnsolicited(listener: (message: NcicMessage) => Promise<void> | void): void;
  status(): SwitchStatus;
  close(): Promise<void>;
}

export interface SwitchReply {
  message: NcicMessage;
  /** The switch marked the answer as training data (TRN/Y). */
  training: boolean;
  roundTripMs: number;
}

export interface SwitchStatus {
  mode: 'training' | 'live';
  endpoint: string;
  connected: boolean;
  /** Since when the link is in its present state. */
  since: string;
  reconnects: number;
  sent: number;
  answered: number;
  failed: number;
  queued: number;
  inFlight: number;
  /** Frames that could not be read, and answers nobody was waiting for: logged and counted, never fatal. */
  malformed: number;
  unexpected: number;
  unsolicited: number;
  lastError: string | null;
}
