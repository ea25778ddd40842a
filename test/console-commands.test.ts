import { describe, expect, test } from 'vitest';
import { complete, parseCommand, type Known } from '../web/src/client/commands.ts';
import { DEMO_UNITS } from '../src/app/demo.ts';
import { DEFAULT_CODE_TABLES } from '../src/agency/codes.ts';

// The console's command line, without a browser: the demo agency's call signs
// (81A §E.5.c) and the policy's out-of-service reasons (81A §E.5.a.vii).
const known: Known = {
  callSigns: DEMO_UNITS.map((u) => u.call_sign),
  incidents: ['26-00041', '26-00042', '26-00117'],
  reasons: DEFAULT_CODE_TABLES.out_of_service_reason!,
  dispositions: DEFAULT_CODE_TABLES.disposition!,
};

describe('typed commands', () => {
  test.each([
    ['D 411 412 26-00042', { verb: 'D', units: ['411', '412'], incident: '26-00042' }],
    ['d 411', { verb: 'D', units: ['411'], incident: null }], // the selected incident
    ['D meter 1 ACO 26-00041', { verb: 'D', units: ['Meter 1', 'ACO'], incident: '26-00041' }], // 81A §E.5.c.ii specialized call signs
    ['D METER1 26-00041', { verb: 'D', units: ['Meter 1'], incident: '26-00041' }],
    ['AR 411', { verb: 'AR', unit: '411' }], // 81A §E.2.e arrived
    ['AV lc1', { verb: 'AV', unit: 'LC1' }], // 81A §E.2.f back in service
    ['ER BP2', { verb: 'ER', unit: 'BP2' }],
    ['OS 411 DINNER', { verb: 'OS', unit: '411', reason: 'DINNER' }], // 81A §E.5.a.vii(b)
    ['OS 412 court', { verb: 'OS', unit: '412', reason: 'COURT' }], // 81A §E.5.a.vii(f)
    ['ST 413', { verb: 'ST', unit: '413', reason: 'Standby' }], // 81A §E.5.d standby
    ['ST 413 urgent phone call', { verb: 'ST', unit: '413', reason: 'urgent phone call' }],
    ['NR 411', { verb: 'NR', unit: '411' }], // 81A §E.6.a unanswered radio call
    ['CT Meter 1', { verb: 'CT', unit: 'Meter 1' }],
    ['N 26-00042 caller says suspect left on foot', { verb: 'N', incident: '26-00042', text: 'caller says suspect left on foot' }],
    ['N gate code 1234', { verb: 'N', incident: null, text: 'gate code 1234' }],
    ['C 26-00042 REPORT', { verb: 'C', incident: '26-00042', disposition: 'REPORT' }],
    ['R', { verb: 'R', incident: null }],
    ['CONF 26-00042 undercover operation', { verb: 'CONF', incident: '26-00042', reason: 'undercover operation' }], // 81A §E.2.c
    ['S 26-00117', { verb: 'S', incident: '26-00117' }],
  ])('%s', (line, command) => {
    expect(parseCommand(line, known)).toEqual({ ok: true, command });
  });

  test.each([
    ['D 499 26-00042', /unknown call sign "499"/],
    ['D 26-00042', /at least one unit/],
    ['OS 411', /needs a reason: REPORTS, DINNER/],
    ['OS 411 NAP', /unknown out-of-service reason "NAP"/],
    ['AR', /needs a unit/],
    ['AR 411 412', /takes one unit/],
    ['N 26-00042', /note's text/],
    ['XYZ 411', /unknown command "XYZ"/],
  ])('%s is refused with a reason the dispatcher can act on', (line, error) => {
    const parsed = parseCommand(line, known);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(error);
  });
});

describe('tab completion', () => {
  test('a unique call sign is filled in with a space after it', () => {
    expect(complete('D 41', known)).toEqual({ line: 'D 41', candidates: ['411', '412', '413', '414'] });
    expect(complete('D 413', known).line).toBe('D 413 ');
    expect(complete('AR lc', known).line).toBe('AR LC1 ');
  });

  test('a two-word call sign completes from its first word', () => {
    expect(complete('D Met', known).line).toBe('D Meter 1 ');
  });

  test('incident numbers complete to their common start, then uniquely', () => {
    expect(complete('D 411 26-', known)).toEqual({ line: 'D 411 26-00', candidates: ['26-00041', '26-00042', '26-00117'] });
    expect(complete('N 26-001', known).line).toBe('N 26-00117 ');
  });

  test('the command word and out-of-service reasons complete too', () => {
    expect(complete('O', known).line).toBe('OS ');
    expect(complete('OS 411 DIN', known).line).toBe('OS 411 DINNER ');
  });
});
