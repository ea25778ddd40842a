import type nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { BadRequest, NotFound } from '../core/errors.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { journal } from './journal.ts';
import { retryDelaySeconds } from './rules.ts';
import type { Actor } from '../core/actor.ts';
import { defineSetting, readSetting, writeSetting } from '../core/settings.ts';
import { auditSubject } from '../core/audit/action.ts';

/**
 * The outbound channel to the owning authorities (O-604 §III.H "fax it to the Housing
 * Authority", §III.I notices): SMTP, to an e-mail address or an e-mail-to-fax gateway.
 * Set in the `knox.outbound` setting (console or API), else PRECINCT_KNOX_SMTP_URL
 * and PRECINCT_KNOX_MAIL_FROM. Messages are queued in the same transaction as the
 * record they carry and sent after commit; failures stay pending and are retried.
 */
export interface OutboundSettings {
  smtpUrl: string;
  from: string;
}

const OUTBOUND = defineSetting<OutboundSettings | null>('knox.outbound', null);

export async function outboundSettings(db: Db | Tx): Promise<OutboundSettings | undefined> {
  const saved = await readSetting(db, OUTBOUND);
  if (saved?.smtpUrl) return saved;
  const url = process.env.PRECINCT_KNOX_SMTP_URL;
  return url ? { smtpUrl: url, from: process.env.PRECINCT_KNOX_MAIL_FROM ?? 'knox@precinct.invalid' } : undefined;
}

/** The channel as shown to people: never the password in the URL. */
export function describeChannel(settings: OutboundSettings | undefined) {
  if (!settings) return { configured: false, server: null, from: null };
  try {
    const url = new URL(settings.smtpUrl);
    return { configured: true, server: `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 25)}`, from: settings.from };
  } catch {
    return { configured: true, server: 'unreadable URL', from: settings.from };
  }
}

export async function setOutbound(ctx: AppContext, actor: Actor, settings: OutboundSettings) {
  let url: URL;
  try {
    url = new URL(settings.smtpUrl);
  } catch {
    throw new BadRequest('knox.outbound_url', 'The SMTP URL is not a URL (smtp://host:port or smtps://user:password@host:465).');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol)) throw new BadRequest('knox.outbound_url', 'The outbound channel must be smtp:// or smtps://.');
  await inTransaction(ctx.db, async (tx) => {
    await writeSetting(tx, OUTBOUND, settings);
    await journal(tx, actor, 'knox.outbound_set', { type: 'setting', id: OUTBOUND.key }, describeChannel(settings));
  });
  return describeChannel(settings);
}

export interface Outgoing {
  purpose: 'access_report' | 'lost_key_notice' | 'missing_keys_notice';
  recipient: string;
  recipientName: string;
  subject: string;
  body: string;
  documentId?: string | null;
  accessId?: string | null;
}

