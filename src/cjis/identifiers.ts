/**
 * Edits of the identifiers a CJIS query or entry carries, before anything goes to the
 * switch: license plates, VINs (with the check digit), dates of birth, state codes,
 * names and ORIs. Pure: each answers the normalised value or what is wrong with it.
 */

/** NCIC state and province codes (NCIC 2000 Code Manual, "State and Country Codes"): US states, DC, territories, Canadian provinces. */
export const STATE_CODES = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN',
  'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA',
  'WV', 'WI', 'WY', 'PR', 'VI', 'GU', 'AS', 'MP', 'US',
  'AB', 'BC', 'MB', 'NB', 'NF', 'NS', 'NT', 'NU', 'ON', 'PE', 'PQ', 'SK', 'YT',
]);

export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };
const bad = (why: string): { ok: false; why: string } => ({ ok: false, why });

export function checkState(text: string): Checked<string> {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return bad(`"${text}" is not a two-letter state code`);
  return STATE_CODES.has(code) ? { ok: true, value: code } : bad(`"${code}" is not an NCIC state or province code`);
}

/** A plate as NCIC takes it (LIC): 1–8 letters and digits; spaces and dashes are dropped, nothing else is allowed. */
export function checkPlate(text: string): Checked<string> {
  const plate = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!plate) return bad('the plate is empty');
  if (!/^[A-Z0-9]+$/.test(plate)) return bad(`"${text}" has characters a plate cannot have (letters and digits only)`);
  if (plate.length > 8) return bad(`"${plate}" is longer than a plate's 8 characters`);
  return { ok: true, value: plate };
}

const TRANSLITERATION: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit a 17-character VIN must carry in position 9 (49 CFR 565.15). */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i]!;
    const value = /\d/.test(c) ? Number(c) : TRANSLITERATION[c] ?? 0;
    sum += value * WEIGHTS[i]!;
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}

/**
 * A VIN: 17 characters since model year 1981, never I, O or Q, with the check digit in
 * position 9 (49 CFR 565.15); an older vehicle's VIN (11–16 characters) has no check digit.
 */
export function checkVin(text: string): Checked<string> {
  const vin = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]+$/.test(vin)) return bad(`"${text}" has characters a VIN cannot have`);
  if (/[IOQ]/.test(vin)) return bad(`"${vin}" has I, O or Q, which no VIN uses`);
  if (vin.length === 17) {
    const expected = vinCheckDigit(vin);
    if (vin[8] !== expected) return bad(`"${vin}" fails the VIN check digit: position 9 is ${vin[8]}, the other characters make it ${expected}`);
    return { ok: true, value: vin };
  }
  if (vin.length >= 11 && vin.length < 17) return { ok: true, value: vin };
  return bad(`"${vin}" is ${vin.length} characters; a VIN has 17 (11 to 16 before 1981)`);
}

/** A date of birth: a real calendar date, not in the future, at most 120 years ago. `today` is 'YYYY-MM-DD'. */
export function checkDob(text: string, today: string): Checked<string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return bad(`"${text}" is not a date of birth like 1980-01-31`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return bad(`${text} is not a calendar date`);
  if (text > today) return bad(`${text} is in the future`);
  if (y < Number(today.slice(0, 4)) - 120) return bad(`${text} is more than 120 years ago`);
  return { ok: true, value: text.trim() };
}

/** A name as NCIC writes it (NAM): "LAST, FIRST MIDDLE", from "SMITH,JOHN", "Smith, John J" or "SMITH JOHN". */
export function checkName(text: string): Checked<{ last: string; first: string; middle: string | null; nam: string }> {
  const clean = text.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!/^[A-Z][A-Z' -]*(,\s?[A-Z][A-Z' -]*)?$/.test(clean)) return bad(`"${text}" is not a name like SMITH,JOHN (letters, spaces, hyphens and apostrophes)`);
  const [lastPart, rest = ''] = clean.includes(',') ? clean.split(',', 2) as [string, string] : [clean.split(' ')[0]!, clean.split(' ').slice(1).join(' ')];
  const last = lastPart.trim();
  const [first = '', ...middle] = rest.trim().split(' ').filter(Boolean);
  if (!last || !first) return bad(`"${text}" needs a last and a first name (SMITH,JOHN)`);
  if (last.length + first.length > 28) return bad(`"${text}" is longer than NCIC's 30-character name field`);
  const m = middle.join(' ') || null;
  return { ok: true, value: { last, first, middle: m, nam: `${last}, ${first}${m ? ` ${m}` : ''}` } };
}

/** An NCIC originating agency identifier: a state code and seven letters or digits. */
export function checkOri(text: string): Checked<string> {
  const ori = text.trim().toUpperCase();
  if (!/^[A-Z]{2}[0-9A-Z]{7}$/.test(ori)) return bad(`"${text}" is not a 9-character ORI like MA0130100`);
  if (!STATE_CODES.has(ori.slice(0, 2))) return bad(`"${ori}" does not start with a state code`);
  return { ok: true, value: ori };
}

/** Serial numbers of guns and articles: 1–20 letters and digits. */
export function checkSerial(text: string): Checked<string> {
  const serial = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!/^[A-Z0-9]{1,20}$/.test(serial)) return bad(`"${text}" is not a serial number (1 to 20 letters and digits)`);
  return { ok: true, value: serial };
}
