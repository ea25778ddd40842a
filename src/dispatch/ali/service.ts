import { BadRequest } from '../../core/errors.ts';
import type { Db } from '../../db/index.ts';
import type { Ali } from '../calls/model.ts';
import { DEFAULT_LAYOUT, PRESET_LAYOUTS, type AliLayout } from './layouts.ts';
import { parseSpill, type ParsedSpill } from './parser.ts';
import { defineSetting, readSetting } from '../../core/settings.ts';

/** The presets plus the agency's own layouts (setting `ali.layouts`), and the default (`ali.defaultLayout`). */
export async function aliLayouts(db: Db): Promise<{ layouts: AliLayout[]; defaultLayout: string }> {
  const custom = await readSetting(db, ALI_LAYOUTS);
  const chosen = await readSetting(db, ALI_DEFAULT_LAYOUT);
  const layouts = [...PRESET_LAYOUTS, ...(Array.isArray(custom) ? (custom as AliLayout[]) : [])];
  return { layouts, defaultLayout: typeof chosen === 'string' ? chosen : DEFAULT_LAYOUT };
}

export const ALI_LAYOUTS = defineSetting<AliLayout[] | null>('ali.layouts', null);
export const ALI_DEFAULT_LAYOUT = defineSetting<string | null>('ali.defaultLayout', null);

export function layoutNamed(layouts: AliLayout[], name: string): AliLayout {
  const layout = layouts.find((l) => l.name === name);
  if (!layout) throw new BadRequest('ali.unknown_layout', `There is no ALI layout "${name}" (${layouts.map((l) => l.name).join(', ')}).`);
  return layout;
}

/** The stored ALI of a parsed spill: its fields, plus the gaps of a truncated one for the call-taker to verify. */
export function aliOf(parsed: ParsedSpill): Ali & { spill: { layout: string; problems: string[] } } {
  return { ...parsed.ali, spill: { layout: parsed.layout, problems: parsed.problems.map((p) => `${p.field ?? 'spill'}: ${p.detail}`) } };
}

/**
 * Refuse a spill nobody could act on: garbled (noise, impossible values) or without a
 * callback number. A truncated spill that still has its callback number is kept.
 */
export function acceptSpill(parsed: ParsedSpill): Ali {
  const problems = parsed.problems.map((p) => ({ field: p.field, kind: p.kind, detail: p.detail }));
  if (parsed.garbled) {
    throw new BadRequest('ali.garbled', `The ALI spill is garbled: ${parsed.problems.filter((p) => p.kind === 'garbled').map((p) => p.detail).join('; ')}.`, { problems });
  }
  if (!parsed.ali.callbackNumber) {
    throw new BadRequest('ali.truncated', 'The ALI spill stops before its callback number; take the call without ALI and ask the caller.', { problems });
  }
  return aliOf(parsed);
}

export async function aliFromSpill(db: Db, spill: string, layoutName?: string): Promise<Ali> {
  const { layouts, defaultLayout } = await aliLayouts(db);
  return acceptSpill(parseSpill(spill, layoutNamed(layouts, layoutName ?? defaultLayout)));
}
