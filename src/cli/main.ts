import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { migrations } from '../contexts.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { DomainError } from '../platform/errors.ts';
import { openConfiguredDatabase } from './database.ts';
import { ledgerCommands } from './ledger.ts';
import { CliError, print } from './output.ts';
import { serve } from './serve.ts';

const program = new Command('qm')
  .description('Quartermaster: multinational joint defence procurement')
  .version(packageJson.version, '-v, --version')
  .showHelpAfterError('(run qm --help for usage)')
  .exitOverride();

program
  .command('serve')
  .description('run the API and dashboard (embedded PGlite unless DATABASE_URL is set)')
  .action(async () => {
    await serve(loadConfig(process.env), packageJson.version);
  });

program
  .command('migrate')
  .description('apply every pending database migration')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const database = await openConfiguredDatabase(loadConfig(process.env));
    try {
      const applied = (await migrateToLatest(database.db, migrations)).map((m) => m.migrationName);
      print(
        options.json === true,
        { applied },
        applied.length === 0
          ? 'database is up to date'
          : `applied ${applied.length} migration(s): ${applied.join(', ')}`,
      );
    } finally {
      await database.close();
    }
  });

ledgerCommands(program);

function explain(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CommanderError) return { message: '', exitCode: error.exitCode };
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError || error instanceof DomainError)
    return { message: error.message, exitCode: 1 };
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { message: `unexpected failure: ${message}`, exitCode: 1 };
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { message, exitCode } = explain(error);
  if (message !== '') process.stderr.write(`qm: ${message}\n`);
  process.exitCode = exitCode;
}
