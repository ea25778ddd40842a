import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../core/context.ts';
import { inTransaction } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { addUser, consoleActor } from '../identity/service.ts';
import { passwordProblem } from '../identity/rules.ts';
import type { Role } from '../core/permissions.ts';
import { seedKnoxDemo } from '../keys/demo.ts';
import { seedCjisDemo } from '../cjis/demo.ts';
import { seedRecordingsDemo } from '../recordings/demo.ts';
import { seedEmdDemo } from '../emd/demo.ts';
// Geography
import { seedGeoDemo } from '../geo/demo.ts';
import { seedNotifyDemo } from '../notify/demo.ts';

/** The fictional Town of Millbrook: its units use the call-sign scheme of 81A §E.5.c. */
export const DEMO_UNITS = [
  { call_sign: '411', kind: 'cruiser', service: 'police', area: 'Sector 1', description: 'Marked cruiser' },
  { call_sign: '412', kind: 'cruiser', service: 'police', area: 'Sector 2', description: 'Marked cruiser' },
  { call_sign: '413', kind: 'cruiser', service: 'police', area: 'Sector 3', description: 'Marked cruiser' },
  { call_sign: '414', kind: 'cruiser', service: 'police', area: 'Sector 1', description: 'Marked cruiser (patrol supervisor)' },
  { call_sign: 'LC1', kind: 'center_officer', service: 'police', area: 'Center', description: 'Center officer' },
  { call_sign: 'BP1', kind: 'bicycle', service: 'police', area: 'Center', description: 'Bicycle patrol' },
  { call_sign: 'BP2', kind: 'bicycle', service: 'police', area: 'Center', description: 'Bicycle patrol' },
  { call_sign: 'Meter 1', kind: 'parking', service: 'police', area: 'Center', description: 'Parking control officer' },
  { call_sign: 'ACO', kind: 'animal_control', service: 'police', area: 'Town', description: 'Animal control officer' },
  { call_sign: 'E1', kind: 'engine', service: 'fire', area: 'Station 1', description: 'Engine 1' },
  { call_sign: 'E2', kind: 'engine', service: 'fire', area: 'Station 2', description: 'Engine 2' },
  { call_sign: 'L1', kind: 'ladder', service: 'fire', area: 'Station 1', description: 'Ladder 1' },
  { call_sign: 'C1', kind: 'fire_command', service: 'fire', area: 'Town', description: 'Fire chief' },
  { call_sign: 'A1', kind: 'ambulance', service: 'ems', area: 'Station 1', description: 'Ambulance 1 (ALS)' },
  { call_sign: 'A2', kind: 'ambulance', service: 'ems', area: 'Station 2', description: 'Ambulance 2 (BLS)' },
] as const;

interface DemoPerson {
  username: string;
  firstName: string;
  lastName: string;
  badge: string | null;
  unit: string;
  roles: Role[];
  callSign?: string;
}

/** One named demo person per role (system logins such as the recorder are not people), plus a second patrol officer for two-officer calls. */
export const DEMO_PEOPLE: DemoPerson[] = [
  { username: 'dkowalski', firstName: 'Dana', lastName: 'Kowalski', badge: 'D-12', unit: 'Communications', roles: ['dispatcher'] },
  { username: 'mreyes', firstName: 'Miguel', lastName: 'Reyes', badge: '207', unit: 'Patrol', roles: ['commanding_officer'], callSign: '414' },
  { username: 'jobrien', firstName: 'Jordan', lastName: 'O’Brien', badge: '311', unit: 'Patrol', roles: ['patrol_officer'], callSign: '411' },
  { username: 'pnguyen', firstName: 'Priya', lastName: 'Nguyen', badge: '318', unit: 'Patrol', roles: ['patrol_officer'], callSign: '412' },
  { username: 'swhitaker', firstName: 'Sam', lastName: 'Whitaker', badge: 'R-3', unit: 'Records Bureau', roles: ['records_clerk'] },
  { username: 'lmorgan', firstName: 'Lee', lastName: 'Morgan', badge: '150', unit: 'Support Services', roles: ['supply_supervisor'] },
  { username: 'tcarver', firstName: 'Terry', lastName: 'Carver', badge: '122', unit: 'Communications', roles: ['cjis_representative'] },
  { username: 'afischer', firstName: 'Alex', lastName: 'Fischer', badge: 'IT-1', unit: 'Information Technology', roles: ['system_administrator'] },
  { username: 'rmcallister', firstName: 'Ruth', lastName: 'McAllister', badge: '1', unit: 'Office of the Chief', roles: ['chief'] },
  { username: 'bokafor', firstName: 'Ben', lastName: 'Okafor', badge: '2', unit: 'Operations', roles: ['captain'] },
  { username: 'cdelgado', firstName: 'Carmen', lastName: 'Delgado', badge: null, unit: 'District Court', roles: ['court_administrator'] },
  { username: 'hlindqvist', firstName: 'Hana', lastName: 'Lindqvist', badge: null, unit: 'Town Audit Office', roles: ['auditor'] },
  { username: 'kbrandt', firstName: 'Kim', lastName: 'Brandt', badge: '215', unit: 'Patrol', roles: ['patrol_supervisor'] },
  { username: 'gpatel', firstName: 'Gita', lastName: 'Patel', badge: 'IT-0', unit: 'Information Technology', roles: ['it_director'] },
  { username: 'vmarsh', firstName: 'Vera', lastName: 'Marsh', badge: '240', unit: 'Detective Bureau', roles: ['intelligence_officer'] },
];

