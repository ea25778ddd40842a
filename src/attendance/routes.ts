import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { agencyDate } from '../core/clock.ts';
import { attendanceCsv, attendanceReport, correctEntry, employees, entryList, recordEntry, rosterDay } from './service.ts';
import { ABSENCE_REASONS, KINDS, OVERTIME_REASONS } from './rules.ts';
import { leaveBalances, minimumList, setLeavePlan, setMinimum } from './leave.ts';
import { LEAVE_MODES, LEAVE_TYPES } from './leave-rules.ts';

const tags = ['attendance'];
const Strict = { additionalProperties: false } as const;
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Login = Type.String({ minLength: 1, maxLength: 64, description: 'the employee’s login' });
const LocalTime = Type.String({ format: 'local-minute', description: 'a time on the agency’s clock, YYYY-MM-DDTHH:MM, on a real calendar day' });
const Day = Type.String({ format: 'date' });

const EntryBody = Type.Object({
  employee: Login,
  date: Day,
  shift: Type.Optional(text(100)),
  kind: Type.Union(KINDS.map((k) => Type.Literal(k)), { description: 'absent, court or overtime' }),
  reason: Type.Optional(Type.String({ maxLength: 40, description: `an absence: ${ABSENCE_REASONS.join(', ')}; overtime: ${OVERTIME_REASONS.join(', ')}` })),
  start: Type.Optional(LocalTime), end: Type.Optional(LocalTime),
  hours: Type.Optional(Type.Number({ description: 'court or overtime hours, more than 0 and at most 24' })),
  court: Type.Optional(text(200)), docket: Type.Optional(text(100)),
  caseNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the case or incident number the time was for' })),
  note: Type.Optional(text(1000)),
  leaveOverride: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'why a vacation, sick or personal absence is recorded although it takes the balance below zero (recorded with the entry)' })),
}, Strict);
const Entry = Type.Object({
  id: Type.String(), employee: Type.String(), employeeName: Type.String({ description: 'by name and badge' }), date: Type.String(), shift: N(Type.String()),
  kind: Type.String({ description: 'absent, court, overtime, or withdrawn (a correction that withdraws an entry made in error)' }), reason: N(Type.String()),
  start: N(Type.String()), end: N(Type.String()), hours: N(Type.Number()), court: N(Type.String()), docket: N(Type.String()), caseNumber: N(Type.String()), note: N(Type.String()),
  corrects: N(Type.String({ description: 'the entry this one corrects' })), correctionReason: N(Type.String()),
  correctedBy: N(Type.String({ description: 'the entry that corrects this one; null for the latest' })),
  recordedBy: Type.String(), recordedByName: Type.String(), recordedAt: Type.String(),
  leaveOverride: N(Type.String({ description: 'why a leave absence was recorded although it took the balance below zero' })),
});
const Period = Type.Object({ from: Day, to: Day, employee: Type.Optional(Login) }, Strict);
const Reasons = <T extends readonly string[]>(keys: T) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Number()])));
const Report = Type.Object({
  from: Type.String(), to: Type.String(),
  employees: Type.Array(Type.Object({
    employee: Type.String(), name: Type.String(), badge: N(Type.String()), rosteredShifts: Type.Integer(), shiftsWorked: Type.Integer(),
    absentDays: Reasons(ABSENCE_REASONS), courtHours: Type.Number(), overtimeHours: Reasons(OVERTIME_REASONS),
  })),
});
const RosterDay = Type.Object({
  date: Type.String(),
  shifts: Type.Array(Type.Object({
    shift: Type.String(), rostered: Type.Integer(), absent: Type.Integer(), onDuty: Type.Integer(),
    minimum: N(Type.Integer({ description: 'the minimum staffing the commanding officer set for this watch (null: none set)' })),
    belowMinimum: Type.Boolean({ description: 'fewer on duty than the minimum (S-110 §A.1.i)' }),
    members: Type.Array(Type.Object({
      callSign: N(Type.String()), assignment: Type.String(), employee: N(Type.String()), name: N(Type.String()),
      status: Type.String({ description: 'present, or absent (a gap in the shift)' }), reason: N(Type.String()),
    })),
  })),
  entries: Type.Array(Entry),
});

const PlanBody = Type.Object({
  employee: Login,
  leaveType: Type.Union(LEAVE_TYPES.map((t) => Type.Literal(t))),
  mode: Type.Union(LEAVE_MODES.map((m) => Type.Literal(m)), { description: 'accrual: hours each pay period; yearly: hours on the first day and each anniversary; none' }),
  hours: Type.Number({ minimum: 0, maximum: 2000, description: 'hours credited each pay period (accrual) or each year (yearly); 0 for none' }),
  periodDays: Type.Optional(Type.Integer({ minimum: 7, maximum: 31, description: 'the pay period in days, for an accrual' })),
  startsOn: Day,
  openingHours: Type.Optional(Type.Number({ minimum: 0, maximum: 5000, description: 'the balance carried in on the first day' })),
}, Strict);
const LeaveBalance = Type.Object({
  employee: Type.String(), name: Type.String({ description: 'by name and badge' }), leaveType: Type.String(), mode: Type.String(), hours: Type.Number(), periodDays: N(Type.Integer()),
  startsOn: Type.String(), openingHours: Type.Number(), plan: Type.String({ description: 'the plan in words' }),
  credited: Type.Number(), taken: Type.Number(), balance: Type.Number({ description: 'hours left; below zero only through recorded overrides' }),
  setByName: Type.String(), setAt: Type.String(),
});

