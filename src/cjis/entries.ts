import type { EventKind } from '../core/events/catalogue.ts';
/**
 * The agency's own CJIS/NCIC entries (81A §J.1.b.x(d), §J.3.b, §J.5, §J.6): warrants
 * for rendition with the DA's authorization and their documents, stolen vehicles and
 * plates with a signed theft report in Records, missing persons under the policy's
 * criteria and timeliness; recalls and prompt removal; recovery producing the clear.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { BadRequest, Conflict, NotFound, Problem } from '../core/errors.ts';
import { appendEvent } from '../core/events/log.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { getReport } from '../records/report-view.ts';
import { reportPdf } from '../records/pdf.ts';
import { displayName, displayNames, personByUsername } from '../identity/people.ts';
import { agencyToday, requireCjis } from './access.ts';
import { documentMeta, documentsFor } from './documents.ts';
import { fieldsFrom, ncicDate } from './gateway/message.ts';
import { checkDob, checkName, checkPlate, checkState, checkVin, type Checked } from './identifiers.ts';
import { isTraining } from './link.ts';
import { MISSING_CATEGORIES, type DocumentKind, type EntryKind } from './model.ts';
import { sendToSwitch } from './queries.ts';
import { daysBetween, mayEnterMissing, mayEnterStolen, mayEnterWarrant } from './rules.ts';
import type { EntryView } from './schemas.ts';
import { attachDocuments, closeEntry, documentsMeta, entryRow, insertEntry, listEntries, lockEntry, setRecalled } from './store.ts';

export interface EntryInput {
  kind: EntryKind;
  name?: string | undefined; dob?: string | undefined; sex?: string | undefined; race?: string | undefined; heightIn?: number | undefined; weightLb?: number | undefined;
  offense?: string | undefined; warrantNumber?: string | undefined; warrantDate?: string | undefined; court?: string | undefined;
  outOfStateNeed?: string | undefined; fingerprintsAvailable?: boolean | undefined; photoAvailable?: boolean | undefined;
  plate?: string | undefined; state?: string | undefined; plateYear?: number | undefined; vin?: string | undefined; vehicleYear?: number | undefined;
  make?: string | undefined; model?: string | undefined; color?: string | undefined; theftDate?: string | undefined;
  category?: string | undefined; notifiedOn?: string | undefined; lastContact?: string | undefined;
  reportId?: string | undefined; incident?: string | undefined; caseNumber?: string | undefined;
  caution?: string | undefined; remarks?: string | undefined; documents?: string[] | undefined;
}

const CLAUSE: Record<EntryKind, string> = { warrant: '81A §J.3.b', vehicle: '81A §J.5.b', plate: '81A §J.5.c', missing: '81A §J.6' };

function need<T>(checked: Checked<T>, field: string, kind: EntryKind): T {
  if (!checked.ok) throw new BadRequest(`cjis.bad_${field}`, `${field}: ${checked.why}`, { field, clause: CLAUSE[kind] + (field === 'vin' ? '; 49 CFR 565.15' : '') });
  return checked.value;
}

function given(value: string | undefined, field: string, kind: EntryKind, what: string): string {
  if (!value?.trim()) throw new BadRequest('cjis.entry_incomplete', `The entry needs ${what}.`, { field, clause: CLAUSE[kind] });
  return value.trim();
}

/** The NCIC fields of the entry's subject, each checked. */
function subjectFields(input: EntryInput, today: string): { mke: string; subject: Record<string, string> } {
  const k = input.kind;
  const date = (value: string | undefined, field: string, what: string) => need(checkDob(given(value, field, k, what), today), field, k);
  if (k === 'warrant' || k === 'missing') {
    const name = need(checkName(given(input.name, 'name', k, 'the name (LAST,FIRST)')), 'name', k);
    const dob = date(input.dob, 'dob', 'the date of birth');
    const person = fieldsFrom({ NAM: name.nam, DOB: ncicDate(dob), SEX: input.sex?.toUpperCase(), RAC: input.race?.toUpperCase(), HGT: input.heightIn, WGT: input.weightLb, CMC: input.caution, MIS: input.remarks });
    if (k === 'warrant') {
      const fields = [...person, ...fieldsFrom({ OFF: given(input.offense, 'offense', k, 'the offense').toUpperCase(), WNO: given(input.warrantNumber, 'warrantNumber', k, 'the warrant number'), DOW: ncicDate(date(input.warrantDate, 'warrantDate', 'the date of the warrant')), CRT: input.court })];
      return { mke: 'EW', subject: Object.fromEntries(fields) };
    }
    const category = MISSING_CATEGORIES.find((c) => c.code === input.category);
    const fields = [...person, ...fieldsFrom({ MNP: category?.code.toUpperCase(), DLC: input.lastContact ? ncicDate(date(input.lastContact, 'lastContact', 'the date of last contact')) : undefined })];
    return { mke: category?.mke ?? 'EMD', subject: Object.fromEntries(fields) };
  }
  const plate = input.plate ? need(checkPlate(input.plate), 'plate', k) : undefined;
  const state = plate ? need(checkState(given(input.state, 'state', k, 'the plate’s state')), 'state', k) : undefined;
  const vin = input.vin ? need(checkVin(input.vin), 'vin', k) : undefined;
  if (k === 'plate' && !plate) given(undefined, 'plate', k, 'the plate');
  if (k === 'vehicle' && !vin && !plate) given(undefined, 'vin', k, 'the VIN or the plate');
  const theft = date(input.theftDate, 'theftDate', 'the date of the theft');
  const fields = fieldsFrom({ LIC: plate, LIS: state, LIY: input.plateYear, VIN: k === 'vehicle' ? vin : undefined, VYR: input.vehicleYear, VMA: input.make?.toUpperCase(), VMO: input.model?.toUpperCase(), VCO: input.color?.toUpperCase(), DOT: ncicDate(theft), MIS: input.remarks });
  return { mke: k === 'vehicle' ? 'EV' : 'EL', subject: Object.fromEntries(fields) };
}