/** Queue a message in the caller's transaction; it is sent after commit by `deliverPending`. */
export async function queueDelivery(tx: Tx, message: Outgoing): Promise<string> {
  const row = await tx.insertInto('knox_delivery').values({
    purpose: message.purpose, recipient: message.recipient, recipient_name: message.recipientName,
    subject: message.subject, body: message.body, document_id: message.documentId ?? null, access_id: message.accessId ?? null,
    last_error: null, last_attempt_at: null, delivered_at: null, message_id: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Claim due deliveries so that two server nodes never send the same one at once. */
async function claimDue(db: Db, limit: number) {
  return inTransaction(db, async (tx) => {
    const due = await tx.selectFrom('knox_delivery').select('id').where('status', '=', 'pending')
      .where('next_attempt_at', '<=', sql<Date>`now()`).orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute();
    if (due.length === 0) return [];
    // Held for five minutes while this node sends; a crash mid-send lets another node retry.
    return tx.updateTable('knox_delivery').set({ next_attempt_at: sql<Date>`now() + interval '5 minutes'` })
      .where('id', 'in', due.map((d) => d.id)).returningAll().execute();
  });
}

/**
 * Send every due delivery once. Delivered ones are marked with the server's message id;
 * failed ones keep the error and the time of the next try. Returns how many were delivered.
 */
export async function deliverPending(ctx: AppContext, limit = 20): Promise<number> {
  const due = await claimDue(ctx.db, limit);
  if (due.length === 0) return 0;
  const settings = await outboundSettings(ctx.db);
  // the mail library is loaded when there is mail to send, not at every start of the server
  const transport = settings ? (await import('nodemailer')).default.createTransport(settings.smtpUrl) : undefined;
  let delivered = 0;
  try {
    for (const message of due) {
      const outcome = await sendOne(ctx, transport, settings, message);
      if (outcome) delivered += 1;
    }
  } finally {
    transport?.close();
  }
  return delivered;
}

type DeliveryRow = Awaited<ReturnType<typeof claimDue>>[number];

async function sendOne(ctx: AppContext, transport: nodemailer.Transporter | undefined, settings: OutboundSettings | undefined, message: DeliveryRow): Promise<boolean> {
  const attempts = message.attempts + 1;
  try {
    if (!transport || !settings) throw new Error('no outbound channel is configured (Knox outbound settings)');
    const attachments = [];
    if (message.document_id) {
      const doc = await ctx.db.selectFrom('knox_document').select(['pdf', 'fields']).where('id', '=', message.document_id).executeTakeFirstOrThrow();
      attachments.push({ filename: `knox-access-${doc.fields.recordNumber ?? message.document_id}.pdf`, content: Buffer.from(doc.pdf), contentType: 'application/pdf' });
    }
    const info = await transport.sendMail({ from: settings.from, to: message.recipient, subject: message.subject, text: message.body, attachments });
    await ctx.db.updateTable('knox_delivery').set({
      status: 'delivered', attempts, last_error: null, last_attempt_at: sql<Date>`now()`, delivered_at: sql<Date>`now()`, message_id: info.messageId ?? null,
    }).where('id', '=', message.id).execute();
    return true;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]!.slice(0, 300);
    await ctx.db.updateTable('knox_delivery').set({
      attempts, last_error: reason, last_attempt_at: sql<Date>`now()`,
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${retryDelaySeconds(attempts)})`,
    }).where('id', '=', message.id).execute();
    return false;
  }
}

/** Try a pending delivery again now (the console's "retry now"). */
export async function retryNow(ctx: AppContext, id: string) {
  await inTransaction(ctx.db, async (tx) => {
    const row = await tx.updateTable('knox_delivery').set({ next_attempt_at: sql<Date>`now()` })
      .where('id', '=', id).where('status', '=', 'pending').returning('id').executeTakeFirst();
    if (!row) {
      const exists = await tx.selectFrom('knox_delivery').select('status').where('id', '=', id).executeTakeFirst();
      if (!exists) throw new NotFound('knox.delivery_not_found', 'There is no such delivery.');
    }
    auditSubject(tx, { type: 'knox_delivery', id }, 'knox.delivery_retry');
  });
  await deliverPending(ctx);
  return deliveryView((await ctx.db.selectFrom('knox_delivery').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

export function deliveryView(row: Omit<DeliveryRow, 'body'> & { body?: string }) {
  return {
    id: row.id, purpose: row.purpose, recipient: row.recipient, recipientName: row.recipient_name, subject: row.subject,
    status: row.status, attempts: row.attempts, lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null, accessId: row.access_id,
  };
}

/** Deliveries not yet through, oldest first: shown in the console until delivered. */
export async function undelivered(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('knox_delivery').selectAll().where('status', '=', 'pending').orderBy('created_at').execute();
  return rows.map(deliveryView);
}

export async function recentDeliveries(ctx: AppContext, limit = 50) {
  const rows = await ctx.db.selectFrom('knox_delivery').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(deliveryView);
}
