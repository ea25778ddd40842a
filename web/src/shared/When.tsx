import { useAgencyZone } from './agency.ts';
import { clock, day, minute, stamp } from './time.ts';

const FORMATS = { stamp, minute, clock, day };

/**
 * A moment as every screen shows it: on the agency's 24-hour clock in the agency's zone,
 * never the workstation's ("2026-11-25 14:05" by default). Nothing is shown until the
 * agency's zone is known, and "—" when there is no moment.
 */
export function When({ at, as = 'minute' }: { at: string | null | undefined; as?: keyof typeof FORMATS }) {
  const zone = useAgencyZone();
  if (!at) return <>—</>;
  return <time dateTime={at}>{zone ? FORMATS[as](at, zone) : ''}</time>;
}

/** A person by name and badge ("Jordan O’Brien #311"), the login in the tooltip. */
export function Who({ name, login }: { name: string | null | undefined; login: string | null | undefined }) {
  if (!login) return <>—</>;
  return <span title={login}>{name || login}</span>;
}
