import { describe, expect, test } from 'vitest';
import { parseCommand, type Known } from './commands.ts';

const known: Known = {
  callSigns: ['411', '412', '414', 'Meter 1'],
  incidents: ['26-00042'],
  reasons: [{ code: 'DINNER', name: 'Dinner break' }],
  dispositions: [{ code: 'REPORT', name: 'Report taken' }],
  types: [{ code: 'SUSPICIOUS', name: 'Suspicious activity' }, { code: 'MV_STOP', name: 'Motor vehicle stop' }, { code: 'WELFARE', name: 'Welfare check' }],
};

describe('officer-initiated work in one line (81A §E.5.a.vi: a traffic stop is logged with plate and location)', () => {
  test('TS 414 ABC123 MA MAIN ST/ELM ST is a traffic stop by 414 of plate ABC123 (MA) at MAIN ST/ELM ST', () => {
    expect(parseCommand('TS 414 ABC123 MA MAIN ST/ELM ST', known)).toEqual({
      ok: true, command: { verb: 'TS', unit: '414', plate: 'ABC123', state: 'MA', address: 'MAIN ST/ELM ST' },
    });
  });
  test('the state may be left out, and a two-letter location word is not taken for it when nothing follows', () => {
    expect(parseCommand('ts 411 7xy22 Route 2', known)).toMatchObject({ ok: true, command: { plate: '7XY22', state: null, address: 'Route 2' } });
  });
  test.each([
    ['TS', 'TS needs a unit'],
    ['TS 999 ABC123 MAIN ST', 'unknown call sign "999"'],
    ['TS 414', 'TS needs the plate'],
    ['TS 414 ABC123', 'TS needs the location'],
  ])('%s is refused in words: %s', (line, error) => {
    const parsed = parseCommand(line, known);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(error);
  });
  test('I <type> <address> opens an incident; the type may be its code or the start of its name', () => {
    expect(parseCommand('I SUSPICIOUS 12 Elm Street', known)).toEqual({ ok: true, command: { verb: 'I', type: 'SUSPICIOUS', address: '12 Elm Street' } });
    expect(parseCommand('I welfare 3 Hancock St', known)).toMatchObject({ ok: true, command: { type: 'WELFARE' } });
  });
  test('SI 411 <type> <address> is officer-initiated work by 411', () => {
    expect(parseCommand('SI 411 SUSPICIOUS 8 Muzzey St', known)).toEqual({ ok: true, command: { verb: 'SI', unit: '411', type: 'SUSPICIOUS', address: '8 Muzzey St' } });
    expect(parseCommand('SI Meter 1 SUSPICIOUS Depot Sq', known)).toMatchObject({ ok: true, command: { unit: 'Meter 1' } });
    expect(parseCommand('SI 411 NOPE 8 Muzzey St', known)).toEqual({ ok: false, error: 'unknown incident type "NOPE"' });
    expect(parseCommand('I SUSPICIOUS', known)).toMatchObject({ ok: false });
  });
});

describe('the closed-call log is one command away', () => {
  test('LOG opens the closed-call log, and HELP names it', async () => {
    expect(parseCommand('log', known)).toEqual({ ok: true, command: { verb: 'LOG' } });
    const { VERBS } = await import('./commands.ts');
    expect(VERBS.LOG).toMatch(/closed-call log/);
  });
});

describe('the dispatch floor’s screens are one command away (issue 24 point 2)', () => {
  test('FLOOR lists the floor screens; XFER, CB, SCR, MSG, ALM, DIR, TMR and DLOG open them, and HELP names each', async () => {
    const { FLOOR_PATHS, VERBS } = await import('./commands.ts');
    for (const verb of Object.keys(FLOOR_PATHS)) {
      expect(parseCommand(verb.toLowerCase(), known)).toEqual({ ok: true, command: { verb, query: '' } });
      expect(VERBS[verb]).toMatch(verb === 'FLOOR' ? /^FLOOR — the floor screens/ : new RegExp(`^${verb}\\b.*(81A|c\\.41|S-110)`));
    }
    expect(parseCommand('DIR Reyes 414', known)).toEqual({ ok: true, command: { verb: 'DIR', query: 'Reyes 414' } });
    expect(parseCommand('NOTIFY', known)).toEqual({ ok: true, command: { verb: 'NOTIFY', query: '' } }); // the call-down, S-110 §A.1.h
    expect(parseCommand('CB 411', known)).toEqual({ ok: false, error: `CB takes nothing after it: ${VERBS.CB}` });
  });
});