/** Employee attendance (S-110 §A.1.i): absences, court time and overtime beside the duty roster. */
export const attendanceRoutes: Capability = async (app, { ctx }) => {
  app.get('/attendance/entries', {
    config: { permission: ['attendance.read', 'attendance.own'] },
    schema: { tags, summary: 'Attendance entries dated in a period, corrected ones too; an employee without attendance.read reads their own', querystring: Period, response: { 200: Type.Array(Entry) } },
  }, async (request) => entryList(ctx, authOf(request).actor, request.query));

  app.post('/attendance/entries', {
    config: { permission: 'attendance.record' },
    schema: { tags, summary: 'Record an absence, court time or overtime for an employee (S-110 §A.1.i)', body: EntryBody, response: { 201: Type.Object({ id: Type.String() }) } },
  }, async (request, reply) => reply.status(201).send({ id: await recordEntry(ctx, authOf(request).actor, request.body) }));

  app.post('/attendance/entries/:id/corrections', {
    config: { permission: 'attendance.record' },
    schema: {
      tags, summary: 'Correct the latest entry of a chain with a new one, or withdraw it (no entry: made in error); the corrected entry is kept',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict),
      body: Type.Object({ why: text(500), entry: Type.Optional(EntryBody) }, Strict),
      response: { 201: Type.Object({ id: Type.String() }) },
    },
  }, async (request, reply) => reply.status(201).send({ id: await correctEntry(ctx, authOf(request).actor, request.params.id, request.body) }));

  app.get('/attendance/roster', {
    config: { permission: 'attendance.read' },
    schema: {
      tags, summary: 'One day’s duty roster with who is absent (a gap, with the reason), shift by shift, and the day’s court time and overtime (81A §B.3.d, §B.3.f)',
      querystring: Type.Object({ date: Type.Optional(Day) }, Strict), response: { 200: RosterDay },
    },
  }, async (request) => rosterDay(ctx, request.query.date ?? agencyDate(ctx.config.agency.timeZone, ctx.clock.now())));

  app.get('/attendance/report', {
    config: { permission: ['attendance.read', 'attendance.own'] },
    schema: { tags, summary: 'Attendance for a period by employee: shifts rostered and worked, absent days by reason, court hours, overtime hours by reason', querystring: Period, response: { 200: Report } },
  }, async (request) => attendanceReport(ctx, authOf(request).actor, request.query));

  app.get('/attendance/report.csv', {
    config: { permission: 'attendance.read', auditRead: true, action: 'attendance.exported' },
    schema: { tags, summary: 'The period report as CSV, for a spreadsheet (audited)', querystring: Period, response: { 200: Type.String() } },
  }, async (request, reply) => {
    const csv = await attendanceCsv(ctx, authOf(request).actor, request.query);
    reply.header('content-disposition', `attachment; filename="attendance-${request.query.from}-${request.query.to}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(csv);
  });

  app.get('/attendance/leave', {
    config: { permission: ['attendance.read', 'attendance.own'] },
    schema: {
      tags, summary: 'Leave balances as of today: each employee’s vacation, sick and personal leave with a plan, credited, taken and left (one’s own with attendance.own)',
      querystring: Type.Object({ employee: Type.Optional(Login) }, Strict), response: { 200: Type.Array(LeaveBalance) },
    },
  }, async (request) => leaveBalances(ctx, authOf(request).actor, request.query.employee));

  app.put('/attendance/leave', {
    config: { permission: 'attendance.record' },
    schema: {
      tags, summary: 'Set an employee’s leave plan for one type: an accrual per pay period, a yearly grant, or none (the commanding officer’s; the earlier plan is kept)',
      body: PlanBody, response: { 204: Type.Null() },
    },
  }, async (request, reply) => { await setLeavePlan(ctx, authOf(request).actor, request.body); return reply.status(204).send(null); });

  app.get('/attendance/minimum-staffing', {
    config: { permission: 'attendance.read' },
    schema: { tags, summary: 'The minimum staffing of each watch', response: { 200: Type.Array(Type.Object({ shift: Type.String(), minimum: Type.Integer(), setByName: Type.String(), setAt: Type.String() })) } },
  }, async () => minimumList(ctx));

  app.put('/attendance/minimum-staffing', {
    config: { permission: 'attendance.record' },
    schema: {
      tags, summary: 'Set a watch’s minimum staffing (null removes it); the commanding officer’s',
      body: Type.Object({ shift: text(100), minimum: N(Type.Integer({ minimum: 0, maximum: 500 })) }, Strict), response: { 204: Type.Null() },
    },
  }, async (request, reply) => { await setMinimum(ctx, authOf(request).actor, request.body); return reply.status(204).send(null); });

  app.get('/attendance/employees', {
    config: { permission: 'attendance.record' },
    schema: { tags, summary: 'Whom an entry can be about: employees with a login that is not disabled, by name', response: { 200: Type.Array(Type.Object({ login: Type.String(), name: Type.String() })) } },
  }, async () => employees(ctx));
};
