import type { Me } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import type { Incident, Unit } from './types.ts';
import { FLOOR_PATHS, VERBS, type Command } from './commands.ts';
import { refusalText, runQuery, showResult } from '../cjis/api.ts';
import {
  addNote, closeIncident, contactMade, KEYS_OUT, markConfidential, dispatchUnits, initiate, openIncident, OVERRIDABLE, problemCode, problemText, recommendation, setUnitStatus, standby, unanswered,
} from './actions.ts';

/** What a command came to, as the command line shows it. */
export interface Outcome {
  kind: 'ok' | 'error' | 'override';
  text: string;
  /** For a refused dispatch a commanding officer may override: send it again with a reason (81A §E.1.b.ii). */
  retry?: (reason: string) => void;
  /** The server's stable code, shown only on a details line. */
  code?: string;
}

const STATUS_OF = { ER: 'en_route', AR: 'arrived', AV: 'available', OS: 'out_of_service' } as const;

export interface Context {
  me: Me;
  selected: string | null;
  select: (number: string) => void;
  /** Read an incident again (a change made elsewhere, such as a CJIS answer on its timeline). */
  refresh: (number: string) => void;
  /** The record an action's answer carries: into the live store, no refetch. */
  accept: (incident: Incident) => void;
  acceptUnit: (unit: Unit) => void;
  report: (outcome: Outcome | null) => void;
}

/** Dispatch, with the policy refusal turned into an override prompt for a commanding officer (81A §E.1.b.ii, §E.3, §E.4). */
async function dispatch(number: string, units: string[], ctx: Context, overrideReason?: string): Promise<void> {
  try {
    ctx.accept(await dispatchUnits(number, units, overrideReason));
    ctx.select(number);
    ctx.report({ kind: 'ok', text: `${units.join(' ')} dispatched to ${number}${overrideReason ? ' (override recorded)' : ''}` });
  } catch (e) {
    const code = problemCode(e);
    if (code && OVERRIDABLE.includes(code) && !overrideReason) {
      if (ctx.me.permissions.includes('dispatch.override')) {
        ctx.report({ kind: 'override', text: `${problemText(e)} — override as commanding officer?`, retry: (reason) => void dispatch(number, units, ctx, reason) });
      } else {
        ctx.report({ kind: 'error', text: `${problemText(e)} — only a commanding officer can override (81A §E.1.b.ii)` });
      }
      return;
    }
    throw e;
  }
}

/** Close, with the refusal for master keys still out turned into an override prompt for the OIC (O-604 §III.F). */
async function close(number: string, disposition: string, ctx: Context, overrideReason?: string): Promise<void> {
  try {
    ctx.accept(await closeIncident(number, disposition, overrideReason));
    ctx.report({ kind: 'ok', text: `${number} closed (${disposition})${overrideReason ? ' — override recorded; the alert stays until the master keys are returned' : ''}` });
  } catch (e) {
    if (problemCode(e) === KEYS_OUT && !overrideReason) {
      if (ctx.me.permissions.includes('knox.authorize')) {
        ctx.report({ kind: 'override', text: `${problemText(e)} — close anyway as OIC?`, retry: (reason) => void close(number, disposition, ctx, reason) });
      } else {
        ctx.report({ kind: 'error', text: problemText(e) });
      }
      return;
    }
    throw e;
  }
}

function incidentOf(command: { incident: string | null }, ctx: Context): string {
  const number = command.incident ?? ctx.selected;
  if (!number) throw new Error('select an incident or type its number (like 26-00042)');
  return number;
}

