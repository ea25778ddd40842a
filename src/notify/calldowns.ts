/**
 * Call-downs (S-110 §A.1.h): a dispatcher or the commanding officer starts one for a kind of
 * emergency (tied to an incident if there is one, whose timeline then says so), calls down the
 * list in order, and records each call: reached, no answer, left a message, wrong number, at the
 * agency clock's time, with a note. Each write and its audit row are one transaction; the
 * call-down is kept, with who was reached, when, and by whom.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { NotFound } from '../core/errors.ts';
import { enforce } from '../core/decision.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { appendEvent } from '../core/events/log.ts';
import { agencyStamp } from '../core/clock.ts';
import { pageFrom, type PageRequest } from '../core/paging.ts';
import { permissionsOf } from '../core/permissions.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import type { CallOutcome, Completion } from '../db/tables/notify.ts';
import { directoryContacts, readResidentialNumbers } from '../directory/service.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { displayNames } from '../identity/people.ts';
import { directoryPhone, field } from './lists.ts';
import { attemptAllowed, CLAUSE, closeAllowed, completesByItself, COMPLETION_WORDS, OUTCOME_WORDS, reminderAt } from './rules.ts';
import * as store from './store.ts';

export const CALLDOWN_PAGE = { default: 50, max: 200 } as const;

type CallDownRow = NonNullable<Awaited<ReturnType<typeof store.callDown>>>;

/** A sentence on the incident's timeline (an ordinary journal note, kept confidential with the incident). */
async function tellIncident(tx: Tx, actor: Actor, number: string | null, text: string, callDown: string): Promise<void> {
  if (!number) return;
  const incident = await incidentBrief(tx, number);
  if (incident) await appendEvent(tx, { kind: 'incident.note', subject: { type: 'incident', id: number }, actor, confidential: incident.confidential, payload: { text, callDown } });
}

/** Start a call-down: the list's entries as they are now, each directory contact with the number the directory has for it now. */
export async function startCallDown(ctx: AppContext, actor: Actor, input: { kind: string; incidentNumber?: string | undefined; reason?: string | undefined }): Promise<string> {
  const list = await store.list(ctx.db, input.kind);
  if (!list?.active) field('kind', `names no kind of emergency with a notification list ("${input.kind}"; ${CLAUSE})`);
  if (input.incidentNumber && !(await incidentBrief(ctx.db, input.incidentNumber))) field('incidentNumber', `names no incident ("${input.incidentNumber}")`);
  const entries = await store.entriesOf(ctx.db, [list.kind]);
  const contacts = await directoryContacts(ctx.db, entries.flatMap((e) => (e.directory_entry_id ? [e.directory_entry_id] : [])));
  const at = ctx.clock.now();
  return inTransaction(ctx.db, async (tx) => {
    const id = await store.insertCallDown(tx, {
      kind: list.kind, kindName: list.name, listNotes: list.notes, incidentNumber: input.incidentNumber ?? null, reason: input.reason?.trim() || null, by: actor.username, at,
      entries: entries.map((e) => {
        const contact = e.directory_entry_id ? contacts.get(e.directory_entry_id) : undefined;
        return { position: e.position, source: e.source, person: e.person, name: e.name, role: e.role, phones: [...e.phones, ...(contact ? directoryPhone(contact) : [])], notes: e.notes, required: e.required, callNextAfterMinutes: e.call_next_after_minutes };
      }),
    });
    await recordAudit(tx, {
      actor, action: 'notify.calldown_started', subject: { type: 'call_down', id }, outcome: 'allowed',
      detail: { kind: list.kind, incident: input.incidentNumber ?? null, entries: entries.length, clause: CLAUSE },
    });
    await tellIncident(tx, actor, input.incidentNumber ?? null, `Call-down started: ${list.name} notification list (${entries.length} to call).`, id);
    return id;
  });
}

/** The entries with the outcomes of their calls so far, for the rules. */
async function callsSoFar(tx: Tx, id: string) {
  const [entries, attempts] = await Promise.all([store.callDownEntries(tx, id), store.attemptsOf(tx, [id])]);
  return { entries, calls: entries.map((e) => ({ name: e.name, required: e.required, outcomes: attempts.filter((a) => a.entry_id === e.id).map((a) => a.outcome) })) };
}

async function finish(ctx: AppContext, tx: Tx, actor: Actor, row: CallDownRow, completion: Completion, at: Date): Promise<void> {
  await store.complete(tx, row.id, { at, by: actor.username, completion });
  await tellIncident(tx, actor, row.incident_number, `Call-down complete: ${row.kind_name} notification list, ${COMPLETION_WORDS[completion]} (${agencyStamp(ctx.config.agency.timeZone, at)}).`, row.id);
}

/** Record one call; when every required entry is then settled, the call-down is complete in the same transaction. */
export async function recordAttempt(ctx: AppContext, actor: Actor, id: string, input: { entryId: string; outcome: CallOutcome; note?: string | undefined }): Promise<void> {
  const at = ctx.clock.now();
  await inTransaction(ctx.db, async (tx) => {
    const row = await store.lockCallDown(tx, id);
    if (!row) throw new NotFound('calldown.not_found', `There is no call-down ${id}.`);
    enforce(attemptAllowed(row.completed_at));
    const before = await callsSoFar(tx, id);
    const entry = before.entries.find((e) => e.id === input.entryId);
    if (!entry) field('entryId', 'names no entry of this call-down');
    await store.insertAttempt(tx, { callDownId: id, entryId: entry.id, outcome: input.outcome, note: input.note?.trim() || null, at, by: actor.username });
    const calls = before.calls.map((c, i) => (before.entries[i]!.id === entry.id ? { ...c, outcomes: [...c.outcomes, input.outcome] } : c));
    const done = completesByItself(calls);
    await recordAudit(tx, {
      actor, action: 'notify.call_recorded', subject: { type: 'call_down', id }, outcome: 'allowed',
      detail: { entry: entry.position, name: entry.name, outcome: input.outcome, completed: done, clause: CLAUSE },
    });
    if (done) await finish(ctx, tx, actor, row, 'all_reached', at);
  });
}

