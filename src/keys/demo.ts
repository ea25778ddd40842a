import type { AppContext } from '../core/context.ts';
import { consoleActor } from '../identity/service.ts';
import { addBox, addKey, type NewBox } from './register.ts';
import { assignKey } from './shift.ts';

const apartments = (buildings: string[], floors: number, letters: string) =>
  buildings.flatMap((b) => Array.from({ length: floors }, (_, f) => [...letters].map((l) => `${b}${f + 1}${l}`)).flat());

/** Millbrook's Knox Boxes: two housing complexes and a school main entrance (O-604 §I.B). */
export const DEMO_BOXES: NewBox[] = [
  {
    id: 'MHA-HILLSIDE', building: 'Hillside Terrace', address: '40 Hillside Terrace, Millbrook', lat: 42.3251, lon: -72.6412,
    kind: 'housing_authority', authority: 'Millbrook Housing Authority',
    contacts: [
      { role: 'Executive Director', name: 'Patricia Lindgren', email: 'director@mha.millbrook.invalid', phone: '(413) 555-0150' },
      { role: 'Designee', name: 'Marcus Bell, Maintenance Supervisor', email: 'maintenance@mha.millbrook.invalid', phone: '(413) 555-0151' },
    ],
    reportTo: '4135550159@fax.mha.millbrook.invalid', units: apartments(['A', 'B'], 3, 'ABCD'),
  },
  {
    id: 'SHA-RIVERVIEW', building: 'Riverview Apartments (state-aided)', address: '5 River Road, Millbrook', lat: 42.3190, lon: -72.6301,
    kind: 'state_housing', authority: 'Millbrook Housing Authority (State program)',
    contacts: [{ role: 'Administrator', name: 'Gordon Achebe', email: 'admin@mha.millbrook.invalid', phone: '(413) 555-0152' }],
    reportTo: '4135550159@fax.mha.millbrook.invalid', units: ['101', '102', '103', '104', '201', '202', '203', '204'],
  },
  {
    id: 'SCH-MHS', building: 'Millbrook High School, main entrance', address: '1 School Street, Millbrook', lat: 42.3302, lon: -72.6388,
    kind: 'school', authority: 'Millbrook School Department',
    contacts: [{ role: 'Director of Maintenance', name: 'Renee Castillo', email: 'maintenance@schools.millbrook.invalid', phone: '(413) 555-0170' }],
    reportTo: 'maintenance@schools.millbrook.invalid', units: ['Main building', 'Gymnasium', 'Boiler room', 'Auditorium'],
  },
];

/**
 * Load the demo boxes and six Housing Authority access keys; two keys are out on the
 * day shift with the officers of 411 and 412, recorded by the operator loading the demo.
 */
export async function seedKnoxDemo(ctx: AppContext): Promise<void> {
  const operator = consoleActor(); // the operator loading the demo, as the audit trail says
  for (const box of DEMO_BOXES) await addBox(ctx, operator, box);
  for (let n = 1; n <= 6; n++) await addKey(ctx, operator, { number: `MHA-${String(n).padStart(2, '0')}`, note: 'Issued by the Millbrook Housing Authority' });
  await assignKey(ctx, operator, 'MHA-01', { officer: 'jobrien' });
  await assignKey(ctx, operator, 'MHA-02', { officer: 'pnguyen' });
}
