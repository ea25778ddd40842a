/**
 * The IT records (S-110 §C, §G, §I): each write is one transaction with its audit row
 * naming the record; a rule that says no leaves nothing written.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { readSetting } from '../core/settings.ts';
import { inTransaction } from '../db/index.ts';
import { pageFrom, type PageRequest } from '../core/paging.ts';
import { agencyToday, cjisFacts } from '../cjis/access.ts';
import { REMIND_DAYS } from '../cjis/desk.ts';
import { certificationState } from '../cjis/rules.ts';
import { personByUsername } from '../identity/people.ts';
import { CLAUSE, type ChangeAction, type ChangeKind, type SanitizeMethod } from './model.ts';
import { completionAllowed, decisionAllowed, destructionAllowed, lockingAllowed, sanitizationAllowed } from './rules.ts';
import * as store from './store.ts';
import { day } from './input.ts';

const IT_ROLES = ['system_administrator', 'it_director'];

export function changeRequests(ctx: AppContext) {
  return store.changeRequests(ctx.db);
}

export const IT_PAGE = { default: 100, max: 500 } as const;

export async function changeRequestPage(ctx: AppContext, page: PageRequest) {
  return pageFrom(await store.changeRequestPage(ctx.db, page, IT_PAGE.default), page, IT_PAGE.default, ({ _page_key, ...row }) => row);
}

export async function requestChange(ctx: AppContext, actor: Actor, input: { kind: ChangeKind; action: ChangeAction; requestedBy: string; helpdeskTicket?: string | undefined; what: string; why: string; computer: string; licence?: string | undefined }) {
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.insertChangeRequest(tx, { ...input, helpdeskTicket: input.helpdeskTicket ?? null, licence: input.licence?.trim() || null, by: actor.username });
    await recordAudit(tx, { actor, action: 'it.change_requested', subject: { type: 'it_change_request', id: String(row.number) }, outcome: 'allowed', detail: { kind: row.kind, what: row.what, clause: CLAUSE.changes } });
    return row;
  });
}

async function lockedRequest(ctx: AppContext, id: string) {
  const row = await store.changeRequest(ctx.db, id);
  if (!row) throw new NotFound('it.change_not_found', 'No change request has that id.');
  return row;
}

/** The Chief authorizes or refuses (S-110 §C.1); software needs its licence recorded (§C.2). */
export async function decideChange(ctx: AppContext, actor: Actor, id: string, input: { authorize: boolean; note?: string | undefined; licence?: string | undefined }) {
  const current = await lockedRequest(ctx, id);
  const licence = input.licence?.trim() || current.licence;
  enforce(decisionAllowed({ ...current, licence }, input.authorize));
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.updateChangeRequest(tx, id, {
      status: input.authorize ? 'authorized' : 'refused', decided_by: actor.username, decided_at: ctx.clock.now(), decision_note: input.note ?? null, ...(licence ? { licence } : {}),
    });
    await recordAudit(tx, { actor, action: input.authorize ? 'it.change_authorized' : 'it.change_refused', subject: { type: 'it_change_request', id: String(row.number) }, outcome: 'allowed', detail: { clause: CLAUSE.changes } });
    return row;
  });
}

export async function completeChange(ctx: AppContext, actor: Actor, id: string) {
  const current = await lockedRequest(ctx, id);
  enforce(completionAllowed(current.status));
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.updateChangeRequest(tx, id, { status: 'completed', completed_by: actor.username, completed_at: ctx.clock.now() });
    await recordAudit(tx, { actor, action: 'it.change_completed', subject: { type: 'it_change_request', id: String(row.number) }, outcome: 'allowed', detail: { clause: CLAUSE.changes } });
    return row;
  });
}

type MediumRow = Awaited<ReturnType<typeof store.media>>[number];

/** The whole register (the printed and CSV registers), or these media of it, with their sanitizations and destruction. */
export async function mediaRegister(ctx: AppContext, rows?: MediumRow[]) {
  const media = rows ?? await store.media(ctx.db);
  const ids = rows?.map((m) => m.id);
  const [sanitizations, destructions] = await Promise.all([store.sanitizations(ctx.db, ids), store.destructions(ctx.db, ids)]);
  return media.map((m) => ({ ...m, sanitizations: sanitizations.filter((s) => s.media_id === m.id), destruction: destructions.find((d) => d.media_id === m.id) ?? null }));
}

