/**
 * Street files (S-110 §A.1.v): the town's street index (read from the geography layers, plus
 * streets entered by hand where the town has no centerline file), and the department's premises
 * notes and hazards on a street, a range of it or an address, in force between two dates.
 * Every write and its audit row are one transaction; a note is ended with a reason, never deleted.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { enforce, refuse } from '../core/decision.ts';
import { agencyDate } from '../core/clock.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import type { RangeSide, StreetNoteKind } from '../db/tables/streets.ts';
import { displayNames } from '../identity/people.ts';
import { geography } from '../geo/service.ts';
import { normalizeStreet, parseLocation } from '../geo/model.ts';
import type { Gazetteer } from '../geo/gazetteer.ts';
import { appliesAt, CLAUSE, datesAllowed, noteState, placeAllowed, placeWords, rangesAllowed, type NoteState } from './rules.ts';
import { deriveStreetIndex, type IndexedStreet } from './street-index.ts';
import * as store from './store.ts';

const today = (ctx: AppContext) => agencyDate(ctx.config.agency.timeZone, ctx.clock.now());

const derived = new WeakMap<Gazetteer, Map<string, IndexedStreet>>();

/** The geography's streets, derived once per layer version (read before any transaction: the layers are not written here). */
async function layerIndex(ctx: AppContext): Promise<{ fromLayers: Map<string, IndexedStreet>; gazetteer: Gazetteer }> {
  const { gazetteer } = await geography(ctx);
  let fromLayers = derived.get(gazetteer);
  if (!fromLayers) {
    fromLayers = deriveStreetIndex(gazetteer.data, (p) => gazetteer.areasAt(p).sector);
    derived.set(gazetteer, fromLayers);
  }
  return { fromLayers, gazetteer };
}

/** The layers' streets and the streets entered by hand that the layers do not name, by name. */
async function withHandStreets(fromLayers: Map<string, IndexedStreet>, db: Db | Tx): Promise<Map<string, IndexedStreet>> {
  const index = new Map(fromLayers);
  for (const s of await store.handStreets(db)) {
    if (index.has(s.name)) continue; // once the layers name it, the geography's entry is the one in use
    index.set(s.name, {
      name: s.name, source: 'hand', addresses: 0, sectors: s.sectors, crossStreets: s.cross_streets, centerlineOdd: null, centerlineEven: null,
      odd: s.odd_low === null ? null : { low: s.odd_low, high: s.odd_high! },
      even: s.even_low === null ? null : { low: s.even_low, high: s.even_high! },
    });
  }
  return new Map([...index].sort(([a], [b]) => a.localeCompare(b)));
}

async function streetIndex(ctx: AppContext): Promise<{ index: Map<string, IndexedStreet>; gazetteer: Gazetteer }> {
  const { fromLayers, gazetteer } = await layerIndex(ctx);
  return { index: await withHandStreets(fromLayers, ctx.db), gazetteer };
}

/** The street index, or the streets whose name holds these words. */
export async function streets(ctx: AppContext, q: { q?: string | undefined; limit: number }) {
  const { index } = await streetIndex(ctx);
  const words = q.q ? normalizeStreet(q.q).split(' ').filter(Boolean) : [];
  const all = [...index.values()].filter((s) => words.every((w) => s.name.split(' ').some((part) => part.startsWith(w))));
  return { total: all.length, streets: all.slice(0, q.limit) };
}

export interface NoteView {
  id: string; street: string; number: string | null; low: number | null; high: number | null; side: RangeSide | null; place: string;
  kind: StreetNoteKind; text: string; effectiveFrom: string; effectiveUntil: string | null; state: NoteState;
  enteredBy: string; enteredByName: string; enteredAt: string; endedByName: string | null; endedAt: string | null; endedReason: string | null;
}

type NoteRow = Awaited<ReturnType<typeof store.streetNotes>>[number];

