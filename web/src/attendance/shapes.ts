/** Shapes as the server answers them (src/attendance/routes.ts), and the words for its codes. */
export interface Entry {
  id: string; employee: string; employeeName: string; date: string; shift: string | null; kind: string; reason: string | null;
  start: string | null; end: string | null; hours: number | null; court: string | null; docket: string | null; caseNumber: string | null; note: string | null;
  corrects: string | null; correctionReason: string | null; correctedBy: string | null; recordedByName: string; recordedAt: string;
  leaveOverride: string | null;
}
export interface RosterDay {
  date: string;
  shifts: { shift: string; rostered: number; absent: number; onDuty: number; minimum: number | null; belowMinimum: boolean; members: { callSign: string | null; assignment: string; employee: string | null; name: string | null; status: string; reason: string | null }[] }[];
  entries: Entry[];
}
export interface Totals {
  employee: string; name: string; badge: string | null; rosteredShifts: number; shiftsWorked: number;
  absentDays: Record<string, number>; courtHours: number; overtimeHours: Record<string, number>;
}

export interface LeaveBalance {
  employee: string; name: string; leaveType: string; mode: string; plan: string; credited: number; taken: number; balance: number; setByName: string; setAt: string;
}
export const LEAVE_TYPES: Record<string, string> = { vacation: 'Vacation', sick: 'Sick', personal: 'Personal' };

export const ABSENCE_REASONS: Record<string, string> = {
  sick: 'Sick', personal: 'Personal', vacation: 'Vacation / annual leave', injured_on_duty: 'Injured on duty', bereavement: 'Bereavement', military: 'Military', training: 'Training',
};
export const OVERTIME_REASONS: Record<string, string> = { shift_coverage: 'Shift coverage', court: 'Court', detail: 'Detail', call_back: 'Call-back' };
export const KINDS: Record<string, string> = { absent: 'Absent', court: 'Court time', overtime: 'Overtime', withdrawn: 'Withdrawn' };

export const reasonWords = (reason: string | null) => (reason ? ABSENCE_REASONS[reason] ?? OVERTIME_REASONS[reason] ?? reason : '');
const hours = (h: number) => `${h} h`;

/** One line for an entry: "Absent — sick", "Court time 3 h, Hampshire District Court 2611CR000123". */
export function entryWords(e: Entry): string {
  if (e.kind === 'absent') return `Absent — ${reasonWords(e.reason).toLowerCase()}${e.leaveOverride ? ` (below zero, override: ${e.leaveOverride})` : ''}`;
  if (e.kind === 'court') return `Court time ${hours(e.hours ?? 0)}, ${[e.court, e.docket].filter(Boolean).join(' ')}`;
  if (e.kind === 'overtime') return `Overtime ${hours(e.hours ?? 0)}, ${reasonWords(e.reason).toLowerCase()}${e.caseNumber ? `, case ${e.caseNumber}` : ''}`;
  return 'Withdrawn (made in error)';
}
