/**
 * Restraining orders and trespass notices (S-110 §A.1.t, x): filed under a case with
 * their parties, terms, court and docket, service and expiry. Every read of one is
 * audited; an order in force shows as a caution on the respondent and on each of its
 * addresses — in CAD when the dispatcher enters the address, and on the field view.
 */
import type { AppContext } from '../../core/context.ts';
import { BadRequest, NotFound, PolicyViolation } from '../../core/errors.ts';
import { enforce } from '../../core/decision.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { recordRead } from '../../core/audit/trail.ts';
import { roleUsedFor } from '../../core/permissions.ts';
import { agencyDate } from '../../core/clock.ts';
import { pageFrom, type Page, type PageRequest } from '../../core/paging.ts';
import type { Actor } from '../../core/actor.ts';
import { personAndMerged } from '../case-store.ts';
import { personLabel } from '../people-store.ts';
import { ensureCase } from '../filing.ts';
import { cautionPeople } from '../cautions/service.ts';
import { addressKey, isActive, orderAllowed, ORDER_CLAUSE, ORDERS_PAGE } from './rules.ts';
import * as store from './store.ts';

export interface NewOrder {
  kind: 'restraining' | 'trespass'; caseNumber: string; respondentId: string; protectedId?: string | undefined; addresses: string[]; terms: string;
  court?: string | undefined; docket?: string | undefined; issuedOn: string; expiresOn?: string | undefined; servedAt?: string | undefined;
}

const today = (ctx: AppContext) => agencyDate(ctx.config.agency.timeZone, ctx.clock.now());

export async function createOrder(ctx: AppContext, actor: Actor, input: NewOrder): Promise<{ id: string }> {
  enforce(orderAllowed(input, today(ctx)));
  return inTransaction(ctx.db, async (tx) => {
    await ensureCase(tx, input.caseNumber, 'order');
    for (const [field, id] of [['respondentId', input.respondentId], ['protectedId', input.protectedId]] as const) {
      if (id && !(await personLabel(tx, id))) throw new PolicyViolation('order.unknown_person', `${field}: there is no master name ${id}`, ORDER_CLAUSE[input.kind]);
    }
    const id = await store.insertOrder(tx, {
      kind: input.kind, case_number: input.caseNumber, respondent_id: input.respondentId, protected_id: input.protectedId ?? null,
      addresses: input.addresses.map((a) => a.trim()), terms: input.terms.trim(), court: input.court?.trim() || null, docket: input.docket?.trim() || null,
      issued_on: input.issuedOn, expires_on: input.expiresOn ?? null, served_at: input.servedAt ? new Date(input.servedAt) : null,
      served_by: input.servedAt ? actor.username : null, created_by: actor.username,
    }, input.addresses.map(addressKey).filter(Boolean));
    await appendEvent(tx, { kind: `records.order.${input.kind}`, subject: { type: 'order', id }, actor, payload: { caseNumber: input.caseNumber } });
    return { id };
  });
}

export async function serveOrVacate(ctx: AppContext, actor: Actor, id: string, what: 'served' | 'vacated', at: Date): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const ok = await store.updateOrder(tx, id, what === 'served' ? { served_at: at, served_by: actor.username } : { vacated_at: at });
    if (!ok) throw new NotFound('order.not_found', `no order ${id}`);
    await appendEvent(tx, { kind: `records.order.${what}`, subject: { type: 'order', id }, actor });
  });
}

async function view(db: Db | Tx, o: store.OrderRow, day: string) {
  return {
    id: o.id, kind: o.kind, caseNumber: o.case_number, respondentId: o.respondent_id, respondent: (await personLabel(db, o.respondent_id)) ?? '',
    protectedId: o.protected_id, protectedPerson: o.protected_id ? await personLabel(db, o.protected_id) : null, addresses: o.addresses, terms: o.terms,
    court: o.court, docket: o.docket, issuedOn: o.issued_on, expiresOn: o.expires_on, servedAt: o.served_at?.toISOString() ?? null,
    vacatedAt: o.vacated_at?.toISOString() ?? null, active: isActive({ issuedOn: o.issued_on, expiresOn: o.expires_on, vacatedAt: o.vacated_at }, day),
  };
}
export type OrderView = Awaited<ReturnType<typeof view>>;

/** Reading orders is audited: one row naming the orders shown (S-110 §A.1.t, x). */
async function audited(tx: Tx, actor: Actor, orders: { id: string }[], detail: Record<string, unknown>): Promise<void> {
  if (orders.length === 0) return;
  await recordRead(tx, {
    actor, role: roleUsedFor(actor.roles, 'records.read') ?? roleUsedFor(actor.roles, 'dispatch.calls') ?? roleUsedFor(actor.roles, 'dispatch.own_unit') ?? null,
    action: 'records.order.read', subject: { type: 'order', id: orders[0]!.id }, outcome: 'allowed', reason: 'restraining order / trespass notice read (S-110 §A.1.t, x)',
    detail: { ...detail, orders: orders.map((o) => o.id) },
  });
}

export async function getOrder(ctx: AppContext, actor: Actor, id: string): Promise<OrderView> {
  return inTransaction(ctx.db, async (tx) => {
    const o = await store.orderById(tx, id);
    if (!o) throw new NotFound('order.not_found', `no order ${id}`);
    await audited(tx, actor, [o], {});
    return view(tx, o, today(ctx));
  });
}

/** Orders and notices, newest first, a page at a time, narrowed by case, person, kind, status, issue days or docket; each order shown is an audited read. */
export async function listOrders(ctx: AppContext, actor: Actor, q: Omit<store.OrderFilter, 'personIds'> & { personId?: string | undefined }, page: PageRequest): Promise<Page<OrderView>> {
  if (q.from && q.to && q.to < q.from) throw new BadRequest('search.dates', `"to" (${q.to}) is before "from" (${q.from})`, { field: 'to' });
  return inTransaction(ctx.db, async (tx) => {
    const { personId, ...filter } = q;
    const day = today(ctx);
    const rows = await store.orderPage(tx, day, { ...filter, personIds: personId ? await personAndMerged(tx, personId) : undefined }, page, ORDERS_PAGE.default);
    const shown = pageFrom(rows, page, ORDERS_PAGE.default, ({ _page_key, ...order }) => order);
    await audited(tx, actor, shown.items, q);
    return { ...shown, items: await Promise.all(shown.items.map((o) => view(tx, o, day))) };
  });
}

/** Cautions at call time: orders in force at this address or against this person. */
export async function cautions(ctx: AppContext, actor: Actor, q: { address?: string | undefined; personId?: string | undefined; name?: string | undefined }) {
  const people = q.personId || q.name ? await cautionPeople(ctx, actor, q) : [];
  return inTransaction(ctx.db, async (tx) => {
    const day = today(ctx);
    const rows = await store.activeOrders(tx, day, {
      addressKey: q.address ? addressKey(q.address) || undefined : undefined, personIds: people.length ? people : undefined,
    });
    await audited(tx, actor, rows, { caution: q });
    const views = await Promise.all(rows.map((o) => view(tx, o, day)));
    return views.map((o) => ({
      ...o, caution: `${o.kind === 'restraining' ? 'RESTRAINING ORDER' : 'TRESPASS NOTICE'}: ${o.respondent}${o.expiresOn ? ` until ${o.expiresOn}` : ''} — ${o.terms}`,
    }));
  });
}