/** Whether the Records report exists and the person may read it (it must stay readable to confirm a hit). */
async function reportReadable(ctx: AppContext, actor: Actor, id: string | undefined): Promise<boolean> {
  if (!id) return false;
  try {
    await getReport(ctx, actor, id);
    return true;
  } catch (error) {
    if (error instanceof NotFound) return false;
    throw error;
  }
}

/**
 * Make an entry: every rule is checked and every document is found before anything is
 * sent; the switch assigns the NIC; the entry and its documents are kept together.
 */
export async function makeEntry(ctx: AppContext, actor: Actor, input: EntryInput): Promise<EntryView> {
  const today = agencyToday(ctx);
  const { mke, subject } = subjectFields(input, today);
  await requireCjis(ctx, actor, 'full');
  const documents = await documentsFor(ctx.db, input.documents ?? []);
  const kinds = documents.map((d) => d.kind as DocumentKind);
  const reportFound = await reportReadable(ctx, actor, input.reportId);
  if (input.reportId && !reportFound) throw new Problem(422, 'cjis.report_not_found', 'Unknown report', `There is no report ${input.reportId} in Records that you may read.`, { field: 'reportId', clause: input.kind === 'missing' ? '81A §J.6.b.ii' : '81A §J.5.d' });
  if (input.kind === 'warrant') {
    enforce(mayEnterWarrant({ outOfStateNeed: input.outOfStateNeed, documents: kinds, reportLinked: reportFound, fingerprintsAvailable: input.fingerprintsAvailable ?? false, photoAvailable: input.photoAvailable ?? false }));
  } else if (input.kind === 'vehicle' || input.kind === 'plate') {
    enforce(mayEnterStolen({ kind: input.kind, reportFound, signedReportAttached: kinds.includes('signed_theft_report') }));
  } else {
    const notifiedOn = need(checkDob(input.notifiedOn ?? today, today), 'notifiedOn', 'missing');
    enforce(mayEnterMissing({ category: input.category, dob: `${subject.DOB!.slice(0, 4)}-${subject.DOB!.slice(4, 6)}-${subject.DOB!.slice(6, 8)}`, notifiedOn, reportFound, signedReportAttached: kinds.includes('signed_missing_report') }));
  }
  const incident = input.incident ? await incidentBrief(ctx.db, input.incident) : undefined;
  if (input.incident && !incident) throw new Problem(422, 'cjis.unknown_incident', 'Unknown incident', `There is no incident ${input.incident}.`, { field: 'incident' });
  const reply = await sendToSwitch(ctx, {
    mke, records: [], fields: [...Object.entries(subject), ...fieldsFrom({ OCA: input.caseNumber ?? input.incident, OPR: actor.username, DOC: documents.length })],
  });
  const nic = reply.message.fields.find(([c]) => c === 'NIC')?.[1];
  if (!nic) throw new Problem(502, 'cjis.bad_answer', 'Unreadable answer', 'The switch accepted the entry without a NIC; query the record before entering it again.');
  const id = await inTransaction(ctx.db, async (tx) => {
    const entryId = await insertEntry(tx, { kind: input.kind, mke, nic, subject, incident: input.incident ?? null, caseNumber: input.caseNumber ?? null, reportId: input.reportId ?? null, by: actor.username });
    await attachDocuments(tx, documents.map((d) => d.id), entryId);
    await entryEvent(tx, actor, entryId, input.incident ?? null, 'cjis.entry.made', `${isTraining(ctx) ? 'TRAINING — ' : ''}${mke} entered: ${summaryOf(input.kind, subject)} — NIC ${nic}`);
    return entryId;
  });
  return entryView(ctx, id);
}

