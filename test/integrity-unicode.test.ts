import fc from 'fast-check';
import { expect, test } from 'vitest';
import { inTransaction } from '../src/db/index.ts';
import { recordAudit } from '../src/core/audit/trail.ts';
import { verifyAuditChain } from '../src/core/audit/trail.ts';
import { isStorableText } from '../src/core/validation.ts';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';

/** Any UTF-16 text at all: lone surrogates, NULs and control characters included. */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 80 });
const anyText = fc.oneof(anyUnits, fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constant(`${'a'.repeat(63)}😀`));
const RUNS = Number(process.env.UNICODE_RUNS ?? 60);

/**
 * The chain's MAC is over what the database stores (CJIS AU-9, AU-10): whatever text a
 * client sends through an audited path, `audit verify` agrees with itself afterwards.
 */
forEachDatabase('the audit chain is over what is stored', (database) => {
  const file = serverForFile(database, async (server) => ({
    dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
    incident: await openIncident(server.ctx),
  }));

  test('arbitrary Unicode sent through sign-in, incidents, notes and refused requests leaves verify intact', { timeout: 1_200_000 }, async () => {
    const send = (method: 'POST' | 'GET', url: string, body?: unknown, headers = file.dispatcher.headers) =>
      file.server.app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    await fc.assert(fc.asyncProperty(anyText, anyText, async (a, b) => {
      const answers = [
        await send('POST', '/api/v1/session', { username: a, password: b }, {}),
        await send('POST', '/api/v1/incidents', { type: 'DISTURB', location: { address: a || 'x' }, narrative: b }),
        await send('POST', `/api/v1/incidents/${file.incident}/notes`, { text: a || 'x' }),
        await send('GET', `/api/v1/audit/reports/${encodeURIComponent(isStorableText(b) ? b || 'x' : 'x')}`),
      ];
      for (const answer of answers) expect(answer.statusCode).toBeLessThan(500);
      if (!isStorableText(a)) expect(answers[0]!.json()).toMatchObject({ code: 'request.invalid_text' });
    }), { numRuns: RUNS });
    const result = await verifyAuditChain(file.server.ctx);
    expect(result.breaks).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('arbitrary storable text in every column of an audit row, its detail’s keys included, round-trips through the chain', { timeout: 1_200_000 }, async () => {
    const storable = anyText.filter(isStorableText);
    await fc.assert(fc.asyncProperty(storable, storable, storable, async (who, why, key) => {
      await inTransaction(file.server.ctx.db, (tx) => recordAudit(tx, {
        actor: { username: who, source: why, remote: false }, action: `test.${who}`, subject: { type: why, id: who },
        outcome: 'denied', reason: why, detail: { [key]: [who, why, { [why]: key }] },
      }));
    }), { numRuns: RUNS });
    const result = await verifyAuditChain(file.server.ctx);
    expect(result.breaks).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
