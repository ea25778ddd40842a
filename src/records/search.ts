/**
 * The forgiving searches of the master indexes (S-110 §A.1.o, .y, .c): names by
 * trigram similarity, soundex and double metaphone (fuzzystrmatch), nicknames,
 * transpositions and partial dates of birth, ranked, each result saying why it matched.
 */
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { BadRequest } from '../core/errors.ts';
import { inTransaction } from '../db/index.ts';
import { auditJuvenileRead, may } from './access.ts';
import { nicknamesOf } from './nicknames.ts';
import { editDistance, nameReadings, oneEditAway, plateKey, parsePartialDob, scoreCandidate, type Candidate } from './rules.ts';
import type { Actor } from '../core/actor.ts';

export interface NameHit { id: string; name: string; dob: string | null; score: number; matchedBy: string[]; juvenile?: boolean }

const CANDIDATES = 200;

interface CandidateRow {
  person_id: string; survivor: string; kind: string; first_name: string; middle_name: string | null; last_name: string; dob: string | null;
  last_sim: number; first_sim: number; last_sx: boolean; last_dm: boolean; first_sx: boolean;
}

/** Rows that could be the person: the trigram, soundex and metaphone indexes find them; the database pre-ranks. */
async function candidates(ctx: AppContext, last: string, first: string, dobPattern: string | undefined, year: number | undefined): Promise<CandidateRow[]> {
  // The trigram index's threshold (pg_trgm.similarity_threshold) is set for this statement's
  // transaction only, every other search keeping PostgreSQL's default 0.3. No parallel workers and no
  // JIT for a statement this small: the planner's estimate for the surnames spelled alike can be
  // thousands of rows too high, and compiling the plan then took 0.5 s of a 0.6 s search.
  return ctx.db.transaction().execute(async (tx) => {
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(surnameThreshold(last))}, true), set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`.execute(tx);
    return (await candidateQuery(last, first, dobPattern, year).execute(tx)).rows;
  });
}

/**
 * The least trigram similarity of a surname spelled alike, by the length typed. A long surname
 * shares many trigrams with thousands of others (a common ending: -stein, -ford), each a row the
 * index gives and the similarity rejects; one wrong, missing or swapped letter leaves a surname of
 * 8 letters at least 0.38 alike and one of 10 at least 0.47, so those thresholds still find it
 * (the sound-alike indexes find the rest). Shorter surnames keep PostgreSQL's default 0.3.
 */
export function surnameThreshold(last: string): number {
  return last.length >= 10 ? 0.4 : last.length >= 8 ? 0.35 : 0.3;
}

/** The candidates' statement (exported for the bench's EXPLAIN). */
export function candidateQuery(last: string, first: string, dobPattern: string | undefined, year: number | undefined) {
  const equivalents = [first, ...nicknamesOf(first)];
  const dobRank = dobPattern
    ? sql`(case when c.dob is null then 0.1 when to_char(c.dob, 'YYYY-MM-DD') like ${dobPattern} then 1 when extract(year from c.dob) = ${year ?? 0} then 0.4 else 0 end)`
    : sql`0`;
  // A given name narrows each index's hits to the same-sounding given names (and their nicknames'),
  // which the (last key, first soundex) b-trees answer directly; the trigram branch also takes given
  // names spelled alike (similarity 0.3, whatever the surname's threshold). An initial matches every
  // given name with that initial.
  const firstSounds = sql`(${sql.join(equivalents.map((name) => sql`soundex(${name})`))})`;
  const phoneticFirst = !first ? sql`true` : first.length === 1 ? sql`left(first_norm, 1) = ${first}` : sql`first_soundex in ${firstSounds}`;
  // A given name one letter off ("gay" for Gary, "saa" for Sara) can share too few trigrams too.
  const oneOffFirst = !first || first.length === 1 ? phoneticFirst
    : sql`(first_soundex in ${firstSounds} or levenshtein_less_equal(first_norm, ${first}, 1) <= 1)`;
  const spelledFirst = !first || first.length === 1 ? phoneticFirst
    : sql`(first_soundex in ${firstSounds} or levenshtein_less_equal(first_norm, ${first}, 1) <= 1 or similarity(first_norm, ${first}) >= 0.3)`;
  // A surname shorter than 8 letters can be one slip from the one meant and still share too few
  // trigrams with it (foad/ford, moroe/moore): the spellings one keystroke away that are someone's
  // surname (\`near\`: a few hundred probes of the distinct surnames' b-tree) give their names with a
  // given name sounding alike or one letter off, those the trigram branch already takes left out. Longer ones one slip away pass the trigram threshold
  // (surnameThreshold).
  const nearby = last.length < 8 ? oneEditAway(last) : [];
  // One index per branch (trigram GIN, metaphone and soundex b-trees); an OR would fall back to reading every name.
  // The surnames spelled alike come from the distinct surnames (a common one is thousands of names),
  // then their names by equality from a b-tree holding the given name's reading and the id: no name
  // row is read to filter (migration 0057).
  return sql<CandidateRow>`
    with near as materialized (select last_norm from person_last_name where last_norm = any(${nearby}::text[])),
    hits as (
      select n.id from person_last_name w
        cross join lateral (select id from person_name where last_norm = w.last_norm and ${spelledFirst} offset 0) n
        where w.last_norm % ${last}
      union
      select id from person_name where last_dmeta = dmetaphone(${last}) and ${phoneticFirst}
      union
      select id from person_name where last_soundex = soundex(${last}) and ${phoneticFirst}
      union
      select n.id from near w
        cross join lateral (select id from person_name where last_norm = w.last_norm and ${oneOffFirst} offset 0) n
        where not (w.last_norm % ${last})
    )
    select c.person_id, c.survivor, c.kind, c.first_name, c.middle_name, c.last_name, c.shown_dob as dob,
      similarity(c.last_norm, ${last}) as last_sim, similarity(c.first_norm, ${first}) as first_sim,
      c.last_soundex = soundex(${last}) as last_sx, c.last_dmeta = dmetaphone(${last}) as last_dm,
      (${first} <> '' and c.first_soundex = soundex(${first})) as first_sx
    from hits
    -- each hit read by its key; a join the planner chose from a poor estimate read every name (issue 16)
    cross join lateral (
      select pn.*, coalesce(p.merged_into, p.id) as survivor, p.dob, to_char(coalesce(s.dob, p.dob), 'YYYY-MM-DD') as shown_dob
      from person_name pn
      join person p on p.id = pn.person_id
      left join person s on s.id = p.merged_into
      where pn.id = hits.id offset 0) c
    -- the surname's part as the scoring weighs it (rules.ts lastNamePart): the best of its spelling,
    -- one slip away, and its sound, so that no candidate the scoring would rank high is cut here
    order by greatest(similarity(c.last_norm, ${last}),
        case when c.last_norm in (select last_norm from near) then 0.88 else 0 end,
        case when c.last_dmeta = dmetaphone(${last}) then 0.85 when c.last_soundex = soundex(${last}) then 0.8 else 0 end)
      + (case when c.first_norm in (${sql.join(equivalents)}) then 1
              when ${first} <> '' and c.first_soundex = soundex(${first}) then 0.7
              when length(${first}) = 1 and left(c.first_norm, 1) = ${first} then 0.7
              when length(${first}) > 1 and levenshtein_less_equal(c.first_norm, ${first}, 1) <= 1 then 0.7
              else similarity(c.first_norm, ${first}) end)
      + ${dobRank} desc, c.id
    limit ${CANDIDATES}`;
}

/** Persons whose every linked record is juvenile: hidden from adult searches (S-110 §B.1). */
async function juvenileStatus(ctx: AppContext, ids: string[]): Promise<Map<string, { juvenile: boolean; adult: boolean }>> {
  const status = new Map<string, { juvenile: boolean; adult: boolean }>();
  if (ids.length === 0) return status;
  const rows = await ctx.db.selectFrom('report_party as rp').innerJoin('report as r', 'r.id', 'rp.report_id')
    .innerJoin('person as p', 'p.id', 'rp.entity_id')
    .select([sql<string>`coalesce(p.merged_into, p.id)`.as('master'), 'r.juvenile'])
    .where('rp.entity_type', '=', 'person')
    .where((eb) => eb.or([eb('p.id', 'in', ids), eb('p.merged_into', 'in', ids)]))
    .execute();
  for (const row of rows) {
    const s = status.get(row.master) ?? { juvenile: false, adult: false };
    if (row.juvenile) s.juvenile = true; else s.adult = true;
    status.set(row.master, s);
  }
  return status;
}

export async function searchNames(ctx: AppContext, actor: Actor, q: string, dobText?: string, limit = 20): Promise<NameHit[]> {
  const readings = nameReadings(q);
  if (readings[0]!.query.last.length < 2) throw new BadRequest('search.too_short', 'give at least two letters of the last name');
  const dob = dobText ? parsePartialDob(dobText) : undefined;
  if (dobText && !dob) throw new BadRequest('search.bad_dob', `dob "${dobText}" is not a year (1984), a month (1984-03) or a date (1984-03-12)`);
  const pattern = dob ? `${dob.year}-${dob.month ? String(dob.month).padStart(2, '0') : '__'}-${dob.day ? String(dob.day).padStart(2, '0') : '__'}` : undefined;
  const best = new Map<string, NameHit>();
  // A name typed with no comma is read both ways, the two readings searched at once (on PostgreSQL
  // two connections; PGlite takes them in turn); the first-last reading wins a tie.
  const found = await Promise.all(readings.map(({ query }) => candidates(ctx, query.last, query.first, pattern, dob?.year)));
  for (const [i, { query, lastFirst }] of readings.entries()) {
    const swapped = lastFirst && readings.length > 1;
    for (const row of found[i]!) {
      const candidate: Candidate = {
        first: row.first_name, last: row.last_name, alias: row.kind === 'alias' || row.person_id !== row.survivor, dob: row.dob,
        lastSimilarity: Number(row.last_sim), firstSimilarity: Number(row.first_sim), lastSoundex: row.last_sx, lastMetaphone: row.last_dm, firstSoundex: row.first_sx,
      };
      const scored = scoreCandidate(query, dob, candidate);
      if (swapped) { scored.score = Math.round(scored.score * 0.99 * 1000) / 1000; scored.matchedBy.push('written last name first'); }
      const current = best.get(row.survivor);
      if (current && current.score >= scored.score) continue;
      best.set(row.survivor, { id: row.survivor, name: '', dob: row.dob, ...scored });
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit * 2);
  const ids = ranked.map((h) => h.id);
  const [status, names] = await Promise.all([
    juvenileStatus(ctx, ids),
    ids.length === 0 ? [] : ctx.db.selectFrom('person_name').select(['person_id', 'first_name', 'middle_name', 'last_name']).where('kind', '=', 'primary').where('person_id', 'in', ids).execute(),
  ]);
  const byId = new Map(names.map((n) => [n.person_id, `${n.last_name}, ${n.first_name}${n.middle_name ? ` ${n.middle_name}` : ''}`]));
  const seesJuvenile = may(actor, 'records.juvenile');
  const visible = ranked.filter((h) => {
    const s = status.get(h.id);
    if (s?.juvenile && seesJuvenile) h.juvenile = true;
    return seesJuvenile || !s || s.adult || !s.juvenile;
  }).slice(0, limit);
  for (const hit of visible) hit.name = byId.get(hit.id) ?? '';
  await auditJuvenileMarkers(ctx, actor, visible, q, dobText);
  return visible;
}

/**
 * A "Juvenile records" marker on a hit tells the reader the person has juvenile records:
 * a read of juvenile data, audited (S-110 §B.1) before the results are given out.
 */
async function auditJuvenileMarkers(ctx: AppContext, actor: Actor, hits: NameHit[], q: string, dob: string | undefined): Promise<void> {
  const marked = hits.filter((h) => h.juvenile);
  if (marked.length === 0) return;
  await inTransaction(ctx.db, async (tx) => {
    for (const hit of marked) await auditJuvenileRead(tx, actor, { type: 'person', id: hit.id }, { search: q, ...(dob ? { dob } : {}) });
  });
}

export interface IndexHit { id: string; label: string; score: number; matchedBy: string[] }

/** Vehicles by plate (typos and transpositions forgiven), VIN or its last digits, make/model/color. */
export async function searchVehicles(ctx: AppContext, q: string): Promise<IndexHit[]> {
  const text = q.trim();
  const norm = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (norm.length < 2) throw new BadRequest('search.too_short', 'give at least two characters of the plate, VIN or description');
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = await ctx.db.selectFrom('vehicle').selectAll().where((eb) => eb.or([
    eb('plate_norm', '=', norm),
    sql<boolean>`plate_norm % ${norm}`,
    eb('plate_key', '=', plateKey(norm)),
    eb(sql`upper(vin)`, '=', norm),
    ...(norm.length >= 4 ? [eb(sql`upper(vin)`, 'like', `%${norm}`)] : []),
    eb.and(words.map((w) => eb(sql`lower(concat_ws(' ', make, model, color, year::text))`, 'like', `%${w.replace(/[%_\\]/g, '')}%`))),
  ])).limit(200).execute();
  return rows.map((v) => {
    const why: string[] = [];
    let score = 0;
    const vin = (v.vin ?? '').toUpperCase();
    if (v.plate_norm === norm) { score = 1; why.push('plate'); }
    else if (v.plate_norm && editDistance(v.plate_norm, norm) === 1) { score = 0.9; why.push('plate one character off or transposed'); }
    else if (vin === norm) { score = 1; why.push('VIN'); }
    else if (norm.length >= 4 && vin.endsWith(norm)) { score = 0.8; why.push('last characters of the VIN'); }
    else if (v.plate_norm && editDistance(v.plate_norm, norm) <= 2) { score = 0.7; why.push('plate spelled similarly'); }
    const description = [v.make, v.model, v.color, v.year].filter(Boolean).join(' ').toLowerCase();
    if (words.length > 0 && words.every((w) => description.includes(w))) { score = Math.max(score, 0.6); why.push('make, model or color'); }
    const label = [v.plate ? `${v.plate}${v.state ? ` (${v.state})` : ''}` : 'no plate', v.year, v.color, v.make, v.model].filter(Boolean).join(' ');
    return { id: v.id, label, score, matchedBy: why };
  }).filter((h) => h.score > 0).sort((a, b) => b.score - a.score).slice(0, 20);
}

/** Businesses by name (typos and sound-alikes forgiven) or address (S-110 §A.1.c). */
export async function searchBusinesses(ctx: AppContext, q: string): Promise<IndexHit[]> {
  const text = q.trim().toLowerCase();
  if (text.length < 2) throw new BadRequest('search.too_short', 'give at least two letters of the name or address');
  const like = `%${text.replace(/[%_\\]/g, '')}%`;
  const { rows } = await sql<{ id: string; name: string; address: string; sim: number; dm: boolean; name_like: boolean; address_like: boolean }>`
    select id, name, address, similarity(name_norm, ${text}) as sim, name_dmeta = dmetaphone(${text}) as dm,
      name_norm like ${like} as name_like, lower(address) like ${like} as address_like
    from business
    where name_norm % ${text} or name_dmeta = dmetaphone(${text}) or name_norm like ${like} or lower(address) like ${like}
    order by similarity(name_norm, ${text}) desc limit 200`.execute(ctx.db);
  return rows.map((b) => {
    const why: string[] = [];
    let score = Number(b.sim);
    if (b.name.toLowerCase() === text) { score = 1; why.push('name'); }
    else if (b.name_like) { score = Math.max(score, 0.85); why.push('part of the name'); }
    else if (b.dm) { score = Math.max(score, 0.8); why.push('name sounds alike (metaphone)'); }
    else if (score > 0) why.push('name spelled similarly');
    if (b.address_like) { score = Math.max(score, 0.7); why.push('address'); }
    return { id: b.id, label: `${b.name}, ${b.address}`, score: Math.round(score * 1000) / 1000, matchedBy: why };
  }).sort((a, b) => b.score - a.score).slice(0, 20);
}
