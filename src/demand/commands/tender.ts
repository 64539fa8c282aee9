import { dayOf } from '../../platform/clock.ts';
import type { CommandScope } from '../../platform/command.ts';
import { DomainError, type FieldProblem } from '../../platform/errors.ts';
import { createTender, type TenderInput } from '../../tenders/commands.ts';
import { proposedLots } from '../lots.ts';
import type { PeriodMonths } from '../model/aggregation.ts';

/** What an officer adds to a proposed lot to tender it: what the demand cannot say. */
interface LotTerms {
  /** The proposed lot's id, as `GET /demand/lots` gives it. */
  proposed: string;
  lot: string;
  title: string;
  requirements: { id: string; text: string }[];
  ceiling: string;
  durationMonths: number;
  awards: number;
}

/**
 * Drafts one tender from proposed lots: each tender lot takes its items, its pooled quantity and
 * its nations from the lot the open signals pool into today, and its terms from the officer. A
 * proposed lot that no longer exists (a signal changed since it was read) is refused by field.
 */
export async function tenderFromLots(
  scope: CommandScope,
  request: {
    periodMonths: PeriodMonths;
    tender: Omit<TenderInput, 'lots'>;
    lots: readonly LotTerms[];
  },
): Promise<string> {
  const proposed = new Map(
    (
      await proposedLots(scope.trx, { day: dayOf(scope.now), periodMonths: request.periodMonths })
    ).map((lot) => [lot.id, lot]),
  );
  const problems: FieldProblem[] = [];
  const lots = request.lots.flatMap((terms, index) => {
    const lot = proposed.get(terms.proposed);
    if (lot === undefined) {
      problems.push({
        path: `body.lots.${index}.proposed`,
        message: 'no such proposed lot among the open signals of this period',
      });
      return [];
    }
    return [
      {
        lot: terms.lot,
        title: terms.title,
        items: lot.items,
        quantity: lot.quantity.toString(),
        nations: lot.nations.map((share) => share.nation),
        requirements: terms.requirements,
        ceiling: terms.ceiling,
        durationMonths: terms.durationMonths,
        awards: terms.awards,
      },
    ];
  });
  const [first] = problems;
  if (first !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `${first.path}: ${first.message}.`, problems);
  }
  return createTender(scope, { ...request.tender, lots });
}
