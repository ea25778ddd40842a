import { expect, test } from 'vitest';
import { FORM_FIELDS, readAccessForm, renderAccessForm, type AccessFormFields } from './form.ts';

const header = { agency: 'Millbrook Police Department', authority: 'Millbrook Housing Authority', reportTo: 'fax@mha.test', reason: 'Welfare check (O-604 §II.A.1)', filedAt: '11/24/2026 21:48', draft: false };

test('the form carries the nine fields of O-604 §III.H.1–9, in the policy’s order', () => {
  expect(FORM_FIELDS.map((f) => f.label)).toEqual([
    '1. Date', '2. Record number', '3. Building location', '4. Number(s) of the apartment(s) or unit(s) entered',
    '5. Resident’s / Occupant’s name', '6. Officer accessing master keys', '7. Authorizing Supervisor',
    '8. Time master keys removed', '9. Time master keys returned',
  ]);
});

test('every value reads back out of the PDF, names with apostrophes included; a letter the fax font lacks prints as "?" instead of failing the form', async () => {
  const values: AccessFormFields = {
    date: '11/24/2026', recordNumber: '26-00042', buildingLocation: 'Hillside Terrace, 40 Hillside Terrace, Millbrook, Massachusetts 01099 — rear entrance by the laundry room',
    apartments: 'A2C, A2D', occupant: 'Łucja Nowak', officer: 'Jordan O’Brien #311', authorizingSupervisor: 'Miguel Reyes #207', timeRemoved: '21:20', timeReturned: '21:48',
  };
  const back = await readAccessForm(await renderAccessForm(values, header));
  expect(back).toEqual({ ...values, occupant: '?ucja Nowak' });
});
