/**
 * Restraining orders (S-110 §A.1.t) and trespass notices (§A.1.x), with no I/O: an order
 * cannot expire before it is issued; a court order names its court and docket; an order
 * is active from its issue date to the end of its expiry date (agency calendar) unless
 * vacated, so it expires by itself; addresses are compared as a dispatcher types them.
 */
import { allow, refuse, type Decision } from '../../core/decision.ts';

export const ORDER_CLAUSE = { restraining: 'S-110 §A.1.t', trespass: 'S-110 §A.1.x' } as const;

export interface OrderDates { kind: 'restraining' | 'trespass'; issuedOn: string; expiresOn?: string | undefined; court?: string | undefined; docket?: string | undefined }

export function orderAllowed(o: OrderDates, today: string): Decision {
  const clause = ORDER_CLAUSE[o.kind];
  if (o.expiresOn && o.expiresOn < o.issuedOn) return refuse('order.expires_before_issue', clause, `the order expires (${o.expiresOn}) before it is issued (${o.issuedOn})`, 422, 'expiresOn');
  if (o.issuedOn > today) return refuse('order.future_issue', clause, `the order cannot be issued in the future (${o.issuedOn})`, 422, 'issuedOn');
  if (o.kind === 'restraining' && (!o.court?.trim() || !o.docket?.trim())) return refuse('order.court_required', clause, 'a restraining order names the issuing court and its docket number', 422, o.court?.trim() ? 'docket' : 'court');
  return allow(clause);
}

export function isActive(o: { issuedOn: string; expiresOn: string | null; vacatedAt: Date | null }, today: string): boolean {
  return o.vacatedAt === null && o.issuedOn <= today && (o.expiresOn === null || o.expiresOn >= today);
}

const WORDS: Record<string, string> = {
  street: 'st', avenue: 'ave', av: 'ave', road: 'rd', drive: 'dr', lane: 'ln', boulevard: 'blvd', place: 'pl', court: 'ct', circle: 'cir',
  terrace: 'ter', highway: 'hwy', parkway: 'pkwy', square: 'sq', north: 'n', south: 's', east: 'e', west: 'w', apartment: 'apt', unit: 'apt', '#': 'apt',
};

/** "12 Elm Street, Millbrook" and "12 ELM ST." compare equal: the street part, lower case, common words shortened. */
export function addressKey(address: string): string {
  const street = address.split(',')[0] ?? '';
  return street.toLowerCase().replace(/#/g, ' # ').replace(/[^a-z0-9# ]/g, ' ').split(/\s+/).filter(Boolean).map((w) => WORDS[w] ?? w).join(' ');
}

/** How many orders a page of a case's or a person's orders holds: by default, and at most. */
export const ORDERS_PAGE = { default: 50, max: 200 } as const;
