import { createRequire } from 'node:module';
import { sql } from 'kysely';
import pg from 'pg';
import type { Trx } from './database.ts';
import type { StatementNames } from './prepared-statements.ts';

// pg's own conversion of a parameter to its text form (dates, arrays, JSON, bytes), so that a
// value inlined below reads exactly as it would have been sent as a parameter.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue(value: unknown): string | Buffer | null;
};

/** A statement's parameter written as an SQL literal, as PostgreSQL would have received it. */
function literal(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  return `E'${prepared.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

const DIGIT = /[0-9]/;
const TAG_START = /[A-Za-z_$]/;

/**
 * A statement with its `$n` placeholders replaced by its parameters as literals; placeholders
 * are looked for only in the statement's own text, never inside a quoted string, a quoted name,
 * a dollar-quoted body or a comment.
 */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  let out = '';
  let i = 0;
  const copyUntil = (end: number) => {
    out += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1] ?? '';
    if (c === "'" || c === '"') {
      let end = i + 1;
      for (;;) {
        end = text.indexOf(c, end);
        if (end === -1) throw new Error('an unterminated quote in a statement');
        if (text[end + 1] !== c) break;
        end += 2;
      }
      copyUntil(end + 1);
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      copyUntil(end === -1 ? text.length : end);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('an unterminated comment in a statement');
      copyUntil(end + 2);
    } else if (c === '$' && DIGIT.test(next)) {
      let end = i + 1;
      while (DIGIT.test(text[end] ?? '')) end++;
      const index = Number(text.slice(i + 1, end)) - 1;
      if (index >= values.length) throw new Error(`no value for $${index + 1}`);
      out += literal(values[index]);
      i = end;
    } else if (c === '$' && (next === '$' || TAG_START.test(next))) {
      const close = text.indexOf('$', i + 1);
      const tag = close === -1 ? '' : text.slice(i, close + 1);
      if (!/^\$[A-Za-z_0-9]*\$$/.test(tag)) {
        copyUntil(i + 1);
        continue;
      }
      const end = text.indexOf(tag, close + 1);
      if (end === -1) throw new Error('an unterminated dollar quote in a statement');
      copyUntil(end + tag.length);
    } else {
      copyUntil(i + 1);
    }
  }
  return out;
}

/**
 * The statement that asks a transaction to send the writes that follow it with its COMMIT. It is
 * a harmless query where nothing intercepts it (PGlite, where a statement costs no round trip).
 */
const SEND_WITH_COMMIT = "SELECT 'the writes that follow are sent with the commit' AS qm_pipeline";

/**
 * Within a transaction on PostgreSQL: every statement that follows, until COMMIT, is not sent
 * but kept, answered at once with no rows, and sent with the COMMIT as one message; so a
 * transaction that ends with writes whose answers it does not need pays one round trip for
 * them all. A write that fails then fails the COMMIT with WritesNotCommitted, and nothing is
 * committed. Call it only when what follows is writes.
 */
export async function sendWithCommit(trx: Trx): Promise<void> {
  await sql.raw(SEND_WITH_COMMIT).execute(trx);
}

/** Writes kept for the COMMIT failed: the transaction was not committed. */
export class WritesNotCommitted extends Error {
  constructor(cause: unknown) {
    super('a write sent with the commit failed, and nothing was committed', { cause });
  }
}

type Query = (...args: unknown[]) => Promise<unknown>;

interface Answer {
  command: string;
  rowCount: number;
  rows: unknown[];
}

const answered = (command: string): Promise<Answer> =>
  Promise.resolve({ command, rowCount: 0, rows: [] });

const isBegin = (text: string) => text === 'begin' || text.startsWith('start transaction');

/** The last answer of a simple query that may have held several statements. */
const lastOf = (result: unknown) => (Array.isArray(result) ? result.at(-1) : result);

/** A statement to send in a message of several, with its parameters. */
interface Piped {
  text: string;
  values: unknown[];
}

// The prefix of the names statements sent so are prepared under with PREPARE, apart from those
// pg prepares through the protocol (the same namespace, one per session).
const PIPED_PREFIX = 'piped_';

/**
 * Makes a client of the pool send a transaction's BEGIN with its first statement, in one
 * message: a command's first round trip is then also its first read. That statement's
 * parameters are inlined as literals (the simple protocol, which alone carries several
 * statements, takes none). It also keeps the writes that follow `sendWithCommit` for the COMMIT.
 * Kysely begins, commits and rolls back with the exact texts matched here.
 *
 * A statement sent so (a first one, or one kept) that `names` names (one that repeats) is
 * prepared once on the connection with PREPARE, sent at the head of the message that first runs
 * it, and run by EXECUTE with its parameters as literals: PostgreSQL plans it once per
 * connection, as it does the statements pg prepares. PREPARE outlives a rolled-back transaction,
 * and in a message that fails the statements after the failing one never run: after a failure,
 * the connection's prepared names are read again from PostgreSQL before the next are prepared.
 */
export function pipelineTransactions(client: pg.PoolClient, names: StatementNames): void {
  const query = client.query.bind(client) as Query;
  /** The BEGIN not yet sent, while the transaction has sent nothing. */
  let begin: string | undefined;
  /** The writes kept for the COMMIT, and the BEGIN when it was not sent either. */
  let kept: Piped[] | undefined;
  let keptBegin: string | undefined;
  /** The statements prepared on this connection; undefined when unknown, after a failure. */
  let prepared: Set<string> | undefined = new Set();
  const preparedNames = async () => {
    const { rows } = (await query(
      `SELECT name FROM pg_prepared_statements WHERE starts_with(name, '${PIPED_PREFIX}')`,
    )) as Answer;
    return new Set((rows as { name: string }[]).map((r) => r.name));
  };
  /**
   * Sends `statements` in one message, after `opening` (a BEGIN still to be sent) and before
   * `end`: each that repeats runs prepared, PREPAREd first at the head of the message where this
   * connection has not prepared it yet. A failure leaves what was prepared unknown, to be read
   * again.
   */
  const send = async (
    statements: readonly Piped[],
    opening: string | undefined,
    end: readonly string[],
  ) => {
    const known = prepared ?? (await preparedNames());
    prepared = known;
    const preparing: string[] = [];
    const sent = statements.map(({ text, values }) => {
      const named = names.nameForRun(text, values);
      if (named === undefined) return inlineParameters(text, values);
      const name = `${PIPED_PREFIX}${named}`;
      if (!known.has(name)) {
        preparing.push(`PREPARE "${name}" AS ${text}`);
        known.add(name);
      }
      return `EXECUTE "${name}" (${values.map(literal).join(', ')})`;
    });
    const message = [...preparing, ...(opening === undefined ? [] : [opening]), ...sent, ...end];
    try {
      return lastOf(await query(message.join(';\n')));
    } catch (error) {
      prepared = undefined;
      throw error;
    }
  };
  const commitKept = async (statements: Piped[], opening: string | undefined) => {
    try {
      return await send(statements, opening, ['commit']);
    } catch (error) {
      // An error the server answered with, be it a write's or the COMMIT's own, means nothing
      // was committed; a connection lost on the way leaves it unknown.
      throw error instanceof pg.DatabaseError ? new WritesNotCommitted(error) : error;
    }
  };
  const keep = (statement: string, parameters: unknown[]) => {
    const statements = kept as Piped[];
    const held = keptBegin;
    if (statement === 'commit' || statement === 'rollback') {
      kept = undefined;
      keptBegin = undefined;
    }
    if (statement === 'commit') return commitKept(statements, held);
    // Nothing reached the server when the BEGIN itself is still kept.
    if (statement === 'rollback')
      return held === undefined ? query(statement) : answered('ROLLBACK');
    if (statement !== SEND_WITH_COMMIT) statements.push({ text: statement, values: parameters });
    return answered('KEPT');
  };
  const pipelined: Query = async (text, values, ...rest) => {
    if (typeof text !== 'string' || rest.length > 0) {
      // A stream or a callback: the BEGIN goes first, on its own.
      const held = begin;
      begin = undefined;
      if (held !== undefined) await query(held);
      return query(text, values, ...rest);
    }
    const parameters = Array.isArray(values) ? values : [];
    if (kept !== undefined) return keep(text, parameters);
    if (parameters.length === 0 && isBegin(text)) {
      begin = text;
      return answered('BEGIN');
    }
    const held = begin;
    begin = undefined;
    if (text === SEND_WITH_COMMIT) {
      kept = [];
      keptBegin = held;
      return answered('SELECT');
    }
    if (held === undefined) return query(text, values);
    // A transaction that sent nothing has nothing to end.
    if (text === 'commit') return answered('COMMIT');
    if (text === 'rollback') return answered('ROLLBACK');
    return send([{ text, values: parameters }], held, []);
  };
  Object.assign(client, { query: pipelined });
}
