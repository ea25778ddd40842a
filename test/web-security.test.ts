import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/core/config.ts';
import { forEachDatabase } from './support/databases.ts';
import { person } from './identity-fixtures.ts';

type Server = Awaited<ReturnType<ReturnType<Parameters<Parameters<typeof forEachDatabase>[1]>[0]>['server']>>;

/** Sign in as the console does and return its cookie header. */
async function cookieFor(server: Server, user: { username: string; password: string }, headers: Record<string, string> = {}) {
  const answer = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: user, headers, remoteAddress: '10.1.2.3' });
  expect(answer.statusCode).toBe(200);
  return { answer, cookie: String(answer.headers['set-cookie']).split(';')[0]! };
}

forEachDatabase('the browser boundary: cross-origin writes and WebSockets refused, security headers on every answer (OWASP ASVS 4.2.2, 14.4)', (database) => {
  let server: Server;
  beforeAll(async () => { server = await database().server(); }, 300_000);
  afterAll(async () => server?.close());

  test('a change signed in by the console cookie from another origin (another port of the same host) is refused and changes nothing', async () => {
    const admin = await person(server.ctx, ['system_administrator']);
    const target = await person(server.ctx, ['dispatcher']);
    await server.ctx.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 600_000) }).where('username', '=', target.username).execute();
    const { cookie } = await cookieFor(server, admin);
    const url = `/api/v1/users/${target.username}/unlock`;
    const attempts = [
      { origin: 'http://localhost:9999' }, // another port
      { 'sec-fetch-site': 'same-site' }, // a browser that sends only Sec-Fetch-Site
      {}, // no Origin at all with a cookie
    ];
    for (const headers of attempts) {
      const refused = await server.app.inject({ method: 'POST', url, headers: { cookie, host: 'localhost:80', ...headers } });
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json().code).toBe('request.cross_origin');
    }
    const form = await server.app.inject({
      method: 'POST', url: `/api/v1/users/${target.username}/disable`, payload: '{"reason":"forged"}',
      headers: { cookie, host: 'localhost:80', origin: 'http://localhost:80', 'content-type': 'text/plain' },
    });
    expect(form.statusCode).toBe(403);
    expect(form.json().detail).toMatch(/text\/plain; send application\/json/);
    const row = await server.ctx.db.selectFrom('app_user').select(['locked_until', 'disabled_at']).where('username', '=', target.username).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    expect(row.disabled_at).toBeNull();
    const same = await server.app.inject({ method: 'POST', url, headers: { cookie, host: 'localhost:80', origin: 'http://localhost:80' } });
    expect(same.statusCode).toBe(204);
  });

  test('a program using a bearer token sends no Origin and is not affected; a bearer request naming another origin is', async () => {
    const admin = await person(server.ctx, ['system_administrator']);
    const { answer } = await cookieFor(server, admin);
    const authorization = `Bearer ${answer.json().token}`;
    const plain = await server.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { authorization } });
    expect(plain.statusCode).toBe(204);
    const foreign = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: admin, headers: { origin: 'http://evil.example' } });
    expect(foreign.statusCode).toBe(403); // and no sign-in from another site's page (login CSRF)
  });

  test('the live stream refuses a WebSocket opened by a page of another origin', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const { cookie } = await cookieFor(server, user);
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    const refused = await server.app.inject({ method: 'GET', url: '/api/v1/stream', headers: { ...upgrade, cookie, host: 'localhost:80', origin: 'http://localhost:9999' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('request.cross_origin');
  });

  test('a refused WebSocket, from another origin or without a session, is answered and its connection closed, not left open', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const { cookie } = await cookieFor(server, user);
    const base = new URL(await server.app.listen({ port: 0, host: '127.0.0.1' }));
    const attempt = (headers: string) => new Promise<{ answer: string; closed: boolean }>((resolve) => {
      let answer = '';
      const socket = connect(Number(base.port), base.hostname, () => socket.write(
        `GET /api/v1/stream HTTP/1.1\r\nHost: ${base.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n`));
      socket.on('data', (chunk) => { answer += chunk.toString(); });
      // each refused attempt would otherwise hold a socket (and a file descriptor) on the server for ever
      const timer = setTimeout(() => { socket.destroy(); resolve({ answer, closed: false }); }, 5000);
      socket.on('close', () => { clearTimeout(timer); resolve({ answer, closed: true }); });
    });
    const foreign = await attempt(`Cookie: ${cookie}\r\nOrigin: http://evil.example\r\n`);
    expect(foreign.answer).toMatch(/^HTTP\/1\.1 403/);
    expect(foreign.closed).toBe(true);
    const anonymous = await attempt(`Origin: ${base.origin}\r\n`);
    expect(anonymous.answer).toMatch(/^HTTP\/1\.1 401/);
    expect(anonymous.closed).toBe(true);
  });

  test('every answer carries a strict Content-Security-Policy with no inline script and no framing, nosniff and no referrer', async () => {
    const answer = await server.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(answer.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined(); // no cross-origin access is ever granted
    expect(answer.headers['strict-transport-security']).toBeUndefined(); // plain HTTP: no HSTS
    const cookie = String((await cookieFor(server, await person(server.ctx, ['dispatcher']))).answer.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
  });
});

forEachDatabase('proxies are named, not trusted wholesale (S-110 §H)', (database) => {
  let server: Server;
  beforeAll(async () => { server = await database().server({ trustedProxies: ['198.51.100.10'], behindTls: false }); }, 300_000);
  afterAll(async () => server?.close());

  const remoteOf = async (headers: Record<string, string>, remoteAddress: string) => {
    const user = await person(server.ctx, ['system_administrator']);
    const answer = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: user, headers, remoteAddress });
    return answer.json().code as string | undefined;
  };

  test('a forged X-Forwarded-For from a client that is not a named proxy is ignored: the outsider stays remote', async () => {
    // S-110 §H: a system administrator without an authenticator may not sign in from outside
    expect(await remoteOf({ 'x-forwarded-for': '10.0.0.5' }, '203.0.113.9')).toBe('auth.mfa_not_enrolled');
  });

  test('an address the client prepended through the named proxy is ignored: the right-most address not a proxy is the client', async () => {
    expect(await remoteOf({ 'x-forwarded-for': '10.0.0.5, 203.0.113.9' }, '198.51.100.10')).toBe('auth.mfa_not_enrolled');
  });

  test('a station client behind the named proxy is local, across more than one hop when each is named', async () => {
    expect(await remoteOf({ 'x-forwarded-for': '10.0.0.5' }, '198.51.100.10')).toBeUndefined();
    expect(await remoteOf({ 'x-forwarded-for': '10.0.0.5, 198.51.100.10' }, '198.51.100.10')).toBeUndefined();
    expect(await remoteOf({ 'x-forwarded-for': '10.0.0.5, 203.0.113.1' }, '198.51.100.10')).toBe('auth.mfa_not_enrolled');
  });

  test('the cookie is Secure when the named proxy says the request came over TLS', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const answer = await server.app.inject({
      method: 'POST', url: '/api/v1/session', payload: user, remoteAddress: '198.51.100.10', headers: { 'x-forwarded-for': '10.0.0.5', 'x-forwarded-proto': 'https' },
    });
    expect(String(answer.headers['set-cookie'])).toMatch(/; Secure/);
    const forged = await server.app.inject({
      method: 'POST', url: '/api/v1/session', payload: user, remoteAddress: '10.0.0.6', headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(forged.headers['set-cookie'])).not.toMatch(/Secure/);
  });
});

