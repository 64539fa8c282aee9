/** A JSON value that reads back byte-identical from jsonb on PGlite and PostgreSQL. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no white
 * space, strings and numbers as ECMAScript's JSON.stringify writes them. Written for the ledger's
 * plain JSON values, which `verify` canonicalises a million times a run: it skips the generic
 * library's `toJSON` and cycle handling, which such values never need.
 */
export function canonicalJson(value: JsonValue): string {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new TypeError('a lone surrogate has no canonical JSON form');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out += (i === 0 ? '' : ',') + canonicalJson(value[i] as JsonValue);
    return `${out}]`;
  }
  // Default sort compares UTF-16 code units, which is the order RFC 8785 asks for.
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!key.isWellFormed()) throw new TypeError('a lone surrogate has no canonical JSON form');
    out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`;
  }
  return `${out}}`;
}
