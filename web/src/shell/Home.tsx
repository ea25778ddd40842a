import { useEffect, useState } from 'react';
import { api, type Me } from '../shared/api.ts';
import { useRoles } from '../shared/roles.ts';
import type { Static } from 'typebox';
import type * as AgencySchemas from '../../../src/agency/schemas.ts';
import type { HealthAnswer } from '../../../src/core/health.ts';

type Health = Static<typeof HealthAnswer>;
type Agency = Static<typeof AgencySchemas.AgencyAnswer>;

export function Home({ me }: { me: Me }) {
  const [health, setHealth] = useState<Health | null>(null);
  const [agency, setAgency] = useState<Agency | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roles = useRoles();
  useEffect(() => {
    api<Health>('/api/health').then(setHealth, (e: Error) => setError(e.message));
    api<Agency>('/api/v1/agency').then(setAgency, () => undefined);
  }, []);
  const { user } = me;
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">Signed in as {user.firstName} {user.lastName}</h2>
      <dl className="facts">
        <dt>Login</dt><dd>{user.username}</dd>
        {user.badge && (<><dt>Badge</dt><dd>{user.badge}</dd></>)}
        {user.unit && (<><dt>Unit</dt><dd>{user.unit}</dd></>)}
        {roles.list.length > 0 && (<><dt>Roles</dt><dd data-testid="roles">{user.roles.map(roles.name).join(', ')}</dd></>)}
        {agency && (<><dt>Agency</dt><dd>{agency.name} (ORI {agency.ori})</dd></>)}
      </dl>
      <h3>Server</h3>
      {health ? (
        <p data-testid="health">
          <span className={`status status-${health.status}`}>{health.status === 'ok' ? 'Healthy' : health.status}</span>
          {' '}— database {health.database === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL'}, version {health.version}
        </p>
      ) : error ? <p role="alert">Server health unknown: {error}</p> : <p>Checking the server…</p>}
    </section>
  );
}
