import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { pdfText } from './knox-support.ts';

type H = Record<string, string>;

forEachDatabase('records: property and evidence with chain of custody (S-110 §A.1.j, u)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let clerk: H; let clerkName: string; let sergeant: H; let sergeantName: string; let court: H;
  let kase: string;
  const call = async (headers: H, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).startsWith('application/pdf') ? response.rawPayload : response.json(), type: response.headers['content-type'] };
  };
  const count = async (table: 'custody_entry' | 'property_item') => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(server.ctx.db)).rows[0]!.n;

  beforeAll(async () => {
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    const c = await signedInAs(server.ctx, server.app, ['records_clerk']);
    clerk = c.headers; clerkName = c.username;
    const s = await signedInAs(server.ctx, server.app, ['patrol_supervisor']);
    sergeant = s.headers; sergeantName = s.username;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    kase = (await call(officer, 'POST', '/cases', { type: 'LARCENY', location: '9 Market Street' })).body.number;
  }, 300_000);
  afterAll(async () => server?.close());

  test('an item is recorded under a case with a tag, labelled, moved twice and released on authorization; every step is a custody entry (S-110 §A.1.j)', async () => {
    const item = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'evidence', category: 'Electronics', description: 'Black laptop, cracked lid', make: 'Dell', model: 'Latitude 5420', serial: 'DL-55A-9921', value: 650, location: 'Locker 4' })).body;
    expect(item.tag).toMatch(/^P\d{2}-\d{5}$/);
    const label = await call(court, 'GET', `/property/${item.id}/label.pdf`);
    expect(label.type).toBe('application/pdf');
    expect(Buffer.from(label.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'transfer', from: 'locker 4', to: 'Shelf B-3', receivedBy: { username: clerkName }, reason: 'logged into the property room' })).body).toEqual({ status: 'in_custody', location: 'Shelf B-3' });
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'lab', from: 'Shelf B-3', to: 'State Police Crime Lab', receivedBy: { outside: 'Analyst R. Okafor' }, reason: 'fingerprint analysis' })).body).toEqual({ status: 'out', location: 'State Police Crime Lab' });
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'returned', from: 'State Police Crime Lab', to: 'Shelf B-3', receivedBy: { username: clerkName }, reason: 'analysis done' })).body.status).toBe('in_custody');
    const auth = (await call(sergeant, 'POST', `/property/${item.id}/authorizations`, { action: 'release', reason: 'case closed, owner proved ownership' })).body;
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'release', from: 'Shelf B-3', to: 'Owner', receivedBy: { outside: 'Maria Ortiz (owner)' }, reason: 'returned to owner', authorizationId: auth.id })).body.status).toBe('released');
    const seen = (await call(court, 'GET', `/property/${item.id}`)).body;
    expect(seen).toMatchObject({ tag: item.tag, caseNumber: kase, status: 'released', location: 'Owner', value: 650 });
    expect(seen.custody.map((c: { action: string }) => c.action)).toEqual(['received', 'transfer', 'lab', 'returned', 'release']);
    expect(seen.custody.at(-1)).toMatchObject({ authorizedBy: sergeantName, recordedBy: clerkName, fromLocation: 'Shelf B-3', toHolder: 'Maria Ortiz (owner)', toOutside: true, toHolderName: 'Maria Ortiz (owner) (outside recipient)' });
    const history = await call(court, 'GET', `/property/${item.id}/custody.pdf`);
    expect(history.type).toBe('application/pdf');
    expect((await call(court, 'GET', `/cases/${kase}/property`)).body).toEqual([expect.objectContaining({ tag: item.tag, status: 'released' })]);
    expect((await call(court, 'GET', `/property/by-tag?tag=${item.tag.toLowerCase()}`)).body.id).toBe(item.id);
  });

  test('"Received by" is one of the agency\'s people (named on the custody PDF) or an outside recipient marked as such; a login that is no one is refused naming the field (S-110 §A.1.j)', async () => {
    const item = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'evidence', category: 'Clothing', description: 'Blue jacket', location: 'Locker 7' })).body;
    const people = (await call(clerk, 'GET', '/property/recipients')).body as { username: string; name: string }[];
    const sergeantPerson = people.find((p) => p.username === sergeantName)!;
    expect(sergeantPerson.name).not.toContain(sergeantName);
    const before = await count('custody_entry');
    const unknown = await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'transfer', from: 'Locker 7', to: 'Shelf D-2', receivedBy: { username: 'nobody-here' }, reason: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'property.unknown_recipient', clause: 'S-110 §A.1.j' });
    expect(unknown.body.detail).toContain('receivedBy.username');
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'transfer', from: 'Locker 7', to: 'Shelf D-2', receivedBy: { username: 'x', outside: 'y' }, reason: 'x' })).status).toBe(400);
    expect(await count('custody_entry')).toBe(before);
    await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'transfer', from: 'Locker 7', to: 'Shelf D-2', receivedBy: { username: sergeantName }, reason: 'for the detective bureau' });
    // a login typed as an outside recipient stays text: it is not read as that person
    await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'court', from: 'Shelf D-2', to: 'District Court', receivedBy: { outside: sergeantName }, reason: 'trial exhibit' });
    const seen = (await call(court, 'GET', `/property/${item.id}`)).body;
    expect(seen.custody.slice(1).map((c: { toHolderName: string; toOutside: boolean }) => [c.toHolderName, c.toOutside])).toEqual([[sergeantPerson.name, false], [`${sergeantName} (outside recipient)`, true]]);
    expect(seen).toMatchObject({ holderOutside: true, holderName: `${sergeantName} (outside recipient)` });
    const text = (await pdfText(new Uint8Array((await call(court, 'GET', `/property/${item.id}/custody.pdf`)).body as Buffer))).replace(/\s+/g, ' ');
    expect(text).toContain(`received by ${sergeantPerson.name}`);
    expect(text).toContain(`From Shelf D-2 (${sergeantPerson.name}) to District Court, received by ${sergeantName} (outside recipient)`);
  });

  test('a transfer of an item that is not where it is claimed to be is refused with the clause, and nothing is written (S-110 §A.1.j)', async () => {
    const item = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'found', category: 'Bicycle', description: 'Red mountain bike', location: 'Bay 2' })).body;
    const before = await count('custody_entry');
    const refused = await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'transfer', from: 'Shelf A-1', to: 'Bay 3', receivedBy: { username: clerkName }, reason: 'reorganising' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'property.not_there', clause: 'S-110 §A.1.j' });
    expect(await count('custody_entry')).toBe(before);
    expect((await call(court, 'GET', `/property/${item.id}`)).body.location).toBe('Bay 2');
  });

  test('destruction without authorization is refused; the authorizer cannot carry it out; an authorization is spent once (S-110 §A.1.j)', async () => {
    const item = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'evidence', category: 'Drugs', description: 'Bag of pills', location: 'Vault' })).body;
    const refused = await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'destruction', from: 'Vault', to: 'Incinerator', receivedBy: { outside: 'Northampton DPW' }, reason: 'court order' });
    expect(refused.body).toMatchObject({ status: 422, code: 'property.not_authorized', clause: 'S-110 §A.1.j' });
    expect((await call(officer, 'POST', `/property/${item.id}/authorizations`, { action: 'destruction', reason: 'x' })).status).toBe(403);
    const auth = (await call(sergeant, 'POST', `/property/${item.id}/authorizations`, { action: 'destruction', reason: 'court order 26-CR-114' })).body;
    expect((await call(sergeant, 'POST', `/property/${item.id}/custody`, { action: 'destruction', from: 'Vault', to: 'Incinerator', receivedBy: { outside: 'DPW' }, reason: 'court order', authorizationId: auth.id })).body.code).toBe('property.own_authorization');
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'destruction', from: 'Vault', to: 'Incinerator', receivedBy: { outside: 'DPW' }, reason: 'court order', authorizationId: auth.id })).body.status).toBe('destroyed');
    expect((await call(clerk, 'POST', `/property/${item.id}/custody`, { action: 'transfer', from: 'Incinerator', to: 'Vault', receivedBy: { outside: 'x' }, reason: 'x' })).body.code).toBe('property.gone');
  });

  test('the custody log is append-only: the database refuses to change or remove an entry (S-110 §A.1.j)', async () => {
    await expect(sql`update custody_entry set reason = 'edited'`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from custody_entry`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
  });

  test('an item under a case that does not exist is refused and nothing is written (S-110 §B)', async () => {
    const before = await count('property_item');
    const refused = await call(officer, 'POST', '/property', { caseNumber: 'C26-99999', kind: 'found', category: 'Wallet', description: 'Brown wallet', location: 'Desk' });
    expect(refused.body).toMatchObject({ status: 422, code: 'property.unknown_case', clause: 'S-110 §B' });
    expect(await count('property_item')).toBe(before);
  });

  test('stolen items are found by serial number and description, forgivingly, and a recovered item matches its stolen report (S-110 §A.1.u)', async () => {
    const stolen = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'stolen', category: 'Tools', description: 'Cordless drill, yellow', make: 'DeWalt', model: 'DCD771', serial: 'DW-7781-XK' })).body;
    expect((await call(court, 'GET', '/property/stolen?serial=DW7781XK')).body[0]).toMatchObject({ id: stolen.id, matchedBy: ['serial number'], score: 1 });
    expect((await call(court, 'GET', '/property/stolen?serial=DW-7781-KX')).body.map((h: { id: string }) => h.id)).toContain(stolen.id);
    expect((await call(court, 'GET', '/property/stolen?q=yelow%20cordless%20drill')).body.map((h: { id: string }) => h.id)).toContain(stolen.id);
    const found = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'evidence', category: 'Tools', description: 'Yellow drill found in a car', serial: 'dw 7781 xk', location: 'Shelf C-1' })).body;
    expect((await call(court, 'GET', `/property/${found.id}/matches`)).body[0]).toMatchObject({ id: stolen.id, tag: stolen.tag });
    expect((await call(officer, 'POST', `/property/${found.id}/recovers`, { stolenId: stolen.id })).body).toEqual({ stolenTag: stolen.tag });
    expect((await call(court, 'GET', `/property/${stolen.id}`)).body).toMatchObject({ status: 'recovered', recoveredItemId: found.id });
    expect((await call(court, 'GET', '/property/stolen?serial=DW7781XK')).body).toEqual([]);
    expect((await call(court, 'GET', '/property/stolen')).status).toBe(400);
  });

  test('a shelf audit lists what should be on the shelf, takes the scans and reports what is missing and what does not belong', async () => {
    const tags: string[] = [];
    for (const d of ['Knife', 'Phone', 'Watch']) tags.push((await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'evidence', category: 'Misc', description: d, location: 'Shelf Z-9' })).body.tag);
    const stray = (await call(officer, 'POST', '/property', { caseNumber: kase, kind: 'evidence', category: 'Misc', description: 'Ring', location: 'Shelf Y-1' })).body.tag as string;
    const audit = (await call(clerk, 'POST', '/property-audits', { location: 'shelf z9' })).body;
    expect(audit.expected).toEqual(tags);
    await call(clerk, 'POST', `/property-audits/${audit.id}/scans`, { tag: tags[0] });
    await call(clerk, 'POST', `/property-audits/${audit.id}/scans`, { tag: stray });
    const report = (await call(clerk, 'POST', `/property-audits/${audit.id}/close`)).body;
    expect(report).toMatchObject({ found: [tags[0]], missing: [tags[1], tags[2]], unexpected: [{ tag: stray, recordedLocation: 'Shelf Y-1', status: 'in_custody' }], closedAt: expect.any(String) });
    expect((await call(clerk, 'POST', `/property-audits/${audit.id}/scans`, { tag: tags[1] })).status).toBe(409);
  });
});
