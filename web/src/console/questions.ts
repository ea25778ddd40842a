/**
 * The call-taker's questions by category (81A §C.3). CAD part 1 keeps the stored
 * answers on the call; the console also writes them into the incident narrative so
 * responding units read them.
 */
export const CATEGORIES: Record<string, { label: string; clause: string; questions: string[] }> = {
  emergency: {
    label: 'Emergency',
    clause: '81A §C.3.a',
    questions: ['Is it a valid emergency?', 'Is it in progress or did it happen in the past?', 'Is there potential for injury or death?'],
  },
  fire: {
    label: 'Fire in the caller’s building',
    clause: '81A §C.3.b',
    questions: ['Told everyone to leave the building?', 'Told the caller to call back from a safe phone?', 'Where in the building is the fire?'],
  },
  medical: {
    label: 'Medical',
    clause: '81A §C.3.c',
    questions: ['EMD protocol started (ProQA card)?', 'Caller kept on the line?', 'Is the patient conscious and breathing?'],
  },
  non_emergency: {
    label: 'Non-emergency',
    clause: '81A §C.3.d',
    questions: ['Caller advised a unit will respond as soon as possible?', 'Reason for any delay explained?'],
  },
};
