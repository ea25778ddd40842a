import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { NotFound, Problem } from '../core/errors.ts';
import * as S from './schemas.ts';
import { publicPageEnabled, publishedForPublic } from './daily-log.ts';
import { dailyLogPdf, entryLine } from './pdf.ts';
import type { LogEntry } from './model.ts';
import { agencyStamp } from '../core/clock.ts';

/** Requests one address may make to the public pages per minute. */
export const PUBLIC_RATE_PER_MINUTE = 30;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The public daily police log (M.G.L. c.41 §98F): no login, read-only, only when the agency
 * has turned the page on, only published days, rate-limited per address. Registered outside
 * /api/v1; every read is audited with the reader's address.
 */
export const dailyLogPublicPages: Capability = async (app, { ctx }) => {
  // Each address's minute starts at its first request (not on the clock's minute, where a
  // burst straddling the turn of the minute would get twice the allowance).
  const seen = new Map<string, { since: number; count: number }>();
  app.addHook('onRequest', async (request) => {
    const now = Date.now();
    const mine = seen.get(request.ip);
    const fresh = !mine || now - mine.since >= 60_000;
    const count = fresh ? 1 : mine.count + 1;
    if (seen.size > 10_000) seen.clear();
    seen.set(request.ip, { since: fresh ? now : mine.since, count });
    if (count > PUBLIC_RATE_PER_MINUTE) throw new Problem(429, 'request.rate_limited', 'Too many requests', 'Too many requests from this address; try again in a minute.');
    if (!(await publicPageEnabled(ctx))) throw new NotFound('dailylog.public_page_off', 'This agency does not publish its daily log here.');
  });

  const load = (date: string, ip: string) => publishedForPublic(ctx, date, ip);

  app.get('/public/daily-log/:date', {
    config: { permission: 'public' },
    schema: { tags: ['public'], summary: 'The published daily police log of a day, as a web page (no login)', params: S.DateParams, response: { 200: Type.Unknown() } },
  }, async (request, reply) => {
    const log = await load(request.params.date, request.ip);
    const zone = ctx.config.agency.timeZone;
    const rows = (log.entries as LogEntry[]).map((e) => `<li>${escape(entryLine(zone, e))}</li>`).join('\n');
    const corrections = log.corrections.map((c) => `<li class="correction"><strong>Correction</strong> (${escape(agencyStamp(zone, c.madeAt))})${c.entryRef ? ` to ${escape(c.entryRef)}` : ''}: ${escape(c.text)}</li>`).join('\n');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(ctx.config.agency.name)} - daily log ${log.date}</title></head><body>
<h1>${escape(ctx.config.agency.name)}</h1><h2>Daily police log, ${log.date}</h2>
<p>Published ${escape(log.publishedAt ? agencyStamp(ctx.config.agency.timeZone, log.publishedAt) : '')}. <a href="/public/daily-log/${log.date}/log.pdf">PDF</a></p>
<ol class="entries">${rows || '<li>No entries.</li>'}</ol>
${corrections ? `<h3>Corrections</h3><ol class="corrections">${corrections}</ol>` : ''}
</body></html>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
  });
  app.get('/public/daily-log/:date/log.pdf', {
    config: { permission: 'public' },
    schema: { tags: ['public'], summary: 'The published daily police log of a day, as a PDF (no login)', params: S.DateParams, response: { 200: Type.Unknown() } },
  }, async (request, reply) => reply.type('application/pdf').send(Buffer.from(await dailyLogPdf(ctx.config.agency, await load(request.params.date, request.ip)))));
};
