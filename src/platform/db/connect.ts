import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Db, Dialect } from './database.ts';
import {
  type Notifications,
  pgliteNotifications,
  postgresNotifications,
  registerNotifications,
} from './notifications.ts';
import { pipelineTransactions } from './pipelined-transactions.ts';
import { nameRepeatedStatements, StatementNames } from './prepared-statements.ts';
import { INT8_OID, NUMERIC_OID, parseInt8, parseNumeric } from './type-parsers.ts';

/** Where to connect: a PGlite data dir (or `memory://`), or a PostgreSQL URL. */
export type Connection =
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

/** An open database: the Kysely handle, which engine it is, and how to close it. */
export interface OpenDatabase {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens PGlite (creating its data dir on first use) or a pool of PostgreSQL connections. */
export async function openDatabase(connection: Connection): Promise<OpenDatabase> {
  if (connection.kind === 'pglite') {
    const pglite = await PGlite.create({
      dataDir: connection.dataDir,
      ...(connection.loadDataDir === undefined ? {} : { loadDataDir: connection.loadDataDir }),
      parsers: { [INT8_OID]: parseInt8, [NUMERIC_OID]: parseNumeric },
    });
    const db: Db = new Kysely({ dialect: new PGliteDialect(pglite) });
    return opened(db, 'pglite', pgliteNotifications(pglite));
  }
  const pool = new pg.Pool({
    connectionString: connection.url,
    max: connection.poolSize ?? 10,
    types: { getTypeParser: postgresTypeParser as typeof pg.types.getTypeParser },
  });
  // An idle connection the server ends (a restart, an administrator's command) is an 'error'
  // event: the pool drops that connection and the next query opens another. Unheard, the event
  // would bring the whole process down.
  pool.on('error', () => undefined);
  const names = new StatementNames();
  pool.on('connect', (client) => {
    nameRepeatedStatements(client, names);
    pipelineTransactions(client, names);
  });
  const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return opened(db, 'postgres', postgresNotifications(connection.url));
}

/** A database handle with its notifications, which it closes first. */
function opened(db: Db, dialect: Dialect, notifications: Notifications): OpenDatabase {
  registerNotifications(db, notifications);
  return {
    db,
    dialect,
    async close() {
      await notifications.close();
      await db.destroy();
    },
  };
}

function postgresTypeParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
  if (format !== 'binary' && oid === INT8_OID) return parseInt8;
  if (format !== 'binary' && oid === NUMERIC_OID) return parseNumeric;
  return pg.types.getTypeParser(oid, format ?? 'text');
}
