import { sql, type Kysely } from 'kysely';

/**
 * NIBRS (S-110 §A.1.q): the agency-offense → NIBRS offense mapping (editable, seeded with
 * common codes), each incident's NIBRS data with the result of the FBI's edits, and the
 * monthly submissions with every XML document sent, exactly as it was validated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table nibrs_offense_map (
      agency_code text primary key check (agency_code = upper(agency_code) and length(agency_code) between 1 and 40),
      nibrs_code text not null check (nibrs_code ~ '^[0-9]{2}[0-9A-Z]$'),
      description text not null default '',
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`,
    sql`insert into nibrs_offense_map (agency_code, nibrs_code, description, updated_by) values
      ('MURDER', '09A', 'Murder', 'system'), ('KIDNAP', '100', 'Kidnapping', 'system'), ('RAPE', '11A', 'Rape', 'system'),
      ('ROBBERY', '120', 'Robbery', 'system'), ('AGG_ASSAULT', '13A', 'Aggravated assault (assault with a dangerous weapon)', 'system'),
      ('ASSAULT', '13B', 'Simple assault (assault and battery)', 'system'), ('THREATS', '13C', 'Threats to commit a crime', 'system'),
      ('ARSON', '200', 'Arson', 'system'), ('BURGLARY', '220', 'Breaking and entering', 'system'), ('BE', '220', 'Breaking and entering', 'system'),
      ('SHOPLIFTING', '23C', 'Shoplifting', 'system'), ('LARCENY', '23H', 'Larceny', 'system'), ('LARCENY_MV', '23F', 'Larceny from a motor vehicle', 'system'),
      ('MV_THEFT', '240', 'Motor vehicle theft', 'system'), ('FORGERY', '250', 'Forgery/uttering', 'system'), ('FRAUD', '26A', 'Larceny by false pretenses', 'system'),
      ('IDENTITY_THEFT', '26F', 'Identity fraud', 'system'), ('STOLEN_PROPERTY', '280', 'Receiving stolen property', 'system'),
      ('VANDAL', '290', 'Malicious destruction of property', 'system'), ('VANDALISM', '290', 'Malicious destruction of property', 'system'),
      ('DRUGS', '35A', 'Drug violation', 'system'), ('WEAPONS', '520', 'Weapon law violation', 'system'),
      ('BAD_CHECK', '90A', 'Bad checks', 'system'), ('DISORDERLY', '90C', 'Disorderly conduct', 'system'), ('OUI', '90D', 'Operating under the influence', 'system'),
      ('DRUNK', '90E', 'Protective custody / drunkenness', 'system'), ('LIQUOR', '90G', 'Liquor law violation', 'system'),
      ('TRESPASS', '90J', 'Trespass', 'system'), ('OTHER', '90Z', 'All other offenses', 'system')`,
    sql`create table nibrs_incident (
      case_number text primary key references record_case(number),
      data jsonb not null,
      version integer not null default 1 check (version > 0),
      errors jsonb not null default '[]',
      updated_by text not null,
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      deleted_by text,
      delete_reason text,
      submitted_version integer,
      submitted_at timestamptz,
      delete_submitted_at timestamptz
    )`,
    sql`create table nibrs_submission (
      id uuid primary key default gen_random_uuid(),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      created_by text not null,
      created_at timestamptz not null default now(),
      incidents integer not null default 0,
      replacements integer not null default 0,
      deletes integer not null default 0,
      arrests integer not null default 0,
      zero_report boolean not null default false,
      held integer not null default 0
    )`,
    sql`create index nibrs_submission_month on nibrs_submission (month, created_at)`,
    sql`create table nibrs_submission_file (
      submission_id uuid not null references nibrs_submission(id),
      seq integer not null check (seq > 0),
      case_number text references record_case(number),
      category text not null check (category in ('GROUP A INCIDENT REPORT','GROUP B ARREST REPORT','ZERO REPORT')),
      action text not null check (action in ('I','R','D','A')),
      xml text not null,
      sha256 text not null,
      primary key (submission_id, seq)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
