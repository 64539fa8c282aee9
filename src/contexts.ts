import type { FastifyPluginAsync } from 'fastify';
import { agreementsMigrations } from './agreements/migrations.ts';
import { agreementsProjector } from './agreements/projector.ts';
import { agreementsRoutes } from './agreements/routes.ts';
import { catalogueMigrations } from './catalogue/migrations.ts';
import { catalogueProjector } from './catalogue/projector.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { demandMigrations } from './demand/migrations.ts';
import { demandProjector } from './demand/projector.ts';
import { demandRoutes } from './demand/routes.ts';
import { partiesMigrations } from './parties/migrations.ts';
import { partiesProjector } from './parties/projector.ts';
import { partiesRoutes } from './parties/routes.ts';
import { authenticator, SecurityLog } from './parties/sign-in.ts';
import { TokenHolders } from './parties/token-holders.ts';
import { planningMigrations } from './planning/migrations.ts';
import { planningProjector } from './planning/projector.ts';
import { planningRoutes } from './planning/routes.ts';
import type { Authenticate } from './platform/access/enforce.ts';
import type { CommandRuntime } from './platform/command.ts';
import type { NamedMigration } from './platform/db/migrate.ts';
import { ledgerMigrations } from './platform/ledger/migrations.ts';
import type { Projector } from './platform/ledger/projector.ts';
import { ratesMigrations } from './rates/migrations.ts';
import { ratesProjector } from './rates/projector.ts';
import { ratesRoutes } from './rates/routes.ts';
import { tendersMigrations } from './tenders/migrations.ts';
import { tendersProjector } from './tenders/projector.ts';
import { tendersRoutes } from './tenders/routes.ts';

/**
 * The composition root: every bounded context's migrations, read models and routes, gathered in
 * one place so that the platform never imports a context.
 */
export const migrations: readonly NamedMigration[] = [
  ...ledgerMigrations,
  ...partiesMigrations,
  ...catalogueMigrations,
  ...ratesMigrations,
  ...agreementsMigrations,
  ...tendersMigrations,
  ...demandMigrations,
  ...planningMigrations,
];

/** Every read model, in the order its events are applied. */
export const projectors: readonly Projector[] = [
  partiesProjector,
  catalogueProjector,
  ratesProjector,
  agreementsProjector,
  tendersProjector,
  demandProjector,
  planningProjector,
];

/** What the HTTP API serves: every context's routes, and who a request comes from. */
export function api(runtime: CommandRuntime): {
  routes: FastifyPluginAsync[];
  authenticate: Authenticate;
} {
  const securityLog = new SecurityLog(runtime.db, runtime.clock);
  const holders = new TokenHolders(runtime.db);
  return {
    routes: [
      partiesRoutes(runtime, securityLog, holders),
      catalogueRoutes(runtime),
      ratesRoutes(runtime),
      agreementsRoutes(runtime),
      tendersRoutes(runtime),
      demandRoutes(runtime),
      planningRoutes(runtime),
    ],
    authenticate: authenticator(runtime.db, runtime.clock, securityLog, holders),
  };
}
