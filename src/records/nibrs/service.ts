/**
 * NIBRS use cases (S-110 §A.1.q): keep each incident's NIBRS data with its edit results,
 * keep the agency-offense mapping, and build the month's submission: every document
 * validated against the FBI's XSD before it is kept, incidents failing an edit held back.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context.ts';
import type { Actor } from '../../core/actor.ts';
import { Conflict, NotFound, Problem } from '../../core/errors.ts';
import { auditSubject } from '../../core/audit/action.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { displayNames } from '../../identity/people.ts';
import { OFFENSE_BY_CODE, type EditError, type NibrsData, type NibrsIncident, type PersonFacts } from './model.ts';
import { fromMasterName, nibrsEdits, reportKind } from './rules.ts';
import * as store from './store.ts';
import { validateNibrs } from './validate.ts';
import { arrestOf, groupADelete, groupAIncident, groupBArrest, groupBDelete, zeroReport, type Envelope, type ReportAction, type ReportCategory } from './xml.ts';

/** The agency's local wall time of an instant, `YYYY-MM-DDTHH:MM:SS`. */
export function localDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(at).replace(' ', 'T');
}

/** The instant the agency's local day `YYYY-MM-DD` begins. */
function localMidnight(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  const seen = new Date(`${localDateTime(guess, timeZone)}Z`);
  const first = new Date(guess.getTime() - (seen.getTime() - guess.getTime()));
  const again = new Date(`${localDateTime(first, timeZone)}Z`);
  return new Date(first.getTime() - (again.getTime() - guess.getTime()));
}

/** [start, end) of the agency's month `YYYY-MM`. */
export function monthBounds(month: string, timeZone: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [localMidnight(`${month}-01`, timeZone), localMidnight(`${next}-01`, timeZone)];
}

const normalCode = (code: string) => code.trim().toUpperCase().replace(/[ -]+/g, '_');

/** After a mapping change, run the edits again on every incident not yet sent, so the inbox is current. */
async function recheckPending(ctx: AppContext, tx: Tx): Promise<void> {
  const mapping = await store.offenseMapping(tx);
  const month = localDateTime(ctx.clock.now(), ctx.config.agency.timeZone).slice(0, 7);
  for (const row of await store.pendingRows(tx)) {
    await store.setErrors(tx, row.case_number, nibrsEdits(incidentOf(ctx, row.case_number, row.occurred_at, row.data as unknown as NibrsData, mapping), month));
  }
}

export async function listMapping(ctx: AppContext) {
  const rows = await store.offenseMapRows(ctx.db);
  const nameOf = await displayNames(ctx.db, rows.map((r) => r.updated_by));
  return rows.map((r) => {
    const offense = OFFENSE_BY_CODE.get(r.nibrs_code);
    return {
      agencyCode: r.agency_code, nibrsCode: r.nibrs_code, nibrsName: offense?.name ?? 'not a 2019 NIBRS code', group: offense?.group ?? '',
      description: r.description, updatedBy: r.updated_by, updatedByName: nameOf(r.updated_by), updatedAt: r.updated_at.toISOString(),
    };
  });
}

export async function setMapping(ctx: AppContext, actor: Actor, agencyCode: string, nibrsCode: string, description?: string) {
  if (!OFFENSE_BY_CODE.has(nibrsCode)) throw new Problem(422, 'nibrs.unknown_offense', 'Unknown NIBRS offense', `nibrsCode: "${nibrsCode}" is not an offense code of NIBRS 2019 (Data Element 6)`, { field: 'nibrsCode' });
  const code = normalCode(agencyCode);
  await inTransaction(ctx.db, async (tx) => {
    await store.upsertMapping(tx, { agency_code: code, nibrs_code: nibrsCode, description: description ?? '', updated_by: actor.username });
    await recheckPending(ctx, tx);
    auditSubject(tx, { type: 'nibrs_mapping', id: code }, 'records.nibrs.mapping_set');
  });
  return (await listMapping(ctx)).find((m) => m.agencyCode === code)!;
}

