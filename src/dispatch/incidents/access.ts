import { rosterDates } from '../../core/clock.ts';
import type { DispatchEvent } from '../../core/events/log.ts';
import type { Reader, RecordRule } from '../../core/events/visibility.ts';
import { rosterEntries } from '../../directory/roster.ts';

/** What the read rule needs to know about an incident. */
export interface IncidentFacts {
  confidential: boolean;
  /** Who rides today in a unit ever assigned to it. */
  assignedOfficers: string[];
}

/**
 * Who reads an incident (81A §E.2.c): anyone who reads dispatch, unless it is
 * confidential; then only the holders of `dispatch.confidential` and the officers of
 * the units assigned to it. An unknown incident is read by nobody.
 */
export function mayReadIncident(reader: Reader, facts: IncidentFacts | undefined): boolean {
  if (!facts) return false;
  if (!facts.confidential) return true;
  return reader.permissions.has('dispatch.confidential') || facts.assignedOfficers.includes(reader.username);
}

export const incidentReadRule: RecordRule<IncidentFacts> = {
  record: 'incident',
  async facts({ db, timeZone }, numbers) {
    const facts = new Map<string, IncidentFacts>();
    if (numbers.length === 0) return facts;
    const rows = await db.selectFrom('incident').select(['number', 'confidential']).where('number', 'in', [...numbers]).execute();
    const secret = rows.filter((r) => r.confidential).map((r) => r.number);
    const units = secret.length === 0 ? [] : await db.selectFrom('incident_unit').select(['incident_number', 'call_sign']).where('incident_number', 'in', secret).execute();
    const dates = rosterDates(timeZone);
    const riders = new Map<string, string[]>();
    for (const callSign of new Set(units.map((u) => u.call_sign))) {
      riders.set(callSign, (await rosterEntries(db, dates, { callSign })).flatMap((e) => (e.username ? [e.username] : [])));
    }
    for (const r of rows) {
      const officers = units.filter((u) => u.incident_number === r.number).flatMap((u) => riders.get(u.call_sign) ?? []);
      facts.set(r.number, { confidential: r.confidential, assignedOfficers: officers });
    }
    return facts;
  },
  // An incident the transaction created, not confidential, with no other event about it: at its commit
  // it is exactly what that transaction inserted (no other can change a row not yet committed).
  factsAtCommit(events) {
    const facts = new Map<string, IncidentFacts>();
    const about = new Map<string, DispatchEvent[]>();
    for (const e of events) if (e.subjectType === 'incident') about.set(e.subjectId, [...(about.get(e.subjectId) ?? []), e]);
    for (const [number, own] of about) {
      if (own.length === 1 && own[0]!.kind === 'incident.created' && !own[0]!.confidential) facts.set(number, { confidential: false, assignedOfficers: [] });
    }
    return facts;
  },
  mayRead: mayReadIncident,
  // Every read of a confidential incident is audited, by whoever reads it (81A §E.2.c; CJIS AU-3).
  auditedRead: (facts) => (facts?.confidential ? 'incident.read_confidential' : undefined),
};
