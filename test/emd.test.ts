import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Kysely } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { agencyDate } from '../src/core/clock.ts';
import { ensureCodeTables, forgetCodeTables } from '../src/agency/service.ts';
import { dropOldDefaultGreetings } from '../src/db/migrations/0031_emd.ts';
import { sendEmdReminders } from '../src/emd/service.ts';
import { main, type Io } from '../src/cli/main.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const card = (over: Record<string, unknown> = {}) => ({
  complaintCode: 'chest_pain', complaint: 'Chest pain', version: '1', approvedOn: '2026-01-05', approvedBy: 'Dr. Test Director',
  keyQuestions: [{ code: 'awake', text: 'Is the patient awake?' }, { code: 'breathing', text: 'Is the patient breathing normally?' }],
  instructions: [{ code: 'rest', text: 'Have the patient sit and rest.' }, { code: 'unlock', text: 'Unlock the door for the responders.' }],
  ...over,
});

forEachDatabase('emergency medical dispatch (81A §I)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let certified: { username: string; headers: Record<string, string> };
  let uncertified: { username: string; headers: Record<string, string> };
  let oic: { username: string; headers: Record<string, string> };
  let admin: Record<string, string>;
  let today: string;
  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const count = async (table: 'event' | 'emd_card' | 'emd_certification' | 'audit') =>
    Number((await server.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const days = (n: number) => agencyDate(server.ctx.config.agency.timeZone, new Date(Date.now() + n * 86_400_000));
  const medicalIncident = async () => {
    const r = await send('POST', '/incidents', certified.headers, { type: 'MEDICAL', location: { address: '14 Elm Street' }, complainant: { name: 'Pat Caller', address: '', phone: '781-555-0142' } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().number as string;
  };

  beforeAll(async () => {
    server = await database().server();
    certified = await signedInAs(server.ctx, server.app, ['dispatcher']);
    uncertified = await signedInAs(server.ctx, server.app, ['dispatcher']);
    oic = await signedInAs(server.ctx, server.app, ['commanding_officer']);
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    today = agencyDate(server.ctx.config.agency.timeZone, new Date());
    const r = await send('POST', `/emd/people/${certified.username}/certifications`, oic.headers, { number: 'EMD-1001', issuingBody: 'State OEMS', issuedOn: days(-100), expiresOn: days(600) });
    expect(r.statusCode, r.body).toBe(201);
  });
  afterAll(async () => server?.close());

  test('the agency loads its approved protocol cards; bad ones are refused naming the field, with nothing written (81A §I.1.b)', async () => {
    const before = await count('emd_card');
    for (const [body, field] of [
      [card({ approvedOn: days(5) }), 'approvedOn'],
      [card({ keyQuestions: [{ code: 'a', text: 'One?' }, { code: 'a', text: 'Two?' }] }), 'keyQuestions/1/code'],
      [card({ instructions: [] }), 'instructions'],
      [card({ complaintCode: 'Chest Pain!' }), 'complaintCode'],
    ] as const) {
      const r = await send('POST', '/emd/cards', admin, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.json())).toContain(field);
    }
    expect((await send('POST', '/emd/cards', certified.headers, card())).statusCode).toBe(403); // a dispatcher does not load cards
    expect(await count('emd_card')).toBe(before);
    const loaded = await send('POST', '/emd/cards', admin, card());
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json()).toMatchObject({ complaint: 'Chest pain', version: '1', approvedBy: 'Dr. Test Director', supersededAt: null });
    const audit = await server.ctx.db.selectFrom('audit').select(['action', 'subject_id']).where('action', '=', 'emd.card.loaded').execute();
    expect(audit.map((a) => a.subject_id)).toContain(loaded.json().id);
  });

  test('a new version supersedes the old one, which is kept for the record; the same version twice is refused (81A §I.1.b)', async () => {
    const v1 = (await send('GET', '/emd/cards', certified.headers)).json().find((c: { complaintCode: string }) => c.complaintCode === 'chest_pain');
    const v2 = await send('POST', '/emd/cards', oic.headers, card({ version: '2', approvedOn: today, instructions: [{ code: 'rest', text: 'Have the patient stop and sit down.' }] }));
    expect(v2.statusCode, v2.body).toBe(201);
    const current = (await send('GET', '/emd/cards', certified.headers)).json().filter((c: { complaintCode: string }) => c.complaintCode === 'chest_pain');
    expect(current.map((c: { version: string }) => c.version)).toEqual(['2']);
    const all = (await send('GET', '/emd/cards?all=true', oic.headers)).json().filter((c: { complaintCode: string }) => c.complaintCode === 'chest_pain');
    expect(all.find((c: { id: string }) => c.id === v1.id)).toMatchObject({ version: '1', supersededBy: v2.json().id, supersededAt: expect.any(String) });
    const again = await send('POST', '/emd/cards', admin, card({ version: '2' }));
    expect(again.statusCode).toBe(409);
  });

  test('precinct emd load-cards loads a file of cards as the operator; a bad card in the file loads none (81A §I.1.b)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precinct-emd-cards-'));
    const out: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => out.push(l), stdin: async () => '', context: (work) => work(server.ctx), operator: 'ops-admin', inServer: true };
    const before = await count('emd_card');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([card({ complaintCode: 'burns', complaint: 'Burns' }), card({ complaintCode: 'falls', complaint: 'Falls', approvedOn: '2026-02-30' })]));
    expect(await main(['node', 'precinct', 'emd', 'load-cards', join(dir, 'bad.json')], io)).not.toBe(0);
    writeFileSync(join(dir, 'future.json'), JSON.stringify([card({ complaintCode: 'burns', complaint: 'Burns' }), card({ complaintCode: 'falls', complaint: 'Falls', approvedOn: days(3) })]));
    expect(await main(['node', 'precinct', 'emd', 'load-cards', join(dir, 'future.json')], io)).not.toBe(0);
    expect(await count('emd_card')).toBe(before);
    writeFileSync(join(dir, 'good.json'), JSON.stringify([card({ complaintCode: 'burns', complaint: 'Burns' }), card({ complaintCode: 'falls', complaint: 'Falls' })]));
    expect(await main(['node', 'precinct', 'emd', 'load-cards', join(dir, 'good.json')], io)).toBe(0);
    expect(await count('emd_card')).toBe(before + 2);
    const audit = await server.ctx.db.selectFrom('audit').select(['username']).where('action', '=', 'emd.card.loaded').orderBy('id', 'desc').limit(2).execute();
    expect(audit.map((a) => a.username)).toEqual(['cli:ops-admin', 'cli:ops-admin']);
  });

  test('EMD certification per person: recorded by a supervisor with number, issuer and dates; never one’s own; expiry after issue (81A §I.1.a)', async () => {
    const list = (await send('GET', '/emd/certifications', oic.headers)).json();
    expect(list.find((c: { username: string }) => c.username === certified.username)).toMatchObject({ number: 'EMD-1001', issuingBody: 'State OEMS', state: 'current' });
    const before = await count('emd_certification');
    expect((await send('POST', `/emd/people/${oic.username}/certifications`, oic.headers, { number: 'X', issuingBody: 'State OEMS', issuedOn: today, expiresOn: days(10) })).statusCode).toBe(403);
    const backwards = await send('POST', `/emd/people/${uncertified.username}/certifications`, oic.headers, { number: 'X', issuingBody: 'State OEMS', issuedOn: today, expiresOn: today });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().field).toBe('expiresOn');
    expect((await send('POST', `/emd/people/${uncertified.username}/certifications`, certified.headers, { number: 'X', issuingBody: 'S', issuedOn: today, expiresOn: days(10) })).statusCode).toBe(403);
    expect((await send('POST', '/emd/people/nobody-here/certifications', oic.headers, { number: 'X', issuingBody: 'S', issuedOn: today, expiresOn: days(10) })).statusCode).toBe(404);
    expect(await count('emd_certification')).toBe(before);
    // an expired certification does not count
    const expired = await send('POST', `/emd/people/${uncertified.username}/certifications`, oic.headers, { number: 'EMD-OLD', issuingBody: 'State OEMS', issuedOn: days(-800), expiresOn: days(-1) });
    expect(expired.json()[0]).toMatchObject({ number: 'EMD-OLD', state: 'expired' });
  });

  test('a medical call shows the cards; answers and instructions given go on the timeline with their times (81A §I.1, §C.3.c)', async () => {
    const number = await medicalIncident();
    const panel = (await send('GET', `/incidents/${number}/emd?complaint=chest_pain`, certified.headers)).json();
    expect(panel).toMatchObject({ medical: true, medicalBecause: 'incident_type', certified: true, certification: { number: 'EMD-1001' }, launch: null });
    const chest = panel.cards.find((c: { complaintCode: string }) => c.complaintCode === 'chest_pain');
    const before = Date.now();
    const answered = await send('POST', `/incidents/${number}/emd/answers`, uncertified.headers, { cardId: chest.id, question: 'awake', answer: 'Yes, talking' });
    expect(answered.statusCode, answered.body).toBe(201); // any call-taker records the answers
    const given = await send('POST', `/incidents/${number}/emd/instructions`, certified.headers, { cardId: chest.id, instruction: 'rest' });
    expect(given.statusCode, given.body).toBe(201);
    const timeline = given.json().timeline as { kind: string; at: string; actor: string; payload: { text: string } }[];
    const answer = timeline.find((e) => e.kind === 'incident.emd_answer')!;
    const instruction = timeline.find((e) => e.kind === 'incident.emd_instruction')!;
    expect(answer.payload.text).toBe('EMD Chest pain (version 2): Is the patient awake? — Yes, talking');
    expect(instruction.payload.text).toBe('EMD Chest pain (version 2): instruction given — Have the patient stop and sit down.');
    expect(instruction.actor).toBe(certified.username);
    for (const e of [answer, instruction]) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 2000);
    const after = (await send('GET', `/incidents/${number}/emd`, uncertified.headers)).json();
    expect(after.recorded.map((r: { kind: string; code: string }) => `${r.kind}:${r.code}`)).toEqual(['answer:awake', 'instruction:rest']);
    // a question or instruction the card does not have is refused
    const wrong = await send('POST', `/incidents/${number}/emd/answers`, certified.headers, { cardId: chest.id, question: 'nope', answer: 'x' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().field).toBe('question');
  });

  test('an uncertified dispatcher may not mark an instruction given: 403 citing 81A §I.1.a, nothing written, and is told who on duty is certified', async () => {
    const number = await medicalIncident();
    await server.ctx.db.insertInto('roster').values({ shift_date: today, shift: 'Day', call_sign: null, username: certified.username, assignment: 'Dispatcher' }).execute();
    const panel = (await send('GET', `/incidents/${number}/emd`, uncertified.headers)).json();
    expect(panel).toMatchObject({ medical: true, certified: false, certification: null });
    expect(panel.certifiedOnDuty).toHaveLength(1);
    expect(panel.certifiedOnDuty[0]).toMatch(/Tester-Quill/);
    const chest = panel.cards.find((c: { complaintCode: string }) => c.complaintCode === 'chest_pain');
    const [events, cards] = [await count('event'), await count('emd_card')];
    const refused = await send('POST', `/incidents/${number}/emd/instructions`, uncertified.headers, { cardId: chest.id, instruction: 'rest' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'emd.not_certified', clause: '81A §I.1.a' });
    expect(await count('event')).toBe(events);
    expect(await count('emd_card')).toBe(cards);
    const record = (await send('GET', `/incidents/${number}`, uncertified.headers)).json();
    expect(record.timeline.some((e: { kind: string }) => e.kind === 'incident.emd_instruction')).toBe(false);
    const denied = await server.ctx.db.selectFrom('audit').select(['outcome', 'reason', 'subject_id']).where('username', '=', uncertified.username).where('action', '=', 'emd.instruction.refused').execute();
    expect(denied).toEqual([{ outcome: 'denied', reason: 'emd.not_certified', subject_id: number }]);
  });

  test('a call taken in the Medical (EMD) category makes its incident a medical call; other incidents are refused (81A §C.3.c, §I)', async () => {
    const call = (await send('POST', '/calls', certified.headers, { line: 'business', category: 'medical' })).json();
    const taken = await send('POST', `/calls/${call.id}/incident`, certified.headers, { incident: { type: 'ASSIST', location: { address: '3 Oak Street' } } });
    expect(taken.statusCode, taken.body).toBe(201);
    const number = (taken.json().incident ?? taken.json()).number as string;
    expect((await send('GET', `/incidents/${number}/emd`, certified.headers)).json()).toMatchObject({ medical: true, medicalBecause: 'call_category' });
    const other = (await send('POST', '/incidents', certified.headers, { type: 'NOISE', location: { address: '9 Pine Street' } })).json().number as string;
    const chest = (await send('GET', '/emd/cards', certified.headers)).json()[0];
    expect((await send('GET', `/incidents/${other}/emd`, certified.headers)).json().medical).toBe(false);
    expect((await send('POST', `/incidents/${other}/emd/answers`, certified.headers, { cardId: chest.id, question: 'awake', answer: 'yes' })).statusCode).toBe(409);
  });

  test('the licensed product’s launch URL is filled from the call, URL-encoded; a bad template is refused naming launchUrl (81A §I.1)', async () => {
    const bad = await send('PUT', '/emd/product', admin, { name: 'ProductX', launchUrl: 'https://emd.example/launch?i={incident}&x={secret}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('launchUrl');
    expect((await send('PUT', '/emd/product', admin, { name: 'ProductX', launchUrl: 'javascript:alert({incident})' })).statusCode).toBe(400);
    const ok = await send('PUT', '/emd/product', admin, { name: 'ProductX', launchUrl: 'https://emd.example/launch?incident={incident}&addr={address}&cb={callback}&cc={complaint}' });
    expect(ok.statusCode, ok.body).toBe(200);
    const number = await medicalIncident();
    const panel = (await send('GET', `/incidents/${number}/emd?complaint=chest_pain`, uncertified.headers)).json();
    expect(panel.launch).toEqual({ productName: 'ProductX', url: `https://emd.example/launch?incident=${number}&addr=14%20Elm%20Street&cb=781-555-0142&cc=Chest%20pain` });
    expect((await send('DELETE', '/emd/product', admin)).statusCode).toBe(200);
    expect((await send('GET', `/incidents/${number}/emd`, uncertified.headers)).json().launch).toBeNull();
  });

  test('a certification about to expire raises one reminder to its holder and the commanding officer (81A §I.1.a)', async () => {
    const soon = await signedInAs(server.ctx, server.app, ['dispatcher']);
    await send('POST', `/emd/people/${soon.username}/certifications`, oic.headers, { number: 'EMD-SOON', issuingBody: 'State OEMS', issuedOn: days(-700), expiresOn: days(20) });
    await sendEmdReminders(server.ctx);
    expect(await sendEmdReminders(server.ctx)).toBe(0); // once per certification
    const alerts = (await send('GET', '/alerts', oic.headers)).json() as { kind: string; title: string; audience: string[] }[];
    const mine = alerts.filter((a) => a.kind === 'emd_certification_expiring' && a.audience.includes(soon.username));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toContain(`expires on ${days(20)}`);
    const list = (await send('GET', '/emd/certifications', oic.headers)).json();
    expect(list.find((c: { number: string }) => c.number === 'EMD-SOON').remindedAt).toEqual(expect.any(String));
    // the long-valid certification is not reminded
    expect(list.find((c: { number: string }) => c.number === 'EMD-1001').remindedAt).toBeNull();
  });

  test('greetings: old defaults are migrated to the policy’s words with the agency’s name; an edited greeting is left alone (81A §C.2.b.i, §C.2.c.i)', async () => {
    const db = server.ctx.db;
    const set = (code: string, name: string, attrs: object) => db.updateTable('code_entry').set({ name, attrs: JSON.stringify(attrs) }).where('table_name', '=', 'call_line').where('code', '=', code).execute();
    await set('e911', 'E-911', { priority: 1, greeting: 'Millbrook 911, what is the address of your emergency?' });
    await set('business', 'Business line', { priority: 3, greeting: 'Millbrook Police Department, Dispatcher speaking, how may I help you?' });
    await set('emergency', 'Emergency line (7-digit)', { priority: 1, greeting: 'Our own words, edited by the agency.' });
    await dropOldDefaultGreetings(db as unknown as Kysely<unknown>);
    await ensureCodeTables(db, {}, 'Town of Testing Police');
    forgetCodeTables(db);
    const greeting = async (line: string) => (await send('POST', '/calls', certified.headers, { line })).json().greeting;
    expect(await greeting('e911')).toBe('9-1-1. This call is being recorded. What is your emergency?');
    expect(await greeting('business')).toBe('Town of Testing Police. This call is being recorded. How may I help you?');
    expect(await greeting('emergency')).toBe('Our own words, edited by the agency.');
  });
});
