import { useCallback, useEffect, useState } from 'react';
import { api, roles as roleTable, type Me } from '../shared/api.ts';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import { When, Who } from '../shared/When.tsx';
import { problemText } from '../shared/problem.ts';

type RoleChange = Static<typeof Identity.RoleChangeView>;


/**
 * Two people for privilege: role changes that grant or remove the system administrator
 * role, or a role reading juvenile or CJIS data, wait here for a second administrator or
 * the chief. Nobody approves their own request, their own login, or a login they created
 * within the last day.
 */
export function RoleApprovals({ me, refreshKey = 0 }: { me: Me; refreshKey?: number }) {
  const [waiting, setWaiting] = useState<RoleChange[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [roleNames, setRoleNames] = useState<Record<string, string>>({});
  useEffect(() => { roleTable().then((all) => setRoleNames(Object.fromEntries(all.map((r) => [r.role, r.name]))), () => undefined); }, []);
  const names = (list: string[]) => (list.length ? list.map((r) => roleNames[r] ?? r).join(', ') : 'none');
  const load = useCallback(() => { api<RoleChange[]>('/api/v1/users/role-changes').then(setWaiting, () => setWaiting([])); }, []);
  useEffect(load, [load, refreshKey]);
  const canApprove = me.permissions.includes('users.approve_roles');
  const decide = async (change: RoleChange, approve: boolean) => {
    setError(null);
    try {
      await api(`/api/v1/users/role-changes/${change.id}/${approve ? 'approve' : 'refuse'}`, { method: 'POST' });
      setNote(`${approve ? 'Approved' : 'Refused'}: roles of ${change.name ?? change.username}`);
      load();
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="approvals-title">
      <h3 id="approvals-title">Role changes waiting for a second person</h3>
      {note && <p role="status">{note}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {waiting.length === 0 ? <p className="hint">None waiting.</p> : (
        <table className="table" aria-label="Role changes waiting">
          <thead><tr><th>Person</th><th>From</th><th>To</th><th>Asked by</th><th>Actions</th></tr></thead>
          <tbody>
            {waiting.map((c) => (
              <tr key={c.id} data-username={c.username}>
                <td><Who name={c.name} login={c.username} /></td><td>{names(c.beforeRoles)}</td><td>{names(c.roles)}</td>
                <td><Who name={c.requestedByName} login={c.requestedBy} /><br /><span className="hint"><When at={c.requestedAt} /></span></td>
                <td className="row-actions">
                  {canApprove && <button type="button" onClick={() => void decide(c, true)}>Approve</button>}
                  <button type="button" onClick={() => void decide(c, false)}>Refuse</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The chief's (or an approving administrator's) own page of waiting role changes. */
export function RoleApprovalsPage({ me }: { me: Me }) {
  return (
    <section aria-labelledby="role-approvals-title">
      <h2 id="role-approvals-title">Role approvals</h2>
      <RoleApprovals me={me} />
    </section>
  );
}