export async function removeMapping(ctx: AppContext, actor: Actor, agencyCode: string): Promise<void> {
  const code = normalCode(agencyCode);
  await inTransaction(ctx.db, async (tx) => {
    if (!(await store.removeMapping(tx, code))) throw new NotFound('nibrs.no_mapping', `agencyCode: there is no mapping for "${code}"`);
    await recheckPending(ctx, tx);
    auditSubject(tx, { type: 'nibrs_mapping', id: code }, 'records.nibrs.mapping_removed');
  });
}

function incidentOf(ctx: AppContext, caseNumber: string, occurredAt: Date, data: NibrsData, mapping: ReadonlyMap<string, string>): NibrsIncident {
  const normalized = {
    ...data,
    offenses: data.offenses.map((o) => ({ ...o, agencyCode: normalCode(o.agencyCode) })),
    arrestees: data.arrestees?.map((a) => ({ ...a, chargeAgencyCode: normalCode(a.chargeAgencyCode) })),
  };
  return { incidentNumber: caseNumber, occurredAt: occurredAt.toISOString(), localDateTime: localDateTime(occurredAt, ctx.config.agency.timeZone), data: normalized, mapping };
}

type Row = NonNullable<Awaited<ReturnType<typeof store.nibrsRow>>>;
async function view(q: Db | Tx, row: Row, mapping: ReadonlyMap<string, string>, ctx: AppContext, occurredAt: Date) {
  const nameOf = await displayNames(q, [row.updated_by]);
  const data = row.data as unknown as NibrsData;
  const status = row.deleted_at ? 'deleted' : row.errors.length > 0 ? 'held' : row.submitted_version === row.version ? 'submitted' : 'ready';
  return {
    caseNumber: row.case_number, version: row.version, data, errors: row.errors, status: status as 'ready' | 'held' | 'submitted' | 'deleted',
    report: reportKind(incidentOf(ctx, row.case_number, occurredAt, data, mapping)),
    submittedVersion: row.submitted_version, submittedAt: row.submitted_at?.toISOString() ?? null, updatedBy: row.updated_by, updatedByName: nameOf(row.updated_by), updatedAt: row.updated_at.toISOString(),
  };
}

export async function getNibrs(ctx: AppContext, caseNumber: string) {
  const kase = await store.caseForNibrs(ctx.db, caseNumber);
  const row = kase && await store.nibrsRow(ctx.db, caseNumber);
  if (!kase || !row) throw new NotFound('nibrs.not_found', `case ${caseNumber} has no NIBRS data`);
  return view(ctx.db, row, await store.offenseMapping(ctx.db), ctx, kase.occurred_at);
}

/** Fill age, sex and race not given from the linked master names, as they are at the incident's date. */
async function withMasterNames(tx: Tx, data: NibrsData, day: string): Promise<NibrsData> {
  const groups = { victims: data.victims ?? [], offenders: data.offenders ?? [], arrestees: data.arrestees ?? [] };
  const ids = Object.values(groups).flatMap((list: PersonFacts[]) => list.map((p) => p.personId).filter((id): id is string => Boolean(id)));
  const names = await store.masterNames(tx, ids);
  const fill = <T extends PersonFacts>(list: T[], group: string): T[] => list.map((p, i) => {
    if (!p.personId) return p;
    const master = names.get(p.personId);
    if (!master) throw new Problem(422, 'nibrs.unknown_person', 'Unknown master name', `${group}[${i + 1}].personId: there is no master name ${p.personId}`, { field: `${group}[${i + 1}].personId` });
    const facts = fromMasterName(master, day);
    return { ...p, age: p.age ?? facts.age, sex: p.sex ?? facts.sex, race: p.race ?? facts.race };
  });
  return {
    ...data,
    ...(data.victims ? { victims: fill(groups.victims, 'victims') } : {}),
    ...(data.offenders ? { offenders: fill(groups.offenders, 'offenders') } : {}),
    ...(data.arrestees ? { arrestees: fill(groups.arrestees, 'arrestees') } : {}),
  };
}

