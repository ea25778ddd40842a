import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, type TestDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

/**
 * Every list answers a page at a time (src/core/paging.ts): a default limit when none is
 * asked, a 400 naming `limit` over the maximum, and `next`, which walks the whole list once,
 * in order. Rows are added in bulk SQL: the point is the list's length, not how rows are made.
 */
forEachDatabase('lists answer a page at a time', (database) => {
  let server: Awaited<ReturnType<TestDatabase['server']>>;
  let admin: Awaited<ReturnType<typeof signedInAs>>;
  const get = (url: string, headers = admin.headers) => server.app.inject({ url: `/api/v1${url}`, headers });

  /** Follow `next` from the first page to the last, checking each page's size; every row of every page. */
  async function walk<T>(url: string, limit: number, headers = admin.headers): Promise<T[]> {
    const rows: T[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 1000; pages += 1) {
      const sep = url.includes('?') ? '&' : '?';
      const answer = await get(`${url}${sep}limit=${limit}${after ? `&after=${after}` : ''}`, headers);
      expect(answer.statusCode, answer.body).toBe(200);
      const page = answer.json() as { items: T[]; next: string | null };
      expect(page.items.length).toBeLessThanOrEqual(limit);
      rows.push(...page.items);
      if (!page.next) return rows;
      expect(page.items.length).toBe(limit);
      after = page.next;
    }
    throw new Error('the pages never ended');
  }

  /** The default applies, the maximum is refused naming `limit`, and a bad `after` is a 400, not a 500. */
  async function bounded(url: string, defaults: { limit: number; max: number }, total: number) {
    const first = await get(url);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toHaveLength(Math.min(defaults.limit, total));
    expect(first.json().next === null).toBe(total <= defaults.limit);
    const sep = url.includes('?') ? '&' : '?';
    const over = await get(`${url}${sep}limit=${defaults.max + 1}`);
    expect(over.statusCode).toBe(400);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.json().detail).toMatch(new RegExp(`limit must be <= ${defaults.max}`));
    for (const after of ['not-a-cursor', Buffer.from('["a","b","c","d","e"]').toString('base64url'), Buffer.from('{"x":1}').toString('base64url')]) {
      const bad = await get(`${url}${sep}after=${after}`);
      expect(bad.statusCode, `${url} after=${after}`).toBe(400);
      expect(bad.json().detail).toMatch(/after/);
    }
  }

  beforeAll(async () => {
    server = await database().server();
    admin = await signedInAs(server.ctx, server.app, ['system_administrator', 'it_director']);
  }, 300_000);
  afterAll(async () => { await server?.close(); });

  test('the user list pages by last name, first name and login, every login once (S-110 §D)', async () => {
    await sql`insert into app_user (username, first_name, last_name, password_hash, password_changed_at)
      select 'pg' || lpad(n::text, 4, '0'), 'First' || (n % 7), 'Last' || (n % 13), 'x', now() from generate_series(1, 160) n`.execute(server.ctx.db);
    const expected = (await server.ctx.db.selectFrom('app_user').select('username').orderBy('last_name').orderBy('first_name').orderBy('username').execute()).map((r) => r.username);
    await bounded('/users', { limit: 100, max: 500 }, expected.length);
    expect((await walk<{ username: string }>('/users', 17)).map((u) => u.username)).toEqual(expected);
  });

  test('open sessions page newest first; my own list never shows, counts or leaks another login’s session (S-110 §D)', async () => {
    const other = await signedInAs(server.ctx, server.app, ['dispatcher']);
    // 130 sessions: every third one the administrator's, the rest the dispatcher's, some with the same start
    await sql`insert into session (token_hash, username, created_at, last_seen_at)
      select 'paging-' || n, case when n % 3 = 0 then ${admin.username} else ${other.username} end, now() - make_interval(secs => n / 2), now()
      from generate_series(1, 130) n`.execute(server.ctx.db);
    const all = await walk<{ id: string; username: string; startedAt: string }>('/sessions', 9);
    const expected = await server.ctx.db.selectFrom('session').select(['id']).where('ended_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    expect(all.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    await bounded('/sessions', { limit: 100, max: 500 }, expected.length);

    const mine = await walk<{ id: string; username: string }>('/me/sessions', 7);
    expect(mine.every((s) => s.username === admin.username)).toBe(true);
    expect(mine.map((s) => s.id)).toEqual(all.filter((s) => s.username === admin.username).map((s) => s.id));
    // each of my pages is full of my own sessions: the dispatcher's are not counted in and skipped over
    const page = (await get('/me/sessions?limit=7')).json();
    expect(page.items).toHaveLength(7);
    // another reader's `next` read with my own list shows only my sessions after that point
    const theirs = (await get('/me/sessions?limit=5', other.headers)).json();
    const afterTheirs = (await get(`/me/sessions?limit=500&after=${theirs.next}`)).json();
    expect(afterTheirs.items.every((s: { username: string }) => s.username === admin.username)).toBe(true);
  });

  test('change requests and the media register page in their order, every record once (S-110 §C, §G.2)', async () => {
    await sql`insert into it_change_request (kind, action, requested_by, what, why, computer, status, recorded_by)
      select 'hardware', 'add', 'Helpdesk', 'Dock ' || n, 'new desk', 'WS-' || n, 'requested', 'admin' from generate_series(1, 130) n`.execute(server.ctx.db);
    await sql`insert into it_media (serial, media_type, description, holds_cjis, location, status, registered_by)
      select 'SN-' || lpad(n::text, 5, '0'), 'ssd', 'drive ' || n, n % 2 = 0, 'Server room', 'in_use', 'admin' from generate_series(1, 120) n`.execute(server.ctx.db);
    const numbers = (await server.ctx.db.selectFrom('it_change_request').select('number').orderBy('number', 'desc').execute()).map((r) => r.number);
    await bounded('/it/changes', { limit: 100, max: 500 }, numbers.length);
    expect((await walk<{ number: number }>('/it/changes', 25)).map((c) => c.number)).toEqual(numbers);
    await bounded('/it/media', { limit: 100, max: 500 }, 120);
    const media = await walk<{ serial: string }>('/it/media', 50);
    expect(media.map((m) => m.serial)).toEqual([...media.map((m) => m.serial)].sort());
    expect(new Set(media.map((m) => m.serial)).size).toBe(120);
  });
});