describe('configuration of proxies and TLS', () => {
  test('PRECINCT_TRUST_PROXY=1 (trust every hop) is refused with one line saying what to set instead', () => {
    expect(() => loadConfig({ PRECINCT_CONFIG: '', PRECINCT_TRUST_PROXY: '1' })).toThrow(/PRECINCT_TRUSTED_PROXIES/);
    expect(() => loadConfig({ PRECINCT_CONFIG: '', PRECINCT_TRUSTED_PROXIES: 'everyone' })).toThrow(ConfigError);
    expect(loadConfig({ PRECINCT_CONFIG: '', PRECINCT_TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16' }).trustedProxies).toEqual(['10.0.0.5', '10.1.0.0/16']);
  });
});

forEachDatabase('optional TLS: HTTPS with the agency certificate, HSTS and a Secure cookie', (database) => {
  let server: Server;
  let port = 0;
  let cert = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precinct-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const env = { PRECINCT_CONFIG: '', PRECINCT_TLS_CERT: join(dir, 'cert.pem'), PRECINCT_TLS_KEY: join(dir, 'key.pem') };
    server = await database().server({ tls: loadConfig(env).tls });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (server.app.server.address() as { port: number }).port;
    cert = execFileSync('cat', [join(dir, 'cert.pem')]).toString();
  }, 300_000);
  afterAll(async () => server?.close());

  test('OWASP ASVS 9.1.1, 3.4.1: over TLS the answer carries HSTS and the session cookie is Secure', async () => {
    const user = await person(server.ctx, ['dispatcher']);
    const answer = await new Promise<{ headers: Record<string, unknown> }>((resolve, reject) => {
      const body = JSON.stringify(user);
      const req = httpsRequest({ host: '127.0.0.1', port, path: '/api/v1/session', method: 'POST', ca: cert, servername: 'localhost',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(String(answer.headers['strict-transport-security'])).toMatch(/max-age=31536000/);
    expect(String(answer.headers['set-cookie'])).toMatch(/; Secure/);
  });
});
