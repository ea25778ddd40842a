/**
 * One reading of PostgreSQL types for both drivers: bigint as a JavaScript number
 * (event sequences and ids stay far below 2^53), `date` as the plain `YYYY-MM-DD`
 * text it is (never shifted into a local time zone).
 */
export const INT8 = 20;
export const DATE = 1082;

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8]: (value) => Number(value),
  [DATE]: (value) => value,
};
