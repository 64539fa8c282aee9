import { flag, problemsOfRow, type RowProblem, text } from '../../platform/spreadsheet/cells.ts';
import type { Item } from './catalogue.ts';
import { isNsn, parseNsn } from './nsn.ts';

/** The columns of an item in CSV and JSON files. */
export const ITEM_COLUMNS = [
  'nsn',
  'name',
  'family',
  'standards',
  'unit_of_issue',
  'reference_price_minor',
  'reference_currency',
  'restricted',
  'verified',
  'source',
] as const;

/**
 * An item from one record of a file, or every problem with it. Standards are a list in JSON and
 * `;`-separated in CSV; money is integer minor units with an ISO 4217 currency, never a decimal.
 */
export function itemFromRecord(row: number, record: Record<string, unknown>): Item | RowProblem[] {
  const { problems, problem } = problemsOfRow(row);

  const nsnText = text(record.nsn);
  const nsn = nsnText === undefined ? undefined : parseNsn(nsnText);
  if (nsn === undefined) problem('nsn', record.nsn, 'is required');
  else if (!isNsn(nsn)) problem('nsn', record.nsn, nsn.reason);

  const name = text(record.name);
  if (name === undefined) problem('name', record.name, 'is required');
  else if (name.length > 200) problem('name', record.name, 'has more than 200 characters');
  const family = text(record.family);
  if (family === undefined) problem('family', record.family, 'is required');
  const source = text(record.source);
  if (source === undefined)
    problem('source', record.source, 'is required: say where the facts come from');

  const standards = Array.isArray(record.standards)
    ? record.standards.map((s) => String(s).trim()).filter(Boolean)
    : (text(record.standards)
        ?.split(';')
        .map((s) => s.trim())
        .filter(Boolean) ?? []);
  const unitOfIssue = text(record.unit_of_issue) ?? 'EA';
  if (!/^[A-Z]{2}$/.test(unitOfIssue))
    problem('unit_of_issue', record.unit_of_issue, 'is a two-letter unit of issue, e.g. EA');

  const minor = text(record.reference_price_minor);
  const currency = text(record.reference_currency);
  if (minor !== undefined && !/^\d{1,18}$/.test(minor)) {
    problem(
      'reference_price_minor',
      record.reference_price_minor,
      'is a whole number of minor units (cents), not a decimal',
    );
  }
  if ((minor === undefined) !== (currency === undefined)) {
    problem(
      minor === undefined ? 'reference_price_minor' : 'reference_currency',
      minor ?? currency,
      'a price needs both an amount and a currency',
    );
  } else if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    problem('reference_currency', record.reference_currency, 'is an ISO 4217 code, e.g. EUR');
  }

  const restricted = flag(record.restricted) ?? false;
  if (restricted === 'invalid') problem('restricted', record.restricted, 'is true or false');
  const verified = flag(record.verified);
  if (verified === undefined || verified === 'invalid')
    problem('verified', record.verified, 'is true or false');

  if (problems.length > 0 || nsn === undefined || !isNsn(nsn)) return problems;
  return {
    nsn: nsn.canonical,
    supplyClass: nsn.supplyClass,
    ncb: nsn.ncb,
    name: name as string,
    family: family as string,
    standards,
    unitOfIssue,
    referencePrice:
      minor === undefined || currency === undefined ? null : { minor: BigInt(minor), currency },
    restricted: restricted === true,
    verified: verified === true,
    source: source as string,
  };
}

/** An item as one record of a file, in the columns above. */
export function recordOfItem(item: Item): Record<string, unknown> {
  return {
    nsn: item.nsn,
    name: item.name,
    family: item.family,
    standards: item.standards,
    unit_of_issue: item.unitOfIssue,
    reference_price_minor: item.referencePrice?.minor.toString() ?? '',
    reference_currency: item.referencePrice?.currency ?? '',
    restricted: item.restricted,
    verified: item.verified,
    source: item.source,
  };
}
