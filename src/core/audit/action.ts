import { AsyncLocalStorage } from 'node:async_hooks';
import { addTransactionHooks, type Tx } from '../../db/index.ts';
import type { Actor } from '../actor.ts';
import { insertAuditRow } from './rows.ts';

/** A record an action made or changed: what its audit row names. */
export interface Subject {
  type: string;
  id: string;
}

/**
 * One person's request, from the moment it is authenticated to its answer: who acts,
 * with which role, on which route, and which records its transactions touched.
 * Exactly one audit row is written for it (docs/architecture.md, "The audit path").
 */
export interface Action {
  /** `POST /api/v1/incidents`: the route, for the row's detail. */
  route: string;
  /** A write (anything but GET/HEAD/OPTIONS) or a read the route says is audited. */
  audited: boolean;
  /** The action name a route declared (config.action); else the first event kind, else the route. */
  name?: string | undefined;
  actor?: Actor | undefined;
  role?: string | null | undefined;
  /** Every record the action's committed transactions named, first the one it made or changed. */
  subjects: Subject[];
  /** True once a committed transaction holds this action's audit row. */
  covered: boolean;
  /** True once a denied row names what this request was refused (CJIS AU-3): no second one for it. */
  refusalAudited?: boolean;
}

interface TxState {
  subjects: Subject[];
  firstKind: string | undefined;
  /** This transaction wrote a row that covers the action (its own or the action's). */
  covers: boolean;
  /** …and that row records a refusal. */
  denies?: boolean;
}

const current = new AsyncLocalStorage<Action>();
const transactions = new WeakMap<Tx, TxState>();

function stateOf(tx: Tx): TxState {
  let state = transactions.get(tx);
  if (!state) {
    state = { subjects: [], firstKind: undefined, covers: false };
    transactions.set(tx, state);
  }
  return state;
}

/** Run the rest of a request inside an action (the root onRequest hook). */
export function runAction<T>(action: Action, next: () => T): T {
  return current.run(action, next);
}

export function currentAction(): Action | undefined {
  return current.getStore();
}

/**
 * Name a record this transaction made or changed, for the action's audit row.
 * `appendEvent` does it for every event; a service whose write appends no event calls it.
 */
export function auditSubject(tx: Tx, subject: Subject, kind?: string): void {
  const state = stateOf(tx);
  if (!state.subjects.some((s) => s.type === subject.type && s.id === subject.id)) state.subjects.push(subject);
  state.firstKind ??= kind;
}

/**
 * This read is one the policies protect (a confidential incident, a juvenile record): the
 * request gets its audit row, naming the record, whether or not the route audits every read.
 * `shown`: the protected records a listing showed, named after it, in their order.
 */
export function auditThisRead(subject: Subject, name: string, shown: readonly Subject[] = []): void {
  const action = current.getStore();
  if (!action) return;
  action.audited = true;
  action.name ??= name;
  const same = (a: Subject) => (b: Subject) => a.type === b.type && a.id === b.id;
  const fresh = [subject, ...shown].filter((s, i, all) => !action.subjects.some(same(s)) && all.findIndex(same(s)) === i);
  action.subjects.unshift(...fresh);
}

/** A row written in this transaction covers the current action: no second row for it. */
export function coverAction(tx: Tx, outcome?: string): void {
  const action = current.getStore();
  if (!action) return;
  stateOf(tx).covers = true;
  if (outcome === 'denied') stateOf(tx).denies = true;
}

/** Write the action's row in the first of its transactions that changed a record. */
async function beforeCommit(tx: Tx): Promise<void> {
  const action = current.getStore();
  const state = transactions.get(tx);
  if (!action || !state || !action.actor || !action.audited || action.covered || state.covers || state.subjects.length === 0) return;
  const [first, ...others] = state.subjects;
  await insertAuditRow(tx, {
    actor: action.actor, role: action.role ?? null, action: action.name ?? state.firstKind ?? action.route,
    subject: first, outcome: 'allowed',
    detail: { route: action.route, ...(others.length ? { also: others.slice(0, 50).map((s) => `${s.type}:${s.id}`) } : {}) },
  });
  state.covers = true;
}

function afterCommit(tx: Tx): void {
  const action = current.getStore();
  const state = transactions.get(tx);
  if (!action || !state) return;
  for (const s of state.subjects) if (!action.subjects.some((t) => t.type === s.type && t.id === s.id)) action.subjects.push(s);
  if (state.covers) action.covered = true;
  if (state.denies) action.refusalAudited = true;
}

/** Work rolled back to a savepoint named no record: its subjects and rows are forgotten with it. */
function atSavepoint(tx: Tx): (() => void) | undefined {
  const state = transactions.get(tx);
  if (!state) return () => transactions.delete(tx);
  const { subjects, firstKind, covers, denies } = state;
  const kept = subjects.length;
  return () => {
    state.subjects.length = kept;
    Object.assign(state, { firstKind, covers, denies });
  };
}

addTransactionHooks({ beforeCommit, afterCommit, atSavepoint });
