import type { Db } from '../../db/index.ts';
import { linkPending, type AuditSeal } from './chain.ts';
import { onAuditCommitted } from './pending.ts';

const SWEEP_MS = 1000;
/**
 * How long after a commit the pass that links it starts: the commits of those milliseconds
 * are linked together, in one transaction, instead of one pass (five statements) each. At 10 ms
 * a server taking 60 incidents a second ran about one pass per incident, a quarter of its
 * statements (issue 16 point 2); at 100 ms it runs at most ten passes a second, whatever the rate.
 */
const GATHER_MS = 100;

/**
 * Links committed audit rows into the keyed chain soon after each commit on this node
 * (within GATHER_MS, with whatever else committed meanwhile), and once a second for rows
 * other nodes committed. One pass runs at a time; a commit during a pass brings another.
 */
export class AuditChainer {
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #gathering: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #onError: (error: unknown) => void = () => undefined;

  constructor(private readonly db: Db, readonly seal: AuditSeal) {}

  start(onError: (error: unknown) => void = () => undefined): void {
    this.#onError = onError;
    this.#unsubscribe = onAuditCommitted(() => this.soon());
    this.#timer = setInterval(() => this.kick(), SWEEP_MS);
    this.#timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    if (this.#gathering) {
      // a commit was waiting for its pass: linked now, as it would have been without the wait
      clearTimeout(this.#gathering);
      this.#gathering = undefined;
      this.kick();
    }
    await this.#running?.catch(() => undefined);
  }

  /** A pass within GATHER_MS (a commit on this node: others may follow it into the same pass). */
  soon(): void {
    if (this.#gathering) return;
    this.#gathering = setTimeout(() => {
      this.#gathering = undefined;
      this.kick();
    }, GATHER_MS);
    this.#gathering.unref();
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
    clearTimeout(this.#gathering);
    this.#gathering = undefined;
    await this.#running?.catch(() => undefined);
    await linkPending(this.db, this.seal);
  }
}
