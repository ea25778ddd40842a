import { defineCloseCheck } from '../dispatch/incidents/closing.ts';
import { masterKeysBackBeforeClose } from '../keys/closing.ts';

/*
 * What must be settled before a CAD incident closes, declared by the capability that
 * knows it. Dispatch runs every check inside the close's transaction.
 */
defineCloseCheck(masterKeysBackBeforeClose); // O-604 §III.F: master keys back in the Knox Box
