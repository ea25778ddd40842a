import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Hours = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { description: '0 = Sunday … 6 = Saturday' }),
    start: Clock,
    end: Clock,
  },
  { additionalProperties: false },
);

export const AgencyProfile = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    ori: Type.String({ pattern: '^[A-Z]{2}[0-9A-Z]{7}$', description: 'NCIC originating agency identifier, 9 characters' }),
    timeZone: Type.String({ minLength: 1 }),
    address: Type.String({ minLength: 1, maxLength: 300 }),
    phone: Type.String({ maxLength: 40 }),
    trustedNetworks: Type.Array(Type.String(), { description: 'CIDR ranges inside the secure location' }),
    businessHours: Hours,
    courtHours: Hours,
  },
  { additionalProperties: false },
);
export type AgencyProfile = Static<typeof AgencyProfile>;

export const SecuritySettings = Type.Object(
  {
    passwordMinLength: Type.Integer({ minimum: 8, maximum: 128 }),
    passwordMaxAgeDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    passwordHistory: Type.Integer({ minimum: 0, maximum: 50 }),
    lockoutThreshold: Type.Integer({ minimum: 1, maximum: 100 }),
    lockoutMinutes: Type.Integer({ minimum: 0, maximum: 100000, description: '0 = until an administrator unlocks' }),
    idleMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    maxSessionHours: Type.Integer({ minimum: 1, maximum: 168 }),
    inactiveDisableDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    requireMfaForAll: Type.Boolean({ description: 'every login must enroll an authenticator and give a code at every sign-in (CJIS IA-2(2))' }),
    signinRemoteAddressFailures: Type.Integer({ minimum: 1, maximum: 100000, description: 'failed sign-ins from one outside address before each further try must wait' }),
    signinTrustedAddressFailures: Type.Integer({ minimum: 1, maximum: 100000, description: 'the same for an address inside agency.trustedNetworks' }),
    signinLoginFailures: Type.Integer({ minimum: 1, maximum: 100000, description: 'failed sign-ins for one login name before each further try must wait' }),
    idleExemptNetworks: Type.Array(Type.String(), {
      description: 'CIDR ranges of dispatch positions in the secured communications center and of vehicle terminals (the CJIS AC-11 exemption)',
    }),
    exemptIdleMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'the idle limit at those positions' }),
    signinMaxDelaySeconds: Type.Integer({ minimum: 1, maximum: 3600, description: 'the longest wait between tries (the wait doubles up to it)' }),
  },
  { additionalProperties: false },
);
export type SecuritySettings = Static<typeof SecuritySettings>;

