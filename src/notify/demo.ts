/**
 * The demo agency's emergency notification lists (S-110 §A.1.h): Millbrook's water main break
 * and severe weather lists, with fictional names and 555 numbers. Miguel Reyes (the OIC) has a
 * residential number on file, shown in a call-down only to holders of directory.residential.
 */
import type { AppContext } from '../core/context.ts';
import { consoleActor } from '../identity/service.ts';
import { searchResources, setResidentialPhone } from '../directory/service.ts';
import { saveList } from './lists.ts';

export async function seedNotifyDemo(ctx: AppContext): Promise<void> {
  const actor = consoleActor();
  // the directory's own DPW entry (migration 0005), with the on-call number the list adds
  const dpw = (await searchResources(ctx, 'Department of Public Works')).entries.find((e) => e.name.startsWith('Department of Public Works'))!;
  await setResidentialPhone(ctx, actor, 'mreyes', '413-555-0207');
  await saveList(ctx, actor, 'WATER_MAIN', {
    name: 'Water main break', notes: 'Call DPW on-call first; if no answer within 5 minutes, the water superintendent.',
    entries: [
      { directoryEntryId: dpw.id, role: 'Public Works on-call', phones: [{ label: 'DPW on-call cell', number: '413-555-0140' }], callNextAfterMinutes: 5 },
      { name: 'Pat Lindgren', role: 'Water superintendent', phones: [{ label: 'Cell', number: '413-555-0191' }], required: false, notes: 'Only if DPW on-call does not answer within 5 minutes' },
      { person: 'mreyes', role: 'Officer in charge (road closures, detail officers)' },
      { name: 'Millbrook Fire Department', role: 'Fire alarm office', phones: [{ label: 'Business line', number: '413-555-0110' }] },
    ],
  });
  await saveList(ctx, actor, 'SEVERE_WEATHER', {
    name: 'Severe weather', notes: 'Warnings from the National Weather Service; open the shelter only on the director’s word.',
    entries: [
      { name: 'Jo Abernathy', role: 'Emergency management director', phones: [{ label: 'Cell', number: '413-555-0160' }, { label: 'Home office', number: '413-555-0161' }] },
      { name: 'Millbrook Public Schools', role: 'Superintendent’s office', phones: [{ label: 'Office', number: '413-555-0170' }] },
    ],
  });
}