async function run(command: Command, ctx: Context): Promise<void> {
  switch (command.verb) {
    case 'D': return dispatch(incidentOf(command, ctx), command.units, ctx);
    case 'R': {
      const number = incidentOf(command, ctx);
      const { units, met } = await recommendation(number);
      if (units.length === 0) throw new Error(met ? `${number} already has its required response` : `no recommended units for ${number}`);
      return dispatch(number, units, ctx);
    }
    case 'ER': case 'AR': case 'AV': case 'OS': {
      ctx.acceptUnit(await setUnitStatus(command.unit, STATUS_OF[command.verb], command.verb === 'OS' ? command.reason : undefined));
      ctx.report({ kind: 'ok', text: `${command.unit} ${STATUS_OF[command.verb].replace(/_/g, ' ')}${command.verb === 'OS' ? ` (${command.reason})` : ''}` });
      return;
    }
    case 'ST':
      await standby(command.unit, command.reason);
      ctx.report({ kind: 'ok', text: `${command.unit} on standby — re-contact reminder started (81A §E.5.d)` });
      return;
    case 'NR': {
      const { unansweredCalls, prompt } = await unanswered(command.unit);
      const text = `${command.unit}: ${unansweredCalls} unanswered call${unansweredCalls === 1 ? '' : 's'}`;
      ctx.report({ kind: prompt.message ? 'error' : 'ok', text: prompt.message ? `${text} — ${prompt.message}${prompt.clause ? ` (${prompt.clause})` : ''}` : text });
      return;
    }
    case 'CT':
      await contactMade(command.unit);
      ctx.report({ kind: 'ok', text: `contact with ${command.unit} recorded` });
      return;
    case 'N': {
      const number = incidentOf(command, ctx);
      ctx.accept(await addNote(number, command.text));
      ctx.report({ kind: 'ok', text: `note added to ${number}` });
      return;
    }
    case 'C': return close(incidentOf(command, ctx), command.disposition, ctx);
    case 'CONF': {
      const number = incidentOf(command, ctx);
      ctx.accept(await markConfidential(number, command.reason));
      ctx.report({ kind: 'ok', text: `${number} is confidential (81A §E.2.c)` });
      return;
    }
    case 'S':
      ctx.select(command.incident!);
      ctx.refresh(command.incident!);
      ctx.report(null);
      return;
    case 'Q': {
      // 81A §J: the answer opens in the CJIS result panel; the selected incident gets it on its timeline.
      const view = await runQuery({ line: command.query, purpose: 'C', ...(ctx.selected ? { incident: ctx.selected } : {}) });
      showResult(view);
      if (ctx.selected) ctx.refresh(ctx.selected);
      ctx.report({ kind: view.hits.some((h) => h.isHit) ? 'error' : 'ok', text: view.summary });
      return;
    }
    case 'TS': {
      const stop = await initiate(command.unit, { type: 'MV_STOP', address: command.address, plate: command.plate, ...(command.state ? { state: command.state } : {}) });
      ctx.accept(stop);
      ctx.select(stop.number);
      ctx.report({ kind: 'ok', text: `traffic stop ${stop.number}: ${command.unit} on scene at ${command.address}, ${command.plate}${command.state ? ` (${command.state})` : ''}` });
      return;
    }
    case 'SI': {
      const incident = await initiate(command.unit, { type: command.type, address: command.address });
      ctx.accept(incident);
      ctx.select(incident.number);
      ctx.report({ kind: 'ok', text: `${incident.number} opened: ${command.unit} on scene at ${command.address}` });
      return;
    }
    case 'I': {
      const incident = await openIncident(command.type, command.address);
      ctx.accept(incident);
      ctx.select(incident.number);
      ctx.report({ kind: 'ok', text: `${incident.number} opened at ${command.address}` });
      return;
    }
    case 'LOG':
      navigate('/calls');
      return;
    case 'FLOOR': case 'XFER': case 'CB': case 'SCR': case 'MSG': case 'ALM': case 'DIR': case 'NOTIFY': case 'TMR': case 'DLOG':
      navigate(`${FLOOR_PATHS[command.verb]}${command.query ? `?q=${encodeURIComponent(command.query)}` : ''}`);
      return;
    case 'HELP':
      ctx.report({ kind: 'ok', text: Object.values(VERBS).join(' · ') });
  }
}

/** Run a parsed command; any refusal is reported inline in the dispatcher's words. */
export async function execute(command: Command, ctx: Context): Promise<void> {
  try {
    await run(command, ctx);
  } catch (e) {
    ctx.report({ kind: 'error', text: command.verb === 'Q' ? refusalText(e) : problemText(e), ...(problemCode(e) ? { code: problemCode(e)! } : {}) });
  }
}
