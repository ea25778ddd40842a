/** Vehicles (S-110 §A.1.y) and the business directory with after-hours contacts (§A.1.c). */
import type { AppContext } from '../core/context.ts';
import { NotFound } from '../core/errors.ts';
import { inTransaction } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { may } from './access.ts';
import { linkedRecords } from './names.ts';
import type { EmergencyContact } from '../db/tables/records.ts';
import { plateKey } from './rules.ts';
import type { Actor } from '../core/actor.ts';

export interface NewVehicle { plate?: string | undefined; state?: string | undefined; vin?: string | undefined; make?: string | undefined; model?: string | undefined; color?: string | undefined; year?: number | undefined }

export async function createVehicle(ctx: AppContext, actor: Actor, input: NewVehicle): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.insertInto('vehicle').values({
      plate: input.plate?.trim().toUpperCase() || null, plate_key: input.plate ? plateKey(input.plate) : null, state: input.state?.toUpperCase() ?? null, vin: input.vin?.trim().toUpperCase() || null,
      make: input.make ?? null, model: input.model ?? null, color: input.color ?? null, year: input.year ?? null, created_by: actor.username,
    }).returning('id').executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'records.vehicle.created', subject: { type: 'vehicle', id: row.id }, actor });
    return { id: row.id };
  });
}

export async function getVehicle(ctx: AppContext, actor: Actor, id: string) {
  const v = await ctx.db.selectFrom('vehicle').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw new NotFound('vehicle.not_found', `no vehicle ${id}`);
  const records = await linkedRecords(ctx.db, 'vehicle', [id]);
  return {
    id: v.id, plate: v.plate, state: v.state, vin: v.vin, make: v.make, model: v.model, color: v.color, year: v.year,
    records: records.filter((r) => !r.juvenile || may(actor, 'records.juvenile')),
  };
}

export interface NewBusiness { name: string; address: string; phone?: string | undefined; emergencyContacts?: EmergencyContact[] | undefined }

export async function createBusiness(ctx: AppContext, actor: Actor, input: NewBusiness): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.insertInto('business').values({
      name: input.name.trim(), address: input.address.trim(), phone: input.phone ?? null,
      emergency_contacts: JSON.stringify(input.emergencyContacts ?? []), created_by: actor.username,
    }).returning('id').executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'records.business.created', subject: { type: 'business', id: row.id }, actor });
    return { id: row.id };
  });
}

export async function getBusiness(ctx: AppContext, actor: Actor, id: string) {
  const b = await ctx.db.selectFrom('business').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw new NotFound('business.not_found', `no business ${id}`);
  const records = await linkedRecords(ctx.db, 'business', [id]);
  return {
    id: b.id, name: b.name, address: b.address, phone: b.phone, emergencyContacts: b.emergency_contacts,
    records: records.filter((r) => !r.juvenile || may(actor, 'records.juvenile')),
  };
}
