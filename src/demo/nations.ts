import type { Party } from '../parties/model.ts';

// The 31 Allies on 28 September 2023, Sweden (then invited) and Ukraine, after the public list in
// the project's reference data; NCB codes only where verified. EU membership as of that date.
const NATIONS: [name: string, iso3: string, ncb: string | null, eu: boolean][] = [
  ['Albania', 'ALB', null, false],
  ['Belgium', 'BEL', '13', true],
  ['Bulgaria', 'BGR', '50', true],
  ['Canada', 'CAN', '20', false],
  ['Croatia', 'HRV', '53', true],
  ['Czechia', 'CZE', '16', true],
  ['Denmark', 'DNK', '22', true],
  ['Estonia', 'EST', '38', true],
  ['Finland', 'FIN', null, true],
  ['France', 'FRA', '14', true],
  ['Germany', 'DEU', '12', true],
  ['Greece', 'GRC', '23', true],
  ['Hungary', 'HUN', '51', true],
  ['Iceland', 'ISL', '24', false],
  ['Italy', 'ITA', '15', true],
  ['Latvia', 'LVA', '55', true],
  ['Lithuania', 'LTU', '47', true],
  ['Luxembourg', 'LUX', '28', true],
  ['Montenegro', 'MNE', null, false],
  ['Netherlands', 'NLD', '17', true],
  ['North Macedonia', 'MKD', '54', false],
  ['Norway', 'NOR', '25', false],
  ['Poland', 'POL', '43', true],
  ['Portugal', 'PRT', '26', true],
  ['Romania', 'ROU', '39', true],
  ['Slovakia', 'SVK', '40', true],
  ['Slovenia', 'SVN', '42', true],
  ['Spain', 'ESP', '33', true],
  ['Türkiye', 'TUR', '27', false],
  ['United Kingdom', 'GBR', '99', false],
  ['United States', 'USA', '01', false],
];

const PARTNERS: [name: string, iso3: string, eu: boolean][] = [
  ['Sweden', 'SWE', true],
  ['Ukraine', 'UKR', false],
];

/** The nations of the demo: the Allies, and Sweden and Ukraine as partners. */
export const demoNations: Party[] = [
  ...NATIONS.map(([name, iso3, ncb, eu]) => ({
    id: iso3,
    kind: 'nation' as const,
    name,
    iso3,
    ncbCode: ncb,
    ncage: null,
    country: null,
    groups: eu ? (['NATO', 'EU'] as const) : (['NATO'] as const),
  })),
  ...PARTNERS.map(([name, iso3, eu]) => ({
    id: iso3,
    kind: 'partner-nation' as const,
    name,
    iso3,
    ncbCode: null,
    ncage: null,
    country: null,
    groups: eu ? (['EU'] as const) : ([] as const),
  })),
].map((p) => ({ ...p, groups: [...p.groups] }));

// Fictional firms: the demo names no real company. NCAGE-shaped codes, made up.
const SUPPLIERS: [ncage: string, name: string, country: string][] = [
  ['D1A01', 'Rheinland Munitionswerke (illustrative)', 'DEU'],
  ['F1B02', 'Arsenal de Bourges (illustrative)', 'FRA'],
  ['K1C03', 'Albion Ordnance (illustrative)', 'GBR'],
  ['P1D04', 'Wisła Amunicja (illustrative)', 'POL'],
  ['N1E05', 'Nordfjord Defence (illustrative)', 'NOR'],
  ['S1F06', 'Castilla Municiones (illustrative)', 'ESP'],
  ['C1G07', 'Morava Zbrojovka (illustrative)', 'CZE'],
  ['T1H08', 'Tirreno Difesa (illustrative)', 'ITA'],
  ['01J09', 'Great Lakes Missile Works (illustrative)', 'USA'],
  ['H1K10', 'Lowlands Precision (illustrative)', 'NLD'],
  ['L1L11', 'Suomi Kinetics (illustrative)', 'FIN'],
  ['R1M12', 'Carpathian Propellants (illustrative)', 'ROU'],
];

export const demoSuppliers: Party[] = SUPPLIERS.map(([ncage, name, country]) => ({
  id: ncage,
  kind: 'supplier',
  name,
  iso3: null,
  ncbCode: null,
  ncage,
  country,
  groups: [],
}));