export interface DemoAccount {
  username: string;
  password: string;
  roles: string[];
}

/** A random password the password rule accepts for this person (random letters can spell a short name). */
function demoPassword(person: { username: string; firstName: string; lastName: string }): string {
  for (;;) {
    const password = `Demo-${randomBytes(9).toString('base64url')}`;
    if (!passwordProblem(password, { ...person, minLength: 0 })) return password;
  }
}

/** The agency's calendar date today, in its own time zone. */
function agencyToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * Load the demo agency into an empty database: units, a duty roster for today and
 * one named user per role, with fresh random passwords that need no change at first
 * sign-in. Writes the logins to `$PRECINCT_DATA/demo-accounts.json` and returns them.
 */
export async function seedDemo(ctx: AppContext): Promise<DemoAccount[]> {
  const actor = consoleActor();
  const accounts: DemoAccount[] = [];
  for (const person of DEMO_PEOPLE) {
    const password = demoPassword(person);
    await addUser(ctx, actor, { ...person, password, mustChangePassword: false });
    accounts.push({ username: person.username, password, roles: person.roles });
  }
  const today = agencyToday(ctx.config.agency.timeZone);
  await inTransaction(ctx.db, async (tx) => {
    for (const unit of DEMO_UNITS) {
      await tx.insertInto('agency_unit').values({ ...unit }).onConflict((oc) => oc.doNothing()).execute();
      const aboard = DEMO_PEOPLE.filter((p) => p.callSign === unit.call_sign).map((p) => `${p.firstName} ${p.lastName}`);
      await tx.insertInto('unit_status')
        .values({ call_sign: unit.call_sign, status: 'available', incident_number: null, reason: null, since: new Date(), location: JSON.stringify({ address: unit.area }), personnel: aboard })
        .onConflict((oc) => oc.doNothing()).execute();
    }
    for (const person of DEMO_PEOPLE.filter((p) => p.callSign)) {
      const assignment = person.roles.includes('commanding_officer') ? 'Officer in charge / patrol supervisor' : 'Patrol';
      await tx.insertInto('roster').values({ shift_date: today, shift: 'Day (07:00–15:00)', call_sign: person.callSign!, username: person.username, assignment }).execute();
    }
    await tx.insertInto('roster').values({ shift_date: today, shift: 'Day (07:00–15:00)', call_sign: null, username: 'dkowalski', assignment: 'Dispatcher, position 1' }).execute();
    for (const callSign of ['E1', 'L1', 'A1']) {
      await tx.insertInto('roster').values({ shift_date: today, shift: 'Fire/EMS group B (24 h)', call_sign: callSign, username: null, assignment: 'Fire/EMS crew' }).execute();
    }
    await tx.insertInto('setting').values({ key: 'demo', value: JSON.stringify({ loadedAt: new Date().toISOString() }) }).onConflict((oc) => oc.doNothing()).execute();
    await appendEvent(tx, { kind: 'agency.demo_loaded', subject: { type: 'agency', id: ctx.config.agency.ori }, actor, payload: { units: DEMO_UNITS.length, users: accounts.length } });
  });
  await seedKnoxDemo(ctx);
  await seedCjisDemo(ctx);
  // EMD (81A §I): demo protocol cards (placeholder text) and Dana Kowalski's certification
  await seedEmdDemo(ctx);
  await seedRecordingsDemo(ctx);
  // Geography: Millbrook's streets, addresses, sectors and places; the cruisers' modems.
  await seedGeoDemo(ctx, actor);
  // the emergency notification lists (S-110 §A.1.h)
  await seedNotifyDemo(ctx);
  mkdirSync(ctx.config.dataDir, { recursive: true });
  writeFileSync(join(ctx.config.dataDir, 'demo-accounts.json'), `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  return accounts;
}
