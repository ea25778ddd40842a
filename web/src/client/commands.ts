/**
 * The dispatcher's command line: short typed commands instead of clicks.
 * Pure: parsing and tab completion know only the lists they are given, so they are
 * tested without a browser (commands.test.ts, test/console-commands.test.ts).
 */
export interface Known {
  callSigns: readonly string[];
  incidents: readonly string[];
  reasons: readonly { code: string; name: string }[];
  dispositions: readonly { code: string; name: string }[];
  /** Incident types, for I and SI. */
  types?: readonly { code: string; name: string }[];
}

export type Command =
  | { verb: 'D'; units: string[]; incident: string | null }
  | { verb: 'ER' | 'AR' | 'AV' | 'NR' | 'CT'; unit: string }
  | { verb: 'ST'; unit: string; reason: string }
  | { verb: 'OS'; unit: string; reason: string }
  | { verb: 'N'; incident: string | null; text: string }
  | { verb: 'C'; incident: string | null; disposition: string }
  | { verb: 'CONF'; incident: string | null; reason: string }
  | { verb: 'R' | 'S'; incident: string | null }
  | { verb: 'Q'; query: string }
  | { verb: 'TS'; unit: string; plate: string; state: string | null; address: string }
  | { verb: 'I'; type: string; address: string }
  | { verb: 'SI'; unit: string; type: string; address: string }
  | { verb: 'LOG' }
  | { verb: FloorVerb; query: string }
  | { verb: 'HELP' };

export type Parsed = { ok: true; command: Command } | { ok: false; error: string };

export const VERBS: Record<string, string> = {
  D: 'D <units…> [incident] — dispatch units (e.g. D 411 412 26-00042)',
  ER: 'ER <unit> — en route',
  AR: 'AR <unit> — arrived on scene',
  AV: 'AV <unit> — available (back in service)',
  OS: 'OS <unit> <reason> — out of service (e.g. OS 411 DINNER)',
  ST: 'ST <unit> [why] — standby (re-contact reminder)',
  NR: 'NR <unit> — the unit did not answer a radio call',
  CT: 'CT <unit> — contact made (ends standby and no-answer count)',
  N: 'N [incident] <text> — journal note',
  C: 'C [incident] <disposition> — close the incident',
  CONF: 'CONF [incident] <why> — mark the incident confidential',
  R: 'R [incident] — dispatch the recommended units',
  S: 'S <incident> — show an incident',
  Q: 'Q PLATE <plate> [state] · Q PERSON <LAST,FIRST> <dob> · Q VIN <vin> · Q WARRANT|BOP|OWNER|GUN|ARTICLE … — CJIS query',
  TS: 'TS <unit> <plate> [state] <location> — traffic stop: opens it and puts the unit on it (e.g. TS 414 ABC123 MA MAIN ST/ELM ST)',
  I: 'I <type> <address> — open an incident (e.g. I SUSPICIOUS 12 ELM ST)',
  SI: 'SI <unit> <type> <address> — officer-initiated incident, the unit on scene',
  LOG: 'LOG — the closed-call log (calls finished this shift and before; also F8)',
  FLOOR: 'FLOOR — the floor screens, each with its command',
  XFER: 'XFER — transfer a call once, or relay it (81A §C.4–C.5)',
  CB: 'CB — abandoned E-911 calls to call back, attempts and outcomes (81A §C.2.f)',
  SCR: 'SCR — reports by mail or e-mail for the commanding officer to screen (81A §D.4)',
  MSG: 'MSG — emergency messages: record, decision, delivery (81A §H)',
  ALM: 'ALM — facility alarms and whom to notify (81A §B.2.a.xi)',
  DIR: 'DIR [name, unit or function] — directory and duty roster (81A §B.2.b)',
  NOTIFY: 'NOTIFY — emergency notification call-down: whom to call for a kind of town emergency, who was reached (S-110 §A.1.h)',
  TMR: 'TMR — the timers and their settings (81A §E.5.d, §E.6)',
  DLOG: 'DLOG [yyyy-mm-dd] — the day’s log: incidents and arrests, its PDF (M.G.L. c.41 §98F)',
  HELP: 'HELP — list the commands',
};

