import { expect, test } from 'vitest';
import { verifyAuditChain } from '../src/core/audit/trail.ts';
import { cutText, isStorableText } from '../src/core/validation.ts';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';

/**
 * Text that cannot be stored is refused at the door (DESIGN "Record model": the record is
 * what was sent; CJIS AU-9: nothing a client sends may break the audit trail). A NUL
 * cannot be kept in PostgreSQL text and an unpaired surrogate cannot be written as UTF-8.
 */
forEachDatabase('text that cannot be stored is refused at the door (CJIS AU-9)', (database) => {
  const file = serverForFile(database, async (server) => ({
    dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
    incident: await openIncident(server.ctx),
  }));

  const counts = async () => ({
    audit: Number((await file.server.ctx.db.selectFrom('audit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    events: Number((await file.server.ctx.db.selectFrom('event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  test('a NUL in a note is a 400 naming the field, and nothing is written', async () => {
    const before = await counts();
    const response = await file.server.app.inject({
      method: 'POST', url: `/api/v1/incidents/${file.incident}/notes`, headers: { ...file.dispatcher.headers, 'content-type': 'application/json' },
      payload: '{"text":"a\\u0000"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'request.invalid_text', field: 'body.text', detail: expect.stringMatching(/^body\.text holds a NUL/) });
    expect(await counts()).toEqual(before);
  });

  test('an unpaired surrogate in a nested field, a field name, a query string or a path segment is a 400 naming where it is', async () => {
    const post = (payload: string) => file.server.app.inject({
      method: 'POST', url: '/api/v1/incidents', headers: { ...file.dispatcher.headers, 'content-type': 'application/json' }, payload,
    });
    expect((await post('{"type":"DISTURB","location":{"address":"12 Elm \\ud800 Street"}}')).json()).toMatchObject({ code: 'request.invalid_text', field: 'body.location.address' });
    expect((await post('{"type":"DISTURB","location":{"address":"x"},"\\udc00":1}')).json()).toMatchObject({ code: 'request.invalid_text', field: 'body (a field name)' });
    const query = await file.server.app.inject({ url: '/api/v1/directory?q=a%00b', headers: file.dispatcher.headers });
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ code: 'request.invalid_text', field: 'query.q' });
    const path = await file.server.app.inject({ url: '/api/v1/incidents/26-0%001', headers: file.dispatcher.headers });
    expect(path.statusCode).toBe(400);
    expect(path.json()).toMatchObject({ code: 'request.invalid_text', field: 'params.number' });
  });

  test('a sign-in with a lone surrogate or a split emoji as login name is refused and leaves the audit chain intact', async () => {
    const lone = await file.server.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"username":"\\ud800","password":"x"}' });
    expect(lone.statusCode).toBe(400);
    expect(lone.json()).toMatchObject({ code: 'request.invalid_text', field: 'body.username' });
    // 63 letters and an emoji: the 64-character cut of the audit row must not split the pair.
    const long = await file.server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: `${'a'.repeat(63)}😀😀`, password: 'x' } });
    expect(long.statusCode).toBeLessThan(500);
    const result = await verifyAuditChain(file.server.ctx);
    expect(result).toMatchObject({ ok: true, breakCount: 0 });
  });

  test('valid text in any script, emoji included, is kept exactly as sent', async () => {
    const text = 'Zeuge: „Ärger“ — 目撃者 😀 مرحبا \u200d';
    const response = await file.server.app.inject({ method: 'POST', url: `/api/v1/incidents/${file.incident}/notes`, headers: file.dispatcher.headers, payload: { text } });
    expect(response.statusCode).toBe(201);
    const record = (await file.server.app.inject({ url: `/api/v1/incidents/${file.incident}`, headers: file.dispatcher.headers })).json();
    expect(JSON.stringify(record)).toContain(JSON.stringify(text).slice(1, -1));
  });
});

test('cutting a too-long value never splits a character', () => {
  const cut = cutText(`${'a'.repeat(63)}😀`, 64);
  expect(cut).toBe('a'.repeat(63));
  expect(isStorableText(cut)).toBe(true);
  expect(cutText('😀😀😀', 4)).toBe('😀😀');
  expect(isStorableText('a\u0000')).toBe(false);
  expect(isStorableText('\udc00😀')).toBe(false);
  expect(isStorableText('😀')).toBe(true);
});