async function views(ctx: AppContext, rows: NoteRow[]): Promise<NoteView[]> {
  const name = await displayNames(ctx.db, rows.flatMap((r) => [r.entered_by, r.ended_by]));
  const day = today(ctx);
  return rows.map((r) => ({
    id: r.id, street: r.street, number: r.number, low: r.low, high: r.high, side: r.side, place: placeWords(r), kind: r.kind, text: r.text,
    effectiveFrom: r.effective_from, effectiveUntil: r.effective_until,
    state: noteState({ effectiveFrom: r.effective_from, effectiveUntil: r.effective_until, ended: r.ended_at !== null }, day),
    enteredBy: r.entered_by, enteredByName: name(r.entered_by), enteredAt: r.entered_at.toISOString(),
    endedByName: r.ended_by ? name(r.ended_by) : null, endedAt: r.ended_at?.toISOString() ?? null, endedReason: r.ended_reason,
  }));
}

/** One street of the index with every note on it (in force, scheduled, expired and ended). */
export async function streetPage(ctx: AppContext, name: string) {
  const key = normalizeStreet(name);
  const street = (await streetIndex(ctx)).index.get(key);
  if (!street) throw new NotFound('street_file.no_street', `There is no street ${key || name} in the street index (${CLAUSE}).`);
  return { ...street, notes: await views(ctx, await store.streetNotes(ctx.db, key)) };
}

export interface NewHandStreet {
  name: string; oddLow?: number | undefined; oddHigh?: number | undefined; evenLow?: number | undefined; evenHigh?: number | undefined;
  sectors?: string[] | undefined; crossStreets?: string[] | undefined;
}

/** Enter a street by hand (a town without a centerline file); a street the layers already name is refused. */
export async function addHandStreet(ctx: AppContext, actor: Actor, input: NewHandStreet): Promise<string> {
  const name = normalizeStreet(input.name);
  if (!name) enforce(refuse('street_file.name', CLAUSE, 'the street needs a name', 422, 'body.name'));
  enforce(rangesAllowed(input));
  const clean = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];
  const { fromLayers } = await layerIndex(ctx);
  return inTransaction(ctx.db, async (tx) => {
    if ((await withHandStreets(fromLayers, tx)).has(name)) throw new Conflict('street_file.street_exists', `${name} is already in the street index (${CLAUSE}).`);
    const row = {
      name, odd_low: input.oddLow ?? null, odd_high: input.oddHigh ?? null, even_low: input.evenLow ?? null, even_high: input.evenHigh ?? null,
      sectors: clean(input.sectors), cross_streets: clean(input.crossStreets).map(normalizeStreet).filter(Boolean), entered_by: actor.username,
    };
    if (!(await store.insertHandStreet(tx, row))) throw new Conflict('street_file.street_exists', `${name} is already in the street index (${CLAUSE}).`);
    await recordAudit(tx, { actor, action: 'street_file.street_entered', subject: { type: 'street', id: name }, outcome: 'allowed', detail: { sectors: row.sectors, crossStreets: row.cross_streets } });
    return name;
  });
}

export interface NewNote {
  street: string; number?: string | undefined; low?: number | undefined; high?: number | undefined; side?: RangeSide | undefined;
  kind: StreetNoteKind; text: string; effectiveFrom?: string | undefined; effectiveUntil?: string | undefined;
}

