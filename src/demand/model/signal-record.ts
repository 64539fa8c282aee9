import { createHash } from 'node:crypto';
import { isNsn, parseNsn } from '../../catalogue/model/nsn.ts';
import { problemsOfRow, type RowProblem, text } from '../../platform/spreadsheet/cells.ts';
import type { TemplateColumn } from '../../platform/spreadsheet/template.ts';
import {
  FIRMNESS,
  type Firmness,
  PRIORITIES,
  type Priority,
  PURPOSES,
  type Purpose,
  type Signal,
  type SignalTerms,
  termsProblems,
} from './signal.ts';

/** The columns of a demand signal in import and export files, with what to put in each. */
export const SIGNAL_TEMPLATE: readonly TemplateColumn[] = [
  {
    name: 'reference',
    note: 'Your own reference for the line (optional). Importing a line with the same reference again changes nothing; without one, an identical line is recognised by its content.',
    example: 'FRA-2024-017',
  },
  {
    name: 'nation',
    note: 'The nation asking, as its party id (ISO 3166 alpha-3).',
    example: 'FRA',
  },
  {
    name: 'nsn',
    note: 'The NATO Stock Number asked for; leave empty when any item of the family will do.',
    example: '1320-12-100-0121',
  },
  {
    name: 'family',
    note: 'The family of items, e.g. 155mm projectile; required when no NSN is given.',
    example: '155mm projectile',
  },
  {
    name: 'platform',
    note: 'The weapon platform the line is for (optional); empty means all of your platforms that fire the family.',
    example: 'CAESAR',
  },
  { name: 'quantity', note: 'A whole number of units of issue.', example: '1200' },
  { name: 'needed_by', note: 'The month the items are needed by, YYYY-MM.', example: '2024-06' },
  { name: 'purpose', note: 'replenish, donate or reserve.', example: 'replenish' },
  {
    name: 'recipient',
    note: 'The nation a donation goes to (only for donate), e.g. UKR.',
    example: '',
  },
  { name: 'priority', note: 'Priority class: 1 (most urgent), 2 or 3.', example: '1' },
  {
    name: 'price_cap_minor',
    note: 'The most you will pay per unit, in minor units (cents), optional.',
    example: '450000',
  },
  { name: 'price_cap_currency', note: 'The currency of the price cap, e.g. EUR.', example: 'EUR' },
  { name: 'firmness', note: 'firm or indicative.', example: 'firm' },
];

/** The file column a field of a draft is read from, for naming it in a row's report. */
export const COLUMN_OF: Record<keyof DraftSignal, string> = {
  nation: 'nation',
  reference: 'reference',
  nsn: 'nsn',
  family: 'family',
  platform: 'platform',
  quantity: 'quantity',
  neededBy: 'needed_by',
  purpose: 'purpose',
  recipient: 'recipient',
  priority: 'priority',
  priceCap: 'price_cap_minor',
  firmness: 'firmness',
};

/** The column names, in file order. */
export const SIGNAL_COLUMNS = SIGNAL_TEMPLATE.map((c) => c.name);

/** A line as a file gives it: the family may still have to come from the catalogue's item. */
export interface DraftSignal extends Omit<SignalTerms, 'family'> {
  nation: string;
  reference: string | null;
  family: string | null;
}

const PARTY = /^[A-Z0-9]{1,16}$/;

function oneOf<T extends string | number>(values: readonly T[], cell: string): T | undefined {
  return values.find((v) => String(v) === cell);
}

/**
 * A draft signal from one record of a file, or every problem with it. `nation` fills an empty
 * nation column (an upload is the caller's own nation's); money is integer minor units.
 */