async function entryEvent(tx: Tx, actor: Actor, entryId: string, incidentNumber: string | null, kind: EventKind, text: string): Promise<void> {
  const incident = incidentNumber ? await incidentBrief(tx, incidentNumber) : undefined;
  await appendEvent(tx, { kind, subject: { type: 'cjis_entry', id: entryId }, actor, payload: { text } });
  if (incident) await appendEvent(tx, { kind, subject: { type: 'incident', id: incident.number }, actor, confidential: incident.confidential, payload: { text, entry: entryId } });
}

function summaryOf(kind: string, s: Record<string, string>): string {
  if (kind === 'warrant' || kind === 'missing') return `${s.NAM ?? ''} DOB ${s.DOB ?? ''}${s.OFF ? ` — ${s.OFF}` : ''}${s.MNP ? ` — ${s.MNP}` : ''}`;
  return [s.LIC && `${s.LIC} ${s.LIS ?? ''}`.trim(), s.VIN, [s.VYR, s.VCO, s.VMA, s.VMO].filter(Boolean).join(' ')].filter(Boolean).join(' · ');
}

function toView(row: Awaited<ReturnType<typeof entryRow>> & object, documents: Awaited<ReturnType<typeof documentsMeta>>, now: Date, training: boolean, nameOf: (username: string) => string): EntryView {
  return {
    id: row.id, kind: row.kind, mke: row.mke, nic: row.nic, status: row.status, subject: row.subject, summary: summaryOf(row.kind, row.subject),
    incident: row.incident_number, caseNumber: row.case_number, reportId: row.report_id, enteredBy: row.entered_by, enteredByName: nameOf(row.entered_by), enteredAt: row.entered_at.toISOString(),
    ageDays: daysBetween(row.entered_at.toISOString().slice(0, 10), now.toISOString().slice(0, 10)), recalledOn: row.recalled_on,
    closedAt: row.closed_at?.toISOString() ?? null, closedBy: row.closed_by, closeMke: row.close_mke, closeReason: row.close_reason,
    documents: documents.map(documentMeta), training,
  };
}

export async function entryView(ctx: AppContext, id: string): Promise<EntryView> {
  const row = await entryRow(ctx.db, id);
  if (!row) throw new NotFound('cjis.entry_not_found', `There is no entry ${id}.`);
  return toView(row, await documentsMeta(ctx.db, { entryId: id }), ctx.clock.now(), isTraining(ctx), await displayNames(ctx.db, [row.entered_by]));
}

/** The agency's entries: the open ones with their age, or only warrants recalled but not yet removed (81A §J.3.b.vi). */
export async function entries(ctx: AppContext, filter: { status?: 'active' | 'all' | undefined; recalled?: boolean | undefined }): Promise<EntryView[]> {
  const rows = await listEntries(ctx.db, { status: filter.status, recalledNotRemoved: filter.recalled });
  const now = ctx.clock.now();
  const nameOf = await displayNames(ctx.db, rows.map((r) => r.entered_by));
  return rows.map((r) => toView(r, [], now, isTraining(ctx), nameOf));
}

