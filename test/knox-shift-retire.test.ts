import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { agencyDateDaysAgo } from '../src/core/clock.ts';

type Headers = Record<string, string>;
const ZONE = 'America/New_York'; // the test agency's time zone (config default)

/** The agency's wall clock `offsetHours` from now, as HH:MM. */
function agencyClock(offsetHours: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetHours * 3_600_000));
}

forEachDatabase('Knox: the shift end from the duty roster and retiring a key from the register (O-604 §III.A–B)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let oic: Headers, supply: Headers;
  const inject = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const officer = async () => (await signedInAs(server.ctx, server.app, ['patrol_officer'])).username;
  /** Put the officer on the roster with a shift that began 2 hours ago and ends `endsIn` hours from now (agency time). */
  const roster = async (username: string, endsIn: number, name = 'Day') => {
    const startedLocal = agencyDateDaysAgo(ZONE, 0) === new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() - 2 * 3_600_000)) ? 0 : 1;
    const shift = `${name} (${agencyClock(-2)}–${agencyClock(endsIn)})`;
    await server.ctx.db.insertInto('roster').values({ shift_date: agencyDateDaysAgo(ZONE, startedLocal), shift, call_sign: null, username, assignment: 'Patrol' }).execute();
    return shift;
  };

  beforeAll(async () => {
    server = await database().server();
    oic = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
    supply = (await signedInAs(server.ctx, server.app, ['supply_supervisor'])).headers;
    for (const number of ['R-1', 'R-2', 'R-3', 'R-4', 'R-5']) expect((await inject('POST', '/knox/keys', supply, { number })).statusCode).toBe(201);
  });
  afterAll(async () => server?.close());

  test('O-604 §III.B: without hours from the OIC, the key is due back when the officer’s rostered shift ends, read in the agency’s time zone', async () => {
    const who = await officer();
    const shift = await roster(who, 3);
    const assigned = await inject('POST', '/knox/keys/R-1/assign', oic, { officer: who });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ shiftEndFrom: 'roster', rosterShift: shift });
    const due = Date.parse(assigned.json().dueBackAt);
    // the roster gives whole minutes: the end is 3 h from now, cut to the minute
    expect(due).toBeLessThanOrEqual(Date.now() + 3 * 3_600_000);
    expect(due).toBeGreaterThan(Date.now() + 3 * 3_600_000 - 61_000);
    expect(agencyClock((due - Date.now()) / 3_600_000)).toBe(shift.slice(-6, -1));
    const board = (await inject('GET', '/knox/board', oic)).json() as { number: string; out: { dueBackAt: string } | null }[];
    expect(board.find((k) => k.number === 'R-1')!.out!.dueBackAt).toBe(assigned.json().dueBackAt);
    const event = await server.ctx.db.selectFrom('event').select('payload').where('kind', '=', 'knox.key_assigned').where('subject_id', '=', 'R-1').executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ shiftEndFrom: 'roster', rosterShift: shift });
  });

  test('O-604 §III.B: the hours the OIC types override the roster', async () => {
    const who = await officer();
    await roster(who, 3);
    const assigned = await inject('POST', '/knox/keys/R-2/assign', oic, { officer: who, shiftHours: 1 });
    expect(assigned.json()).toMatchObject({ shiftEndFrom: 'oic', rosterShift: null });
    expect(Math.abs(Date.parse(assigned.json().dueBackAt) - (Date.now() + 3_600_000))).toBeLessThan(60_000);
  });

  test('O-604 §III.B: a shift already over, or an officer not on the roster, falls back to 8 hours from now', async () => {
    const ended = await officer();
    await roster(ended, -1, 'Early');
    const notRostered = await officer();
    for (const [key, who] of [['R-3', ended], ['R-4', notRostered]] as const) {
      const assigned = await inject('POST', `/knox/keys/${key}/assign`, oic, { officer: who });
      expect(assigned.json()).toMatchObject({ shiftEndFrom: 'default', rosterShift: null });
      expect(Math.abs(Date.parse(assigned.json().dueBackAt) - (Date.now() + 8 * 3_600_000))).toBeLessThan(60_000);
    }
  });

  test('O-604 §III.A: the Supply Supervisor retires a key; a key out with an officer is refused until returned (§III.B)', async () => {
    const out = await inject('POST', '/knox/keys/R-1/retire', supply, { details: 'Returned to the Housing Authority' });
    expect(out.statusCode).toBe(409);
    expect(out.json()).toMatchObject({ code: 'knox.key_out' });
    expect((await inject('POST', '/knox/keys/R-5/retire', oic, { details: 'not the OIC’s register' })).statusCode).toBe(403);
    expect((await inject('POST', '/knox/keys/R-5/retire', supply, { details: 'Returned to the Housing Authority' })).statusCode).toBe(204);
    const keys = (await inject('GET', '/knox/keys', supply)).json() as { number: string; status: string; note: string | null }[];
    expect(keys.find((k) => k.number === 'R-5')).toMatchObject({ status: 'retired', note: 'Returned to the Housing Authority' });
    expect((await inject('POST', '/knox/keys/R-5/assign', oic, { officer: await officer() })).statusCode).toBe(409);
  });
});
