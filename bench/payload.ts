import { newId } from '../src/platform/ids.ts';
import type { NewEvent } from '../src/platform/ledger/model.ts';

const NATIONS = ['CZE', 'DEU', 'DNK', 'EST', 'FIN', 'LTU', 'LVA', 'NLD', 'NOR', 'POL', 'SWE'];
const AGREEMENT_ID = '5f0c2a8e-3b1d-4e6f-9a7c-2d4b6e8f0a1c';

/**
 * A call-off as a nation places one against a 155 mm framework agreement: the size and shape of a
 * typical ledger event, money in minor units as strings of digits.
 */
export function callOffPlaced(index: number): NewEvent {
  const shells = 1000n + BigInt(index % 500) * 10n;
  const shellPrice = 412_500n;
  const fuzes = shells;
  const fuzePrice = 8_750n;
  return {
    id: newId(),
    type: 'CallOffPlaced',
    payload: {
      callOffId: newId(),
      agreementId: AGREEMENT_ID,
      reference: `CO-2023-${String(index).padStart(7, '0')}`,
      nation: NATIONS[index % NATIONS.length] ?? 'POL',
      lot: 'LOT-1-155MM',
      lines: [
        {
          nsn: '1320-12-394-6612',
          item: '155 mm HE projectile, L15A2',
          quantity: shells.toString(),
          unitPriceMinor: shellPrice.toString(),
        },
        {
          nsn: '1390-12-371-9870',
          item: 'Fuze, point detonating, M739A1',
          quantity: fuzes.toString(),
          unitPriceMinor: fuzePrice.toString(),
        },
      ],
      totalMinor: (shells * shellPrice + fuzes * fuzePrice).toString(),
      currency: 'EUR',
      deliverBy: '2024-06-30',
      deliverTo: 'Depot 3, Bydgoszcz',
    },
  };
}
