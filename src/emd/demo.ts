/**
 * The demo agency's EMD material: four protocol cards whose words are Precinct's own generic
 * first-aid placeholders — NOT ProQA/MPDS or any licensed protocol, and not medical advice — so
 * the screens can be tried; an agency replaces them with its medical director's approved cards.
 * Dana Kowalski (dkowalski) holds a current EMD certification; Miguel Reyes (mreyes, the OIC) does not.
 */
import type { AppContext } from '../core/context.ts';
import { agencyDate } from '../core/clock.ts';
import { consoleActor } from '../identity/service.ts';
import { loadCard, recordCertification, type NewCard } from './service.ts';

const APPROVER = 'DEMO PLACEHOLDER — not approved; replace with your medical director’s approved card';
const q = (code: string, text: string) => ({ code, text });

export const DEMO_CARDS: Omit<NewCard, 'approvedOn'>[] = [
  {
    complaintCode: 'breathing', complaint: 'Breathing problems', version: 'demo-1', approvedBy: APPROVER, demo: true,
    keyQuestions: [q('awake', 'Is the patient awake and able to talk?'), q('color', 'Is their skin color changing (blue or grey)?'), q('history', 'Do they have asthma or a lung condition, and their inhaler?')],
    instructions: [q('sit_up', 'Let the patient sit upright in the position easiest for breathing.'), q('inhaler', 'If they have their own prescribed inhaler, help them use it.'), q('callback', 'If anything changes, call back at once.')],
  },
  {
    complaintCode: 'chest_pain', complaint: 'Chest pain', version: 'demo-1', approvedBy: APPROVER, demo: true,
    keyQuestions: [q('age', 'How old is the patient?'), q('awake', 'Is the patient awake and breathing normally?'), q('heart', 'Do they have a heart condition?')],
    instructions: [q('rest', 'Have the patient stop all activity and sit or lie down, whichever is most comfortable.'), q('unlock', 'Unlock the door and put on an outside light for the responders.'), q('watch', 'Stay with the patient; if they become unconscious, tell me at once.')],
  },
  {
    complaintCode: 'unconscious', complaint: 'Unconscious / fainting', version: 'demo-1', approvedBy: APPROVER, demo: true,
    keyQuestions: [q('breathing', 'Is the patient breathing?'), q('responds', 'Does the patient respond when you speak to them?'), q('fall', 'Did they fall or hit their head?')],
    instructions: [q('lay_flat', 'Lay the patient flat on their back on the floor.'), q('airway', 'Keep the airway clear; do not give anything to eat or drink.'), q('recheck', 'Tell me right away if their breathing changes.')],
  },
  {
    complaintCode: 'bleeding', complaint: 'Bleeding', version: 'demo-1', approvedBy: APPROVER, demo: true,
    keyQuestions: [q('where', 'Where is the bleeding from?'), q('spurting', 'Is the blood spurting or pouring out?'), q('awake', 'Is the patient awake?')],
    instructions: [q('pressure', 'Press firmly on the wound with a clean cloth and keep pressing.'), q('no_lift', 'If the cloth soaks through, add more on top; do not lift it.'), q('still', 'Keep the patient lying still and warm.')],
  },
];

export async function seedEmdDemo(ctx: AppContext): Promise<void> {
  const actor = consoleActor();
  const now = ctx.clock.now();
  const today = agencyDate(ctx.config.agency.timeZone, now);
  const dayOff = (days: number) => agencyDate(ctx.config.agency.timeZone, new Date(now.getTime() + days * 86_400_000));
  for (const card of DEMO_CARDS) await loadCard(ctx, actor, { ...card, approvedOn: today });
  await recordCertification(ctx, actor, 'dkowalski', {
    number: 'DEMO-EMD-0001', issuingBody: 'Demo state EMS office (placeholder)', issuedOn: dayOff(-365), expiresOn: dayOff(365),
  });
}
