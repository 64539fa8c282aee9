import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { assessCompatibility, registerItem, registerPlatform, setFleetCount } from './commands.ts';
import type { Item, Platform } from './model/catalogue.ts';
import type { Level } from './model/compatibility.ts';
import { isNsn, parseNsn } from './model/nsn.ts';
import { countItems } from './store.ts';

// Public facts from open sources (see shared/reference/interoperability.md). The NSNs are made up
// for the demo — real ones are not public for most of these — so no item is `verified`; the
// names, families and firings are the sources' own.
const ILLUSTRATIVE = 'illustrative NSN';

const items: [nsn: string, name: string, family: string, standards: string[], source: string][] = [
  [
    '1320-01-100-0107',
    'M107 155 mm HE projectile',
    '155mm projectile',
    ['STANAG 4425'],
    'M107: one of the most widespread 155 mm shells',
  ],
  [
    '1320-01-100-0795',
    'M795 155 mm HE projectile',
    '155mm projectile',
    ['STANAG 4425'],
    'M795: standard US 155 mm projectile',
  ],
  [
    '1320-01-100-0549',
    'M549A1 155 mm HE rocket-assisted projectile',
    '155mm projectile',
    ['STANAG 4425'],
    'RAP rounds give the M777 ~40 km',
  ],
  [
    '1320-01-100-0982',
    'M982 Excalibur 155 mm guided projectile',
    '155mm projectile',
    ['STANAG 4425'],
    'Excalibur fired by M777, M109A6, Archer',
  ],
  [
    '1320-99-100-0015',
    'L15A1 155 mm HE projectile',
    '155mm projectile',
    ['STANAG 4425', 'JBMoU'],
    'L15A1 fires from 52 or 39 cal guns',
  ],
  [
    '1320-12-100-0121',
    'DM121 155 mm HE projectile (insensitive)',
    '155mm projectile',
    ['STANAG 4425', 'JBMoU'],
    'Bundeswehr DM121 framework',
  ],
  [
    '1320-12-100-0702',
    'DM702 SMArt 155 sensor-fuzed projectile',
    '155mm projectile',
    ['STANAG 4425'],
    'Rheinmetall 155 mm family',
  ],
  [
    '1320-14-100-0002',
    'BONUS Mk2 155 mm top-attack projectile',
    '155mm projectile',
    ['STANAG 4425'],
    'BONUS used by FI, FR, SE, US',
  ],
  [
    '1315-12-100-0120',
    'SHARD 120 mm APFSDS',
    '120mm tank round',
    ['NATO 120x570'],
    'SHARD qualified for Leclerc L52 and Leopard 2 L55',
  ],
  [
    '1315-99-100-0030',
    'L27A1 120 mm rifled APFSDS (separate loading)',
    '120mm rifled tank round',
    [],
    'L30A1 rifled ammunition is not NATO-standard 120 mm',
  ],
  [
    '1410-01-100-0148',
    'FGM-148F Javelin missile',
    'ATGM Javelin',
    [],
    'Javelin missiles and CLUs are separate items',
  ],
  [
    '1410-99-100-0001',
    'NLAW anti-tank weapon',
    'ATGM NLAW',
    [],
    'NLAW: shoulder-fired, Saab/Thales UK',
  ],
];

const platforms: [id: string, name: string, family: string, description: string][] = [
  ['M777', 'M777 towed howitzer', '155mm projectile', '155 mm, 39 calibre, towed'],
  ['M109A7', 'M109A6/A7 Paladin', '155mm projectile', '155 mm, 39 calibre, tracked'],
  ['PZH2000', 'PzH 2000', '155mm projectile', '155 mm, L52, tracked'],
  ['CAESAR', 'CAESAR', '155mm projectile', '155 mm, 52 calibre, 6x6 truck'],
  ['AS90', 'AS90', '155mm projectile', '155 mm, 39 calibre, tracked'],
  ['ARCHER', 'Archer', '155mm projectile', '155 mm, 52 calibre, wheeled'],
  ['K9', 'K9 Thunder', '155mm projectile', '155 mm, 52 calibre, tracked'],
  ['KRAB', 'AHS Krab', '155mm projectile', '155 mm, 52 calibre, tracked'],
  ['LEO2-L55', 'Leopard 2A6 (Rh-120 L55)', '120mm tank round', '120 mm smoothbore'],
  ['M1A2', 'M1A2 Abrams (M256)', '120mm tank round', '120 mm smoothbore, licence-built L44'],
  ['CR2', 'Challenger 2 (L30A1)', '120mm rifled tank round', '120 mm rifled, separate loading'],
  [
    'JAVELIN-CLU',
    'Javelin Command Launch Unit',
    'ATGM Javelin',
    'Reusable launcher for Javelin missiles',
  ],
];

const Q: Level = 'qualified';
const C: Level = 'compatible-unqualified';
const N: Level = 'not-compatible';

