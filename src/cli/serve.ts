import { pino } from 'pino';
import { seedCatalogue } from '../catalogue/seed.ts';
import { api, migrations, projectors } from '../contexts.ts';
import { seedDemo } from '../demo/seed.ts';
import { ensureFirstAdmin } from '../parties/bootstrap.ts';
import { systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { buildApp } from '../platform/http/server.ts';
import { resolveMasterKey } from '../platform/master-key.ts';
import { startTenderClock } from '../tenders/scheduler.ts';
import { openConfiguredDatabase } from './database.ts';

/** How often the server looks for tenders whose deadline or standstill has passed. */
const TENDER_CLOCK_MS = 30_000;

/**
 * `qm serve`: migrate, listen, and on SIGTERM or SIGINT stop taking requests, finish the ones in
 * flight and close the database before exiting.
 */
export async function serve(config: Config, version: string): Promise<void> {
  const logger = pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
  const { key: masterKey, generated } = await resolveMasterKey(config);
  if (generated)
    logger.warn(
      { dataDir: config.dataDir },
      'generated a new master key in the data dir; back it up',
    );
  const database = await openConfiguredDatabase(config);
  try {
    const applied = await migrateToLatest(database.db, migrations);
    if (applied.length > 0)
      logger.info({ migrations: applied.map((m) => m.migrationName) }, 'migrated');
    const runtime = { db: database.db, clock: systemClock, projectors, masterKey };
    const firstAdmin = await ensureFirstAdmin(runtime);
    if (firstAdmin !== undefined) {
      // Printed once, to the terminal rather than the JSON log: no default password exists anywhere.
      process.stderr.write(
        `\nFirst start: created the administrator "${firstAdmin.user.username}" with the one-time password\n\n    ${firstAdmin.password}\n\nSign in with it (POST /sessions) and issue yourself an API token; it is not shown again.\n\n`,
      );
    }
    if (await seedCatalogue(runtime)) logger.info('loaded the demo catalogue');
    if (await seedDemo(runtime)) logger.info('loaded the demo agreements and call-offs');
    const { routes, authenticate } = api(runtime);
    const app = await buildApp({
      db: database.db,
      migrations,
      routes,
      authenticate,
      version,
      logger,
    });
    // Tenders close at their bid deadline and awards become final at the end of their standstill.
    const stopTenderClock = startTenderClock(runtime, TENDER_CLOCK_MS, (error) =>
      logger.error({ err: error }, 'the tender clock could not move a tender'),
    );
    const shutdown = async (signal: string) => {
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      stopTenderClock();
      await app.close();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
    const address = await app.listen({ host: config.host, port: config.port });
    logger.info(
      { storage: config.storage.kind, address, docs: `${address}/docs` },
      'Quartermaster is serving',
    );
  } catch (error) {
    await database.close();
    throw error;
  }
}