/** Add a premises note or hazard on a street of the index, a range of it, or an address (from today unless a first day is given). */
export async function addNote(ctx: AppContext, actor: Actor, input: NewNote): Promise<NoteView> {
  const text = input.text.trim();
  if (!text) enforce(refuse('street_file.text', CLAUSE, 'the note says nothing: write what responders must know', 422, 'body.text'));
  const number = input.number?.trim().toUpperCase() || null;
  const side = input.low !== undefined || input.high !== undefined ? (input.side ?? 'both') : (input.side ?? null);
  enforce(placeAllowed({ number, low: input.low, high: input.high, side }));
  const effectiveFrom = input.effectiveFrom ?? today(ctx);
  enforce(datesAllowed({ effectiveFrom, effectiveUntil: input.effectiveUntil }));
  const street = normalizeStreet(input.street);
  const { fromLayers } = await layerIndex(ctx);
  const id = await inTransaction(ctx.db, async (tx) => {
    if (!(await withHandStreets(fromLayers, tx)).has(street)) {
      enforce(refuse('street_file.unknown_street', CLAUSE, `${street || input.street} is not in the street index: enter the street first`, 422, 'body.street'));
    }
    const made = await store.insertNote(tx, {
      street, number, low: input.low ?? null, high: input.high ?? null, side, kind: input.kind, text,
      effective_from: effectiveFrom, effective_until: input.effectiveUntil ?? null, entered_by: actor.username,
    });
    await recordAudit(tx, {
      actor, action: 'street_file.note_added', subject: { type: 'street_note', id: made }, outcome: 'allowed',
      detail: { street, place: placeWords({ number, low: input.low, high: input.high, side }), kind: input.kind, effectiveFrom, effectiveUntil: input.effectiveUntil ?? null },
    });
    return made;
  });
  return (await views(ctx, [(await store.noteById(ctx.db, id))!]))[0]!;
}

/** End a note now, saying why (a hazard gone before its last day, a note found wrong); it stays on the street's page. */
export async function endNote(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<NoteView> {
  const why = reason.trim();
  if (!why) enforce(refuse('street_file.reason', CLAUSE, 'say why the note is ended', 422, 'body.reason'));
  await inTransaction(ctx.db, async (tx) => {
    const ended = await store.endNote(tx, id, actor.username, why);
    if (!ended) throw new NotFound('street_file.no_note', `There is no street file note ${id} that is not already ended.`);
    await recordAudit(tx, { actor, action: 'street_file.note_ended', subject: { type: 'street_note', id }, outcome: 'allowed', detail: { street: ended.street, reason: why } });
  });
  return (await views(ctx, [(await store.noteById(ctx.db, id))!]))[0]!;
}

/** The streets a typed location is on: the street of an address (the town after a comma dropped), both of an intersection, or a street alone. */
function streetsOf(text: string, index: Map<string, IndexedStreet>, gazetteer: Gazetteer): { streets: string[]; number: string | null } {
  const parsed = parseLocation(text.split(',')[0] ?? '');
  const resolve = (words: string): string | null => {
    let tokens = normalizeStreet(words).split(' ').filter(Boolean);
    while (tokens.length > 0) {
      const name = tokens.join(' ');
      if (index.has(name)) return name;
      const match = gazetteer.streetsMatching(name, 1)[0];
      if (match && index.has(match)) return match;
      tokens = tokens.slice(0, -1);
    }
    return null;
  };
  if (parsed.kind === 'intersection') return { streets: parsed.streets!.map(resolve).filter((s): s is string => s !== null), number: null };
  if (parsed.kind === 'address') { const s = resolve(parsed.street!); return { streets: s ? [s] : [], number: parsed.number! }; }
  const s = index.has(parsed.words) ? parsed.words : null;
  return { streets: s ? [s] : [], number: null };
}

/**
 * The street file's notes and hazards in force at a location as a dispatcher types it (81A §C.2.b):
 * at an address, the street-wide notes, the range notes covering its number and the notes on that
 * address; at an intersection or a street alone, the street-wide notes.
 */
export async function notesAt(ctx: AppContext, address: string) {
  const { index, gazetteer } = await streetIndex(ctx);
  const { streets: on, number } = streetsOf(address, index, gazetteer);
  const rows = (await store.notesInForce(ctx.db, on, today(ctx))).filter((r) => appliesAt(r, number));
  return { streets: on, number, notes: await views(ctx, rows) };
}
