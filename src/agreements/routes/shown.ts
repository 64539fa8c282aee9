import type { Money } from '../../platform/money.ts';
import { textOf } from '../../platform/money.ts';
import type { CallOff, Delivery, Figures, StoredAgreement } from '../queries.ts';

const m = (minor: bigint, currency: string) => textOf({ minor, currency } satisfies Money);

/** An agreement as the API shows it: money as strings of digits, counts as numbers. */
export function shownAgreement(a: StoredAgreement) {
  return {
    id: a.id,
    title: a.title,
    lot: a.lot,
    currency: a.currency,
    ceiling: m(a.ceiling, a.currency),
    committed: m(a.committed, a.currency),
    remaining: m(a.ceiling - a.committed, a.currency),
    validFrom: a.validFrom,
    validTo: a.validTo,
    state: a.state,
    priceVariationBoundBp: a.priceVariationBoundBp,
    items: a.items,
    nations: a.nations.map((n) => ({
      nation: n.nation,
      subCeiling: n.subCeiling === null ? null : m(n.subCeiling, a.currency),
    })),
    suppliers: a.suppliers.map((s) => ({
      supplier: s.supplier,
      rank: s.rank,
      currency: s.currency,
      monthlyCapacity: Number(s.monthlyCapacity),
      prices: s.prices.map((p) => ({
        nsn: p.nsn,
        tiers: p.tiers.map((t) => ({
          from: Number(t.from),
          unitPrice: m(t.unitPrice, s.currency),
        })),
      })),
    })),
  };
}

export function shownCallOff(c: CallOff) {
  return {
    id: c.id,
    agreementId: c.agreementId,
    nation: c.nation,
    supplier: c.supplier,
    nsn: c.nsn,
    destination: c.destination,
    quantity: Number(c.quantity),
    schedule: c.schedule.map((s) => ({ month: s.month, quantity: Number(s.quantity) })),
    unitPrice: m(c.unitPrice, c.currency),
    placedUnitPrice: m(c.placedUnitPrice, c.currency),
    variationBp: c.variationBp,
    value: m(c.value, c.currency),
    exchangeRate: {
      rate: c.conversion.rate,
      inverted: c.conversion.inverted,
      day: c.conversion.day,
    },
    ceilingValue: m(c.ceilingValue, c.conversion.to),
    rebated: m(c.rebated, c.conversion.to),
    state: c.state,
    chosenBy: c.chosenBy,
    placedAt: c.placedAt,
    cancelReason: c.cancelReason,
    declaredQuantity: Number(c.declaredQuantity),
    acceptedQuantity: Number(c.acceptedQuantity),
  };
}

export function shownDelivery(d: Delivery) {
  return {
    id: d.id,
    quantity: Number(d.quantity),
    lotNumber: d.lotNumber,
    deliveredOn: d.deliveredOn,
    state: d.state,
    reason: d.reason,
    declaredAt: d.declaredAt,
    decidedAt: d.decidedAt,
  };
}

export function shownFigures<T extends Figures>(f: T) {
  return {
    ...f,
    ceiling: f.ceiling?.toString() ?? null,
    committed: f.committed.toString(),
    delivered: f.delivered.toString(),
    remaining: f.remaining?.toString() ?? null,
    callOffs: Number(f.callOffs),
  };
}
