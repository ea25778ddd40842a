import type { Db } from '../../db/index.ts';
import { linkPending, type AuditSeal } from './chain.ts';
import { onAuditCommitted } from './pending.ts';

const SWEEP_MS = 1000;

/**
 * Links committed audit rows into the keyed chain soon after each commit on this node,
 * and once a second for rows other nodes committed. One pass runs at a time; a commit
 * during a pass brings another.
 */
export class AuditChainer {
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #onError: (error: unknown) => void = () => undefined;

  constructor(private readonly db: Db, readonly seal: AuditSeal) {}

  start(onError: (error: unknown) => void = () => undefined): void {
    this.#onError = onError;
    this.#unsubscribe = onAuditCommitted(() => this.kick());
    this.#timer = setInterval(() => this.kick(), SWEEP_MS);
    this.#timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    await this.#running?.catch(() => undefined);
  }

  kick(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await linkPending(this.db, this.seal);
      } while (this.#again);
    })().catch((error: unknown) => this.#onError(error)).finally(() => { this.#running = undefined; });
  }

  /** Link everything committed so far (verify, checkpoints, tests). */
  async flush(): Promise<void> {
    await this.#running?.catch(() => undefined);
    await linkPending(this.db, this.seal);
  }
}