/** The dispatch floor's screens, by their command (web/src/console/floor/). */
export const FLOOR_PATHS = {
  FLOOR: '/floor', XFER: '/floor/transfer', CB: '/floor/callbacks', SCR: '/floor/screening', MSG: '/floor/messages',
  ALM: '/floor/alarms', DIR: '/floor/directory', NOTIFY: '/floor/notify', TMR: '/floor/timers', DLOG: '/floor/log',
} as const;
export type FloorVerb = keyof typeof FLOOR_PATHS;

export const INCIDENT_NUMBER = /^\d{2}-\d{5}$/;

const squash = (s: string) => s.replace(/\s+/g, '').toUpperCase();

/** The call sign starting at tokens[i]: one token ("411") or two ("Meter 1"), any case, or run together ("METER1"). */
function takeCallSign(tokens: string[], i: number, callSigns: readonly string[]): { callSign: string; next: number } | null {
  const pair = tokens[i + 1] === undefined ? null : squash(`${tokens[i]}${tokens[i + 1]}`);
  const two = pair && callSigns.find((c) => c.includes(' ') && squash(c) === pair);
  if (two) return { callSign: two, next: i + 2 };
  const one = callSigns.find((c) => squash(c) === squash(tokens[i] ?? ''));
  return one ? { callSign: one, next: i + 1 } : null;
}

function takeCode(text: string, codes: Known['reasons']): string | null {
  const t = text.trim().toUpperCase();
  if (!t) return null;
  const exact = codes.find((c) => c.code.toUpperCase() === t || c.name.toUpperCase() === t);
  if (exact) return exact.code;
  const prefixed = codes.filter((c) => c.code.toUpperCase().startsWith(t) || c.name.toUpperCase().startsWith(t));
  return prefixed.length === 1 ? prefixed[0]!.code : null;
}

function unitCommand(verb: 'ER' | 'AR' | 'AV' | 'ST' | 'OS' | 'NR' | 'CT', args: string[], known: Known): Parsed {
  if (args.length === 0) return { ok: false, error: `${verb} needs a unit: ${VERBS[verb]}` };
  const taken = takeCallSign(args, 0, known.callSigns);
  if (!taken) return { ok: false, error: `unknown call sign "${args[0]}"` };
  if (verb === 'ST') {
    return { ok: true, command: { verb, unit: taken.callSign, reason: args.slice(taken.next).join(' ') || 'Standby' } };
  }
  if (verb !== 'OS') {
    if (taken.next < args.length) return { ok: false, error: `${verb} takes one unit: ${VERBS[verb]}` };
    return { ok: true, command: { verb, unit: taken.callSign } };
  }
  const reasonText = args.slice(taken.next).join(' ');
  if (!reasonText) return { ok: false, error: `OS needs a reason: ${known.reasons.map((r) => r.code).join(', ')}` };
  const reason = takeCode(reasonText, known.reasons);
  if (!reason) return { ok: false, error: `unknown out-of-service reason "${reasonText}": ${known.reasons.map((r) => r.code).join(', ')}` };
  return { ok: true, command: { verb: 'OS', unit: taken.callSign, reason } };
}

function dispatchCommand(args: string[], known: Known): Parsed {
  const units: string[] = [];
  let incident: string | null = null;
  for (let i = 0; i < args.length;) {
    if (INCIDENT_NUMBER.test(args[i]!)) {
      if (incident) return { ok: false, error: 'D takes one incident number' };
      incident = args[i]!;
      i += 1;
      continue;
    }
    const taken = takeCallSign(args, i, known.callSigns);
    if (!taken) return { ok: false, error: `unknown call sign "${args[i]}"` };
    if (!units.includes(taken.callSign)) units.push(taken.callSign);
    i = taken.next;
  }
  if (units.length === 0) return { ok: false, error: `D needs at least one unit: ${VERBS.D}` };
  return { ok: true, command: { verb: 'D', units, incident } };
}

