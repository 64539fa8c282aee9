/**
 * PostgreSQL type OIDs whose text form we parse ourselves, so that both drivers hand back the
 * same JavaScript values: `pg` gives int8 and numeric as strings, PGlite as numbers, and either
 * would silently lose digits of a large amount of money.
 */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

/** int8 → bigint. */
export function parseInt8(text: string): bigint {
  return BigInt(text);
}

/**
 * numeric → bigint. Amounts and counts are integers (minor units); `sum()` over int8 yields
 * numeric, so it must come back as bigint too. A fractional numeric has no place in a money
 * column: it is refused loudly rather than rounded.
 */
export function parseNumeric(text: string): bigint {
  if (!/^-?\d+(\.0*)?$/.test(text)) {
    throw new RangeError(
      `numeric value ${text} has a fraction; cast it to text in the query if a decimal is meant`,
    );
  }
  return BigInt(text.split('.')[0] as string);
}
