import { divideRounded, exponentOf, type Money } from '../platform/money.ts';

/**
 * An exchange rate as published: how many units of `quote` one unit of `base` buys on `day`,
 * written as a decimal (ECB reference rates have up to six significant figures). Kept as text and
 * computed as an exact fraction, so conversion never goes through a float.
 */
export interface Rate {
  day: string;
  base: string;
  quote: string;
  rate: string;
}

/** A decimal rate as an exact fraction. */
interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

export const RATE_PATTERN = /^(?=.*[1-9])\d{1,9}(\.\d{1,12})?$/;

function ratioOf(rate: string): Ratio {
  if (!RATE_PATTERN.test(rate)) throw new RangeError(`not a positive decimal rate: ${rate}`);
  const [whole = '0', fraction = ''] = rate.split('.');
  return { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/**
 * How an amount becomes another currency: the published rate, as written, and whether it applies
 * inverted (an inverse is kept as the fraction it is: no decimal could hold 1/3).
 */
export interface Conversion {
  from: string;
  to: string;
  rate: string;
  inverted: boolean;
  day: string;
}

/** The conversion of `from` into `to` that a published rate gives, either way round. */
export function conversionBy(rate: Rate, from: string, to: string): Conversion {
  if (rate.base === from && rate.quote === to) {
    return { from, to, rate: rate.rate, inverted: false, day: rate.day };
  }
  if (rate.base === to && rate.quote === from) {
    return { from, to, rate: rate.rate, inverted: true, day: rate.day };
  }
  throw new RangeError(`rate ${rate.base}/${rate.quote} does not convert ${from} to ${to}`);
}

/** No conversion: an amount already in the currency wanted. */
export function identity(currency: string, day: string): Conversion {
  return { from: currency, to: currency, rate: '1', inverted: false, day };
}

/**
 * Converts an amount, rounding once to the nearest minor unit of the target (halves to even).
 * The minor units of each currency are scaled by its exponent, so JPY and EUR convert right.
 */
export function convert(amount: Money, conversion: Conversion): Money {
  if (amount.currency !== conversion.from) {
    throw new RangeError(`cannot convert ${amount.currency} with a ${conversion.from} rate`);
  }
  const { numerator, denominator } = ratioOf(conversion.rate);
  const [times, over] = conversion.inverted ? [denominator, numerator] : [numerator, denominator];
  const scaleTo = 10n ** BigInt(exponentOf(conversion.to));
  const scaleFrom = 10n ** BigInt(exponentOf(conversion.from));
  return {
    minor: divideRounded(amount.minor * times * scaleTo, over * scaleFrom),
    currency: conversion.to,
  };
}

/** The same conversion back again. */
export function reverse(conversion: Conversion): Conversion {
  return {
    ...conversion,
    from: conversion.to,
    to: conversion.from,
    inverted: !conversion.inverted,
  };
}