/** Save an incident's NIBRS data (first time, or with the version last read) and run the edits now. */
export async function saveNibrs(ctx: AppContext, actor: Actor, caseNumber: string, given: NibrsData, version: number | undefined) {
  return inTransaction(ctx.db, async (tx) => {
    const kase = await store.caseForNibrs(tx, caseNumber);
    if (!kase) throw new NotFound('nibrs.no_case', `there is no case ${caseNumber}`);
    const data = await withMasterNames(tx, given, localDateTime(kase.occurred_at, ctx.config.agency.timeZone).slice(0, 10));
    const mapping = await store.offenseMapping(tx);
    const month = localDateTime(ctx.clock.now(), ctx.config.agency.timeZone).slice(0, 7);
    const errors = nibrsEdits(incidentOf(ctx, caseNumber, kase.occurred_at, data, mapping), month);
    const existing = await store.nibrsRowForUpdate(tx, caseNumber);
    if (existing && version !== existing.version) throw new Conflict('nibrs.stale', `version: the NIBRS data was saved elsewhere (version ${existing.version}); reload it`, { version: existing.version });
    if (!existing && version !== undefined) throw new Conflict('nibrs.stale', 'version: this case has no NIBRS data yet; save without a version', { version: null });
    if (existing) await store.updateNibrs(tx, caseNumber, { data, errors, updated_by: actor.username });
    else await store.insertNibrs(tx, { case_number: caseNumber, data, errors, updated_by: actor.username });
    auditSubject(tx, { type: 'case', id: caseNumber }, 'records.nibrs.saved');
    return view(tx, (await store.nibrsRow(tx, caseNumber))!, mapping, ctx, kase.occurred_at);
  });
}

/** Withdraw an incident: a delete (action D) goes in the next submission when it was submitted before. */
export async function deleteNibrs(ctx: AppContext, actor: Actor, caseNumber: string, reason: string) {
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.nibrsRowForUpdate(tx, caseNumber);
    if (!row || row.deleted_at) throw new NotFound('nibrs.not_found', `case ${caseNumber} has no NIBRS data to delete`);
    await store.markDeleted(tx, caseNumber, actor.username, reason);
    auditSubject(tx, { type: 'case', id: caseNumber }, 'records.nibrs.deleted');
    const kase = (await store.caseForNibrs(tx, caseNumber))!;
    return view(tx, (await store.nibrsRow(tx, caseNumber))!, await store.offenseMapping(tx), ctx, kase.occurred_at);
  });
}

const monthOf = (ctx: AppContext, month: string | undefined) => month === undefined ? undefined : monthBounds(month, ctx.config.agency.timeZone);

/** The inbox: incidents held back by the edits, oldest first; with `month` (YYYY-MM), those that happened in that month of the agency's calendar. */
export async function inbox(ctx: AppContext, month?: string) {
  const rows = await store.heldRows(ctx.db, monthOf(ctx, month));
  const nameOf = await displayNames(ctx.db, rows.map((r) => r.updated_by));
  return rows.map((r) => ({
    caseNumber: r.case_number, type: r.type, occurredAt: r.occurred_at.toISOString(), errors: r.errors,
    updatedBy: r.updated_by, updatedByName: nameOf(r.updated_by), updatedAt: r.updated_at.toISOString(),
  }));
}

/** How many incidents are ready to send, held back, submitted as they are, withdrawn (of the month's incidents, when given). */
export async function statusCounts(ctx: AppContext, month?: string) {
  return { month: month ?? null, ...(await store.statusCounts(ctx.db, monthOf(ctx, month))) };
}

/** The Group B arrests of a case sent and not deleted since, by transaction number. */
async function liveGroupBArrests(tx: Tx, caseNumber: string) {
  const live = new Map<string, { transactionNumber: string; arrestedOn: string }>();
  for (const file of await store.groupBSent(tx, caseNumber)) {
    const arrest = arrestOf(file.xml);
    if (!arrest) continue;
    if (file.action === 'D') live.delete(arrest.transactionNumber); else live.set(arrest.transactionNumber, arrest);
  }
  return [...live.values()];
}

interface Planned { caseNumber: string | null; category: ReportCategory; action: ReportAction; xml: string; version?: number; delete?: boolean }