export function draftFromRecord(
  row: number,
  record: Record<string, unknown>,
  defaults: { nation?: string } = {},
): DraftSignal | RowProblem[] {
  const { problems, problem } = problemsOfRow(row);

  const nation = text(record.nation) ?? defaults.nation;
  if (nation === undefined) problem('nation', record.nation, 'is required');
  else if (!PARTY.test(nation)) problem('nation', record.nation, 'is a party id such as FRA');

  const reference = text(record.reference) ?? null;
  if (reference !== null && reference.length > 80)
    problem('reference', record.reference, 'has more than 80 characters');

  const nsnText = text(record.nsn);
  const parsedNsn = nsnText === undefined ? undefined : parseNsn(nsnText);
  if (parsedNsn !== undefined && !isNsn(parsedNsn)) problem('nsn', record.nsn, parsedNsn.reason);
  const family = text(record.family) ?? null;
  if (nsnText === undefined && family === null)
    problem('family', record.family, 'is required when no NSN is given');

  const quantity = text(record.quantity);
  if (quantity === undefined || !/^\d{1,12}$/.test(quantity))
    problem('quantity', record.quantity, 'is a whole number of units');

  const month = text(record.needed_by)?.match(/^(\d{4}-(0[1-9]|1[0-2]))(-\d{2})?$/)?.[1];
  if (month === undefined) problem('needed_by', record.needed_by, 'is a month, YYYY-MM');

  const purpose = oneOf<Purpose>(PURPOSES, text(record.purpose) ?? 'replenish');
  if (purpose === undefined) problem('purpose', record.purpose, 'is replenish, donate or reserve');

  const recipient = text(record.recipient) ?? null;
  if (recipient !== null && !PARTY.test(recipient))
    problem('recipient', record.recipient, 'is a party id such as UKR');

  const priority = oneOf<Priority>(PRIORITIES, text(record.priority) ?? '2');
  if (priority === undefined) problem('priority', record.priority, 'is 1, 2 or 3');

  const minor = text(record.price_cap_minor);
  const currency = text(record.price_cap_currency);
  if (minor !== undefined && !/^\d{1,18}$/.test(minor))
    problem('price_cap_minor', record.price_cap_minor, 'is a whole number of minor units (cents)');
  if ((minor === undefined) !== (currency === undefined))
    problem(
      minor === undefined ? 'price_cap_minor' : 'price_cap_currency',
      minor ?? currency,
      'a price cap needs both an amount and a currency',
    );
  else if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
    problem('price_cap_currency', record.price_cap_currency, 'is an ISO 4217 code, e.g. EUR');

  const firmness = oneOf<Firmness>(FIRMNESS, text(record.firmness) ?? 'indicative');
  if (firmness === undefined) problem('firmness', record.firmness, 'is firm or indicative');

  if (
    problems.length > 0 ||
    nation === undefined ||
    quantity === undefined ||
    month === undefined ||
    purpose === undefined ||
    priority === undefined ||
    firmness === undefined
  )
    return problems;
  const draft: DraftSignal = {
    nation,
    reference,
    nsn: parsedNsn !== undefined && isNsn(parsedNsn) ? parsedNsn.canonical : null,
    family,
    platform: text(record.platform) ?? null,
    quantity: BigInt(quantity),
    neededBy: month,
    purpose,
    recipient,
    priority,
    priceCap:
      minor === undefined || currency === undefined ? null : { minor: BigInt(minor), currency },
    firmness,
  };
  for (const p of termsProblems({ ...draft, family: family ?? '' }, nation))
    problem(COLUMN_OF[p.field], record[COLUMN_OF[p.field]], p.message);
  return problems.length > 0 ? problems : draft;
}

/**
 * What recognises a line imported again: the nation's reference when it gave one, else a hash of
 * everything the line says, so that the same file, or the same rows in another file, add nothing.
 */
export function importKeyOf(nation: string, reference: string | null, terms: SignalTerms): string {
  if (reference !== null) return `ref:${reference}`;
  const content = JSON.stringify([
    nation,
    terms.nsn,
    terms.family,
    terms.platform,
    terms.quantity.toString(),
    terms.neededBy,
    terms.purpose,
    terms.recipient,
    terms.priority,
    terms.priceCap?.minor.toString() ?? null,
    terms.priceCap?.currency ?? null,
    terms.firmness,
  ]);
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** A signal as one record of a file, in the columns above (plus its id and state for exports). */
export function recordOfSignal(signal: Signal): Record<string, unknown> {
  return {
    id: signal.id,
    state: signal.state,
    reference: signal.reference ?? '',
    nation: signal.nation,
    nsn: signal.nsn ?? '',
    family: signal.family,
    platform: signal.platform ?? '',
    quantity: signal.quantity.toString(),
    needed_by: signal.neededBy,
    purpose: signal.purpose,
    recipient: signal.recipient ?? '',
    priority: String(signal.priority),
    price_cap_minor: signal.priceCap?.minor.toString() ?? '',
    price_cap_currency: signal.priceCap?.currency ?? '',
    firmness: signal.firmness,
  };
}

/** The columns of an export: the import's, after the signal's id and state. */
export const EXPORT_COLUMNS = ['id', 'state', ...SIGNAL_COLUMNS];