const edges: [nsn: string, platform: string, level: Level, source: string][] = [
  ['1320-01-100-0982', 'M777', Q, 'Excalibur to ~40 km from the M777'],
  ['1320-01-100-0982', 'M109A7', Q, 'M109A6 fired Excalibur from 2007'],
  ['1320-01-100-0982', 'ARCHER', Q, 'Archer system includes Excalibur'],
  ['1320-01-100-0549', 'M777', Q, 'RAP rounds give the M777 ~40 km'],
  ['1320-01-100-0107', 'M777', Q, 'M107 standard US 155 mm'],
  ['1320-01-100-0107', 'M109A7', Q, 'M107 standard US 155 mm'],
  ['1320-01-100-0107', 'AS90', C, 'STANAG 4425: fits, no firing tables recorded'],
  ['1320-01-100-0795', 'M777', Q, 'M795 standard US 155 mm'],
  ['1320-01-100-0795', 'M109A7', Q, 'M795 standard US 155 mm'],
  ['1320-99-100-0015', 'PZH2000', Q, 'Lithuania buys L15A1 for its PzH 2000'],
  ['1320-99-100-0015', 'AS90', Q, 'L15A1 fires from 39 cal guns'],
  ['1320-99-100-0015', 'M777', C, 'L15A1 fires from 39 cal guns; no tables recorded here'],
  ['1320-99-100-0015', 'CAESAR', C, 'L15A1 fires from 52 cal guns; no tables recorded here'],
  ['1320-99-100-0015', 'KRAB', C, 'L15A1 fires from 52 cal guns; no tables recorded here'],
  ['1320-12-100-0121', 'PZH2000', Q, 'DM121 Bundeswehr standard HE'],
  ['1320-12-100-0121', 'CAESAR', C, 'JBMoU round in a 52 cal gun; no tables recorded here'],
  ['1320-12-100-0702', 'PZH2000', Q, 'SMArt 155 in Bundeswehr service'],
  ['1320-14-100-0002', 'CAESAR', Q, 'BONUS used by France'],
  ['1320-14-100-0002', 'ARCHER', Q, 'Archer system includes BONUS'],
  ['1320-14-100-0002', 'K9', Q, 'Finland buys BONUS for its K9 fleet'],
  ['1315-12-100-0120', 'LEO2-L55', Q, 'SHARD qualified for Leopard 2 L55'],
  ['1315-12-100-0120', 'M1A2', C, 'NATO 120x570 family; US natures differ'],
  ['1315-12-100-0120', 'CR2', N, 'L30A1 is rifled: NATO smoothbore rounds do not fit'],
  ['1315-99-100-0030', 'CR2', Q, 'L30A1 separate-loading ammunition'],
  ['1315-99-100-0030', 'LEO2-L55', N, 'Rifled-gun ammunition does not fit a smoothbore'],
  ['1410-01-100-0148', 'JAVELIN-CLU', Q, 'Javelin missiles fire from the CLU'],
];

// Illustrative fleet sizes, not official holdings.
const fleets: [nation: string, platform: string, count: number][] = [
  ['DEU', 'PZH2000', 100],
  ['DEU', 'LEO2-L55', 200],
  ['FRA', 'CAESAR', 76],
  ['GBR', 'AS90', 80],
  ['GBR', 'CR2', 150],
  ['USA', 'M777', 500],
  ['USA', 'M109A7', 300],
  ['USA', 'M1A2', 400],
  ['POL', 'KRAB', 120],
  ['FIN', 'K9', 48],
  ['SWE', 'ARCHER', 48],
  ['LTU', 'PZH2000', 21],
  ['UKR', 'M777', 150],
  ['UKR', 'PZH2000', 20],
  ['UKR', 'CAESAR', 30],
  ['UKR', 'AS90', 30],
  ['UKR', 'KRAB', 50],
  ['UKR', 'M109A7', 100],
];

/** Loads the demo catalogue through ordinary commands, once: it does nothing when items exist. */
export async function seedCatalogue(
  runtime: CommandRuntime,
  actor = 'system:seed',
): Promise<boolean> {
  if ((await countItems(runtime.db)) > 0) return false;
  const asOf = '2023-09-28';
  for (const [nsn, name, family, standards, source] of items) {
    const parsed = parseNsn(nsn);
    if (!isNsn(parsed)) throw new Error(`seed NSN ${nsn} does not parse`);
    const item: Item = {
      nsn: parsed.canonical,
      supplyClass: parsed.supplyClass,
      ncb: parsed.ncb,
      name,
      family,
      standards,
      unitOfIssue: 'EA',
      referencePrice: null,
      restricted: false,
      verified: false,
      source: `${ILLUSTRATIVE}; ${source}`,
    };
    await runCommand(runtime, actor, (scope) => registerItem(scope, item));
  }
  for (const [id, name, family, description] of platforms) {
    const platform: Platform = {
      id,
      name,
      family,
      description,
      verified: true,
      source: 'shared/reference/interoperability.md',
    };
    await runCommand(runtime, actor, (scope) => registerPlatform(scope, platform));
  }
  for (const [nsn, platform, level, source] of edges) {
    await runCommand(runtime, actor, (scope) =>
      assessCompatibility(scope, { nsn, platform, level, source, asOf }),
    );
  }
  for (const [nation, platform, count] of fleets) {
    await runCommand(runtime, actor, (scope) => setFleetCount(scope, nation, platform, count));
  }
  return true;
}