/** The register by serial number, a page at a time. */
export async function mediaRegisterPage(ctx: AppContext, page: PageRequest) {
  const shown = pageFrom(await store.mediaPage(ctx.db, page, IT_PAGE.default), page, IT_PAGE.default, ({ _page_key, ...row }) => row);
  return { ...shown, items: await mediaRegister(ctx, shown.items) };
}

/** Whether a drive with this serial is in the media register and not yet destroyed (the inventory asks before retiring it; S-110 §G.2). */
export async function mediumInService(ctx: Pick<AppContext, 'db'>, serial: string): Promise<{ serial: string; status: string; location: string } | undefined> {
  const row = await store.mediumBySerial(ctx.db, serial.trim());
  return row && row.status !== 'destroyed' ? { serial: row.serial, status: row.status, location: row.location } : undefined;
}

/** One medium of the register. */
export async function registeredMedium(ctx: AppContext, id: string) {
  const row = await store.medium(ctx.db, id);
  return row ? (await mediaRegister(ctx, [row]))[0] : undefined;
}

export async function registerMedium(ctx: AppContext, actor: Actor, input: { serial: string; mediaType: string; description: string; holdsCjis: boolean; location: string; status?: 'in_use' | 'stored' | undefined }) {
  const serial = input.serial.trim();
  if (await store.mediumBySerial(ctx.db, serial)) throw new Conflict('it.serial_registered', `A medium with serial ${serial} is already in the register.`);
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.insertMedium(tx, { ...input, serial, status: input.status ?? 'in_use', by: actor.username });
    await recordAudit(tx, { actor, action: 'it.medium_registered', subject: { type: 'it_medium', id: serial }, outcome: 'allowed', detail: { holdsCjis: row.holds_cjis, location: row.location, clause: CLAUSE.media } });
    return row;
  });
}

async function mediumOr404(ctx: AppContext, id: string) {
  const row = await store.medium(ctx.db, id);
  if (!row) throw new NotFound('it.medium_not_found', 'No medium in the register has that id.');
  return row;
}

export async function moveMedium(ctx: AppContext, actor: Actor, id: string, input: { location: string; status?: 'in_use' | 'stored' | undefined }) {
  const medium = await mediumOr404(ctx, id);
  if (medium.status === 'destroyed' || medium.status === 'locked_for_destruction') throw new Conflict('it.medium_gone', `Medium ${medium.serial} is ${medium.status.replaceAll('_', ' ')}.`);
  await inTransaction(ctx.db, async (tx) => {
    await store.updateMedium(tx, id, { location: input.location, ...(input.status ? { status: input.status } : {}) });
    await recordAudit(tx, { actor, action: 'it.medium_moved', subject: { type: 'it_medium', id: medium.serial }, outcome: 'allowed', detail: { from: medium.location, to: input.location, clause: CLAUSE.media } });
  });
  return mediumOr404(ctx, id);
}

export async function sanitizeMedium(ctx: AppContext, actor: Actor, id: string, input: { method?: SanitizeMethod | undefined; passes?: number | undefined; performedBy: string; performedOn: string; note?: string | undefined }) {
  const medium = await mediumOr404(ctx, id);
  day(input.performedOn, 'performedOn');
  enforce(sanitizationAllowed(medium, input.method, input.passes));
  return inTransaction(ctx.db, async (tx) => {
    const row = await store.insertSanitization(tx, {
      mediaId: id, method: input.method!, passes: input.method === 'overwrite' ? input.passes! : null, performedBy: input.performedBy, performedOn: input.performedOn, note: input.note ?? null, by: actor.username,
    });
    await store.updateMedium(tx, id, { status: 'sanitized' });
    await recordAudit(tx, { actor, action: 'it.medium_sanitized', subject: { type: 'it_medium', id: medium.serial }, outcome: 'allowed', detail: { method: row.method, passes: row.passes, clause: CLAUSE.sanitize } });
    return row;
  });
}

