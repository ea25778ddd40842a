import { Type, type Static } from 'typebox';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { AgencyProfile } from '../core/config.ts';
import { defineSetting, readSetting, writeSetting } from '../core/settings.ts';
import { appendEvent } from '../core/events/log.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db } from '../db/index.ts';
import { roleUsedFor } from '../core/permissions.ts';

/**
 * The parts of the agency profile an administrator changes at run time (name, address, phone,
 * business and court hours). The ORI, time zone and trusted networks stay in the config file
 * (`PRECINCT_CONFIG`) and environment: they decide numbering, dates and who signs in from where,
 * and change with a restart. A stored change wins over the config file's value.
 */
const { name, address, phone, businessHours, courtHours } = AgencyProfile.properties;
export const EditableProfile = Type.Object({ name, address, phone, businessHours, courtHours }, { additionalProperties: false });
export type EditableProfile = Static<typeof EditableProfile>;

const PROFILE = defineSetting<Partial<EditableProfile> | null>('agency.profile', null);

type Profile = AppContext['config']['agency'];

function editablePart(profile: Profile): EditableProfile {
  const { name, address, phone, businessHours, courtHours } = profile;
  return { name, address, phone, businessHours, courtHours };
}

/** Put the stored changes over the config file's profile (at start, and when another node changes it). */
export async function applyStoredProfile(db: Db, profile: Profile): Promise<void> {
  const stored = await readSetting(db, PROFILE);
  if (stored) Object.assign(profile, stored);
}

/** Re-read the profile when a `agency.changed` event arrives (a change made on another node). Returns the function that stops watching. */
export function watchAgencyProfile(ctx: Pick<AppContext, 'db' | 'hub'>, profile: Profile): () => void {
  return ctx.hub.subscribe(ctx.hub.position, (events) => {
    if (events.some((e) => e.kind === 'agency.changed')) void applyStoredProfile(ctx.db, profile).catch(() => undefined);
  });
}

/** Change the agency profile's editable parts: the setting, its event and its audit row in one transaction. */
export async function changeProfile(ctx: AppContext, actor: Actor, change: EditableProfile): Promise<EditableProfile> {
  const before = editablePart(ctx.config.agency);
  const after: EditableProfile = editablePart({ ...ctx.config.agency, ...change });
  await inTransaction(ctx.db, async (tx) => {
    await writeSetting(tx, PROFILE, after);
    await appendEvent(tx, { kind: 'agency.changed', subject: { type: 'agency', id: 'profile' }, actor, payload: { ...after } });
    await recordAudit(tx, { actor, role: roleUsedFor(actor.roles, 'codes.edit') ?? null, action: 'agency.profile_changed', subject: { type: 'agency', id: 'profile' }, outcome: 'allowed', detail: { before, after } });
  });
  Object.assign(ctx.config.agency, after); // this node at once; the others by the event
  return after;
}
