import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { agencyDate } from '../src/core/clock.ts';
import { addDays } from '../src/attendance/rules.ts';
import { agencyInstant } from '../src/keys/rules.ts';

// S-110 §A.1.i: employee attendance beside the duty roster (81A §B.3.d, §B.3.f).
const DAY = 'Day (07:00–15:00)';
/** A past date: no rule about dates ahead of today touches it, whatever day the tests run. */
const D = '2026-11-02';

forEachDatabase('employee attendance (S-110 §A.1.i)', (database) => {
  const file = serverForFile(database, async (server) => {
    const people = {
      commander: await signedInAs(server.ctx, server.app, ['commanding_officer']),
      sergeant: await signedInAs(server.ctx, server.app, ['patrol_supervisor']),
      officer: await signedInAs(server.ctx, server.app, ['patrol_officer']),
      colleague: await signedInAs(server.ctx, server.app, ['patrol_officer']),
      offShift: await signedInAs(server.ctx, server.app, ['patrol_officer']),
      chief: await signedInAs(server.ctx, server.app, ['chief']),
      auditor: await signedInAs(server.ctx, server.app, ['auditor']),
      dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
    };
    // the day shift of D: the sergeant, the officer and the colleague; the third officer rides nights
    const posted = await server.app.inject({
      method: 'POST', url: '/api/v1/directory/roster', headers: people.commander.headers,
      payload: { date: D, shift: DAY, entries: [people.sergeant, people.officer, people.colleague].map((p) => ({ username: p.username, assignment: 'Patrol' })) },
    });
    if (posted.statusCode !== 201) throw new Error(posted.body);
    await server.app.inject({
      method: 'POST', url: '/api/v1/directory/roster', headers: people.commander.headers,
      payload: { date: D, shift: 'Night (23:00–07:00)', entries: [{ username: people.offShift.username, assignment: 'Patrol' }] },
    });
    return people;
  });
  const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    file.server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const counts = async () => {
    const [entries, audit] = await Promise.all(['attendance_entry', 'audit'].map(async (t) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(file.server.ctx.db)).rows[0]!.n)));
    return { entries, audit };
  };
  const record = async (who: Record<string, string>, body: object) => {
    const answer = await send('POST', '/attendance/entries', who, body);
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json().id as string;
  };

  test('S-110 §A.1.i: the commanding officer records an officer sick; the roster shows the gap with its reason; court time and overtime count in the period report and its audited CSV', async () => {
    const { commander, sergeant, officer, colleague, chief, auditor } = file;
    const sick = await record(commander.headers, { employee: officer.username, date: D, shift: DAY, kind: 'absent', reason: 'sick', note: 'Called in 05:40' });
    await record(commander.headers, { employee: colleague.username, date: D, kind: 'court', court: 'Hampshire District Court', docket: '2611CR000123', hours: 3, caseNumber: '26-1042' });
    // the sergeant rides the same shift as the colleague: may record their overtime, from its start and end on the agency clock
    await record(sergeant.headers, { employee: colleague.username, date: D, kind: 'overtime', reason: 'shift_coverage', start: `${D}T15:00`, end: `${D}T19:30` });

    const day = (await send('GET', `/attendance/roster?date=${D}`, chief.headers)).json();
    const shift = day.shifts.find((s: { shift: string }) => s.shift === DAY);
    expect(shift).toMatchObject({ rostered: 3, absent: 1, onDuty: 2 });
    const gap = shift.members.find((m: { employee: string }) => m.employee === officer.username);
    expect(gap).toMatchObject({ status: 'absent', reason: 'sick' });
    expect(gap.name).toContain('Tester-Quill');
    expect(shift.members.filter((m: { status: string }) => m.status === 'present').map((m: { employee: string }) => m.employee).sort()).toEqual([sergeant.username, colleague.username].sort());
    expect(day.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(['absent', 'court', 'overtime']);
    expect(day.entries.find((e: { kind: string }) => e.kind === 'overtime')).toMatchObject({ hours: 4.5, start: agencyInstant(D, 15, 0, file.server.ctx.config.agency.timeZone).toISOString() });

    const report = (await send('GET', `/attendance/report?from=${addDays(D, -6)}&to=${D}`, chief.headers)).json();
    const of = (u: string) => report.employees.find((e: { employee: string }) => e.employee === u);
    expect(of(officer.username)).toMatchObject({ rosteredShifts: 1, shiftsWorked: 0, absentDays: { sick: 1, vacation: 0 }, courtHours: 0 });
    expect(of(colleague.username)).toMatchObject({ rosteredShifts: 1, shiftsWorked: 1, courtHours: 3, overtimeHours: { shift_coverage: 4.5, detail: 0 } });
    expect(of(colleague.username).name).toMatch(/Tester-Quill/);

    const csv = await send('GET', `/attendance/report.csv?from=${addDays(D, -6)}&to=${D}`, auditor.headers);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toContain('absent_days_sick');
    const row = lines.find((l) => l.startsWith(`${of(colleague.username).name},`));
    expect(row?.split(',').slice(-6)).toEqual(['3', '4.5', '0', '0', '0', '4.5']); // court hours, overtime by reason, overtime total
    expect(csv.body).not.toContain(officer.username);
    const audit = await file.server.ctx.db.selectFrom('audit').select(['action', 'username', 'subject_id']).where('action', 'like', 'attendance.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['attendance.recorded', 'attendance.recorded', 'attendance.recorded', 'attendance.exported']);
    expect(audit[0]).toMatchObject({ username: commander.username, subject_id: sick });
    expect(audit[3]!.username).toBe(auditor.username);
  });

  test('S-110 §A.1.i: a correction is a new entry naming the one it corrects, only the latest is corrected, a withdrawn absence leaves the roster; nothing is edited', async () => {
    const { commander, chief, offShift } = file;
    const first = await record(commander.headers, { employee: offShift.username, date: D, kind: 'absent', reason: 'vacation' });
    const fixed = await send('POST', `/attendance/entries/${first}/corrections`, commander.headers, { why: 'Personal day, not vacation', entry: { employee: offShift.username, date: D, kind: 'absent', reason: 'personal' } });
    expect(fixed.statusCode, fixed.body).toBe(201);
    const second = fixed.json().id as string;

    const before = await counts();
    const stale = await send('POST', `/attendance/entries/${first}/corrections`, commander.headers, { why: 'again' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'attendance.not_latest', clause: 'S-110 §A.1.i' });
    expect(stale.json().detail).toContain(second);
    expect(await counts()).toEqual(before);

    const list = (await send('GET', `/attendance/entries?from=${D}&to=${D}&employee=${offShift.username}`, chief.headers)).json();
    expect(list.map((e: { id: string; reason: string; correctedBy: string | null; corrects: string | null }) => [e.id, e.reason, e.correctedBy, e.corrects]))
      .toEqual([[first, 'vacation', second, null], [second, 'personal', null, first]]);
    const night = () => send('GET', `/attendance/roster?date=${D}`, chief.headers).then((r) => r.json().shifts.find((s: { shift: string }) => s.shift.startsWith('Night')));
    expect((await night()).members[0]).toMatchObject({ status: 'absent', reason: 'personal' });

    expect((await send('POST', `/attendance/entries/${second}/corrections`, commander.headers, { why: 'Came in after all' })).statusCode).toBe(201);
    expect((await night())).toMatchObject({ absent: 0, onDuty: 1 });
    const report = (await send('GET', `/attendance/report?from=${D}&to=${D}&employee=${offShift.username}`, chief.headers)).json();
    expect(report.employees[0]).toMatchObject({ shiftsWorked: 1, absentDays: { vacation: 0, personal: 0 } });
    const actions = await file.server.ctx.db.selectFrom('audit').select('action').where('subject_type', '=', 'attendance_entry').where('action', 'in', ['attendance.corrected', 'attendance.withdrawn']).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['attendance.corrected', 'attendance.withdrawn']);
    await expect(sql`update attendance_entry set reason = 'sick' where id = ${first}`.execute(file.server.ctx.db)).rejects.toThrow();
  });

  test('S-110 §A.1.i: bad input names the field and writes nothing: end before start, hours out of range, court time without its court, an unknown employee, a sick day ahead, wrong types and unstorable text', async () => {
    const { commander, officer } = file;
    const today = agencyDate(file.server.ctx.config.agency.timeZone);
    const base = { employee: officer.username, date: D };
    const before = await counts();
    const cases: [object, number, RegExp][] = [
      [{ ...base, kind: 'overtime', reason: 'detail', start: `${D}T18:00`, end: `${D}T16:00` }, 422, /end/],
      [{ ...base, kind: 'overtime', reason: 'detail', hours: 0 }, 422, /hours/],
      [{ ...base, kind: 'overtime', reason: 'detail', hours: 25 }, 422, /hours/],
      [{ ...base, kind: 'overtime', reason: 'detail', hours: -2 }, 422, /hours/],
      [{ ...base, kind: 'overtime', hours: 2 }, 422, /reason/],
      [{ ...base, kind: 'court', docket: '26CR1', hours: 2 }, 422, /court/],
      [{ ...base, kind: 'court', court: 'District Court' }, 422, /hours/],
      [{ ...base, kind: 'absent' }, 422, /reason/],
      [{ ...base, kind: 'absent', reason: 'sick', hours: 8 }, 422, /hours/],
      [{ ...base, kind: 'absent', reason: 'sick', start: `${D}T07:00` }, 422, /end/],
      [{ ...base, employee: 'nobody-at-all', kind: 'absent', reason: 'sick' }, 400, /employee/],
      [{ ...base, date: addDays(today, 30), kind: 'absent', reason: 'sick' }, 422, /date/],
      [{ ...base, date: addDays(today, 2), kind: 'overtime', reason: 'detail', hours: 2 }, 422, /date/],
      [{ ...base, kind: 'overtime', reason: 'detail', hours: 'four' }, 400, /hours/],
      [{ ...base, kind: 'vanished', reason: 'sick' }, 400, /kind/],
      [{ ...base, kind: 'absent', reason: 'sick', note: 'a\u0000b' }, 400, /note/],
      [{ ...base, kind: 'absent', reason: 'sick', note: 'x'.repeat(5000) }, 400, /note/],
      [{ ...base, kind: 'absent', reason: 'sick', start: '2026-11-02T25:00', end: '2026-11-02T26:00' }, 400, /start/],
      // a day the calendar does not have is named as such, not as "more than 24 hours"
      [{ ...base, kind: 'overtime', reason: 'detail', start: `${D}T18:00`, end: '2026-02-30T10:00' }, 400, /body\/end.*local-minute|end.*format/],
    ];
    for (const [payload, status, field] of cases) {
      const answer = await send('POST', '/attendance/entries', commander.headers, payload);
      expect(answer.statusCode, `${JSON.stringify(payload).slice(0, 200)}: ${answer.body}`).toBe(status);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      const problem = answer.json();
      expect(`${problem.field ?? ''} ${problem.detail}`, JSON.stringify(payload).slice(0, 200)).toMatch(field);
      if (status === 422) expect(problem.clause).toBe('S-110 §A.1.i');
    }
    expect((await send('POST', '/attendance/entries/00000000-0000-4000-8000-000000000000/corrections', commander.headers, { why: 'x' })).statusCode).toBe(404);
    expect((await send('GET', `/attendance/report?from=${D}&to=${addDays(D, -1)}`, commander.headers)).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  test('S-110 §A.1.i: who records and who reads: a sergeant records only their own shift, nobody their own attendance, an officer reads their own entries, a dispatcher sees no roster of absences', async () => {
    const { sergeant, officer, colleague, offShift, dispatcher, auditor, chief } = file;
    const notMine = await send('POST', '/attendance/entries', sergeant.headers, { employee: offShift.username, date: D, kind: 'overtime', reason: 'call_back', hours: 2 });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json()).toMatchObject({ code: 'attendance.not_your_shift', clause: 'S-110 §A.1.i' });
    const own = await send('POST', '/attendance/entries', sergeant.headers, { employee: sergeant.username, date: D, kind: 'overtime', reason: 'call_back', hours: 2 });
    expect(own.json()).toMatchObject({ code: 'attendance.own_entry' });
    for (const who of [officer, auditor, chief]) {
      expect((await send('POST', '/attendance/entries', who.headers, { employee: colleague.username, date: D, kind: 'absent', reason: 'sick' })).statusCode).toBe(403);
    }

    const mine = (await send('GET', `/attendance/entries?from=${addDays(D, -1)}&to=${D}`, officer.headers)).json();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e: { employee: string }) => e.employee === officer.username)).toBe(true);
    expect((await send('GET', `/attendance/entries?from=${D}&to=${D}&employee=${colleague.username}`, officer.headers)).statusCode).toBe(403);
    expect((await send('GET', `/attendance/report?from=${D}&to=${D}`, officer.headers)).json().employees.map((e: { employee: string }) => e.employee)).toEqual([officer.username]);
    for (const path of [`/attendance/roster?date=${D}`, `/attendance/report.csv?from=${D}&to=${D}`]) {
      expect((await send('GET', path, officer.headers)).statusCode, path).toBe(403);
      expect((await send('GET', path, dispatcher.headers)).statusCode, path).toBe(403);
    }
    expect((await send('GET', `/attendance/entries?from=${D}&to=${D}`, dispatcher.headers)).json()).toEqual([]);
  });

  test('S-110 §A.1.i: the commanding officer sets a yearly vacation grant; recorded vacation draws it down; an absence that would take it below zero is refused unless recorded with an override, which is kept and audited', async () => {
    const { commander, sergeant, colleague, officer, chief } = file;
    const put = (who: Record<string, string>, body: object) => file.server.app.inject({ method: 'PUT', url: '/api/v1/attendance/leave', headers: who, payload: body });
    // a patrol supervisor records attendance but does not set leave plans
    const refused = await put(sergeant.headers, { employee: colleague.username, leaveType: 'vacation', mode: 'yearly', hours: 16, startsOn: '2026-01-01' });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'attendance.commanding_officer_only', clause: 'S-110 §A.1.i' });
    const bad = await put(commander.headers, { employee: colleague.username, leaveType: 'vacation', mode: 'accrual', hours: 4, startsOn: '2026-01-01' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ field: 'body.periodDays' });
    const set = await put(commander.headers, { employee: colleague.username, leaveType: 'vacation', mode: 'yearly', hours: 16, startsOn: '2026-01-01' });
    expect(set.statusCode, set.body).toBe(204);
    await record(commander.headers, { employee: colleague.username, date: '2026-10-05', kind: 'absent', reason: 'vacation' });
    await record(commander.headers, { employee: colleague.username, date: '2026-10-06', kind: 'absent', reason: 'vacation', start: '2026-10-06T07:00', end: '2026-10-06T11:00' });
    const balances = async (who = chief.headers, q = '') => (await send('GET', `/attendance/leave${q}`, who)).json() as { employee: string; leaveType: string; credited: number; taken: number; balance: number; plan: string; name: string }[];
    const mine = (list: Awaited<ReturnType<typeof balances>>) => list.find((b) => b.employee === colleague.username && b.leaveType === 'vacation');
    const today = agencyDate(file.server.ctx.config.agency.timeZone, file.server.ctx.clock.now());
    const grants = Number(today.slice(0, 4)) - 2026 + 1;
    expect(mine(await balances())).toMatchObject({ credited: 16 * grants, taken: 12, balance: 16 * grants - 12, plan: '16 h a year from 2026-01-01' });
    expect(mine(await balances())!.name).not.toBe(colleague.username);

    // 4 hours left on 2026-10-07: a whole day (8 h) is refused naming the override, nothing written
    const before = await counts();
    const over = await send('POST', '/attendance/entries', commander.headers, { employee: colleague.username, date: '2026-10-07', kind: 'absent', reason: 'vacation' });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.json()).toMatchObject({ code: 'attendance.leave_exhausted', field: 'body.leaveOverride', clause: 'S-110 §A.1.i' });
    expect(over.json().detail).toContain('leaves -4 h');
    expect(await counts()).toEqual(before);
    const id = await record(commander.headers, { employee: colleague.username, date: '2026-10-07', kind: 'absent', reason: 'vacation', leaveOverride: 'Family emergency, approved by the chief' });
    const entry = ((await send('GET', '/attendance/entries?from=2026-10-07&to=2026-10-07', chief.headers)).json() as { id: string; leaveOverride: string | null }[]).find((e) => e.id === id);
    expect(entry?.leaveOverride).toBe('Family emergency, approved by the chief');
    const audit = await file.server.ctx.db.selectFrom('audit').select(['action', 'detail']).where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'attendance.recorded', detail: { leave: { leaveType: 'vacation', hours: 8, balanceAfter: -4, override: 'Family emergency, approved by the chief' } } });
    // a sick absence without a sick plan is not checked; the officer reads their own balances only
    await record(commander.headers, { employee: colleague.username, date: '2026-10-08', kind: 'absent', reason: 'sick' });
    expect(await balances(colleague.headers)).toEqual([expect.objectContaining({ employee: colleague.username, leaveType: 'vacation', balance: 16 * grants - 20 })]);
    expect((await send('GET', `/attendance/leave?employee=${colleague.username}`, officer.headers)).statusCode).toBe(403);
  });

  test('S-110 §A.1.i: the commanding officer sets a watch’s minimum staffing; the roster flags the night watch below it (1 on duty of 2), not the day watch at it; a sergeant may not set it', async () => {
    const { commander, sergeant, chief } = file;
    const put = (who: Record<string, string>, body: object) => file.server.app.inject({ method: 'PUT', url: '/api/v1/attendance/minimum-staffing', headers: who, payload: body });
    expect((await put(sergeant.headers, { shift: 'Night (23:00–07:00)', minimum: 2 })).statusCode).toBe(403);
    expect((await put(commander.headers, { shift: 'Night (23:00–07:00)', minimum: 2 })).statusCode).toBe(204);
    expect((await put(commander.headers, { shift: DAY, minimum: 1 })).statusCode).toBe(204);
    expect((await put(commander.headers, { shift: DAY, minimum: -1 })).statusCode).toBe(400);
    const day = (await send('GET', `/attendance/roster?date=${D}`, chief.headers)).json() as { shifts: { shift: string; onDuty: number; minimum: number | null; belowMinimum: boolean }[] };
    expect(day.shifts.find((s) => s.shift === 'Night (23:00–07:00)')).toMatchObject({ onDuty: 1, minimum: 2, belowMinimum: true });
    expect(day.shifts.find((s) => s.shift === DAY)).toMatchObject({ minimum: 1, belowMinimum: false });
    const audit = await file.server.ctx.db.selectFrom('audit').select(['detail']).where('action', '=', 'attendance.minimum_staffing_set').orderBy('at', 'desc').execute();
    expect(audit.map((a) => (a.detail as { shift: string }).shift)).toEqual(expect.arrayContaining([DAY, 'Night (23:00–07:00)']));
    expect((await put(commander.headers, { shift: 'Night (23:00–07:00)', minimum: null })).statusCode).toBe(204);
    const after = (await send('GET', `/attendance/roster?date=${D}`, chief.headers)).json() as { shifts: { shift: string; belowMinimum: boolean; minimum: number | null }[] };
    expect(after.shifts.find((s) => s.shift === 'Night (23:00–07:00)')).toMatchObject({ minimum: null, belowMinimum: false });
  });
});
