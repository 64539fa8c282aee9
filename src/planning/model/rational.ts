/** An exact fraction: fair shares are rational, and are compared and rounded without a float. */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** numerator / denominator in lowest terms, the denominator positive. */
export function rational(numerator: bigint, denominator: bigint): Rational {
  if (denominator === 0n) throw new RangeError('a fraction with denominator 0');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator) || 1n;
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

/** The largest whole number not above a non-negative fraction. */
export function floorOf(value: Rational): bigint {
  return value.numerator / value.denominator;
}

/** The smallest whole number not below a non-negative fraction. */
export function ceilingOf(value: Rational): bigint {
  return (value.numerator + value.denominator - 1n) / value.denominator;
}

/** The nearest float, for display and for comparison with a floating-point solver. */
export function toNumber(value: Rational): number {
  const whole = value.numerator / value.denominator;
  const rest = value.numerator - whole * value.denominator;
  return Number(whole) + Number(rest) / Number(value.denominator);
}
