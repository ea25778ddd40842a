/**
 * Leave balances and minimum staffing (S-110 §A.1.i). The commanding officer sets each employee's
 * leave plan per type (an accrual per pay period, a yearly grant, or none) and each watch's minimum
 * staffing; absences recorded as vacation, sick or personal leave draw the balance down, and one
 * that would take it below zero is refused unless recorded with an override (kept on the entry and
 * in its audit row). Every write and its audit row are one transaction.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest } from '../core/errors.ts';
import { enforce, refuse } from '../core/decision.ts';
import { agencyDate } from '../core/clock.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { displayNames, personByUsername } from '../identity/people.ts';
import { permissionsOf } from '../core/permissions.ts';
import { Forbidden } from '../core/errors.ts';
import { balance, hoursTaken, LEAVE_TYPES, leaveAllowed, planProblem, planWords, type LeaveMode, type LeavePlan, type LeaveType } from './leave-rules.ts';
import { CLAUSE } from './rules.ts';
import * as store from './store.ts';

type Q = Db | Tx;
const today = (ctx: AppContext) => agencyDate(ctx.config.agency.timeZone, ctx.clock.now());
const planOf = (r: Awaited<ReturnType<typeof store.leavePlans>>[number]): LeavePlan => ({
  mode: r.mode, hours: Number(r.hours), periodDays: r.period_days, startsOn: r.starts_on, openingHours: Number(r.opening_hours),
});

/** Leave plans and minimum staffing are the commanding officer's to set (S-110 §A.1.i). */
function commanderOnly(actor: Actor): void {
  if (!actor.roles.includes('commanding_officer')) {
    enforce(refuse('attendance.commanding_officer_only', CLAUSE, 'Leave plans and minimum staffing are set by the commanding officer.', 403));
  }
}

export interface PlanInput { employee: string; leaveType: LeaveType; mode: LeaveMode; hours: number; periodDays?: number | undefined; startsOn: string; openingHours?: number | undefined }

/** Set an employee's plan for one type of leave; the earlier plan stays in the history. */
export async function setLeavePlan(ctx: AppContext, actor: Actor, input: PlanInput): Promise<void> {
  commanderOnly(actor);
  const person = await personByUsername(ctx.db, input.employee);
  if (!person) throw new BadRequest('request.invalid', `body.employee names no employee ("${input.employee}")`, { field: 'body.employee' });
  enforce(planProblem(input));
  await inTransaction(ctx.db, async (tx) => {
    const row = await store.insertLeavePlan(tx, { username: person.username, leaveType: input.leaveType, mode: input.mode, hours: input.hours, periodDays: input.periodDays ?? null, startsOn: input.startsOn, openingHours: input.openingHours ?? 0, by: actor.username });
    await recordAudit(tx, {
      actor, action: 'attendance.leave_plan_set', subject: { type: 'attendance_leave_plan', id: row.id }, outcome: 'allowed',
      detail: { employee: person.username, leaveType: input.leaveType, mode: input.mode, hours: input.hours, periodDays: input.periodDays ?? null, startsOn: input.startsOn, openingHours: input.openingHours ?? 0, clause: CLAUSE },
    });
  });
}

/** Each employee's balance per type of leave that has a plan, as of today, by name (attendance.read), or one's own (attendance.own). */
export async function leaveBalances(ctx: AppContext, actor: Actor, employee?: string) {
  const whose = permissionsOf(actor.roles).has('attendance.read') ? employee : actor.username;
  if (employee && whose !== employee) throw new Forbidden('attendance.own_only', 'You may read your own attendance only (S-110 §A.1.i).');
  const [plans, absences] = await Promise.all([store.leavePlans(ctx.db, whose), store.leaveAbsences(ctx.db, whose)]);
  const name = await displayNames(ctx.db, plans.flatMap((p) => [p.username, p.set_by]));
  const day = today(ctx);
  return plans.map((p) => {
    const plan = planOf(p);
    const taken = absences.filter((a) => a.username === p.username && a.reason === p.leave_type).map((a) => ({ date: a.work_date, startsAt: a.starts_at, endsAt: a.ends_at }));
    return {
      employee: p.username, name: name(p.username), leaveType: p.leave_type, mode: p.mode, hours: plan.hours, periodDays: p.period_days, startsOn: p.starts_on,
      openingHours: plan.openingHours, plan: planWords(plan), ...balance(plan, taken, day), setByName: name(p.set_by), setAt: p.set_at.toISOString(),
    };
  }).sort((a, b) => a.name.localeCompare(b.name) || LEAVE_TYPES.indexOf(a.leaveType) - LEAVE_TYPES.indexOf(b.leaveType));
}

/**
 * For an absence with a leave reason whose type has a plan: the hours it takes and the balance
 * after it (credited up to the absence's date); refused when below zero without an override.
 * `exceptId`: the entry a correction replaces (its hours are not counted twice).
 */
export async function checkLeave(q: Q, entry: { username: string; date: string; kind: string; reason: string | null; startsAt: Date | null; endsAt: Date | null }, override: string | null, exceptId?: string) {
  if (entry.kind !== 'absent' || !(LEAVE_TYPES as readonly string[]).includes(entry.reason ?? '')) return null;
  const type = entry.reason as LeaveType;
  const plan = (await store.leavePlans(q, entry.username)).find((p) => p.leave_type === type);
  if (!plan) return null;
  const taken = (await store.leaveAbsences(q, entry.username, exceptId)).filter((a) => a.reason === type).map((a) => ({ date: a.work_date, startsAt: a.starts_at, endsAt: a.ends_at }));
  const needs = hoursTaken(entry);
  const after = balance(planOf(plan), [...taken, entry], entry.date).balance;
  enforce(leaveAllowed(type, after, needs, override));
  return { leaveType: type, hours: needs, balanceAfter: after, override: after < 0 ? override : null };
}

/** The minimum staffing set for each watch (a roster shift, by name). */
export async function minimums(q: Q): Promise<Map<string, number>> {
  return new Map((await store.minimumStaffing(q)).map((r) => [r.shift, r.minimum]));
}

export async function minimumList(ctx: AppContext) {
  const rows = await store.minimumStaffing(ctx.db);
  const name = await displayNames(ctx.db, rows.map((r) => r.set_by));
  return rows.map((r) => ({ shift: r.shift, minimum: r.minimum, setByName: name(r.set_by), setAt: r.set_at.toISOString() }));
}

/** Set (or, with null, remove) a watch's minimum staffing. */
export async function setMinimum(ctx: AppContext, actor: Actor, input: { shift: string; minimum: number | null }): Promise<void> {
  commanderOnly(actor);
  const shift = input.shift.trim();
  if (!shift) throw new BadRequest('request.invalid', 'body.shift names the watch (a roster shift)', { field: 'body.shift' });
  await inTransaction(ctx.db, async (tx) => {
    const before = await store.setMinimumStaffing(tx, shift, input.minimum, actor.username, ctx.clock.now());
    await recordAudit(tx, { actor, action: 'attendance.minimum_staffing_set', subject: { type: 'attendance_min_staffing', id: shift }, outcome: 'allowed', detail: { shift, before, minimum: input.minimum, clause: CLAUSE } });
  });
}