const ConfigFile = Type.Object(
  {
    agency: Type.Optional(Type.Partial(AgencyProfile)),
    security: Type.Optional(Type.Partial(SecuritySettings)),
    codeTables: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Array(
          Type.Object(
            { code: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }), attrs: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
            { additionalProperties: false },
          ),
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type CodeTableOverrides = NonNullable<Static<typeof ConfigFile>['codeTables']>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * PRECINCT_EMBEDDED_DURABILITY: 'durable' (default: the embedded database flushes its WAL to
   * disk before a write is acknowledged) or 'relaxed' (faster, loses recent writes on an
   * operating-system crash or power cut; the server warns at every start).
   */
  embeddedDurability: 'durable' | 'relaxed';
  /** PRECINCT_DEMO: 'on' (1), 'off' (0) or unset (npm start loads the demo into an empty database). */
  demo: 'on' | 'off' | 'default';
  webDir: string;
  agency: AgencyProfile;
  security: SecuritySettings;
  codeTables: CodeTableOverrides;
  audit: AuditSettings;
  /**
   * PRECINCT_TRUSTED_PROXIES: the reverse proxies (addresses or CIDR ranges) whose
   * X-Forwarded-For and X-Forwarded-Proto are believed. The client is the right-most
   * address not in this list. Empty: the socket's own address is the client.
   */
  trustedProxies: string[];
  /** PRECINCT_TLS_CERT / PRECINCT_TLS_KEY: serve HTTPS with this certificate and key (PEM files). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** PRECINCT_BEHIND_TLS=1: a TLS proxy in front serves HTTPS, so the session cookie is always Secure. */
  behindTls: boolean;
}

/** Where the audit chain's key and checkpoints live: outside the database (DESIGN "Record model" 3). */
export interface AuditSettings {
  /** PRECINCT_AUDIT_KEY: the HMAC key itself (base64, at least 32 bytes), for nodes that share one PostgreSQL. */
  key: string | undefined;
  /** PRECINCT_AUDIT_KEY_FILE (default <data>/audit.key): read, or created 0600 on first start when absent. */
  keyFile: string | undefined;
  /** PRECINCT_AUDIT_CHECKPOINTS (default <data>/audit-checkpoints.jsonl): signed (row count, head MAC, time) lines. */
  checkpointFile: string | undefined;
  /** PRECINCT_AUDIT_SYSLOG (host:port): also send each checkpoint to this syslog server over UDP (RFC 5424). */
  syslog?: string | undefined;
}

/** Raised for a configuration a person must fix; the message is one line naming the setting. */
export class ConfigError extends Error {}

export const defaultAgency: AgencyProfile = {
  name: 'Millbrook Police Department',
  ori: 'MA0999900',
  timeZone: 'America/New_York',
  address: '100 Main Street, Millbrook, MA 01099',
  phone: '(413) 555-0100',
  trustedNetworks: ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12'],
  businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' },
  courtHours: { days: [1, 2, 3, 4, 5], start: '08:30', end: '16:30' },
};

export const defaultSecurity: SecuritySettings = {
  passwordMinLength: 12,
  passwordMaxAgeDays: 90, // S-110 §D.1
  passwordHistory: 10,
  lockoutThreshold: 5, // CJIS AC-7
  lockoutMinutes: 30,
  idleMinutes: 30, // CJIS AC-11
  maxSessionHours: 12, // CJIS IA-5 re-authentication
  inactiveDisableDays: 90, // CJIS AC-2(3)
  requireMfaForAll: false, // CJIS IA-2(2): MFA available to all; this setting requires it of everyone
  signinRemoteAddressFailures: 10, // OWASP ASVS 2.2.1: throttling beside the hard lockout
  signinTrustedAddressFailures: 100, // the dispatch floor: many people behind few addresses
  signinLoginFailures: 5, // from the lockout threshold on, the name waits, known or not
  signinMaxDelaySeconds: 60,
  idleExemptNetworks: [], // CJIS AC-11: no exemption unless the agency names the secured positions
  exemptIdleMinutes: 720,
};

function validCidr(range: string): boolean {
  const [address, bits, extra] = range.split('/');
  if (!address || bits === undefined || extra !== undefined || !/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function integerEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, not "${raw}"`);
  return Number(raw);
}

function firstError(schema: TSchema, value: unknown, where: string): string | undefined {
  const [error] = Value.Errors(schema, value);
  if (!error) return undefined;
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(top level)';
  return `${where}: ${path} ${error.message}`;
}

/**
 * Read the settings from the environment and the optional JSON config file
 * (`PRECINCT_CONFIG`, default `./precinct.config.json`). Throws ConfigError with
 * a one-line reason for anything a person must fix.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const configPath = env.PRECINCT_CONFIG || 'precinct.config.json';
  let file: Static<typeof ConfigFile> = {};
  if (existsSync(configPath)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${configPath} is not valid JSON: ${(error as Error).message}`);
    }
    const problem = firstError(ConfigFile, parsed, configPath);
    if (problem) throw new ConfigError(problem);
    file = parsed as Static<typeof ConfigFile>;
  } else if (env.PRECINCT_CONFIG) {
    throw new ConfigError(`PRECINCT_CONFIG names ${configPath}, which does not exist`);
  }

  const agency: AgencyProfile = { ...defaultAgency, ...file.agency };
  if (env.PRECINCT_AGENCY_NAME) agency.name = env.PRECINCT_AGENCY_NAME;
  if (env.PRECINCT_ORI) agency.ori = env.PRECINCT_ORI;
  if (env.PRECINCT_TIME_ZONE) agency.timeZone = env.PRECINCT_TIME_ZONE;
  if (env.PRECINCT_TRUSTED_NETWORKS) agency.trustedNetworks = env.PRECINCT_TRUSTED_NETWORKS.split(',').map((s) => s.trim());
  const agencyProblem = firstError(AgencyProfile, agency, 'agency profile');
  if (agencyProblem) throw new ConfigError(agencyProblem);
  if (!validTimeZone(agency.timeZone)) throw new ConfigError(`agency profile: timeZone "${agency.timeZone}" is not an IANA time zone`);
  const badRange = agency.trustedNetworks.find((r) => !validCidr(r));
  if (badRange) throw new ConfigError(`agency profile: trusted network "${badRange}" is not a CIDR range like 10.0.0.0/8`);

  const security: SecuritySettings = { ...defaultSecurity, ...file.security };
  const securityProblem = firstError(SecuritySettings, security, 'security settings');
  if (securityProblem) throw new ConfigError(securityProblem);
  const badExempt = security.idleExemptNetworks.find((r) => !validCidr(r));
  if (badExempt) throw new ConfigError(`security settings: idleExemptNetworks "${badExempt}" is not a CIDR range like 10.20.5.0/24`);

  const port = integerEnv(env, 'PORT', 8080);
  if (port > 65535) throw new ConfigError(`PORT must be at most 65535, not ${port}`);
  const demoSetting = env.PRECINCT_DEMO;
  if (demoSetting !== undefined && !['', '0', '1'].includes(demoSetting)) {
    throw new ConfigError(`PRECINCT_DEMO must be 1 or 0, not "${demoSetting}"`);
  }
  const dataDir = resolve(env.PRECINCT_DATA || './data');
  if (env.PRECINCT_TRUST_PROXY) {
    throw new ConfigError('PRECINCT_TRUST_PROXY is no longer read: name the proxies in PRECINCT_TRUSTED_PROXIES (addresses or CIDR ranges, comma-separated)');
  }
  const trustedProxies = (env.PRECINCT_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const badProxy = trustedProxies.find((p) => !isIP(p) && !validCidr(p));
  if (badProxy) throw new ConfigError(`PRECINCT_TRUSTED_PROXIES: "${badProxy}" is not an address or a CIDR range like 10.0.0.5 or 10.0.0.0/24`);
  if (Boolean(env.PRECINCT_TLS_CERT) !== Boolean(env.PRECINCT_TLS_KEY)) throw new ConfigError('PRECINCT_TLS_CERT and PRECINCT_TLS_KEY go together: set both or neither');
  for (const name of ['PRECINCT_TLS_CERT', 'PRECINCT_TLS_KEY'] as const) {
    if (env[name] && !existsSync(env[name])) throw new ConfigError(`${name} names ${env[name]}, which does not exist`);
  }
  if (env.PRECINCT_BEHIND_TLS !== undefined && !['', '0', '1'].includes(env.PRECINCT_BEHIND_TLS)) {
    throw new ConfigError(`PRECINCT_BEHIND_TLS must be 1 or 0, not "${env.PRECINCT_BEHIND_TLS}"`);
  }
  const auditKey = env.PRECINCT_AUDIT_KEY || undefined;
  const durability = env.PRECINCT_EMBEDDED_DURABILITY || 'durable';
  if (durability !== 'durable' && durability !== 'relaxed') throw new ConfigError(`PRECINCT_EMBEDDED_DURABILITY must be durable or relaxed, not "${durability}"`);
  const syslog = env.PRECINCT_AUDIT_SYSLOG || undefined;
  if (syslog && !/^[^:\s]+:\d{1,5}$/.test(syslog)) throw new ConfigError(`PRECINCT_AUDIT_SYSLOG must be host:port, not "${syslog}"`);
  if (auditKey && Buffer.from(auditKey, 'base64').length < 32) throw new ConfigError('PRECINCT_AUDIT_KEY must be at least 32 bytes, base64-encoded');
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedDurability: durability,
    demo: demoSetting === '1' ? 'on' : demoSetting === '0' ? 'off' : 'default',
    webDir: resolve(env.PRECINCT_WEB_DIR || 'web/dist'),
    agency,
    security,
    codeTables: file.codeTables ?? {},
    audit: {
      key: auditKey,
      keyFile: env.PRECINCT_AUDIT_KEY_FILE ? resolve(env.PRECINCT_AUDIT_KEY_FILE) : undefined,
      checkpointFile: env.PRECINCT_AUDIT_CHECKPOINTS ? resolve(env.PRECINCT_AUDIT_CHECKPOINTS) : undefined,
      syslog,
    },
    trustedProxies,
    tls: env.PRECINCT_TLS_CERT && env.PRECINCT_TLS_KEY ? { certFile: resolve(env.PRECINCT_TLS_CERT), keyFile: resolve(env.PRECINCT_TLS_KEY) } : undefined,
    behindTls: env.PRECINCT_BEHIND_TLS === '1',
  };
}
