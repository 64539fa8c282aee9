import type { Kysely, Transaction } from 'kysely';

/**
 * Every table Quartermaster reads or writes, as Kysely sees it. Each bounded context adds its
 * own tables to this interface from its `store.ts` (module augmentation), so that the platform
 * never has to import a context.
 * @public
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by module augmentation in each store.ts
export interface Database {}

/** The database handle of a whole process. */
export type Db = Kysely<Database>;

/** A transaction, owned by the caller, that commands and stores write through. */
export type Trx = Transaction<Database>;

/** Either: for functions that only read, or that the caller may run inside a transaction. */
export type Executor = Db | Trx;

/** Which engine is behind the Kysely handle. */
export type Dialect = 'pglite' | 'postgres';