/** Plan the documents of the month from the candidates; failing incidents go to `held`. */
async function plan(ctx: AppContext, tx: Tx, month: string, env: (seq: number) => Envelope) {
  const [, end] = monthBounds(month, ctx.config.agency.timeZone);
  const mapping = await store.offenseMapping(tx);
  const planned: Planned[] = [];
  const held: { caseNumber: string; errors: EditError[] }[] = [];
  const nothing: { caseNumber: string; version: number }[] = [];
  for (const row of await store.candidates(tx, end)) {
    const incident = incidentOf(ctx, row.case_number, row.occurred_at, row.data as unknown as NibrsData, mapping);
    const kind = reportKind(incident);
    const next = () => env(planned.length + 1);
    // Group B arrest reports have no replacement: what was sent is deleted (D) and sent again (A).
    const sentArrests = row.submitted_version === null ? [] : await liveGroupBArrests(tx, row.case_number);
    const deleteArrests = (flag: boolean) => sentArrests.forEach((a) => planned.push({
      caseNumber: row.case_number, category: 'GROUP B ARREST REPORT', action: 'D', xml: groupBDelete(next(), a.transactionNumber, a.arrestedOn), ...(flag ? { delete: true } : { version: row.version }),
    }));
    if (row.deleted_at) {
      if (sentArrests.length > 0) deleteArrests(true);
      else planned.push({ caseNumber: row.case_number, category: 'GROUP A INCIDENT REPORT', action: 'D', xml: groupADelete(next(), row.case_number, incident.localDateTime), delete: true });
      continue;
    }
    const errors = nibrsEdits(incident, month);
    if (errors.length > 0) { held.push({ caseNumber: row.case_number, errors }); continue; }
    deleteArrests(false);
    if (kind === 'group_a') {
      planned.push({ caseNumber: row.case_number, category: 'GROUP A INCIDENT REPORT', action: row.submitted_version === null ? 'I' : 'R', xml: groupAIncident(next(), incident, row.submitted_version === null ? 'I' : 'R'), version: row.version });
    } else if (kind === 'group_b') {
      for (const arrestee of incident.data.arrestees ?? []) planned.push({ caseNumber: row.case_number, category: 'GROUP B ARREST REPORT', action: 'A', xml: groupBArrest(next(), incident, arrestee), version: row.version });
    } else {
      nothing.push({ caseNumber: row.case_number, version: row.version }); // Group B offenses without an arrest: nothing goes to the FBI
    }
  }
  return { planned, held, nothing };
}

/**
 * Build, validate and keep the submission of `month` (YYYY-MM). Held-back incidents keep their
 * errors in the inbox; a month with no incident at all, not submitted before, gets a zero report.
 */