/** 81A §E.5.a.vi: a traffic stop is logged with the plate and the location; a two-letter state may follow the plate. */
function trafficStop(args: string[], known: Known): Parsed {
  const taken = args.length ? takeCallSign(args, 0, known.callSigns) : null;
  if (!taken) return { ok: false, error: args.length ? `unknown call sign "${args[0]}"` : `TS needs a unit: ${VERBS.TS}` };
  const plate = args[taken.next];
  if (!plate || !/^[A-Za-z0-9-]{1,10}$/.test(plate)) return { ok: false, error: `TS needs the plate (81A §E.5.a.vi): ${VERBS.TS}` };
  let rest = args.slice(taken.next + 1);
  const state = rest.length > 1 && /^[A-Za-z]{2}$/.test(rest[0]!) ? rest[0]!.toUpperCase() : null;
  if (state) rest = rest.slice(1);
  if (rest.length === 0) return { ok: false, error: `TS needs the location (81A §E.5.a.vi): ${VERBS.TS}` };
  return { ok: true, command: { verb: 'TS', unit: taken.callSign, plate: plate.toUpperCase(), state, address: rest.join(' ') } };
}

/** I <type> <address> and SI <unit> <type> <address>: the type by code or name start, then the address. */
function newIncident(verb: 'I' | 'SI', args: string[], known: Known): Parsed {
  let unit: string | null = null;
  let i = 0;
  if (verb === 'SI') {
    const taken = args.length ? takeCallSign(args, 0, known.callSigns) : null;
    if (!taken) return { ok: false, error: args.length ? `unknown call sign "${args[0]}"` : `SI needs a unit: ${VERBS.SI}` };
    unit = taken.callSign;
    i = taken.next;
  }
  const types = known.types ?? [];
  const type = args[i] ? takeCode(args[i]!, types) : null;
  if (!type) return { ok: false, error: args[i] ? `unknown incident type "${args[i]}"` : `${verb} needs a type: ${VERBS[verb]}` };
  const address = args.slice(i + 1).join(' ');
  if (!address) return { ok: false, error: `${verb} needs an address: ${VERBS[verb]}` };
  return { ok: true, command: unit ? { verb: 'SI', unit, type, address } : { verb: 'I', type, address } };
}

/** Split off a leading incident number, if there is one. */
function leadingIncident(args: string[]): { incident: string | null; rest: string[] } {
  return args[0] && INCIDENT_NUMBER.test(args[0]) ? { incident: args[0], rest: args.slice(1) } : { incident: null, rest: args };
}

/** Parse one command line. An incident left out means "the selected incident" (null). */
export function parseCommand(line: string, known: Known): Parsed {
  const tokens = line.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, error: 'type a command, or HELP' };
  const verb = tokens[0]!.toUpperCase();
  const args = tokens.slice(1);
  switch (verb) {
    case 'D': return dispatchCommand(args, known);
    case 'ER': case 'AR': case 'AV': case 'ST': case 'OS': case 'NR': case 'CT': return unitCommand(verb, args, known);
    case 'N': {
      const { incident, rest } = leadingIncident(args);
      const text = line.trim().slice(1).trim().replace(incident ?? '', '').trim();
      if (!rest.length || !text) return { ok: false, error: `N needs the note's text: ${VERBS.N}` };
      return { ok: true, command: { verb: 'N', incident, text } };
    }
    case 'C': {
      const { incident, rest } = leadingIncident(args);
      const disposition = takeCode(rest.join(' '), known.dispositions);
      if (!disposition) return { ok: false, error: `C needs a disposition: ${known.dispositions.map((d) => d.code).join(', ')}` };
      return { ok: true, command: { verb: 'C', incident, disposition } };
    }
    case 'CONF': {
      const { incident, rest } = leadingIncident(args);
      if (!rest.length) return { ok: false, error: `CONF needs a reason: ${VERBS.CONF}` };
      return { ok: true, command: { verb: 'CONF', incident, reason: rest.join(' ') } };
    }
    case 'R': case 'S': {
      const { incident, rest } = leadingIncident(args);
      if (rest.length) return { ok: false, error: `"${rest[0]}" is not an incident number (like 26-00042)` };
      if (verb === 'S' && !incident) return { ok: false, error: `S needs an incident number: ${VERBS.S}` };
      return { ok: true, command: { verb, incident } };
    }
    case 'TS': return trafficStop(args, known);
    case 'I': case 'SI': return newIncident(verb, args, known);
    case 'Q': return args.length ? { ok: true, command: { verb: 'Q', query: args.join(' ') } } : { ok: false, error: VERBS.Q! };
    case 'LOG': return { ok: true, command: { verb: 'LOG' } };
    case 'FLOOR': case 'XFER': case 'CB': case 'SCR': case 'MSG': case 'ALM': case 'DIR': case 'NOTIFY': case 'TMR': case 'DLOG':
      if (verb !== 'DIR' && verb !== 'DLOG' && args.length) return { ok: false, error: `${verb} takes nothing after it: ${VERBS[verb]}` };
      return { ok: true, command: { verb, query: args.join(' ') } };
    case 'HELP': case '?': return { ok: true, command: { verb: 'HELP' } };
    default: return { ok: false, error: `unknown command "${tokens[0]}" — type HELP for the list` };
  }
}

