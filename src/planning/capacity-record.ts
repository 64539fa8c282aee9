import { isNsn, parseNsn } from '../catalogue/model/nsn.ts';
import { problemsOfRow, type RowProblem, text } from '../platform/spreadsheet/cells.ts';
import type { TemplateColumn } from '../platform/spreadsheet/template.ts';
import type { Capacity } from './commands/lines.ts';

/** The columns of a capacity file, with what to put in each. */
export const CAPACITY_TEMPLATE: readonly TemplateColumn[] = [
  {
    name: 'supplier',
    note: 'The supplier, by its party id (NCAGE). A supplier importing its own file may leave it empty.',
    example: 'F0001',
  },
  { name: 'nsn', note: 'The NATO Stock Number of the item made.', example: '1320-12-100-0121' },
  {
    name: 'monthly_capacity',
    note: 'Whole units a month. A supplier and item imported again with another capacity revise the line; with the same, nothing changes.',
    example: '8000',
  },
  { name: 'from', note: 'The first month the line produces, YYYY-MM.', example: '2024-01' },
];

/** The file column a field of a capacity is read from, for naming it in a row's report. */
export const COLUMN_OF: Record<string, string> = {
  supplier: 'supplier',
  nsn: 'nsn',
  monthlyCapacity: 'monthly_capacity',
  from: 'from',
};

/**
 * A capacity from one record of a file, or every problem with it. `supplier` fills an empty
 * supplier column (an upload by a supplier is its own).
 */
export function capacityFromRecord(
  row: number,
  record: Record<string, unknown>,
  defaults: { supplier?: string } = {},
): Capacity | RowProblem[] {
  const { problems, problem } = problemsOfRow(row);
  const supplier = text(record.supplier) ?? defaults.supplier;
  if (supplier === undefined) problem('supplier', record.supplier, 'is required');
  else if (!/^[A-Z0-9]{1,16}$/.test(supplier))
    problem('supplier', record.supplier, 'is a party id such as F0001');
  const nsnText = text(record.nsn);
  const nsn = nsnText === undefined ? undefined : parseNsn(nsnText);
  if (nsn === undefined) problem('nsn', record.nsn, 'is required');
  else if (!isNsn(nsn)) problem('nsn', record.nsn, nsn.reason);
  const capacity = text(record.monthly_capacity);
  if (capacity === undefined || !/^\d{1,10}$/.test(capacity))
    problem('monthly_capacity', record.monthly_capacity, 'is a whole number of units a month');
  const from = text(record.from)?.match(/^(\d{4}-(0[1-9]|1[0-2]))(-\d{2})?$/)?.[1];
  if (from === undefined) problem('from', record.from, 'is a month, YYYY-MM');
  if (
    problems.length > 0 ||
    supplier === undefined ||
    nsn === undefined ||
    !isNsn(nsn) ||
    capacity === undefined ||
    from === undefined
  )
    return problems;
  return { supplier, nsn: nsn.canonical, monthlyCapacity: BigInt(capacity), from };
}
