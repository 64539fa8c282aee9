import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ITEM_COLUMNS } from '../src/catalogue/model/item-record.ts';

const FAMILIES = [
  ['1315', '155mm projectile'],
  ['1315', '105mm projectile'],
  ['1315', '120mm tank round'],
  ['1410', 'ATGM'],
  ['1305', '5.56mm cartridge'],
  ['1305', '7.62mm cartridge'],
  ['1310', '40mm grenade'],
  ['1320', '81mm mortar bomb'],
  ['1320', '120mm mortar bomb'],
  ['1390', 'fuze'],
  ['1376', 'propellant charge'],
  ['1340', 'rocket'],
] as const;
const KINDS = ['HE', 'smoke', 'illumination', 'practice', 'DPICM', 'base bleed', 'HEAT', 'APFSDS'];
const NCBS = ['11', '12', '14', '15', '17', '21', '22', '25', '33', '99'];
/** How many distinct model designators the names share: each names about twenty items. */
const DESIGNATORS = 50_000;

/** The fields of the i-th generated item that the figures ask about. */
export function generatedItem(i: number): { nsn: string; kind: string; designator: string } {
  const [supplyClass] = FAMILIES[i % FAMILIES.length] ?? FAMILIES[0];
  const ncb = NCBS[Math.floor(i / FAMILIES.length) % NCBS.length] ?? '99';
  const number = String(i).padStart(7, '0');
  return {
    nsn: `${supplyClass}-${ncb}-${number.slice(0, 3)}-${number.slice(3)}`,
    kind: KINDS[(i * 7) % KINDS.length] ?? 'HE',
    designator: `QM${(i * 7919) % DESIGNATORS}`,
  };
}

function csvLine(i: number): string {
  const { nsn, kind, designator } = generatedItem(i);
  const [, family] = FAMILIES[i % FAMILIES.length] ?? FAMILIES[0];
  const price = 1000 + ((i * 104_729) % 9_000_000);
  const cells = [
    nsn,
    `${kind} ${family} ${designator} lot ${i % 97}`,
    family,
    i % 3 === 0 ? 'STANAG 4425;AQAP-2110' : 'STANAG 4425',
    'EA',
    String(price),
    'EUR',
    i % 20 === 0 ? 'true' : 'false',
    'false',
    'bench: generated',
  ];
  return `${cells.join(',')}\n`;
}

/** Writes `count` generated items as a CSV file with the catalogue's import columns. */
export async function writeItemsFile(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${ITEM_COLUMNS.join(',')}\n`);
  for (let i = 0; i < count; i++) {
    if (!out.write(csvLine(i))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