function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) while (!w.toUpperCase().startsWith(prefix.toUpperCase())) prefix = prefix.slice(0, -1);
  return prefix;
}

/** What may come at this point of the line: verbs first, then call signs, incident numbers or codes. */
function candidatesFor(verb: string | null, argIndex: number, known: Known): string[] {
  if (verb === null) return Object.keys(VERBS);
  const units = [...known.callSigns];
  const incidents = [...known.incidents];
  switch (verb) {
    case 'D': return [...units, ...incidents];
    case 'ER': case 'AR': case 'AV': case 'ST': case 'NR': case 'CT': return argIndex === 0 ? units : [];
    case 'OS': return argIndex === 0 ? units : known.reasons.map((r) => r.code);
    case 'TS': return argIndex === 0 ? units : [];
    case 'I': return argIndex === 0 ? (known.types ?? []).map((t) => t.code) : [];
    case 'SI': return argIndex === 0 ? units : argIndex === 1 ? (known.types ?? []).map((t) => t.code) : [];
    case 'N': case 'R': case 'S': case 'CONF': return argIndex === 0 ? incidents : [];
    case 'C': return argIndex === 0 ? [...incidents, ...known.dispositions.map((d) => d.code)] : known.dispositions.map((d) => d.code);
    default: return [];
  }
}

/**
 * Tab completion of the last word: a unique match is filled in with a space after
 * it; several matches fill in their common start and are listed.
 */
export function complete(line: string, known: Known): { line: string; candidates: string[] } {
  const cut = line.lastIndexOf(' ') + 1;
  const head = line.slice(0, cut);
  const word = line.slice(cut);
  const before = head.trim().split(/\s+/).filter(Boolean);
  const verb = before.length === 0 ? null : before[0]!.toUpperCase();
  const pool = candidatesFor(verb, Math.max(0, before.length - 1), known);
  // a two-word call sign ("Meter 1") may be half typed: match on the last two words as well
  const lastTwo = before.length > 1 ? `${before[before.length - 1]} ${word}` : null;
  const twoWord = lastTwo ? pool.filter((c) => c.includes(' ') && c.toUpperCase().startsWith(lastTwo.toUpperCase())) : [];
  if (twoWord.length === 1) {
    const start = head.trimEnd().lastIndexOf(' ') + 1;
    return { line: `${head.slice(0, start)}${twoWord[0]} `, candidates: [] };
  }
  const matches = pool.filter((c) => c.toUpperCase().startsWith(word.toUpperCase()));
  if (matches.length === 1) return { line: `${head}${matches[0]} `, candidates: [] };
  if (matches.length === 0) return { line, candidates: [] };
  const prefix = commonPrefix(matches);
  return { line: prefix.length > word.length ? `${head}${prefix}` : line, candidates: matches };
}
