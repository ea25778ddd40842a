import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'precinct-config-'));
function withFile(content: string) {
  const path = join(dir, `c${Math.random()}.json`);
  writeFileSync(path, content);
  return { PRECINCT_CONFIG: path };
}

describe('configuration', () => {
  test('defaults follow the policies: 90-day passwords (S-110 §D.1), 5 failures lock (CJIS AC-7), 30-minute idle lock (CJIS AC-11)', () => {
    const config = loadConfig({});
    expect(config.security).toMatchObject({ passwordMaxAgeDays: 90, lockoutThreshold: 5, idleMinutes: 30, passwordMinLength: 12 });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
  });

  test('the config file sets the agency profile, and the environment overrides it', () => {
    const env = withFile(JSON.stringify({ agency: { name: 'Easton Police Department', ori: 'MA0123400' } }));
    expect(loadConfig(env).agency.name).toBe('Easton Police Department');
    expect(loadConfig({ ...env, PRECINCT_AGENCY_NAME: 'Other PD' }).agency.name).toBe('Other PD');
  });

  test.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be at most 65535/],
    [{ PRECINCT_TIME_ZONE: 'Mars/Olympus' }, /timeZone "Mars\/Olympus" is not an IANA time zone/],
    [{ PRECINCT_TRUSTED_NETWORKS: '10.0.0.0/8, 300.1.1.1/8' }, /trusted network "300.1.1.1\/8"/],
    [{ PRECINCT_ORI: 'short' }, /ori must match/],
    [{ PRECINCT_DEMO: 'yes' }, /PRECINCT_DEMO must be 1 or 0/],
    [{ PRECINCT_CONFIG: '/no/such/file.json' }, /does not exist/],
  ])('a bad setting %o is refused with a one-line reason naming it', (env, reason) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(reason);
  });

  test('a config file with an unknown setting or invalid JSON names the problem', () => {
    expect(() => loadConfig(withFile('{"agency": {"nmae": "x"}}'))).toThrow(/agency/);
    expect(() => loadConfig(withFile('{"security": {"passwordMaxAgeDays": 0}}'))).toThrow(/security.passwordMaxAgeDays must be >= 1/);
    expect(() => loadConfig(withFile('{not json'))).toThrow(/is not valid JSON/);
  });
});
