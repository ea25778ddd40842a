import { RoleApprovals } from './RoleApprovals.tsx';
import { useState, type FormEvent } from 'react';
import { api, type Me } from '../shared/api.ts';
import { useRoles } from '../shared/roles.ts';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import { SessionTable } from '../account/Sessions.tsx';
import '../account/account.css';
import { When } from '../shared/When.tsx';
import { problemText } from '../shared/problem.ts';
import { More, usePaged } from '../shared/paged.tsx';
import { AuditTrailLink } from '../shared/audit-link.tsx';

type UserRow = Static<typeof Identity.UserAdminView>;

const message = (e: unknown) => problemText(e, 'Something went wrong.');

function RolePicker({ value, onChange, legend }: { value: string[]; onChange: (roles: string[]) => void; legend: string }) {
  const roles = useRoles();
  return (
    <fieldset className="role-picker">
      <legend>{legend}</legend>
      {roles.list.map(({ role: r, name }) => (
        <label key={r} className="check">
          <input type="checkbox" checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} />
          {name}
        </label>
      ))}
    </fieldset>
  );
}

function AddUser({ onAdded }: { onAdded: (note: string) => void }) {
  const [form, setForm] = useState({ username: '', firstName: '', lastName: '', badge: '', unit: '' });
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof form, label: string, required = true) => (
    <label>{label} <input name={name} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} required={required} /></label>
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = { username: form.username, firstName: form.firstName, lastName: form.lastName, roles, ...(form.badge ? { badge: form.badge } : {}), ...(form.unit ? { unit: form.unit } : {}) };
      const result = await api<Static<typeof Identity.UsersPostAnswer>>('/api/v1/users', { method: 'POST', body });
      onAdded(`Added ${form.firstName} ${form.lastName} (login ${form.username}). Initial password (shown once, changed at first sign-in): ${result.initialPassword}`);
      setForm({ username: '', firstName: '', lastName: '', badge: '', unit: '' });
      setRoles([]);
    } catch (e) {
      setError(message(e));
    }
  }
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a user">
      <p className="hint">Every login belongs to one named person; no shared or generic logins (S-110 §D.7).</p>
      {field('username', 'Login')}{field('firstName', 'First name')}{field('lastName', 'Last name')}
      {field('badge', 'Badge or employee number', false)}{field('unit', 'Unit or bureau', false)}
      <RolePicker value={roles} onChange={setRoles} legend="Roles" />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">Add user</button>
    </form>
  );
}

function UserActions({ user, me, run }: { user: UserRow; me: Me; run: (label: string, path: string, body?: unknown) => void }) {
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState(user.roles);
  const self = user.username === me.user.username;
  const base = `/api/v1/users/${encodeURIComponent(user.username)}`;
  if (self) return <span className="hint">your own login: another administrator changes it</span>;
  const who = `${user.firstName} ${user.lastName}`; // notes name the person; the login is in its own column
  return (
    <div className="row-actions">
      {editing ? (
        <>
          <RolePicker value={roles} onChange={setRoles} legend={`Roles of ${who}`} />
          <button type="button" onClick={() => { run(`Roles of ${who} saved`, `${base}/roles`, { roles }); setEditing(false); }}>Save roles</button>
          <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </>
      ) : <button type="button" onClick={() => setEditing(true)}>Roles…</button>}
      {user.lockedUntil && <button type="button" onClick={() => run(`${who} unlocked`, `${base}/unlock`)}>Unlock</button>}
      {user.disabledAt
        ? <button type="button" onClick={() => run(`${who} enabled`, `${base}/enable`)}>Enable</button>
        : <button type="button" onClick={() => {
          const reason = window.prompt(`Why disable ${who}? (kept in the audit trail)`);
          if (reason) run(`${who} disabled`, `${base}/disable`, { reason });
        }}>Disable…</button>}
      {user.mfaEnrolled && <button type="button" onClick={() => run(`Authenticator of ${who} reset`, `${base}/mfa-reset`)}>Reset MFA</button>}
      <button type="button" onClick={() => run(`password-reset:${who}`, `${base}/password-reset`)}>Reset password</button>
    </div>
  );
}

/** User administration for system administrators (S-110 §D). */
export function Users({ me }: { me: Me }) {
  const roles = useRoles();
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = usePaged<UserRow>('/api/v1/users', (e) => setError(message(e)));
  const users = list.items ?? [];
  const load = () => void list.reload();

  const run = async (label: string, path: string, body?: unknown) => {
    setError(null);
    setNote(null);
    try {
      const result = await api<Partial<Static<typeof Identity.UsersPostAnswer> & Static<typeof Identity.RolesAnswer>> | undefined>(path, { method: path.endsWith('/roles') ? 'PUT' : 'POST', body });
      setNote(label.startsWith('password-reset:')
        ? `New initial password for ${label.slice(15)} (shown once, changed at next sign-in): ${result?.initialPassword ?? ''}`
        : result?.pending ? `${label.replace(/ saved$/, '')}: waiting for a second administrator or the chief to approve (a privileged role)` : label);
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {note && <p role="status" className="once" data-testid="admin-note">{note}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <table className="table" aria-label="Users">
        <thead><tr><th>Name</th><th>Login</th><th>Roles</th><th>State</th><th>Last sign-in</th><th>Actions</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.username} data-username={u.username}>
              <td>{u.firstName} {u.lastName}{u.badge ? ` (${u.badge})` : ''}<br /><span className="hint">{u.unit}</span></td>
              <td>{u.username}{' '}<AuditTrailLink permissions={me.permissions} filter={{ person: u.username }} label="Audit trail" name={`Audit trail of ${u.firstName} ${u.lastName}`} /></td>
              <td>{u.roles.map(roles.name).join(', ')}</td>
              <td>
                {u.disabledAt ? <span className="tag bad" title={u.disabledReason ?? ''}>disabled</span> : <span className="tag good">active</span>}
                {u.lockedUntil && <span className="tag bad">locked</span>}
                <span className="tag">{u.mfaEnrolled ? 'MFA' : 'no MFA'}</span>
                {u.disabledReason && <div className="hint">{u.disabledReason}</div>}
              </td>
              <td>{u.lastSignInAt ? <When at={u.lastSignInAt} /> : 'never'}</td>
              <td><UserActions user={u} me={me} run={(label, path, body) => void run(label, path, body)} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <More list={list} label="users" />
      <RoleApprovals me={me} refreshKey={users.length + (note?.length ?? 0)} />
      <section className="panel" aria-labelledby="add-user-title">
        <h3 id="add-user-title">Add a user</h3>
        <AddUser onAdded={(n) => { setNote(n); load(); }} />
      </section>
    </section>
  );
}

/** Everyone's open sessions, for an administrator to end (S-110 §D). */
export function AllSessions() {
  return (
    <section aria-labelledby="all-sessions-title">
      <h2 id="all-sessions-title">Open sessions</h2>
      <SessionTable list="/api/v1/sessions" endPath="/api/v1/sessions" showUser />
    </section>
  );
}
