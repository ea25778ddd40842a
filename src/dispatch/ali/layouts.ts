import type { AliField } from '../calls/model.ts';

/** Where one ALI field sits in a spill: line (0-based), column (0-based) and width. */
export interface FieldSpan {
  line: number;
  col: number;
  length: number;
}

/**
 * A fixed-width ALI spill layout. ALI spills differ by phone company and CPE vendor,
 * so the layout is data: an agency picks a preset or stores its own in the setting
 * `ali.layouts` (a JSON array of layouts) and names its default in `ali.defaultLayout`.
 */
export interface AliLayout {
  name: string;
  description: string;
  /** The lines of one spill. */
  lines: number;
  fields: Partial<Record<AliField, FieldSpan>>;
}

/**
 * 8 lines of 32 columns, the classic ALI display:
 * ```
 * (508) 555-0142 RESD  08/14 13:05       line 0: callback number, class of service
 * KOWALSKI JANE                          line 1: customer name
 * 12 ELM ST                              line 2: house number and street
 * MILLBROOK            MA                line 3: community, state
 * ESN 00412 CARRIER VERIZON              line 4: ESN (col 4, 5), carrier (col 18, 14)
 * LAT +42.447120                         line 5: latitude (col 4, 11)
 * LON -071.224500                        line 6: longitude (col 4, 12)
 * UNC 000050                             line 7: uncertainty in metres (col 4, 6)
 * ```
 */
export const DISPLAY_8X32: AliLayout = {
  name: 'display-8x32',
  description: '8 lines × 32 columns (classic ALI display)',
  lines: 8,
  fields: {
    callbackNumber: { line: 0, col: 0, length: 14 },
    classOfService: { line: 0, col: 15, length: 4 },
    customerName: { line: 1, col: 0, length: 32 },
    address: { line: 2, col: 0, length: 32 },
    community: { line: 3, col: 0, length: 20 },
    esn: { line: 4, col: 4, length: 5 },
    carrier: { line: 4, col: 18, length: 14 },
    lat: { line: 5, col: 4, length: 11 },
    lon: { line: 6, col: 4, length: 12 },
    uncertaintyMetres: { line: 7, col: 4, length: 6 },
  },
};

/**
 * One record on one line of 188 columns (a flat CPE export):
 * callback 0–9 (10 digits), class of service 10–13, customer 14–43, address 44–103,
 * community 104–133, ESN 134–138, carrier 139–158, latitude 159–169, longitude 170–181,
 * uncertainty 182–187.
 */
export const FLAT_188: AliLayout = {
  name: 'flat-188',
  description: 'one line × 188 columns (flat CPE export)',
  lines: 1,
  fields: {
    callbackNumber: { line: 0, col: 0, length: 10 },
    classOfService: { line: 0, col: 10, length: 4 },
    customerName: { line: 0, col: 14, length: 30 },
    address: { line: 0, col: 44, length: 60 },
    community: { line: 0, col: 104, length: 30 },
    esn: { line: 0, col: 134, length: 5 },
    carrier: { line: 0, col: 139, length: 20 },
    lat: { line: 0, col: 159, length: 11 },
    lon: { line: 0, col: 170, length: 12 },
    uncertaintyMetres: { line: 0, col: 182, length: 6 },
  },
};

export const PRESET_LAYOUTS: readonly AliLayout[] = [DISPLAY_8X32, FLAT_188];
export const DEFAULT_LAYOUT = DISPLAY_8X32.name;
