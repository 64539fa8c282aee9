/**
 * Who may bid, as data on the tender: the supply classes a supplier must be registered for, and
 * the countries it may be established in (empty: any country).
 */
export interface EligibilityRules {
  supplyClasses: string[];
  countries: string[];
}

/** What the tender knows of a supplier when it asks to bid. */
export interface SupplierStanding {
  supplier: string;
  country: string | null;
  /** The supply classes the supplier is registered for. */
  registeredClasses: readonly string[];
}

/** The supply class of an NSN: its first four digits. */
export function supplyClassOf(nsn: string): string {
  return nsn.slice(0, 4);
}

/** Why a supplier may not bid under these rules, or undefined when it may. */
export function ineligibility(
  rules: EligibilityRules,
  standing: SupplierStanding,
): string | undefined {
  if (rules.countries.length > 0 && !rules.countries.includes(standing.country ?? '')) {
    return `${standing.supplier} is established in ${standing.country ?? 'no country'}, outside ${rules.countries.join(', ')}`;
  }
  const missing = rules.supplyClasses.filter((c) => !standing.registeredClasses.includes(c));
  if (missing.length > 0) {
    return `${standing.supplier} is not registered for supply class ${missing.join(', ')}`;
  }
  return undefined;
}
