import type { AppContext } from '../../core/context.ts';
import { BadRequest } from '../../core/errors.ts';
import { inTransaction, type Db } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { aliLayouts } from '../ali/service.ts';
import { PRESET_LAYOUTS, type AliLayout } from '../ali/layouts.ts';
import { holdLimitSeconds } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { writeSetting } from '../../core/settings.ts';
import { NEARBY_METRES, nearbyMetres } from '../../geo/service.ts';
import { ALI_DEFAULT_LAYOUT, ALI_LAYOUTS } from '../ali/service.ts';
import { HOLD_LIMIT } from './store.ts';

/** The call-taking settings an administrator keeps (setting table). */
export interface CallSettings {
  /** 81A §C "Placing Calls on Hold": after this long a held call comes back to the top of the queue. */
  holdLimitSeconds: number;
  /** The agency's own ALI layouts, beside the presets. */
  aliLayouts: AliLayout[];
  /** The layout spills are read with unless a request names another. */
  aliDefaultLayout: string;
  /** 81A §C "Multiple Calls": a new call this near an open incident is offered it; reverse lookup reaches this far (geo.nearbyMetres). */
  nearbyMetres: number;
}

export async function callSettings(db: Db): Promise<CallSettings> {
  const [hold, ali, nearby] = await Promise.all([holdLimitSeconds(db), aliLayouts(db), nearbyMetres(db)]);
  const presets = new Set(PRESET_LAYOUTS.map((l) => l.name));
  return { holdLimitSeconds: hold, aliLayouts: ali.layouts.filter((l) => !presets.has(l.name)), aliDefaultLayout: ali.defaultLayout, nearbyMetres: nearby };
}

/** Change the call-taking settings; each change is an event, and the request is audited. */
export async function changeCallSettings(ctx: AppContext, actor: Actor, change: Partial<CallSettings>): Promise<CallSettings> {
  const current = await callSettings(ctx.db);
  const layouts = change.aliLayouts ?? current.aliLayouts;
  const presetClash = layouts.find((l) => PRESET_LAYOUTS.some((p) => p.name === l.name));
  if (presetClash) throw new BadRequest('ali.layout_name_taken', `"${presetClash.name}" is a preset; give the agency's layout another name.`);
  const badSpan = layouts.find((l) => Object.values(l.fields).some((f) => f && f.line >= l.lines));
  if (badSpan) throw new BadRequest('ali.layout_invalid', `Layout "${badSpan.name}" places a field on a line beyond its ${badSpan.lines} lines.`);
  const names = [...PRESET_LAYOUTS, ...layouts].map((l) => l.name);
  const defaultLayout = change.aliDefaultLayout ?? current.aliDefaultLayout;
  if (!names.includes(defaultLayout)) throw new BadRequest('ali.unknown_layout', `There is no ALI layout "${defaultLayout}" (${names.join(', ')}).`);
  const next: CallSettings = { holdLimitSeconds: change.holdLimitSeconds ?? current.holdLimitSeconds, aliLayouts: layouts, aliDefaultLayout: defaultLayout, nearbyMetres: change.nearbyMetres ?? current.nearbyMetres };
  await inTransaction(ctx.db, async (tx) => {
    await writeSetting(tx, HOLD_LIMIT, next.holdLimitSeconds);
    await writeSetting(tx, ALI_LAYOUTS, next.aliLayouts);
    await writeSetting(tx, ALI_DEFAULT_LAYOUT, next.aliDefaultLayout);
    await writeSetting(tx, NEARBY_METRES, next.nearbyMetres);
    await appendEvent(tx, { kind: 'calls.settings_changed', subject: { type: 'setting', id: 'calls' }, actor, payload: { ...next } });
  });
  return next;
}
