/**
 * NATO Stock Numbers: 13 characters — a 4-digit NATO Supply Class, then the 9-character NIIN,
 * whose first two characters are the codifying bureau (NCB) and the last seven an item number.
 * Almost always digits, but real NIINs carry capital letters in some positions (locally assigned
 * US numbers, commercial ranges), so letters are accepted there and flagged as non-numeric.
 */
export interface Nsn {
  /** `NNNN-NN-NNN-NNNN`, the one form stored and shown. */
  canonical: string;
  supplyClass: string;
  /** The first two digits of the supply class. */
  supplyGroup: string;
  ncb: string;
  itemNumber: string;
  /** Whether any character is a letter: valid, but worth a second look. */
  numeric: boolean;
}

/** Why a text is not an NSN. */
export interface NsnProblem {
  reason: string;
}

const SHAPE = /^([0-9]{4})-?([0-9A-Z]{2})-?([0-9A-Z]{3})-?([0-9A-Z]{4})$/;

/** Reads `1320-12-345-6789`, `1320123456789` (spaces around allowed, lower case folded). */
export function parseNsn(text: string): Nsn | NsnProblem {
  const compact = text.trim().toUpperCase();
  const match = SHAPE.exec(compact);
  if (match === null) {
    const characters = compact.replaceAll('-', '').length;
    return {
      reason:
        characters !== 13
          ? `an NSN has 13 characters (4 + 2 + 3 + 4), this has ${characters}`
          : 'an NSN is a 4-digit supply class then 9 digits or capital letters, dashed as NNNN-NN-NNN-NNNN',
    };
  }
  const [, supplyClass, ncb, first, last] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const canonical = `${supplyClass}-${ncb}-${first}-${last}`;
  return {
    canonical,
    supplyClass,
    supplyGroup: supplyClass.slice(0, 2),
    ncb,
    itemNumber: `${first}${last}`,
    numeric: /^[0-9-]+$/.test(canonical),
  };
}

/** Whether parsing succeeded. */
export function isNsn(value: Nsn | NsnProblem): value is Nsn {
  return 'canonical' in value;
}

/** The canonical text of an NSN's parts. */
export function formatNsn(nsn: Pick<Nsn, 'supplyClass' | 'ncb' | 'itemNumber'>): string {
  return `${nsn.supplyClass}-${nsn.ncb}-${nsn.itemNumber.slice(0, 3)}-${nsn.itemNumber.slice(3)}`;
}

/**
 * The beginning of an NSN as typed (`1320-12`, `132012`, `1320 12 3`), dashed the canonical way so
 * that it matches stored NSNs as a prefix.
 */
export function nsnPrefix(text: string): string {
  const compact = text.trim().toUpperCase().replace(/[-\s]/g, '');
  return [compact.slice(0, 4), compact.slice(4, 6), compact.slice(6, 9), compact.slice(9)]
    .filter(Boolean)
    .join('-');
}