async function lockedEntry(tx: Tx, id: string) {
  const row = await lockEntry(tx, id);
  if (!row) throw new NotFound('cjis.entry_not_found', `There is no entry ${id}.`);
  return row;
}

/** Record that the court recalled a warrant: it stays on the "recalled, not yet removed" list until it is cancelled (81A §J.3.b.vi). */
export async function recordRecall(ctx: AppContext, actor: Actor, id: string, recalledOn: string): Promise<EntryView> {
  await requireCjis(ctx, actor, 'full');
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockedEntry(tx, id);
    if (row.kind !== 'warrant') throw new Conflict('cjis.not_a_warrant', 'Only a warrant is recalled.');
    if (row.status !== 'active') throw new Conflict('cjis.entry_closed', `The entry is already ${row.status}.`);
    await setRecalled(tx, id, recalledOn, actor.username);
    await entryEvent(tx, actor, id, row.incident_number, 'cjis.entry.recalled', `Warrant ${row.subject.WNO ?? ''} recalled on ${recalledOn}: remove it from CJIS/NCIC promptly (NIC ${row.nic})`);
  });
  return entryView(ctx, id);
}

const CLOSE_MKE: Record<EntryKind, { clear: string; cancel: string }> = {
  warrant: { clear: 'CW', cancel: 'XW' }, vehicle: { clear: 'CV', cancel: 'XV' }, plate: { clear: 'CL', cancel: 'XL' }, missing: { clear: 'CM', cancel: 'XM' },
};

/**
 * Remove an entry from CJIS/NCIC: a clear (the person was found, the vehicle or plate
 * recovered: 81A §J.5.f) or a cancel (the warrant was recalled, the entry was not valid:
 * §J.3.b.vi). The switch's acknowledgement is recorded with who and why.
 */
export async function removeEntry(ctx: AppContext, actor: Actor, id: string, how: 'clear' | 'cancel', reason: string, incidentNumber?: string): Promise<EntryView> {
  await requireCjis(ctx, actor, 'full');
  const row = await entryRow(ctx.db, id);
  if (!row) throw new NotFound('cjis.entry_not_found', `There is no entry ${id}.`);
  if (row.status !== 'active') throw new Conflict('cjis.entry_closed', `The entry is already ${row.status}.`);
  const mke = CLOSE_MKE[row.kind][how];
  await sendToSwitch(ctx, { mke, records: [], fields: fieldsFrom({ NIC: row.nic, DCL: ncicDate(agencyToday(ctx)), RSN: reason.toUpperCase().slice(0, 60), OPR: actor.username }) });
  await inTransaction(ctx.db, async (tx) => {
    const locked = await lockedEntry(tx, id);
    if (locked.status !== 'active') throw new Conflict('cjis.entry_closed', `The entry is already ${locked.status}.`);
    await closeEntry(tx, id, { status: how === 'clear' ? 'cleared' : 'cancelled', mke, by: actor.username, reason, at: ctx.clock.now() });
    const verb = how === 'clear' ? (row.kind === 'vehicle' || row.kind === 'plate' ? 'recovered and cleared' : 'cleared') : 'cancelled';
    await entryEvent(tx, actor, id, incidentNumber ?? row.incident_number, `cjis.entry.${how === 'clear' ? 'cleared' : 'cancelled'}`, `${mke}: ${summaryOf(row.kind, row.subject)} ${verb} (NIC ${row.nic}) — ${reason}`);
  });
  return entryView(ctx, id);
}

/** The linked Records report as a PDF: kept immediately readable to confirm a hit on the entry (81A §J.5.d). */
export async function entryReportPdf(ctx: AppContext, actor: Actor, id: string): Promise<Uint8Array> {
  const row = await entryRow(ctx.db, id);
  if (!row) throw new NotFound('cjis.entry_not_found', `There is no entry ${id}.`);
  if (!row.report_id) throw new NotFound('cjis.no_report', 'This entry has no linked report.');
  const report = await getReport(ctx, actor, row.report_id);
  return reportPdf(report, ctx.config.agency, displayName(await personByUsername(ctx.db, actor.username), actor.username), ctx.clock.now());
}
