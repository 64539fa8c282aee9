import { createHash } from 'node:crypto';
import type pg from 'pg';

// Like pgJDBC's prepareThreshold: a statement earns a server-side name once it has run this often.
const PREPARE_THRESHOLD = 5;
// Each named statement lives on every connection of the pool until it closes: a bounded set.
const NAMED_LIMIT = 256;
// One-off texts (a multi-row insert of a size seen once) must not grow the tally without end.
const TALLY_LIMIT = 10_000;
// A statement with more parameters is a bulk one (a multi-row insert, a long IN list): its
// planning is shared by all its rows, and a plan made once for any values can be far worse than
// one made for these (measured: an IN list of 200 import keys, 70 ms a run instead of 1).
const MOST_PARAMETERS = 16;

/**
 * Which statement texts run under a name. An unnamed statement is parsed and planned by
 * PostgreSQL on every run; a named one once per connection, after which each run is a bind and
 * an execute. The statements of the hot paths (a token's lookup, a call-off's placement) repeat
 * thousands of times a second, and their planning was most of the server's work on them.
 */
export class StatementNames {
  private readonly tally = new Map<string, number>();
  private readonly names = new Map<string, string>();

  /** The name `text` runs under, or undefined while it has not repeated enough (or no room is left). */
  nameFor(text: string): string | undefined {
    const named = this.names.get(text);
    if (named !== undefined || this.names.size >= NAMED_LIMIT) return named;
    const runs = (this.tally.get(text) ?? 0) + 1;
    if (runs < PREPARE_THRESHOLD) {
      if (this.tally.size >= TALLY_LIMIT) this.tally.clear();
      this.tally.set(text, runs);
      return undefined;
    }
    this.tally.delete(text);
    const name = `qm_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    this.names.set(text, name);
    return name;
  }

  /** The name a statement run with `values` runs under: only one with a few parameters is named. */
  nameForRun(text: string, values: readonly unknown[]): string | undefined {
    return values.length > 0 && values.length <= MOST_PARAMETERS ? this.nameFor(text) : undefined;
  }

  get size(): number {
    return this.names.size;
  }
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes a client of the pool run repeated statements under their names. Only a query given as
 * text with parameters, up to MOST_PARAMETERS of them, is named, the way Kysely sends every
 * statement it builds; a statement without parameters (BEGIN, COMMIT) goes by the simple
 * protocol, and a stream (COPY) as it is.
 */
export function nameRepeatedStatements(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as Query;
  const naming: Query = (text, values, ...rest) => {
    if (typeof text === 'string' && Array.isArray(values)) {
      const name = names.nameForRun(text, values);
      if (name !== undefined) return query({ name, text, values }, ...rest);
    }
    return query(text, values, ...rest);
  };
  Object.assign(client, { query: naming });
}
