import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, type TestDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { housingAuthorityBox } from './knox-support.ts';

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
  async function bounded(url: string, defaults: { limit: number; max: number }, total: number, headers = admin.headers) {
    const first = await get(url, headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toHaveLength(Math.min(defaults.limit, total));
    expect(first.json().next === null).toBe(total <= defaults.limit);
    const sep = url.includes('?') ? '&' : '?';
    const over = await get(`${url}${sep}limit=${defaults.max + 1}`, headers);
    expect(over.statusCode).toBe(400);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.json().detail).toMatch(new RegExp(`limit must be <= ${defaults.max}`));
    for (const after of ['not-a-cursor', Buffer.from('["a","b","c","d","e"]').toString('base64url'), Buffer.from('{"x":1}').toString('base64url')]) {
      const bad = await get(`${url}${sep}after=${after}`, headers);
      expect(bad.statusCode, `${url} after=${after}`).toBe(400);
      expect(bad.json().detail).toMatch(/after/);
    }
    // a cursor of the right shape forged by an attacker: a NUL byte or a lone surrogate is refused in
    // every key; text that is not a time, an id or a number, or a day that does not exist, is refused
    // where the key needs one, and is at most an empty page where the key is text — never a 500
    const arity = first.json().next ? (JSON.parse(Buffer.from(first.json().next, 'base64url').toString('utf8')) as string[]).length : 0;
    const neverAKey = ['a\u0000b', '\ud800'];
    for (const value of [...neverAKey, 'not a key', '99999999999999999999999', '2026-02-30 10:00:00+00']) {
      if (arity === 0) break;
      const forged = Buffer.from(JSON.stringify(Array(arity).fill(value)), 'utf8').toString('base64url');
      const bad = await get(`${url}${sep}after=${forged}`, headers);
      if (neverAKey.includes(value) || bad.statusCode !== 200) {
        expect(bad.statusCode, `${url} after=${JSON.stringify(value)}: ${bad.body}`).toBe(400);
        expect(bad.json().detail).toMatch(/after/);
      }
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

  test('the approval queue pages oldest first; the reader’s own reports are neither shown nor counted into a page (S-110 §B)', async () => {
    const chief = await signedInAs(server.ctx, server.app, ['chief']);
    // 90 submitted reports, a third of them the chief's own, several submitted in the same instant
    await sql`insert into report (kind, status, author, occurred_at, event_date, submitted_at)
      select 'incident', 'submitted', case when n % 3 = 0 then ${chief.username} else 'pofficer' end, now(), current_date, now() - make_interval(mins => n / 4)
      from generate_series(1, 90) n`.execute(server.ctx.db);
    const others = (await server.ctx.db.selectFrom('report').select('id').where('status', '=', 'submitted').where('author', '<>', chief.username)
      .orderBy('submitted_at').orderBy('id').execute()).map((r) => r.id);
    expect(others).toHaveLength(60);
    await bounded('/reports/queue', { limit: 50, max: 200 }, others.length, chief.headers);
    const walked = await walk<{ id: string; author: string }>('/reports/queue', 11, chief.headers);
    expect(walked.map((r) => r.id)).toEqual(others);
    expect(walked.some((r) => r.author === chief.username)).toBe(false);
  });

  test('records checks (newest first), the CORI log (oldest first, agency dates) and litigation holds page every entry once (803 CMR 7.11; 81A §L)', async () => {
    const chief = await signedInAs(server.ctx, server.app, ['chief']);
    await sql`insert into records_check (received_by, agency_name, employee_name, subject_name, purpose, routing, status, received_at)
      select 'dispatch', 'Millbrook Housing', 'Pat Lee', 'Subject ' || n, 'tenancy', 'records_office', case when n % 2 = 0 then 'open' else 'answered' end, now() - make_interval(secs => n / 3)
      from generate_series(1, 120) n`.execute(server.ctx.db);
    const open = (await server.ctx.db.selectFrom('records_check').select('id').where('status', '=', 'open').orderBy('received_at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    await bounded('/records-checks', { limit: 100, max: 500 }, 120, chief.headers);
    expect((await walk<{ id: string }>('/records-checks?status=open', 13, chief.headers)).map((c) => c.id)).toEqual(open);

    await sql`insert into cori_dissemination (disseminated_by, subject_name, recipient_name, recipient_agency, purpose, what, disseminated_at)
      select 'clerk', 'Subject ' || n, 'Officer ' || n, case when n % 4 = 0 then 'State Probation' else 'Millbrook Housing' end, 'check', 'record', timestamptz '2026-06-01 12:00Z' + make_interval(hours => n)
      from generate_series(1, 150) n`.execute(server.ctx.db);
    const log = (await server.ctx.db.selectFrom('cori_dissemination').select(['id']).where('recipient_agency', '=', 'State Probation').orderBy('disseminated_at').orderBy('number').execute()).map((r) => r.id);
    await bounded('/cori/disseminations', { limit: 100, max: 500 }, 150, chief.headers);
    expect((await walk<{ id: string }>('/cori/disseminations?recipient=probation', 8, chief.headers)).map((d) => d.id)).toEqual(log);
    // agency dates: 2026-06-02 in Massachusetts is 04:00Z on the 2nd to 04:00Z on the 3rd: hours 16 to 39 of the series
    const day = await walk<{ id: string }>('/cori/disseminations?from=2026-06-02&to=2026-06-02', 10, chief.headers);
    expect(day).toHaveLength(24);
    // the CSV export is the whole filtered log, not a page
    const csv = await get('/cori/disseminations.csv', chief.headers);
    expect(csv.body.trim().split('\n')).toHaveLength(1 + 150);

    await sql`insert into recording_hold (scope, channel, reason, placed_by, placed_at, released_at, release_requested_by, released_by)
      select 'channel', '8', 'claim ' || n, 'captain', now() - make_interval(secs => n), case when n % 5 = 0 then now() end, case when n % 5 = 0 then 'captain' end, case when n % 5 = 0 then 'chief' end
      from generate_series(1, 110) n`.execute(server.ctx.db);
    const active = (await server.ctx.db.selectFrom('recording_hold').select('id').where('released_at', 'is', null).orderBy('placed_at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    await bounded('/recordings/holds', { limit: 100, max: 500 }, active.length, chief.headers);
    expect((await walk<{ id: string }>('/recordings/holds', 30, chief.headers)).map((h) => h.id)).toEqual(active);
    expect(await walk('/recordings/holds?all=true', 500, chief.headers)).toHaveLength(110);
  });

  test('CJIS audits and a case’s orders page newest first, every record once (81A §J.1.b.ix; S-110 §A.1.t)', async () => {
    const chief = await signedInAs(server.ctx, server.app, ['chief']);
    await sql`insert into cjis_audit_filing (audit_date, auditor, result, filed_records_on, recorded_by)
      select date '2020-01-01' + (n / 2), 'DCJIS', 'Compliant', date '2020-01-01' + (n / 2), 'cjisrep' from generate_series(1, 70) n`.execute(server.ctx.db);
    const audits = (await server.ctx.db.selectFrom('cjis_audit_filing').select('id').orderBy('audit_date', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    await bounded('/cjis/audits', { limit: 50, max: 200 }, audits.length, chief.headers);
    expect((await walk<{ id: string }>('/cjis/audits', 9, chief.headers)).map((a) => a.id)).toEqual(audits);

    const clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    const post = async (url: string, payload: object) => (await server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: clerk.headers })).json();
    const kase = (await post('/cases', { type: 'DOMESTIC', location: '17 Linden Street' })).number as string;
    const respondent = (await post('/names', { first: 'Tyler', last: 'Brooks', dob: '1988-07-04' })).id as string;
    const first = await post('/orders', { kind: 'trespass', caseNumber: kase, respondentId: respondent, addresses: ['17 Linden Street'], terms: 'Stay off the premises', issuedOn: '2026-01-05' });
    expect(first.id).toBeTruthy();
    await sql`insert into protective_order (kind, case_number, respondent_id, addresses, terms, issued_on, created_by)
      select kind, case_number, respondent_id, addresses, terms, issued_on - (n / 3), created_by from protective_order, generate_series(1, 60) n where id = ${first.id}`.execute(server.ctx.db);
    const orders = (await server.ctx.db.selectFrom('protective_order').select('id').where('case_number', '=', kase).orderBy('issued_on', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    await bounded(`/orders?caseNumber=${kase}`, { limit: 50, max: 200 }, 61, chief.headers);
    expect((await walk<{ id: string }>(`/orders?caseNumber=${kase}`, 25, chief.headers)).map((o) => o.id)).toEqual(orders);
    expect((await walk<{ id: string }>(`/orders?personId=${respondent}`, 40, chief.headers)).map((o) => o.id)).toEqual(orders);
  });

  test('Knox access history pages newest first; an officer’s pages hold only accesses they may read, full, and `next` never names another’s (O-604 §III.H)', async () => {
    const supply = await signedInAs(server.ctx, server.app, ['supply_supervisor']);
    const mine = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const theirs = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const box = await server.app.inject({ method: 'POST', url: '/api/v1/knox/boxes', headers: supply.headers, payload: housingAuthorityBox('PG-BOX', 'Paging Court', '1 Paging Court') });
    expect(box.statusCode, box.body).toBeLessThan(300);
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    // 250 accesses, one in five the officer's own: more than one batch of the rule's filter between two of their pages
    await sql`insert into knox_access (box_id, incident_number, reason, apartments, officer, requested_by, requested_at)
      select 'PG-BOX', ${incident}, 'welfare_check', array['1A'], case when n % 5 = 0 then ${mine.username} else ${theirs.username} end, 'dispatch', now() - make_interval(secs => n / 2)
      from generate_series(1, 250) n`.execute(server.ctx.db);
    const own = (await server.ctx.db.selectFrom('knox_access').select('id').where('officer', '=', mine.username).orderBy('requested_at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    expect(own).toHaveLength(50);
    const walked = await walk<{ id: string; officer: string }>('/knox/accesses', 7, mine.headers);
    expect(walked.map((a) => a.id)).toEqual(own);
    expect(walked.every((a) => a.officer === mine.username)).toBe(true);
    await bounded('/knox/accesses', { limit: 100, max: 500 }, 250, supply.headers);
    const all = (await server.ctx.db.selectFrom('knox_access').select('id').where('box_id', '=', 'PG-BOX').orderBy('requested_at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    expect((await walk<{ id: string }>('/knox/accesses?box=PG-BOX', 60, supply.headers)).map((a) => a.id)).toEqual(all);
  });
  test('incidents page by priority then age when open and newest first otherwise; a confidential one is neither shown nor counted for a reader who may not see it (81A §D.3, §E.2.c)', async () => {
    const dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const patrol = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    // 240 incidents, half open, one in ten confidential, some reported at the same instant
    await sql`insert into incident (number, type, priority, location, status, confidential, reported_at, created_by, min_units, supervisor_required)
      select '90-' || lpad(n::text, 5, '0'), 'NOISE', 1 + n % 3, jsonb_build_object('address', n || ' Paging Road'),
        case when n % 2 = 0 then 'closed' else 'pending' end, n % 10 = 0, now() - make_interval(mins => n / 3), 'paging', 1, false
      from generate_series(1, 240) n`.execute(server.ctx.db);
    const numbers = async (status: 'open' | 'closed' | 'all', confidential: boolean) => {
      let q = server.ctx.db.selectFrom('incident').select('number');
      if (status === 'open') q = q.where('status', '<>', 'closed');
      if (status === 'closed') q = q.where('status', '=', 'closed');
      if (!confidential) q = q.where('confidential', '=', false);
      q = status === 'open' ? q.orderBy('priority').orderBy('reported_at').orderBy('number') : q.orderBy('reported_at', 'desc').orderBy('number', 'desc');
      return (await q.execute()).map((r) => r.number);
    };
    for (const status of ['open', 'closed', 'all'] as const) {
      expect((await walk<{ number: string }>(`/incidents?status=${status}`, 23, dispatcher.headers)).map((i) => i.number), status).toEqual(await numbers(status, true));
      const seen = (await walk<{ number: string }>(`/incidents?status=${status}`, 23, patrol.headers)).map((i) => i.number);
      expect(seen, status).toEqual(await numbers(status, false));
    }
    await bounded('/incidents?status=all', { limit: 200, max: 500 }, (await numbers('all', true)).length, dispatcher.headers);
  });

  test('calls page by priority then age when open and newest first in the closed-call log, every call once (81A §C.2.a, §D.1)', async () => {
    const dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    // 230 calls, two in three ended, several received at the same instant (the id breaks the tie)
    await sql`insert into call (line, status, priority, received_at, created_by)
      select 'business', case when n % 3 = 0 then 'ringing' else 'ended' end, 1 + n % 4, now() - make_interval(mins => n / 4), 'paging'
      from generate_series(1, 230) n`.execute(server.ctx.db);
    const ids = async (open: boolean) => (await (open
      ? server.ctx.db.selectFrom('call').select('id').where('status', '<>', 'ended').orderBy('priority').orderBy('received_at').orderBy('id')
      : server.ctx.db.selectFrom('call').select('id').where((eb) => eb.or([eb('status', '=', 'ended'), eb('outcome', 'is not', null)])).orderBy('received_at', 'desc').orderBy('id', 'desc')).execute()).map((r) => r.id);
    expect((await walk<{ id: string }>('/calls', 31, dispatcher.headers)).map((c) => c.id)).toEqual(await ids(true));
    expect((await walk<{ id: string }>('/calls?status=closed', 31, dispatcher.headers)).map((c) => c.id)).toEqual(await ids(false));
    await bounded('/calls?status=closed', { limit: 200, max: 500 }, (await ids(false)).length, dispatcher.headers);
  });
});
