import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

/**
 * NIBRS submissions (S-110 §A.1.q "NIBRS"): the incidents' NIBRS data, the FBI edits and the
 * inbox, the monthly submission in NIBRS XML (IEPD 2019.1) validated against the FBI's XSD.
 */
type H = Record<string, string>;
const XSD = 'standards/nibrs-2019.1/base-xsd/nibrs/2019/nibrs.xsd';
const SAMPLES = 'test/fixtures/nibrs';

/** Validate with xmllint directly, independently of the server's own check. */
function xsdValid(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nibrs-test-'));
  try {
    writeFileSync(join(dir, 'doc.xml'), xml);
    return execFileSync('xmllint', ['--noout', '--nonet', '--schema', XSD, join(dir, 'doc.xml')], { stdio: ['ignore', 'pipe', 'pipe'] }).toString() || 'validates';
  } catch (error) {
    return `fails: ${String((error as { stderr?: Buffer }).stderr ?? error)}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The document cut into its segments (the message metadata, then each child of nibrs:Report), each
 * segment its leaves in order: `path → value` (the path inside the segment), with s:id / s:ref kept so references are compared too.
 */
function segments(xml: string): { name: string; leaves: string[] }[] {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const out: { name: string; leaves: string[] }[] = [];
  const stack: string[] = [];
  let current: { name: string; leaves: string[] } | undefined;
  let base = 0;
  for (const m of body.matchAll(/<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g)) {
    if (m[5] !== undefined) {
      const text = m[5].trim();
      if (text && current) current.leaves.push(`${stack.slice(base).join('/')} → ${text}`);
      continue;
    }
    if (m[1]) { stack.pop(); continue; }
    const refs = [...m[3]!.matchAll(/(s:id|s:ref)\s*=\s*"([^"]*)"/g)].map((a) => `[@${a[1]}=${a[2]}]`).join('');
    stack.push(`${m[2]}${refs}`);
    if (stack.length === 2 && m[2] === 'cjis:MessageMetadata') { out.push(current = { name: m[2], leaves: [] }); base = 2; }
    if (stack.length === 3 && stack[1] === 'nibrs:Report') { out.push(current = { name: stack[2]!, leaves: [] }); base = 3; }
    if (m[4]) { if (current && refs) current.leaves.push(stack.slice(base).join('/')); stack.pop(); }
  }
  return out;
}
const sample = (file: string) => segments(readFileSync(join(SAMPLES, file), 'utf8'));
const flat = (segs: { name: string; leaves: string[] }[]) => segs.map((s) => `${s.name}: ${s.leaves.join(' | ')}`);
/** The message metadata's fields (paths only: the message id, time and submitter differ by nature). */
const metadataFields = (segs: { name: string; leaves: string[] }[]) => segs.find((s) => s.name === 'cjis:MessageMetadata')!.leaves.map((l) => l.split(' → ')[0]);

forEachDatabase('NIBRS submissions (S-110 §A.1.q)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let clerk: H; let officer: H; let court: H; let captain: H; let clerkName = '';
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type'] ?? '').includes('json') ? response.json() : response.body, type: String(response.headers['content-type'] ?? '') };
  };
  const openCase = async (type: string, occurredAt: string) => (await call(clerk, 'POST', '/cases', { type, location: '12 Elm Street', occurredAt })).body.number as string;
  const fileXml = async (submission: string, seq: number) => (await call(clerk, 'GET', `/nibrs/submissions/${submission}/files/${seq}`)).body as string;

  beforeAll(async () => {
    // The FBI's samples are for agency WVNDX0100; reporting as that agency makes the headers comparable.
    server = await database().server({ agency: { ...database().config().agency, ori: 'WVNDX0100' } });
    const c = await signedInAs(server.ctx, server.app, ['records_clerk']);
    clerk = c.headers; clerkName = c.username;
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    captain = (await signedInAs(server.ctx, server.app, ['captain'])).headers;
  }, 180_000);
  afterAll(async () => server?.close());

  test('a month with no incident gets a zero report that validates and matches the FBI sample field by field', async () => {
    const made = await call(clerk, 'POST', '/nibrs/submissions', { month: '2016-02' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ month: '2016-02', zeroReport: true, incidents: 0, arrests: 0, held: 0, files: [{ seq: 1, caseNumber: null, category: 'ZERO REPORT', action: 'A' }] });
    const audits = async () => (await sql<{ action: string }>`select action from audit where username = ${clerkName} order by id`.execute(server.ctx.db)).rows.map((r) => r.action);
    const before = (await audits()).length;
    const file = await call(clerk, 'GET', `/nibrs/submissions/${made.body.id}/files/1`);
    expect(file.type).toContain('application/xml');
    expect((await audits()).slice(before)).toEqual(['GET /api/v1/nibrs/submissions/:id/files/:seq']); // reading what was sent is audited
    expect(xsdValid(file.body)).toBe('validates');
    const ours = segments(file.body); const fbi = sample('nibrs_ZeroReport_Sample.xml');
    expect(metadataFields(ours)).toEqual(metadataFields(fbi));
    expect(flat(ours.slice(1))).toEqual(flat(fbi.slice(1)));
  });

  test('the FBI’s Group A sample (an aggravated assault) and Group B sample (an arrest) entered as cases come out field by field as the FBI shows them', async () => {
    const assault = await openCase('AGG_ASSAULT', '2016-02-19T10:00:00-05:00');
    const saved = await call(clerk, 'PUT', `/cases/${assault}/nibrs`, { data: {
      clearance: { code: 'A', date: '2016-02-25' },
      offenses: [{ agencyCode: 'AGG_ASSAULT', attempted: false, locationType: '58', weapons: ['11A'], bias: 'NONE', criminalActivity: ['N'], suspectedUsing: ['N'] }],
      victims: [{ type: 'I', offenses: [1], age: 32, sex: 'M', race: 'B', ethnicity: 'N', resident: 'R', injuries: ['N'], circumstances: ['01'], relationships: [{ offender: 1, relationship: 'Acquaintance' }] }],
      offenders: [{ age: { min: 25, max: 30 }, sex: 'F', race: 'W', ethnicity: 'N' }],
    } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ caseNumber: assault, version: 1, errors: [], status: 'ready', report: 'group_a' });
    const arrest = await openCase('OTHER', '2016-02-28T12:00:00-05:00');
    expect((await call(clerk, 'PUT', `/cases/${arrest}/nibrs`, { data: { offenses: [], arrestees: [
      { transactionNumber: '12345', arrestedOn: '2016-02-28', arrestType: 'O', chargeAgencyCode: 'OTHER', armedWith: ['12'], age: 30, sex: 'M', race: 'W', ethnicity: 'N', resident: 'R' },
    ] } })).body).toMatchObject({ errors: [], report: 'group_b' });

    const made = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2016-02' })).body;
    expect(made).toMatchObject({ incidents: 1, arrests: 1, zeroReport: false, held: 0, heldBack: [] });
    expect(made.files.map((f: { caseNumber: string; category: string; action: string }) => `${f.caseNumber} ${f.category} ${f.action}`))
      .toEqual([`${assault} GROUP A INCIDENT REPORT I`, `${arrest} GROUP B ARREST REPORT A`]);

    const groupA = await fileXml(made.id, 1);
    expect(xsdValid(groupA)).toBe('validates');
    const ours = segments(groupA);
    // The sample shows a second victim (a baby), property of every loss type and a drug seizure, which this case
    // does not have; from what it shows for the assault we leave out only the alternative date forms, the incident
    // number (ours is the case number), the premises count (Precinct reports it for burglary only) and the
    // justifiable homicide circumstance C, which the sample gives an aggravated assault with circumstance 01:
    // Data Element 32 goes only with circumstance 20 or 21 (the edits refuse it otherwise; rules.test.ts).
    const notBuilt = /ActivityDate\/nc:YearMonthDate|ActivityDate\/nc:Date →|ActivityIdentification|OffenseStructuresEnteredQuantity|VictimJustifiableHomicideFactorCode/;
    const fbi = sample('nibrs_GroupAIncident_Sample.xml')
      .filter((s) => !/Victim2|nc:Item|nc:Substance/.test(`${s.name} ${s.leaves.join(' ')}`))
      .map((s) => ({ name: s.name, leaves: s.leaves.filter((l) => !notBuilt.test(l)) }));
    const mine = ours.map((s) => ({ name: s.name, leaves: s.leaves.filter((l) => !/ActivityIdentification/.test(l)) }));
    expect(metadataFields(mine)).toEqual(metadataFields(fbi));
    expect(flat(mine.slice(1))).toEqual(flat(fbi.slice(1)));

    const groupB = await fileXml(made.id, 2);
    expect(xsdValid(groupB)).toBe('validates');
    const fbiB = sample('nibrs_GroupBArrest_Sample.xml');
    expect(metadataFields(segments(groupB))).toEqual(metadataFields(fbiB));
    expect(flat(segments(groupB).slice(1))).toEqual(flat(fbiB.slice(1)));
  });

  let heldCase = ''; let burglaryCase = ''; let assaultCase = ''; let drunkCase = '';
  test('an assault with a weapon and a juvenile offender arrested, a burglary with property and a Group B arrest validate; an incident failing an edit is held back in the inbox', async () => {
    assaultCase = await openCase('AGG_ASSAULT', '2025-10-03T22:15:00-04:00');
    await call(clerk, 'PUT', `/cases/${assaultCase}/nibrs`, { data: {
      offenses: [{ agencyCode: 'agg_assault', attempted: false, locationType: '13', weapons: ['12'] }],
      victims: [{ type: 'I', offenses: [1], age: 41, sex: 'F', race: 'W', ethnicity: 'N', resident: 'R', injuries: ['I', 'L'], circumstances: ['02'], relationships: [{ offender: 1, relationship: 'Stranger' }] }],
      offenders: [{ age: 16, sex: 'M', race: 'W', ethnicity: 'N' }],
      arrestees: [{ transactionNumber: 'A25-0117', arrestedOn: '2025-10-04', arrestType: 'T', chargeAgencyCode: 'AGG_ASSAULT', armedWith: ['12'], age: 16, sex: 'M', race: 'W', ethnicity: 'N', resident: 'R', juvenileDisposition: 'R' }],
    } });
    burglaryCase = await openCase('BURGLARY', '2025-10-12T02:30:00-04:00');
    await call(clerk, 'PUT', `/cases/${burglaryCase}/nibrs`, { data: {
      offenses: [{ agencyCode: 'BURGLARY', attempted: false, locationType: '20', entryMethod: 'F' }],
      property: [{ lossType: 'STOLEN', description: '17', value: 2400 }, { lossType: 'STOLEN', description: '07', value: 650 }],
      victims: [{ type: 'I', offenses: [1], age: 67, sex: 'M', race: 'B', ethnicity: 'N', resident: 'R' }],
    } });
    const drunk = drunkCase = await openCase('DRUNK', '2025-10-20T23:40:00-04:00');
    await call(clerk, 'PUT', `/cases/${drunk}/nibrs`, { data: { offenses: [{ agencyCode: 'DRUNK', attempted: false, locationType: '03' }], arrestees: [
      { transactionNumber: 'A25-0120', arrestedOn: '2025-10-20', arrestType: 'T', chargeAgencyCode: 'DRUNK', armedWith: ['01'], age: 44, sex: 'M', race: 'W', ethnicity: 'U' },
    ] } });
    heldCase = await openCase('ABDW', '2025-10-25T01:00:00-04:00');
    const held = await call(clerk, 'PUT', `/cases/${heldCase}/nibrs`, { data: {
      offenses: [{ agencyCode: 'ABDW', attempted: false, locationType: '18' }],
      victims: [{ type: 'I', offenses: [1], age: 22, sex: 'M', race: 'W', injuries: ['M'], circumstances: ['01'] }],
    } });
    expect(held.body).toMatchObject({ status: 'held', errors: [{ field: 'offenses[1].agencyCode', message: expect.stringContaining('"ABDW" has no NIBRS code in the offense mapping table') }] });

    const made = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2025-10' })).body;
    expect(made).toMatchObject({ month: '2025-10', incidents: 2, arrests: 1, held: 1, heldBack: [{ caseNumber: heldCase, errors: [expect.objectContaining({ field: 'offenses[1].agencyCode' })] }] });
    expect(made.files.map((f: { caseNumber: string; action: string }) => `${f.caseNumber} ${f.action}`)).toEqual([`${assaultCase} I`, `${burglaryCase} I`, `${drunk} A`]);
    const docs = await Promise.all([1, 2, 3].map((seq) => fileXml(made.id, seq)));
    for (const doc of docs) expect(xsdValid(doc)).toBe('validates');
    const [assault, burglary, arrest] = docs.map((d) => flat(segments(d!)).join('\n'));
    expect(assault).toContain('j:Offense[@s:id=Offense1]: nibrs:OffenseUCRCode → 13A');
    expect(assault).toContain('j:OffenseForce/j:ForceCategoryCode → 12');
    expect(assault).toContain('nc:Person[@s:id=PersonSubject1]: nc:PersonAgeMeasure/nc:MeasureIntegerValue → 16');
    expect(assault).toContain('j:ArresteeJuvenileDispositionCode → R');
    expect(assault).toContain('j:Arrest[@s:id=Arrest1]: nc:ActivityIdentification/nc:IdentificationID → A25-0117 | nc:ActivityDate/nc:Date → 2025-10-04 | j:ArrestCharge/nibrs:ChargeUCRCode → 13A | j:ArrestCategoryCode → T');
    expect(assault).toContain('nc:ActivityDate/nc:DateTime → 2025-10-03T22:15:00');
    expect(burglary).toContain('nc:Item: nc:ItemStatus/cjis:ItemStatusCode → STOLEN | nc:ItemValue/nc:ItemValueAmount/nc:Amount → 2400 | j:ItemCategoryNIBRSPropertyCategoryCode → 17');
    expect(burglary).toContain('j:OffenseEntryPoint/j:PassagePointMethodCode → F');
    expect(burglary).toContain('j:Subject[@s:id=Subject0]: j:SubjectSequenceNumberText → 00');
    expect(arrest).toContain('nibrs:NIBRSReportCategoryCode → GROUP B ARREST REPORT');
    expect(arrest).toContain('j:ArrestCharge/nibrs:ChargeUCRCode → 90E');

    const inbox = (await call(clerk, 'GET', '/nibrs/inbox')).body;
    expect(inbox).toEqual([expect.objectContaining({ caseNumber: heldCase, type: 'ABDW', errors: [expect.objectContaining({ field: 'offenses[1].agencyCode' })] })]);
  });

  test('the clerk maps the agency code, the next edit names the missing weapon; fixed, it goes as a new incident, a changed one as a replacement, a changed arrest as delete and add, a withdrawn one as a delete', async () => {
    const audited = async () => (await sql<{ action: string; subject_type: string; subject_id: string }>`select action, subject_type, subject_id from audit where username = ${clerkName} order by id`.execute(server.ctx.db)).rows;
    const before = (await audited()).length;
    const mapped = await call(clerk, 'PUT', '/nibrs/offense-map/abdw', { nibrsCode: '13A', description: 'Assault and battery with a dangerous weapon' });
    expect((await audited()).slice(before)).toEqual([{ action: 'records.nibrs.mapping_set', subject_type: 'nibrs_mapping', subject_id: 'ABDW' }]);
    expect(mapped.body).toMatchObject({ agencyCode: 'ABDW', nibrsCode: '13A', nibrsName: 'Aggravated assault', group: 'A' });
    // The mapping change runs the edits again at once: the inbox now names what is left to fix.
    const current = (await call(clerk, 'GET', `/cases/${heldCase}/nibrs`)).body;
    expect(current.errors).toEqual([{ field: 'offenses[1].weapons', message: expect.stringContaining('offenses[1].weapons is required for Aggravated assault (13A)') }]);
    expect((await call(clerk, 'GET', '/nibrs/inbox')).body[0].errors[0].field).toBe('offenses[1].weapons');

    const fixed = { ...current.data, offenses: [{ ...current.data.offenses[0], weapons: ['13'] }], offenders: [{ age: 'UNKNOWN', sex: 'U', race: 'U' }] };
    fixed.victims[0].relationships = [{ offender: 1, relationship: 'Relationship Unknown' }];
    expect((await call(clerk, 'PUT', `/cases/${heldCase}/nibrs`, { version: current.version, data: fixed })).body).toMatchObject({ status: 'ready', errors: [] });
    const burglary = (await call(clerk, 'GET', `/cases/${burglaryCase}/nibrs`)).body;
    expect(burglary.status).toBe('submitted');
    await call(clerk, 'PUT', `/cases/${burglaryCase}/nibrs`, { version: burglary.version, data: { ...burglary.data, property: [...burglary.data.property, { lossType: 'DESTROYED_DAMAGED_VANDALIZED', description: '77', value: 300 }] } });
    const drunk = (await call(clerk, 'GET', `/cases/${drunkCase}/nibrs`)).body;
    await call(clerk, 'PUT', `/cases/${drunkCase}/nibrs`, { version: drunk.version, data: { ...drunk.data, arrestees: [{ ...drunk.data.arrestees[0], transactionNumber: 'A25-0121' }] } });
    expect((await call(clerk, 'GET', '/nibrs/inbox')).body).toEqual([]);

    const made = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2025-11' })).body;
    expect(made).toMatchObject({ incidents: 1, replacements: 1, deletes: 1, arrests: 1, held: 0 });
    // A Group B arrest report has no replacement: the one sent is deleted and the corrected one added.
    expect(made.files.map((f: { caseNumber: string; category: string; action: string }) => `${f.caseNumber} ${f.category} ${f.action}`)).toEqual([
      `${burglaryCase} GROUP A INCIDENT REPORT R`, `${drunkCase} GROUP B ARREST REPORT D`, `${drunkCase} GROUP B ARREST REPORT A`, `${heldCase} GROUP A INCIDENT REPORT I`,
    ]);
    for (const seq of [1, 2, 3, 4]) expect(xsdValid(await fileXml(made.id, seq))).toBe('validates');
    const values = /IdentificationID|nc:Date →|YearMonthDate/;
    const fbiBDelete = sample('nibrs_GroupBArrestDelete_Sample.xml').slice(1).map((x) => ({ name: x.name, leaves: x.leaves.filter((l) => !values.test(l)) }));
    const bDelete = await fileXml(made.id, 2);
    expect(bDelete).toContain('<nc:IdentificationID>A25-0120</nc:IdentificationID>');
    expect(flat(segments(bDelete).slice(1).map((x) => ({ name: x.name, leaves: x.leaves.filter((l) => !values.test(l)) })))).toEqual(flat(fbiBDelete));
    expect(await fileXml(made.id, 3)).toContain('<nc:IdentificationID>A25-0121</nc:IdentificationID>');

    expect((await call(clerk, 'DELETE', `/cases/${assaultCase}/nibrs`, { reason: 'unfounded on investigation' })).body.status).toBe('deleted');
    expect((await call(clerk, 'DELETE', `/cases/${drunkCase}/nibrs`, { reason: 'entered under the wrong case' })).body.status).toBe('deleted');
    const deletes = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2025-12' })).body;
    // Each change is audited naming its record: the mapping, the saved and withdrawn incidents, the submission.
    const trail = (await audited()).slice(before).map((r) => `${r.action} ${r.subject_type} ${r.subject_id}`);
    expect(trail).toEqual(expect.arrayContaining([
      `records.nibrs.saved case ${heldCase}`, 'records.nibrs.mapping_set nibrs_mapping ABDW', `records.nibrs.submitted nibrs_submission ${made.id}`, `records.nibrs.deleted case ${assaultCase}`,
      `records.nibrs.submitted nibrs_submission ${deletes.id}`,
    ]));
    expect(deletes).toMatchObject({ deletes: 2, files: [
      { caseNumber: assaultCase, category: 'GROUP A INCIDENT REPORT', action: 'D' }, { caseNumber: drunkCase, category: 'GROUP B ARREST REPORT', action: 'D' },
    ] });
    expect(await fileXml(deletes.id, 2)).toContain('<nc:IdentificationID>A25-0121</nc:IdentificationID>');
    const deleteXml = await fileXml(deletes.id, 1);
    expect(xsdValid(deleteXml)).toBe('validates');
    const fbiDelete = sample('nibrs_IncidentDelete_Sample.xml').slice(1).map((s) => ({ name: s.name, leaves: s.leaves.filter((l) => !/IdentificationID|DateTime|YearMonthDate/.test(l)) }));
    const ourDelete = segments(deleteXml).slice(1).map((s) => ({ name: s.name, leaves: s.leaves.filter((l) => !/IdentificationID|DateTime|YearMonthDate/.test(l)) }));
    expect(flat(ourDelete)).toEqual(flat(fbiDelete));

    const again = await call(clerk, 'POST', '/nibrs/submissions', { month: '2025-12' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'nibrs.nothing_to_submit', detail: expect.stringContaining('submitted already') });
    // Entered again after its delete was sent, the incident goes as new.
    const withdrawn = (await call(clerk, 'GET', `/cases/${assaultCase}/nibrs`)).body;
    expect((await call(clerk, 'PUT', `/cases/${assaultCase}/nibrs`, { version: withdrawn.version, data: withdrawn.data })).body).toMatchObject({ status: 'ready', submittedVersion: null });
    const reentered = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2026-02' })).body;
    expect(reentered.files.map((f: { caseNumber: string; action: string }) => `${f.caseNumber} ${f.action}`)).toEqual([`${assaultCase} I`]);
    const list = (await call(clerk, 'GET', '/nibrs/submissions')).body;
    expect(list.map((s: { month: string }) => s.month)).toEqual(['2026-02', '2025-12', '2025-11', '2025-10', '2016-02', '2016-02']);
    expect(list[0]).toMatchObject({ createdAt: expect.any(String), createdBy: expect.any(String) });
  });

  test('a drug seizure goes as the FBI sample shows a substance: status, value, description 10, drug type, quantity and measurement', async () => {
    const kase = await openCase('DRUGS', '2026-01-09T20:00:00-05:00');
    const saved = await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data: {
      offenses: [{ agencyCode: 'DRUGS', attempted: false, locationType: '18', criminalActivity: ['P'] }],
      property: [{ lossType: 'SEIZED', description: '10', value: 12000, drug: { type: 'H', quantity: 1.5, unit: 'GM' } }],
      victims: [{ type: 'S', offenses: [1] }],
      arrestees: [{ transactionNumber: 'A26-0009', arrestedOn: '2026-01-09', arrestType: 'O', chargeAgencyCode: 'DRUGS', armedWith: ['01'], age: 19, sex: 'F', race: 'W', ethnicity: 'N', resident: 'R' }],
    } });
    expect(saved.body).toMatchObject({ errors: [], status: 'ready', report: 'group_a' });
    const made = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2026-01' })).body;
    const file = made.files.find((f: { caseNumber: string }) => f.caseNumber === kase);
    const xml = await fileXml(made.id, file.seq);
    expect(xsdValid(xml)).toBe('validates');
    // The sample's seized substance also carries a recovery date, which NIBRS gives only to recovered property.
    const fbi = sample('nibrs_GroupAIncident_Sample.xml').filter((x) => x.name === 'nc:Substance').map((x) => ({ name: x.name, leaves: x.leaves.filter((l) => !l.includes('ItemValueDate')) }));
    expect(flat(segments(xml).filter((x) => x.name === 'nc:Substance'))).toEqual(flat(fbi));
  });

  test('victims, offenders and arrestees linked to master names take their age at the incident, sex and race from the index; a juvenile arrestee needs a disposition', async () => {
    const victim = (await call(clerk, 'POST', '/names', { first: 'Ruth', last: 'Okafor', dob: '1980-03-20', sex: 'F', race: 'B' })).body.id as string;
    const youth = (await call(clerk, 'POST', '/names', { first: 'Kyle', last: 'Brandt', dob: '2009-10-01', sex: 'M', race: 'W' })).body.id as string;
    const kase = await openCase('ASSAULT', '2025-09-15T16:00:00-04:00');
    const data = {
      offenses: [{ agencyCode: 'ASSAULT', attempted: false, locationType: '13', weapons: ['40'] }],
      victims: [{ type: 'I', offenses: [1], personId: victim, ethnicity: 'N', injuries: ['M'], relationships: [{ offender: 1, relationship: 'Stranger' }] }],
      offenders: [{ personId: youth }],
      arrestees: [{ personId: youth, transactionNumber: 'A25-0200', arrestedOn: '2025-09-15', arrestType: 'S', chargeAgencyCode: 'ASSAULT', armedWith: ['01'] }],
    };
    const saved = (await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data })).body;
    expect(saved.data.victims[0]).toMatchObject({ personId: victim, age: 45, sex: 'F', race: 'B' });
    expect(saved.data.offenders[0]).toMatchObject({ personId: youth, age: 15, sex: 'M', race: 'W' });
    expect(saved.errors).toEqual([{ field: 'arrestees[1].juvenileDisposition', message: expect.stringContaining('required for an arrestee under 18') }]);
    const unknown = await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { version: saved.version, data: { ...data, offenders: [{ personId: '00000000-0000-4000-8000-000000000000' }] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'nibrs.unknown_person', detail: expect.stringContaining('offenders[1].personId') });
  });

  test('issue 23: a burglary report with a stolen item fills the NIBRS data (offense through the mapping, victim from the master name, property with its description and value) and the month validates against the FBI schema', async () => {
    const victim = (await call(clerk, 'POST', '/names', { first: 'Dora', last: 'Lindqvist', dob: '1958-06-02', sex: 'F', race: 'W' })).body.id as string;
    const kase = await openCase('BURGLARY', '2026-03-14T03:20:00-04:00');
    const report = await call(officer, 'POST', '/reports', {
      kind: 'incident', caseNumber: kase, occurredAt: '2026-03-14T03:20:00-04:00', narrative: 'Rear door forced; jewelry box taken.',
      fields: { offenses: ['220'], premises: '20', method: 'FORCED', location: '12 Elm Street' }, parties: [{ type: 'person', id: victim, role: 'victim' }],
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    for (const item of [{ kind: 'stolen', category: 'Jewelry', description: 'Gold ring with a green stone', value: 1800, location: 'Outstanding (stolen)' }, { kind: 'evidence', category: 'Swab', description: 'Swab from the door frame', location: 'Evidence locker 3' }]) {
      const added = await call(officer, 'POST', '/property', { caseNumber: kase, ...item });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
    }
    const filled = await call(clerk, 'GET', `/cases/${kase}/nibrs/from-reports`);
    expect(filled.status).toBe(200);
    expect(filled.body.offenses).toEqual([{ value: { agencyCode: '220', attempted: false, locationType: '20', entryMethod: 'F' }, source: expect.stringMatching(/^incident report of 2026-03-14 03:20 by /) }]);
    expect(filled.body.victims).toEqual([{ value: { type: 'I', offenses: [1], personId: victim, age: 67, sex: 'F', race: 'W' }, source: expect.stringContaining('incident report') }]);
    expect(filled.body.property).toEqual([{ value: { lossType: 'STOLEN', description: '17', value: 1800 }, source: expect.stringContaining('(Jewelry: Gold ring') }]);
    expect(filled.body.notes).toEqual([expect.stringContaining('(Swab): the category does not map to a NIBRS property description')]);
    expect(await server.ctx.db.selectFrom('nibrs_incident').select('case_number').where('case_number', '=', kase).executeTakeFirst()).toBeUndefined(); // nothing saved by reading

    const value = (list: { value: object }[]) => list.map((e) => e.value);
    const saved = await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data: { offenses: value(filled.body.offenses), victims: value(filled.body.victims), property: value(filled.body.property) } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'ready', errors: [], report: 'group_a' });
    const made = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2026-03' })).body;
    const seq = made.files.find((f: { caseNumber: string }) => f.caseNumber === kase).seq as number;
    const doc = await fileXml(made.id, seq);
    expect(xsdValid(doc)).toBe('validates');
    const burglary = flat(segments(doc)).join('\n');
    expect(burglary).toContain('nibrs:OffenseUCRCode → 220');
    expect(burglary).toContain('j:OffenseEntryPoint/j:PassagePointMethodCode → F');
    expect(burglary).toContain('nc:Item: nc:ItemStatus/cjis:ItemStatusCode → STOLEN | nc:ItemValue/nc:ItemValueAmount/nc:Amount → 1800 | j:ItemCategoryNIBRSPropertyCategoryCode → 17');
    expect(burglary).toContain('nc:PersonAgeMeasure/nc:MeasureIntegerValue → 67');

    expect((await call(officer, 'GET', `/cases/${kase}/nibrs/from-reports`)).status).toBe(403);
    expect((await call(clerk, 'GET', '/cases/C26-99999/nibrs/from-reports')).status).toBe(404);
  });

  test('two clerks building the same month at once: one submission is made, the other is told it was submitted already', async () => {
    const both = await Promise.all([1, 2].map(() => call(clerk, 'POST', '/nibrs/submissions', { month: '2016-01' })));
    expect(both.map((b) => b.status).sort()).toEqual([201, 409]);
    expect(both.find((b) => b.status === 201)!.body).toMatchObject({ zeroReport: true });
    expect(both.find((b) => b.status === 409)!.body.code).toBe('nibrs.nothing_to_submit');
  });

  test('bad input gets problem+json naming the field and the rule; nothing is written', async () => {
    const kase = await openCase('LARCENY', '2025-09-01T12:00:00-04:00');
    const cases: [string, 'PUT' | 'POST', string, unknown, number, string, RegExp][] = [
      ['no offenses', 'PUT', `/cases/${kase}/nibrs`, { data: {} }, 400, 'request.invalid', /offenses/],
      ['an unknown field', 'PUT', `/cases/${kase}/nibrs`, { data: { offenses: [], colour: 'red' } }, 400, 'request.invalid', /unknown field "colour"/],
      ['an age that is not one', 'PUT', `/cases/${kase}/nibrs`, { data: { offenses: [], offenders: [{ age: 'old' }] } }, 400, 'request.invalid', /age/],
      ['a version for data never saved', 'PUT', `/cases/${kase}/nibrs`, { version: 3, data: { offenses: [] } }, 409, 'nibrs.stale', /version/],
      ['a case that does not exist', 'PUT', '/cases/C25-99999/nibrs', { data: { offenses: [] } }, 404, 'nibrs.no_case', /C25-99999/],
      ['a NIBRS code that does not exist', 'PUT', '/nibrs/offense-map/LARCENY', { nibrsCode: '99Z' }, 422, 'nibrs.unknown_offense', /nibrsCode: "99Z"/],
      ['a month that does not exist', 'POST', '/nibrs/submissions', { month: '2025-13' }, 400, 'request.invalid', /month/],
      ['a month not yet begun', 'POST', '/nibrs/submissions', { month: '2999-01' }, 422, 'nibrs.future_month', /month: 2999-01/],
    ];
    for (const [name, method, url, body, status, code, detail] of cases) {
      const answer = await call(clerk, method, url, body);
      expect({ name, status: answer.status, code: answer.body.code }).toEqual({ name, status, code });
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.detail).toMatch(detail);
    }
    expect((await call(clerk, 'GET', `/cases/${kase}/nibrs`)).status).toBe(404);
    expect((await call(clerk, 'GET', '/nibrs/offense-map')).body.find((m: { agencyCode: string }) => m.agencyCode === 'LARCENY').nibrsCode).toBe('23H');
  });

  test('the clerk’s screens read the inbox and the counts of one month, the code lists in the FBI’s words, and people by name (S-110 §A.1.q)', async () => {
    const complete = { offenses: [{ agencyCode: 'ASSAULT', attempted: false, locationType: '20', weapons: ['40'] }],
      victims: [{ type: 'I', offenses: [1], age: 30, sex: 'F', race: 'W', injuries: ['M'], relationships: [{ offender: 1, relationship: 'Stranger' }] }],
      offenders: [{ age: 31, sex: 'M', race: 'W' }] };
    const ready = await openCase('ASSAULT', '2024-05-10T12:00:00-04:00');
    const held = await openCase('ASSAULT', '2024-05-31T23:30:00-04:00'); // the last evening of May in the agency's zone, June in UTC
    const june = await openCase('ASSAULT', '2024-06-02T12:00:00-04:00');
    expect((await call(clerk, 'PUT', `/cases/${ready}/nibrs`, { data: complete })).body.status).toBe('ready');
    const noWeapon = { ...complete, offenses: [{ ...complete.offenses[0]!, weapons: undefined }] };
    for (const kase of [held, june]) expect((await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data: noWeapon })).body.status).toBe('held');

    const may = await call(clerk, 'GET', '/nibrs/inbox?month=2024-05');
    expect(may.status).toBe(200);
    expect(may.body.map((e: { caseNumber: string }) => e.caseNumber)).toEqual([held]);
    expect(may.body[0].errors).toEqual([{ field: 'offenses[1].weapons', message: expect.stringContaining('weapon') }]);
    expect(may.body[0].updatedByName).toMatch(/Tester-Quill/);
    expect((await call(clerk, 'GET', '/nibrs/inbox')).body.map((e: { caseNumber: string }) => e.caseNumber)).toEqual(expect.arrayContaining([held, june]));
    expect((await call(clerk, 'GET', '/nibrs/counts?month=2024-05')).body).toEqual({ month: '2024-05', ready: 1, held: 1, submitted: 0, deleted: 0 });
    expect((await call(clerk, 'GET', '/nibrs/counts?month=2024-06')).body).toEqual({ month: '2024-06', ready: 0, held: 1, submitted: 0, deleted: 0 });
    expect((await call(clerk, 'GET', '/nibrs/counts?month=2024-13')).status).toBe(400);
    expect((await call(clerk, 'GET', `/cases/${ready}/nibrs`)).body.updatedByName).toMatch(/Tester-Quill/);
    expect((await call(clerk, 'GET', '/nibrs/offense-map')).body.find((m: { agencyCode: string }) => m.agencyCode === 'ASSAULT').updatedByName).toEqual(expect.any(String));
    const submissions = (await call(clerk, 'GET', '/nibrs/submissions')).body;
    expect(submissions[0].createdByName).toMatch(/Tester-Quill/);

    const codes = (await call(clerk, 'GET', '/nibrs/codes')).body;
    expect(codes.locationTypes).toContainEqual({ code: '20', label: 'Residence/home' });
    expect(codes.weapons).toContainEqual({ code: '12A', label: 'Handgun, automatic' });
    expect(codes.bias).toContainEqual({ code: 'ANTIJEWISH', label: 'Anti-Jewish' });
    expect(codes.relationships).toContainEqual({ code: 'Family Member_Spouse', label: 'Spouse' });
    // every code the edits accept has its words (relationships are words already): none is shown bare
    const { relationships, ...coded } = codes as Record<string, { code: string; label: string }[]>;
    expect(relationships!.length).toBeGreaterThan(20);
    for (const list of Object.values(coded)) for (const c of list) expect(c.label).not.toBe(c.code);
    expect((await call(officer, 'GET', '/nibrs/codes')).status).toBe(403);
    expect((await call(officer, 'GET', '/nibrs/counts')).status).toBe(403);
  });

  test('NIBRS is kept by the Records Bureau and records supervisors; an officer or the court cannot change or submit it (S-110 §A.1.q, §B)', async () => {
    const kase = await openCase('LARCENY', '2025-09-02T12:00:00-04:00');
    const data = { offenses: [] };
    expect((await call(officer, 'PUT', `/cases/${kase}/nibrs`, { data })).status).toBe(403);
    expect((await call(officer, 'POST', '/nibrs/submissions', { month: '2025-09' })).status).toBe(403);
    expect((await call(officer, 'PUT', '/nibrs/offense-map/LARCENY', { nibrsCode: '23D' })).status).toBe(403);
    expect((await call(court, 'GET', '/nibrs/inbox')).status).toBe(403);
    expect((await call(court, 'GET', '/nibrs/submissions')).status).toBe(403);
    expect((await call(officer, 'GET', '/nibrs/offense-map')).status).toBe(200);
    // NIBRS data holds juveniles' ages: a captain, who does not read juvenile records, does not read it either (S-110 §B.1)
    expect((await call(captain, 'GET', '/nibrs/inbox')).status).toBe(403);
    expect((await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data })).status).toBe(200);
  });

  test('S-110 §A.1.q, issue 23 point 1: an officer assaulted (LEOKA) is held back until the clerk gives the activity and assignment, then goes with them as the FBI’s all-fields sample shows them, and validates', async () => {
    const kase = await openCase('ASSAULT', '2026-02-14T23:40:00-05:00');
    const leoka = (officer: Record<string, string> | undefined) => ({
      offenses: [{ agencyCode: 'AGG_ASSAULT', attempted: false, locationType: '13', weapons: ['40'] }],
      victims: [{ type: 'L', offenses: [1], age: 38, sex: 'M', race: 'W', ethnicity: 'N', resident: 'R', injuries: ['N'], circumstances: ['02'],
        relationships: [{ offender: 1, relationship: 'Stranger' }], ...(officer ? { officer } : {}) }],
      offenders: [{ age: 30, sex: 'M', race: 'W' }],
    });
    // a malformed ORI is refused as typed, naming the field; nothing is written
    const refused = await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data: leoka({ activity: '10', assignment: 'G', otherOri: 'wv-ndx-01-too-long' }) });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code: 'request.invalid' });
    expect(refused.body.detail).toMatch(/victims\.0\.officer\.otherOri/);
    expect((await call(clerk, 'GET', `/cases/${kase}/nibrs`)).status).toBe(404);

    const held = await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { data: leoka(undefined) });
    expect(held.body).toMatchObject({ status: 'held' });
    expect(held.body.errors.map((e: { field: string }) => e.field)).toEqual(['victims[1].officer.activity', 'victims[1].officer.assignment']);
    const inbox = (await call(clerk, 'GET', '/nibrs/inbox')).body.find((e: { caseNumber: string }) => e.caseNumber === kase);
    expect(inbox.errors[0].message).toMatch(/what the officer was doing when assaulted.*Data Element 25A/);

    const saved = await call(clerk, 'PUT', `/cases/${kase}/nibrs`, { version: held.body.version, data: leoka({ activity: '10', assignment: 'G', otherOri: 'WVNDX01' }) });
    expect(saved.body).toMatchObject({ errors: [], status: 'ready', report: 'group_a' });
    const made = (await call(clerk, 'POST', '/nibrs/submissions', { month: '2026-02' })).body;
    const file = made.files.find((f: { caseNumber: string }) => f.caseNumber === kase);
    const xml = await fileXml(made.id, file.seq);
    expect(xsdValid(xml)).toBe('validates');
    // Data Elements 25A–25C, field by field as the FBI's all-fields sample carries them (traffic stop, one-officer vehicle alone, ORI WVNDX01)
    const official = (segs: { name: string; leaves: string[] }[]) => flat(segs.filter((x) => x.name === 'j:EnforcementOfficial'));
    expect(official(segments(xml))).toEqual(official(sample('nibrs_AllFields_Sample.xml')));
    expect(segments(xml).find((x) => x.name.startsWith('j:Victim'))!.leaves).toContain('j:VictimCategoryCode → L');
  });
});
