/**
 * What the daily police log (M.G.L. c.41 §98F, built in src/release) needs from records:
 * the arrest bookings of an agency date with the arrestee's name, address and charges,
 * and whether the booking is a juvenile record (S-110 §B.1). The caller decides what is public.
 */
import type { Db, Tx } from '../db/index.ts';
import { peopleByUsername } from '../identity/people.ts';

export interface ArrestOfDay {
  reportId: string;
  caseNumber: string | null;
  bookedAt: Date;
  author: string;
  /** The booking officer as people know them: "First Last", with the badge when there is one. */
  officer: string;
  location: string;
  arrestee: { name: string; address: string | null } | null;
  charges: string[];
  juvenile: boolean;
}

function chargesOf(fields: Record<string, unknown>): string[] {
  const given = fields.charges ?? fields.charge ?? fields.offense;
  if (Array.isArray(given)) return given.map(String).filter(Boolean);
  return typeof given === 'string' && given ? [given] : [];
}

function officerName(person: { name: string; badge: string | null } | undefined, username: string): string {
  if (!person) return username;
  return person.badge ? `${person.name} (#${person.badge})` : person.name;
}

/**
 * The incidents, of those given, whose case holds a juvenile report (S-110 §B.1): they name a
 * minor, so the daily log keeps them off its public part.
 */
export async function incidentsNamingMinors(q: Db | Tx, incidentNumbers: readonly string[]): Promise<Set<string>> {
  if (incidentNumbers.length === 0) return new Set();
  const rows = await q.selectFrom('record_case').innerJoin('report', 'report.case_number', 'record_case.number')
    .select('record_case.incident_number').where('record_case.incident_number', 'in', [...incidentNumbers]).where('report.juvenile', '=', true).execute();
  return new Set(rows.flatMap((r) => (r.incident_number ? [r.incident_number] : [])));
}

/** Arrest bookings whose event date is this agency date, in booking order. */
export async function arrestsOn(q: Db | Tx, date: string): Promise<ArrestOfDay[]> {
  const reports = await q.selectFrom('report').select(['id', 'case_number', 'occurred_at', 'author', 'fields', 'juvenile'])
    .where('kind', '=', 'arrest').where('event_date', '=', date).orderBy('occurred_at').orderBy('created_at').execute();
  const out: ArrestOfDay[] = [];
  const people = await peopleByUsername(q, reports.map((r) => r.author));
  for (const r of reports) {
    const party = await q.selectFrom('report_party').select(['entity_id', 'juvenile']).where('report_id', '=', r.id).where('entity_type', '=', 'person').where('role', '=', 'arrestee').executeTakeFirst();
    let arrestee: ArrestOfDay['arrestee'] = null;
    if (party) {
      const name = await q.selectFrom('person_name').select(['first_name', 'middle_name', 'last_name']).where('person_id', '=', party.entity_id).where('kind', '=', 'primary').executeTakeFirst();
      const address = await q.selectFrom('person_address').select('address').where('person_id', '=', party.entity_id).orderBy('added_at', 'desc').executeTakeFirst();
      arrestee = { name: name ? [name.first_name, name.middle_name, name.last_name].filter(Boolean).join(' ') : 'unknown', address: address?.address ?? null };
    }
    const fields = r.fields ?? {};
    const bookedAt = typeof fields.bookedAt === 'string' ? new Date(fields.bookedAt) : r.occurred_at;
    out.push({
      reportId: r.id, caseNumber: r.case_number, bookedAt, author: r.author, officer: officerName(people.get(r.author), r.author), location: typeof fields.location === 'string' ? fields.location : '',
      arrestee, charges: chargesOf(fields), juvenile: r.juvenile || Boolean(party?.juvenile),
    });
  }
  return out;
}
