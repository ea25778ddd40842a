/**
 * An incident does not close while master keys taken on it are out (O-604 §III.F: "as soon
 * as possible after the termination of the call, the officer who removed the master keys
 * shall return them"). The OIC may close it anyway with a reason: the override is
 * audited and raises an alert that stays until the return is logged (§III.G).
 */
import { Conflict } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { appendEvent } from '../core/events/log.ts';
import { roleUsedFor } from '../core/permissions.ts';
import type { Actor } from '../core/actor.ts';
import type { Tx } from '../db/index.ts';
import type { CloseCheck } from '../dispatch/incidents/closing.ts';
import { clearAlertsIn, raiseAlertIn } from '../dispatch/alerts/service.ts';
import { enforce } from './journal.ts';
import { mayOverrideKeysOut } from './rules.ts';
import * as store from './store.ts';

const CLAUSE = 'O-604 §III.F';

/** The dedupe key of the alert about one access's keys: one alert per access, cleared by its return. */
export const keysOutAlertKey = (accessId: string) => `knox_keys_out:${accessId}`;

interface KeysOut { accessId: string; box: string; building: string; officer: string; officerName: string; removedAt: string | null }

async function keysOut(tx: Tx, incidentNumber: string): Promise<KeysOut[]> {
  const rows = await store.keysOutOn(tx, incidentNumber);
  if (rows.length === 0) return [];
  const names = await store.people(tx, rows.map((r) => r.officer));
  const boxes = new Map((await store.boxes(tx)).map((b) => [b.id, b]));
  return rows.map((r) => ({
    accessId: r.id, box: r.box_id, building: boxes.get(r.box_id)?.building ?? r.box_id,
    officer: r.officer, officerName: store.displayName(names.get(r.officer), r.officer), removedAt: r.removed_at?.toISOString() ?? null,
  }));
}

const described = (out: KeysOut[]) => out.map((k) => `${k.building} (${k.box}) with ${k.officerName === k.officer ? k.officer : `${k.officerName} (${k.officer})`}`).join('; ');

/** The close check the composition root registers with dispatch (src/app/close-checks.ts). */
export const masterKeysBackBeforeClose: CloseCheck = async (tx, actor, incident, override) => {
  const out = await keysOut(tx, incident.number);
  if (out.length === 0) return;
  if (!override) {
    throw new Conflict('knox.master_keys_out', `Master keys are still out: ${described(out)}. Incident ${incident.number} closes once they are logged as returned to the Knox Box; the OIC may close it now with a reason.`, {
      clause: CLAUSE, accesses: out,
    });
  }
  enforce(mayOverrideKeysOut(actor.roles));
  await overrideKeysOut(tx, actor, incident, override.reason, out);
};

async function overrideKeysOut(tx: Tx, actor: Actor, incident: { number: string; confidential: boolean }, reason: string, out: KeysOut[]) {
  const subject = { type: 'incident', id: incident.number };
  const by = { username: actor.username, unit: actor.unit ?? null };
  await appendEvent(tx, { kind: 'knox.close_overridden', subject, actor: by, confidential: incident.confidential, payload: { clause: CLAUSE, reason, keysOut: out } });
  await recordAudit(tx, {
    actor, role: roleUsedFor(actor.roles, 'knox.authorize') ?? null, action: 'knox.close_overridden', subject, outcome: 'allowed', reason,
    detail: { clause: CLAUSE, keysOut: out },
  });
  for (const k of out) {
    await raiseAlertIn(tx, by, {
      kind: 'knox_keys_out', incident: incident.number, confidential: incident.confidential, dedupeKey: keysOutAlertKey(k.accessId),
      title: `Master keys of ${k.building} (${k.box}) still out with ${k.officerName}: incident ${incident.number} closed by ${actor.username} — log their return (O-604 §III.F)`,
      audience: ['dispatchers', 'commanding_officer', k.officer],
      detail: { clause: CLAUSE, accessId: k.accessId, box: k.box, building: k.building, officer: k.officer, removedAt: k.removedAt, overriddenBy: actor.username, reason },
    });
  }
}

/** The return is logged: the alert about this access's keys clears itself (O-604 §III.G). */
export async function clearKeysOutAlert(tx: Tx, actor: Actor, accessId: string): Promise<void> {
  await clearAlertsIn(tx, actor, keysOutAlertKey(accessId), 'master keys logged as returned to the Knox Box (O-604 §III.G)');
}