/** Close a call-down in which every required entry was called, some not reached (no answer, a message left). */
export async function closeCallDown(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const at = ctx.clock.now();
  await inTransaction(ctx.db, async (tx) => {
    const row = await store.lockCallDown(tx, id);
    if (!row) throw new NotFound('calldown.not_found', `There is no call-down ${id}.`);
    const { calls } = await callsSoFar(tx, id);
    enforce(closeAllowed(row.completed_at, calls));
    await recordAudit(tx, {
      actor, action: 'notify.calldown_closed', subject: { type: 'call_down', id }, outcome: 'allowed',
      detail: { notReached: calls.filter((c) => c.required && !c.outcomes.includes('reached')).map((c) => c.name), clause: CLAUSE },
    });
    await finish(ctx, tx, actor, row, 'closed', at);
  });
}

/**
 * One call-down as the screen and the printout show it: each entry with its numbers and calls,
 * people by name. A person's residential number is shown only to a reader holding
 * directory.residential, and then the read is audited (81A §B.2.b.iii); to others it is withheld.
 */
export async function callDownRecord(ctx: AppContext, reader: Actor, id: string) {
  const row = await store.callDown(ctx.db, id);
  if (!row) throw new NotFound('calldown.not_found', `There is no call-down ${id}.`);
  const [entries, attempts] = await Promise.all([store.callDownEntries(ctx.db, id), store.attemptsOf(ctx.db, [id])]);
  const persons = entries.flatMap((e) => (e.person ? [e.person] : []));
  const mayReadResidential = permissionsOf(reader.roles).has('directory.residential');
  const residential = mayReadResidential && persons.length
    ? await inTransaction(ctx.db, (tx) => readResidentialNumbers(tx, reader, persons, { type: 'call_down', id }))
    : new Map<string, string>();
  const nameOf = await displayNames(ctx.db, [row.started_by, row.completed_by, ...attempts.map((a) => a.by_user)]);
  const callsOf = (e: Entry | undefined) => (e ? attempts.filter((a) => a.entry_id === e.id) : []);
  const now = ctx.clock.now().getTime();
  return {
    ...summary(row, nameOf, entries, attempts),
    listNotes: row.list_notes, reason: row.reason,
    entries: entries.map((e, i) => ({
      id: e.id, position: e.position, source: e.source, name: e.name, role: e.role, phones: e.phones, notes: e.notes, required: e.required,
      callNextAfterMinutes: e.call_next_after_minutes,
      ...((at) => ({ reminderAt: at?.toISOString() ?? null, reminderDue: at !== null && at.getTime() <= now }))(
        reminderAt({ callNextAfterMinutes: e.call_next_after_minutes, attempts: callsOf(e) }, entries[i + 1] && { attempts: callsOf(entries[i + 1]) }, row.completed_at === null),
      ),
      residentialPhone: e.person ? residential.get(e.person) ?? null : null,
      residentialWithheld: Boolean(e.person) && !mayReadResidential,
      attempts: attempts.filter((a) => a.entry_id === e.id).map((a) => ({
        outcome: a.outcome, outcomeWords: OUTCOME_WORDS[a.outcome], note: a.note, at: a.at.toISOString(), by: a.by_user, byName: nameOf(a.by_user),
      })),
    })),
  };
}

type Entry = Awaited<ReturnType<typeof store.callDownEntries>>[number];
type Attempt = Awaited<ReturnType<typeof store.attemptsOf>>[number];

function summary(row: CallDownRow, nameOf: (login: string) => string, entries: readonly Pick<Entry, 'id'>[], attempts: readonly Attempt[]) {
  const mine = attempts.filter((a) => a.call_down_id === row.id);
  return {
    id: row.id, kind: row.kind, kindName: row.kind_name, incidentNumber: row.incident_number,
    startedAt: row.started_at.toISOString(), startedBy: row.started_by, startedByName: nameOf(row.started_by),
    completedAt: row.completed_at?.toISOString() ?? null, completedByName: row.completed_by ? nameOf(row.completed_by) : null, completion: row.completion,
    toCall: entries.length,
    reached: entries.filter((e) => mine.some((a) => a.entry_id === e.id && a.outcome === 'reached')).length,
    called: entries.filter((e) => mine.some((a) => a.entry_id === e.id)).length,
  };
}

/** Call-downs newest first: open ones, one kind's or one incident's; each with how many were called and reached. */
export async function callDownPage(ctx: AppContext, filter: store.CallDownFilter, page: PageRequest) {
  const rows = await store.callDownPage(ctx.db, filter, page, CALLDOWN_PAGE.default);
  const ids = rows.map((r) => r.id);
  const [attempts, entries] = await Promise.all([store.attemptsOf(ctx.db, ids), store.entriesOfCallDowns(ctx.db, ids)]);
  const nameOf = await displayNames(ctx.db, rows.flatMap((r) => [r.started_by, r.completed_by]));
  return pageFrom(rows, page, CALLDOWN_PAGE.default, (row) => summary(row, nameOf, entries.filter((e) => e.call_down_id === row.id), attempts));
}
