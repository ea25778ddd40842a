import { createHash } from 'node:crypto';

/** The fields of an audit row that its hash covers, in a fixed order. */
export interface AuditFields {
  at: Date;
  username: string | null;
  role: string | null;
  source: string | null;
  remote: boolean;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: string;
  reason: string | null;
  detail: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** sha256 over the previous row's hash and this row's fields: editing or removing any row breaks every hash after it. */
export function chainHash(prevHash: string, row: AuditFields): string {
  const body = JSON.stringify(
    canonical({
      ...row,
      at: row.at.toISOString(),
    }),
  );
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
