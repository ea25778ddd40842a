/**
 * Case numbers (S-110 §B: unique and sequential) that cannot be mistaken for a CAD
 * incident number: the agency's letters before the yearly series, `C26-00042` beside
 * incident `26-00042`. The letters are a run-time setting; the series itself never changes.
 */
import { defineSetting } from '../core/settings.ts';
import { allow, refuse, type Decision } from '../core/decision.ts';

export const CASE_PREFIX = defineSetting('records.caseNumberPrefix', 'C');

/** A case number as the routes accept it: the letters (older cases may have none) then `YY-NNNNN`. */
export const CASE_NUMBER_PATTERN = '^[A-Z]{0,3}[0-9]{2}-[0-9]{5,}$';

export function caseNumberOf(prefix: string, yearly: string): string {
  return `${prefix}${yearly}`;
}

/** One to three capital letters: with none, a case number would read like an incident number. */
export function casePrefixAllowed(prefix: string): Decision {
  if (!/^[A-Z]{1,3}$/.test(prefix)) {
    return refuse('case.prefix', 'S-110 §B', 'the case-number prefix is one to three capital letters, so a case number never reads like an incident number (26-00042)');
  }
  return allow('S-110 §B');
}
