import { sql, type Kysely } from 'kysely';

/**
 * Criminal intelligence records under 28 CFR Part 23 (S-110 §A.1.m): a record opens only
 * with its criminal predicate; its subjects are master names; every dissemination names its
 * recipient with need-to-know and right-to-know; each record is reviewed or purged five years
 * after it was opened or last validated. A purge clears the content and keeps a tombstone.
 * Nothing else reads these tables (src/intelligence owns them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table intel_record (
    id uuid primary key default gen_random_uuid(),
    number text not null unique,
    title text,
    activity text,
    predicate text,
    information text,
    source text,
    opened_by text not null,
    opened_at timestamptz not null default now(),
    review_due date not null,
    reviewed_at timestamptz,
    reviewed_by text,
    purged_at timestamptz,
    purged_by text,
    purge_reason text,
    check ((purged_at is null) = (title is not null and activity is not null and predicate is not null and information is not null))
  )`.execute(db);
  await sql`create index intel_record_due on intel_record (review_due, id) where purged_at is null`.execute(db);
  await sql`create table intel_subject (
    record_id uuid not null references intel_record(id),
    person_id uuid not null references person(id),
    primary key (record_id, person_id)
  )`.execute(db);
  await sql`create table intel_dissemination (
    id uuid primary key default gen_random_uuid(),
    record_id uuid not null references intel_record(id),
    recipient_agency text not null,
    recipient_person text not null,
    need_to_know boolean not null check (need_to_know),
    right_to_know boolean not null check (right_to_know),
    reason text,
    disseminated_by text not null,
    disseminated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index intel_dissemination_record on intel_dissemination (record_id, disseminated_at)`.execute(db);
  await sql`create table intel_review (
    id uuid primary key default gen_random_uuid(),
    record_id uuid not null references intel_record(id),
    decision text not null check (decision in ('validated', 'purged')),
    note text,
    reviewed_by text not null,
    reviewed_at timestamptz not null default now(),
    next_due date
  )`.execute(db);
}