export async function buildSubmission(ctx: AppContext, actor: Actor, month: string) {
  const tz = ctx.config.agency.timeZone;
  const now = ctx.clock.now();
  if (month > localDateTime(now, tz).slice(0, 7)) throw new Problem(422, 'nibrs.future_month', 'Future month', `month: ${month} has not begun; submit a month that has`);
  const outcome = await inTransaction(ctx.db, async (tx) => {
    await store.lockSubmissions(tx);
    const id = randomUUID();
    const env = (seq: number): Envelope => ({ messageId: `${id}-${seq}`, messageDateTime: localDateTime(now, tz), ori: ctx.config.agency.ori, month });
    const { planned, held, nothing } = await plan(ctx, tx, month, env);
    const validations = await validateNibrs(planned.map((p) => p.xml));
    const kept = planned.filter((p, i) => {
      if (validations[i]!.valid) return true;
      const errors = validations[i]!.errors.map((message) => ({ field: 'xml', message: `the generated XML does not conform to the FBI schema: ${message}` }));
      const already = held.find((h) => h.caseNumber === p.caseNumber);
      if (already) already.errors.push(...errors); else held.push({ caseNumber: p.caseNumber!, errors });
      return false;
    });
    // An incident is sent whole or not at all: drop every document of an incident with an invalid one.
    const heldCases = new Set(held.map((h) => h.caseNumber));
    const files = kept.filter((p) => !p.caseNumber || !heldCases.has(p.caseNumber));
    const [start, end] = monthBounds(month, tz);
    if (files.length === 0 && held.length === 0 && !(await store.anyIncidentBetween(tx, start, end)) && !(await store.monthSubmitted(tx, month))) {
      const xml = zeroReport(env(1));
      const [check] = await validateNibrs([xml]);
      if (!check!.valid) throw new Problem(500, 'nibrs.zero_invalid', 'Zero report invalid', check!.errors.join('; '));
      files.push({ caseNumber: null, category: 'ZERO REPORT', action: 'A', xml });
    }
    for (const h of held) await store.setErrors(tx, h.caseNumber, h.errors);
    if (files.length === 0) return { made: false as const, held };
    const count = (f: (p: Planned) => boolean) => files.filter(f).length;
    const row = await store.insertSubmission(tx, {
      id, month, created_by: actor.username, incidents: count((p) => p.action === 'I'), replacements: count((p) => p.action === 'R'), deletes: count((p) => p.action === 'D'),
      arrests: count((p) => p.category === 'GROUP B ARREST REPORT' && p.action === 'A'), zero_report: files.some((p) => p.category === 'ZERO REPORT'), held: held.length,
    });
    for (const [i, f] of files.entries()) {
      await store.insertFile(tx, { submission_id: row.id, seq: i + 1, case_number: f.caseNumber, category: f.category, action: f.action, xml: f.xml, sha256: createHash('sha256').update(f.xml).digest('hex') });
      if (f.delete) await store.markDeleteSubmitted(tx, f.caseNumber!);
      else if (f.caseNumber && f.version !== undefined) await store.markSubmitted(tx, f.caseNumber, f.version);
    }
    for (const n of nothing) await store.markSubmitted(tx, n.caseNumber, n.version);
    auditSubject(tx, { type: 'nibrs_submission', id: row.id }, 'records.nibrs.submitted');
    return { made: true as const, id: row.id, held };
  });
  if (!outcome.made) {
    const why = outcome.held.length > 0
      ? `${outcome.held.length} incident(s) are held back with errors in the NIBRS inbox`
      : 'every incident up to that month was submitted already';
    throw new Conflict('nibrs.nothing_to_submit', `month: nothing for ${month} can be submitted: ${why}`, { heldBack: outcome.held });
  }
  return { ...(await getSubmission(ctx, outcome.id)), heldBack: outcome.held };
}

export async function listSubmissions(ctx: AppContext) {
  const rows = await store.submissionRows(ctx.db);
  const nameOf = await displayNames(ctx.db, rows.map((r) => r.created_by));
  return rows.map((r) => ({
    id: r.id, month: r.month, createdBy: r.created_by, createdByName: nameOf(r.created_by), createdAt: r.created_at.toISOString(),
    incidents: r.incidents, replacements: r.replacements, deletes: r.deletes, arrests: r.arrests, zeroReport: r.zero_report, held: r.held,
  }));
}

export async function getSubmission(ctx: AppContext, id: string) {
  const r = await store.submissionById(ctx.db, id);
  if (!r) throw new NotFound('nibrs.no_submission', `there is no NIBRS submission ${id}`);
  const files = (await store.filesOf(ctx.db, id)).map((f) => ({ seq: f.seq, caseNumber: f.case_number, category: f.category, action: f.action, sha256: f.sha256 }));
  const nameOf = await displayNames(ctx.db, [r.created_by]);
  return {
    id: r.id, month: r.month, createdBy: r.created_by, createdByName: nameOf(r.created_by), createdAt: r.created_at.toISOString(),
    incidents: r.incidents, replacements: r.replacements, deletes: r.deletes, arrests: r.arrests, zeroReport: r.zero_report, held: r.held, files,
  };
}

export async function submissionFile(ctx: AppContext, id: string, seq: number) {
  const file = await store.fileOf(ctx.db, id, seq);
  if (!file) throw new NotFound('nibrs.no_file', `submission ${id} has no document ${seq}`);
  return file;
}