export async function lockForDestruction(ctx: AppContext, actor: Actor, id: string, input: { caseLabel: string }) {
  const medium = await mediumOr404(ctx, id);
  enforce(lockingAllowed(medium));
  await inTransaction(ctx.db, async (tx) => {
    await store.insertLockedCase(tx, { mediaId: id, caseLabel: input.caseLabel, lockedBy: actor.username, lockedAt: ctx.clock.now() });
    await store.updateMedium(tx, id, { status: 'locked_for_destruction' });
    await recordAudit(tx, { actor, action: 'it.medium_locked_for_destruction', subject: { type: 'it_medium', id: medium.serial }, outcome: 'allowed', detail: { caseLabel: input.caseLabel, clause: CLAUSE.lockedCase } });
  });
}

/** Is this login a member of IT with a current CJIS certification (S-110 §I.2.d, via the CJIS training records)? */
async function certifiedItWitness(ctx: AppContext, username: string): Promise<{ username: string; certified: boolean } | undefined> {
  const person = await personByUsername(ctx.db, username);
  if (!person) return undefined;
  const facts = await cjisFacts(ctx.db, username);
  const state = facts ? certificationState(facts, agencyToday(ctx), await readSetting(ctx.db, REMIND_DAYS)).state : 'unknown';
  return { username, certified: person.roles.some((r) => IT_ROLES.includes(r)) && (state === 'current' || state === 'expiring') };
}

export interface Certificate { fileName: string; contentType: string; data: Buffer }

export function certificateFolder(ctx: AppContext): string {
  return join(ctx.config.dataDir, 'it-certificates');
}

export async function recordDestruction(ctx: AppContext, actor: Actor, id: string, input: {
  transportedBy: string; transportedOn: string; vendor: string; witnessedBy: string; destroyedOn: string;
  certificateNumber?: string | undefined; certificateSerial: string; certificateDate: string; certificate?: Certificate | undefined;
}) {
  const medium = await mediumOr404(ctx, id);
  for (const field of ['transportedOn', 'destroyedOn', 'certificateDate'] as const) day(input[field], field);
  const sha256 = input.certificate ? createHash('sha256').update(input.certificate.data).digest('hex') : undefined;
  const witness = await certifiedItWitness(ctx, input.witnessedBy);
  enforce(destructionAllowed(medium, {
    lockedInCase: Boolean(await store.destruction(ctx.db, id)) && medium.status === 'locked_for_destruction',
    vendor: input.vendor, witness: witness ?? (input.witnessedBy ? { username: input.witnessedBy, certified: false } : undefined),
    certificate: { serial: input.certificateSerial, date: input.certificateDate, fileSha256: sha256 },
  }));
  const folder = certificateFolder(ctx);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, sha256!);
  if (!existsSync(file)) await writeFile(file, input.certificate!.data, { mode: 0o600 });
  await inTransaction(ctx.db, async (tx) => {
    await store.recordDestruction(tx, id, {
      transported_by: input.transportedBy, transported_on: input.transportedOn, vendor: input.vendor, witnessed_by: input.witnessedBy, destroyed_on: input.destroyedOn,
      certificate_number: input.certificateNumber ?? null, certificate_serial: input.certificateSerial, certificate_date: input.certificateDate, certificate_sha256: sha256!,
      certificate_name: input.certificate!.fileName, certificate_type: input.certificate!.contentType, recorded_by: actor.username, recorded_at: ctx.clock.now(),
    });
    await store.updateMedium(tx, id, { status: 'destroyed' });
    await recordAudit(tx, { actor, action: 'it.medium_destroyed', subject: { type: 'it_medium', id: medium.serial }, outcome: 'allowed', detail: { vendor: input.vendor, witness: input.witnessedBy, certificateSha256: sha256, clause: CLAUSE.dispose } });
  });
}

export async function destructionCertificate(ctx: AppContext, id: string): Promise<{ name: string; type: string; data: Buffer }> {
  const row = await store.destruction(ctx.db, id);
  if (!row?.certificate_sha256) throw new NotFound('it.certificate_not_found', 'This medium has no certificate of destruction on file.');
  return { name: row.certificate_name ?? 'certificate', type: row.certificate_type ?? 'application/octet-stream', data: await readFile(join(certificateFolder(ctx), row.certificate_sha256)) };
}
