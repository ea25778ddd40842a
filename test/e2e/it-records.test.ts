import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { useTestBackups } from '../support/backup.ts';

let site: DemoSite;
beforeAll(async () => {
  site = await openDemoSite('it-records');
  await useTestBackups(site.ctx);
}, 600_000); // opening a demo site on a loaded machine can take minutes
afterAll(async () => site?.close());

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage();
  await site.signIn(page, username);
  return page;
}

test('the system administrator backs up from the IT screen and keeps the media register; the Chief authorizes a licensed change (S-110 §C, §E, §G.2)', async () => {
  const admin = await signIn('afischer');
  await admin.getByRole('link', { name: 'IT', exact: true }).click();
  const backups = admin.getByTestId('backups');
  await backups.getByRole('button', { name: 'Back up now' }).click();
  await backups.getByRole('cell', { name: 'on premises' }).waitFor({ timeout: 120_000 });
  await expect(backups.getByRole('cell', { name: /^precinct-\d{8}T\d{6}Z\.age$/ }).count()).resolves.toBe(1);

  await admin.getByRole('button', { name: 'Media register' }).click();
  const media = admin.getByTestId('it-media');
  await media.getByLabel('Serial').fill('SN-E2E-0042');
  await media.getByLabel('Description').fill('Spare dispatch workstation disk');
  await media.getByLabel('Stored at').fill('IT safe');
  // a register longer than a page: the first 100 by serial, then More reads the next page (where SN-E2E-0042 sorts)
  await sql`insert into it_media (serial, media_type, description, holds_cjis, location, status, registered_by)
    select 'SN-BULK-' || lpad(n::text, 4, '0'), 'ssd', 'pool drive ' || n, true, 'IT safe', 'stored', 'afischer' from generate_series(1, 100) n`.execute(site.ctx.db);
  await media.getByRole('button', { name: 'Register' }).click();
  await media.getByRole('cell', { name: 'SN-BULK-0001' }).waitFor();
  await expect(media.getByRole('cell', { name: 'SN-E2E-0042' }).count()).resolves.toBe(0);
  await media.getByRole('button', { name: 'More media' }).click();
  await media.getByRole('cell', { name: 'SN-E2E-0042' }).waitFor();
  await expect(media.getByRole('cell', { name: 'SN-BULK-0001' }).count()).resolves.toBe(1);
  // the register names people, and the destruction form starts at the agency's date
  const row = media.getByRole('row').filter({ hasText: 'SN-BULK-0001' }); // on the first page, which a change reloads
  admin.once('dialog', (dialog) => void dialog.accept('CASE-7'));
  await row.getByRole('button', { name: 'Lock for destruction' }).click();
  await media.getByText('case CASE-7 locked by Alex Fischer #IT-1').waitFor(); // the person, not the login afischer
  // late evening in the agency is already tomorrow in UTC: the form starts at the agency's date (S-110 §I.2 records the day destroyed)
  const lateEvening = new Date('2026-12-02T03:30:00Z');
  const agencyDate = new Intl.DateTimeFormat('en-CA', { timeZone: site.ctx.config.agency.timeZone }).format(lateEvening);
  expect(agencyDate).not.toBe(lateEvening.toISOString().slice(0, 10));
  await admin.clock.setFixedTime(lateEvening);
  await row.getByRole('button', { name: 'Record destruction' }).click();
  expect(await media.getByLabel('Destroyed on').inputValue()).toBe(agencyDate);
  expect(await media.getByLabel('Transported on').inputValue()).toBe(agencyDate);
  await media.getByRole('button', { name: 'Cancel' }).click();

  await admin.getByRole('button', { name: 'Change requests' }).click();
  const changes = admin.getByTestId('it-changes');
  await changes.getByLabel('Asked by').fill('Dana Kowalski');
  await changes.getByLabel('Computer').fill('CAD-POS-1');
  await changes.getByLabel('What').fill('Install headset driver');
  await changes.getByLabel('Why').fill('New headsets');
  await changes.getByLabel('Licence').fill('Vendor EULA, free driver');
  await changes.getByRole('button', { name: 'Record request' }).click();
  await changes.getByRole('cell', { name: /Install headset driver/ }).waitFor();

  const chief = await signIn('rmcallister');
  await chief.getByRole('link', { name: 'IT', exact: true }).click();
  const chiefChanges = chief.getByTestId('it-changes');
  chief.on('dialog', (dialog) => void dialog.accept(''));
  await chiefChanges.getByRole('button', { name: 'Authorize' }).click();
  await chiefChanges.getByRole('cell', { name: /^authorized by Ruth McAllister #1 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/ }).waitFor(); // the Chief by name, on the agency's 24-hour clock
}, 300_000);
