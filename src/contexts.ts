import type { FastifyPluginAsync } from 'fastify';
import type { NamedMigration } from './platform/db/migrate.ts';
import { ledgerMigrations } from './platform/ledger/migrations.ts';
import type { Projector } from './platform/ledger/projector.ts';

/**
 * The composition root: every bounded context's migrations, read models and routes, gathered in
 * one place so that the platform never imports a context.
 */
export const migrations: readonly NamedMigration[] = [...ledgerMigrations];

/** Every read model, in the order its events are applied. */
export const projectors: readonly Projector[] = [];

/** Every context's HTTP routes. */
export const routes: readonly FastifyPluginAsync[] = [];
