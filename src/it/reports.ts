/** The three registers an auditor asks for: changes (§C), media with sanitization and destruction (§G.2, §I), the server room (§G.1). */
import type { AppContext } from '../core/context.ts';
import { displayNames } from '../identity/people.ts';
import { CLAUSE, MEDIA_TYPES, type MediaType } from './model.ts';
import { agencyTime, type Register } from './registers.ts';
import { roomAccess, visitors } from './room.ts';
import { changeRequests, mediaRegister } from './service.ts';

export const REGISTERS = ['changes', 'media', 'room'] as const;
export type RegisterName = (typeof REGISTERS)[number];

async function changes(ctx: AppContext): Promise<Register> {
  const zone = ctx.config.agency.timeZone;
  const requests = await changeRequests(ctx);
  const nameOf = await displayNames(ctx.db, requests.flatMap((r) => [r.decided_by, r.completed_by]));
  const rows = requests.map((r) => [
    String(r.number), `${r.kind} ${r.action}`, r.requested_by, r.helpdesk_ticket ?? '', r.computer, r.what, r.why, r.licence ?? (r.kind === 'software' ? '(none recorded)' : ''),
    r.status, r.decided_by ? `${nameOf(r.decided_by)} ${agencyTime(zone, r.decided_at)}` : '', r.completed_by ? `${nameOf(r.completed_by)} ${agencyTime(zone, r.completed_at)}` : '',
  ]);
  return {
    title: 'Software and hardware change requests', clause: `${CLAUSE.changes}, ${CLAUSE.licence}`, rows,
    columns: [{ label: 'No.', width: 30 }, { label: 'Change', width: 75 }, { label: 'Asked by', width: 70 }, { label: 'Ticket', width: 50 }, { label: 'Computer', width: 65 },
      { label: 'What', width: 100 }, { label: 'Why', width: 90 }, { label: 'Licence', width: 80 }, { label: 'Status', width: 55 }, { label: 'Decided (Chief)', width: 52 }, { label: 'Done', width: 53 }],
  };
}

async function media(ctx: AppContext): Promise<Register> {
  const register = await mediaRegister(ctx);
  const nameOf = await displayNames(ctx.db, register.flatMap((m) => [m.destruction?.locked_by, m.destruction?.witnessed_by]));
  const rows = register.map((m) => {
    const s = m.sanitizations[0];
    const d = m.destruction;
    return [
      m.serial, MEDIA_TYPES[m.media_type as MediaType] ?? m.media_type, m.description, m.holds_cjis ? 'yes' : 'no', m.location, m.status.replaceAll('_', ' '),
      s ? `${s.method === 'overwrite' ? `overwrite ×${s.passes}` : 'degauss'} by ${s.performed_by} ${s.performed_on}` : '',
      d ? `case ${d.case_label} locked by ${nameOf(d.locked_by)}` : '',
      d?.destroyed_on ? `${d.destroyed_on} by ${d.vendor}, witness ${d.witnessed_by && nameOf(d.witnessed_by)}` : '',
      d?.certificate_sha256 ? `${d.certificate_number ?? ''} serial ${d.certificate_serial} dated ${d.certificate_date}` : '',
    ];
  });
  return {
    title: 'Electronic media register', clause: `${CLAUSE.media}, ${CLAUSE.sanitize}, ${CLAUSE.dispose}`, rows,
    columns: [{ label: 'Serial', width: 70 }, { label: 'Type', width: 60 }, { label: 'Description', width: 85 }, { label: 'CJIS', width: 28 }, { label: 'Stored at', width: 70 },
      { label: 'Status', width: 60 }, { label: 'Sanitized', width: 95 }, { label: 'Locked case', width: 70 }, { label: 'Destroyed', width: 95 }, { label: 'Certificate', width: 87 }],
  };
}

async function room(ctx: AppContext, from: Date, to: Date): Promise<Register> {
  const zone = ctx.config.agency.timeZone;
  const access = (await roomAccess(ctx, from, to)).map((a) => [agencyTime(zone, a.at), 'access', a.person, a.badge, a.door, a.result, '']);
  const visits = (await visitors(ctx)).filter((v) => v.entered_at >= from && v.entered_at <= to)
    .map((v) => [agencyTime(zone, v.entered_at), 'escorted visit', `${v.visitor}${v.organization ? ` (${v.organization})` : ''}`, '', v.purpose, v.left_at ? `left ${agencyTime(zone, v.left_at)}` : 'still inside', `escort ${v.escort}`]);
  return {
    title: 'Server room access and escorted visitors', clause: CLAUSE.room, rows: [...access, ...visits].sort((a, b) => b[0]!.localeCompare(a[0]!)),
    columns: [{ label: 'Time', width: 90 }, { label: 'Kind', width: 70 }, { label: 'Person', width: 150 }, { label: 'Badge', width: 70 }, { label: 'Door / purpose', width: 150 }, { label: 'Result', width: 90 }, { label: 'Escort', width: 100 }],
  };
}

export function buildRegister(ctx: AppContext, name: RegisterName, from: Date, to: Date): Promise<Register> {
  if (name === 'changes') return changes(ctx);
  if (name === 'media') return media(ctx);
  return room(ctx, from, to);
}
