/** An amount of money: integer minor units of an ISO 4217 currency. Never a float. */
export interface Money {
  minor: bigint;
  currency: string;
}

/** Money as JSON carries it, in events and over the API: minor units as a string of digits. */
export interface MoneyText {
  minor: string;
  currency: string;
}

/** Currencies whose minor unit is not a hundredth (ISO 4217); every other has two decimals. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BHD: 3,
  CLP: 0,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  OMR: 3,
  TND: 3,
};

/** How many decimals a currency's minor unit has. */
export function exponentOf(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export function money(minor: bigint, currency: string): Money {
  return { minor, currency };
}

export function textOf(amount: Money): MoneyText {
  return { minor: amount.minor.toString(), currency: amount.currency };
}

/**
 * `numerator / denominator` rounded to the nearest integer, halves to even, as accountants and
 * IEEE 754 do, so that rounding errors do not drift one way over many conversions.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** Formats an amount for people: `EUR 1,234.56`. */
export function formatMoney(amount: Money): string {
  const exponent = exponentOf(amount.currency);
  const negative = amount.minor < 0n;
  const digits = (negative ? -amount.minor : amount.minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = exponent === 0 ? '' : `.${digits.slice(digits.length - exponent)}`;
  return `${amount.currency} ${negative ? '-' : ''}${whole}${fraction}`;
}
