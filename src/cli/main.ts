import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError, loadConfig } from '../platform/config.ts';
import { DomainError } from '../platform/errors.ts';
import { CliError } from './output.ts';

// Each command loads its own modules when it runs, so that `qm --help` and a refused setting
// answer at once instead of first loading the database engine and the HTTP server.
const program = new Command('qm')
  .description('Quartermaster: multinational joint defence procurement')
  .version(packageJson.version, '-v, --version')
  .showHelpAfterError('(run qm --help for usage)')
  // Options after a subcommand are the subcommand's: `qm plan list --json` is list's --json.
  .enablePositionalOptions()
  .exitOverride();

program
  .command('serve')
  .description('run the API and dashboard (embedded PGlite unless DATABASE_URL is set)')
  .action(async () => {
    const config = loadConfig(process.env);
    const { serve } = await import('./serve.ts');
    await serve(config, packageJson.version);
  });

program
  .command('migrate')
  .description('apply every pending database migration')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { migrate } = await import('./migrate.ts');
    await migrate(config, options.json === true);
  });

const ledger = program
  .command('ledger')
  .description('the tamper-evident ledger every change is written to');

ledger
  .command('head')
  .description('print where the chain stands, as SEQ:HASH, for publishing or for verify --expect')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { printHead } = await import('./ledger.ts');
    await printHead(config, options.json === true);
  });

ledger
  .command('verify')
  .description('recompute the hash chain and name the first event that does not match')
  .option('--expect <SEQ:HASH>', 'also prove the chain still reaches a head published earlier')
  .option('--json', 'print JSON')
  .action(async (options: { expect?: string; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { verify } = await import('./ledger.ts');
    await verify(config, options.expect, options.json === true);
  });

ledger
  .command('replay')
  .description('rebuild every read table from the ledger (the ledger itself is only read)')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { replayAll } = await import('./ledger.ts');
    await replayAll(config, options.json === true);
  });

const collect = (value: string, previous: string[]) => [...previous, value];

const users = program.command('users').description('the people who use Quartermaster');
users
  .command('create <username>')
  .description('create a user of a party; the password is generated and shown once')
  .option('--party <id>', 'the party the user belongs to (NSPA for --admin when omitted)')
  .option('--role <role>', 'a role to hold (repeatable)', collect, [])
  .option('--admin', 'an administrator of the agency')
  .option('--name <display name>', 'the name shown for the user')
  .option('--password-stdin', 'read the password from standard input instead of generating one')
  .option('--json', 'print JSON')
  .action(async (username: string, options) => {
    const config = loadConfig(process.env);
    const { createUserCommand } = await import('./access.ts');
    await createUserCommand(config, username, options);
  });

const tokens = program.command('tokens').description('API tokens for scripts and integrations');
tokens
  .command('issue')
  .description('issue an API token (shown once; only its hash is kept)')
  .requiredOption('--user <username>', 'whose token it is')
  .option(
    '--scope <role>',
    'a role the token may use (repeatable; default: all of the user’s)',
    collect,
    [],
  )
  .option('--days <n>', 'days until it expires', '90')
  .option('--label <text>', 'what the token is for')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { issueTokenCommand } = await import('./access.ts');
    await issueTokenCommand(config, options);
  });
tokens
  .command('revoke <id>')
  .description('revoke a token at once')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { revokeTokenCommand } = await import('./access.ts');
    await revokeTokenCommand(config, id, options.json === true);
  });
tokens
  .command('list')
  .description('list tokens: id, state, holder, scopes, label')
  .option('--user <username>', 'only this user’s')
  .option('--json', 'print JSON')
  .action(async (options: { user?: string; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { listTokensCommand } = await import('./access.ts');
    await listTokensCommand(config, options);
  });

const catalogue = program
  .command('catalogue')
  .description('items, weapon platforms and what fires what');
catalogue
  .command('search [words...]')
  .description('find items by words of the name, NSN or its beginning, supply class or family')
  .option('--nsn <prefix>', 'an NSN or its beginning, with or without dashes')
  .option('--class <nnnn>', 'a NATO supply class, e.g. 1320')
  .option('--family <family>', 'e.g. "155mm projectile"')
  .option('--limit <n>', 'at most this many', '50')
  .option('--json', 'print JSON')
  .action(async (words: string[], options) => {
    const config = loadConfig(process.env);
    const { searchCommand } = await import('./catalogue.ts');
    await searchCommand(config, words, options);
  });
catalogue
  .command('compat <nsn-or-platform>')
  .description('the platforms that fire an item, or the items a platform fires')
  .option('--level <level>', 'qualified (default) or compatible-unqualified')
  .option('--json', 'print JSON')
  .action(async (subject: string, options: { level?: string; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { compatCommand } = await import('./catalogue.ts');
    await compatCommand(config, subject, options);
  });

catalogue
  .command('import <file>')
  .description(
    'register items from a CSV, JSON or NDJSON file; bad rows stop it unless --skip-invalid',
  )
  .option('--skip-invalid', 'import the good rows and report the bad ones')
  .option('--json', 'print the report as JSON')
  .action(async (file: string, options: { skipInvalid?: boolean; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { importCommand } = await import('./catalogue.ts');
    await importCommand(config, file, options);
  });
catalogue
  .command('export')
  .description('every item to standard output')
  .option('--format <format>', 'csv or ndjson', 'csv')
  .action(async (options: { format: string }) => {
    const config = loadConfig(process.env);
    const { exportCommand } = await import('./catalogue.ts');
    await exportCommand(config, options);
  });

const agreements = program
  .command('agreements')
  .description('framework agreements: ceilings, validity, supplier terms and what is committed');
agreements
  .command('list')
  .description('every agreement, with its ceiling and what call-offs commit')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { listAgreementsCommand } = await import('./agreements.ts');
    await listAgreementsCommand(config, options.json === true);
  });
agreements
  .command('show <id>')
  .description('one agreement, with its figures by nation and supplier')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { showAgreementCommand } = await import('./agreements.ts');
    await showAgreementCommand(config, id, options.json === true);
  });
agreements
  .command('create <file>')
  .description('enter an agreement from a JSON file shaped as POST /agreements (a draft)')
  .option('--json', 'print JSON')
  .action(async (file: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { createAgreementCommand } = await import('./agreements.ts');
    await createAgreementCommand(config, file, options.json === true);
  });
agreements
  .command('state <id> <state>')
  .description('activate, suspend or close an agreement (active, suspended, closed)')
  .requiredOption('--reason <text>', 'why, for the record')
  .action(async (id: string, state: string, options: { reason: string }) => {
    const config = loadConfig(process.env);
    const { moveAgreementCommand } = await import('./agreements.ts');
    await moveAgreementCommand(config, id, state, options.reason);
  });
agreements
  .command('figures')
  .description('the pool in figures: ceilings, committed, delivered, by currency')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { poolFiguresCommand } = await import('./agreements.ts');
    await poolFiguresCommand(config, options.json === true);
  });

const ceiling = agreements
  .command('ceiling')
  .description('change a ceiling: one agency officer proposes, another approves');
ceiling
  .command('propose <id> <amount>')
  .description("propose a new ceiling, in major units of the agreement's currency")
  .requiredOption('--officer <username>', 'the agency officer proposing')
  .requiredOption('--reason <text>', 'why, for the record')
  .option('--json', 'print JSON')
  .action(async (id: string, amount: string, options) => {
    const config = loadConfig(process.env);
    const { proposeCeilingCommand } = await import('./agreements.ts');
    await proposeCeilingCommand(config, id, amount, options);
  });
ceiling
  .command('decide <id> <proposal>')
  .description('approve or reject a proposed ceiling (a second officer approves)')
  .requiredOption('--officer <username>', 'the agency officer deciding')
  .option('--approve', 'approve the proposal')
  .option('--reject', 'reject the proposal')
  .requiredOption('--reason <text>', 'why, for the record')
  .action(async (id: string, proposal: string, options) => {
    const config = loadConfig(process.env);
    const { decideCeilingCommand } = await import('./agreements.ts');
    await decideCeilingCommand(config, id, proposal, options);
  });

const calloffs = program.command('calloffs').description('firm orders against agreements');
calloffs
  .command('list')
  .description('call-offs, newest first')
  .option('--agreement <id>', 'of one agreement')
  .option('--nation <code>', 'of one nation')
  .option('--supplier <ncage>', 'with one supplier')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { listCallOffsCommand } = await import('./agreements.ts');
    await listCallOffsCommand(config, options);
  });
calloffs
  .command('show <id>')
  .description('one call-off and its timeline')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { showCallOffCommand } = await import('./agreements.ts');
    await showCallOffCommand(config, id, options.json === true);
  });
calloffs
  .command('place <agreement>')
  .description("place a call-off on a nation's behalf, under the same ceilings as the API")
  .requiredOption('--nation <code>', 'the nation ordering')
  .requiredOption('--nsn <nsn>', 'the item')
  .option('--supplier <ncage>', 'a supplier of the agreement (else the cascade chooses)')
  .option('--month <YYYY-MM:UNITS>', 'units to deliver in a month (repeatable)', collect, [])
  .requiredOption('--destination <place>', 'where to deliver')
  .option('--json', 'print JSON')
  .action(async (agreement: string, options) => {
    const config = loadConfig(process.env);
    const { placeCallOffCommand } = await import('./agreements.ts');
    await placeCallOffCommand(config, agreement, options);
  });

program
  .command('rates')
  .description('exchange rates that call-offs in another currency are converted at')
  .command('import <file>')
  .description('publish rates from a CSV or JSON file with columns day, base, quote, rate')
  .requiredOption('--source <text>', 'where the rates come from, e.g. "ECB reference rates"')
  .option('--json', 'print JSON')
  .action(async (file: string, options: { source: string; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { importRatesCommand } = await import('./rates.ts');
    await importRatesCommand(config, file, options);
  });

const tenders = program
  .command('tenders')
  .description(
    'tenders: sealed bids, opening, evaluation, award; bid content stays sealed until the opening',
  );
tenders
  .command('list')
  .description('every tender, drafts included')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { listTendersCommand } = await import('./tenders.ts');
    await listTendersCommand(config, options.json === true);
  });
tenders
  .command('show <id>')
  .description('one tender, its lots and its award')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { showTenderCommand } = await import('./tenders.ts');
    await showTenderCommand(config, id, options.json === true);
  });
tenders
  .command('create <file>')
  .description('draft a tender from a JSON file shaped as POST /tenders')
  .option('--json', 'print JSON')
  .action(async (file: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { createTenderCommand } = await import('./tenders.ts');
    await createTenderCommand(config, file, options.json === true);
  });
tenders
  .command('publish <id>')
  .description('publish a draft: exchange rates are fixed and the bid key is made')
  .action(async (id: string) => {
    const config = loadConfig(process.env);
    const { publishTenderCommand } = await import('./tenders.ts');
    await publishTenderCommand(config, id);
  });
tenders
  .command('cancel <id>')
  .description('cancel a tender')
  .requiredOption('--reason <text>', 'why, for the record')
  .action(async (id: string, options: { reason: string }) => {
    const config = loadConfig(process.env);
    const { cancelTenderCommand } = await import('./tenders.ts');
    await cancelTenderCommand(config, id, options.reason);
  });
tenders
  .command('tick')
  .description('close tenders past their deadline and make awards final after their standstill')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { tickCommand } = await import('./tenders.ts');
    await tickCommand(config, options.json === true);
  });
tenders
  .command('open <id>')
  .description('open the bids after the deadline, each checked against its commitment')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { openTenderCommand } = await import('./tenders.ts');
    await openTenderCommand(config, id, options.json === true);
  });
tenders
  .command('bids <id>')
  .description("a tender's bids: who bid, when, and each commitment")
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { listBidsCommand } = await import('./tenders.ts');
    await listBidsCommand(config, id, options.json === true);
  });
tenders
  .command('content <tender> <bid>')
  .description('what an opened bid offers; sealed before the opening')
  .option('--json', 'print JSON')
  .action(async (tender: string, bid: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { bidContentCommand } = await import('./tenders.ts');
    await bidContentCommand(config, tender, bid, options.json === true);
  });

const demand = program.command('demand').description("nations' demand signals, pooled into lots");
demand
  .command('list')
  .description('demand signals in id order')
  .option('--nation <code>', 'of one nation')
  .option('--state <state>', 'open or withdrawn')
  .option('--family <family>', 'of one family of items')
  .option('--limit <n>', 'at most this many', '100')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { listSignalsCommand } = await import('./demand.ts');
    await listSignalsCommand(config, options);
  });
demand
  .command('withdraw <id>')
  .description("withdraw a signal on its nation's behalf")
  .requiredOption('--reason <text>', 'why, for the record')
  .action(async (id: string, options: { reason: string }) => {
    const config = loadConfig(process.env);
    const { withdrawSignalCommand } = await import('./demand.ts');
    await withdrawSignalCommand(config, id, options.reason);
  });

demand
  .command('lots')
  .description('open signals pooled into proposed lots, with the tiers their volume unlocks')
  .option('--period <period>', 'month, quarter, half or year', 'half')
  .option('--json', 'print JSON')
  .action(async (options: { period: string; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { lotsCommand } = await import('./demand.ts');
    await lotsCommand(config, options);
  });
demand
  .command('import <file>')
  .description('post signals from a CSV or XLSX file; bad rows stop it unless --skip-invalid')
  .option('--skip-invalid', 'import the good rows and report the bad ones')
  .option('--json', 'print the report as JSON')
  .action(async (file: string, options: { skipInvalid?: boolean; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { importSignalsCommand } = await import('./demand.ts');
    await importSignalsCommand(config, file, options);
  });
demand
  .command('export')
  .description('signals as a spreadsheet, to a file or standard output')
  .option('--nation <code>', 'of one nation')
  .option('--state <state>', 'open or withdrawn')
  .option('--family <family>', 'of one family of items')
  .option('--format <format>', 'csv or xlsx (else from --out)', 'csv')
  .option('--out <file>', 'write to this file')
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { exportSignalsCommand } = await import('./demand.ts');
    await exportSignalsCommand(config, options);
  });

const lines = program
  .command('lines')
  .description("suppliers' production lines: monthly capacity per item, and ramp-ups");
lines
  .command('list')
  .description('every production line and its ramp-ups')
  .option('--supplier <ncage>', 'of one supplier')
  .option('--nsn <nsn>', 'of one item')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { listLinesCommand } = await import('./lines.ts');
    await listLinesCommand(config, options);
  });
lines
  .command('add')
  .description("enter a supplier's monthly capacity for an item")
  .requiredOption('--supplier <ncage>', 'the supplier')
  .requiredOption('--nsn <nsn>', 'the item')
  .requiredOption('--capacity <units>', 'units a month')
  .requiredOption('--from <YYYY-MM>', 'the first month it produces')
  .option('--json', 'print JSON')
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { addLineCommand } = await import('./lines.ts');
    await addLineCommand(config, options);
  });
lines
  .command('import <file>')
  .description('record capacities from a CSV or XLSX file; bad rows stop it unless --skip-invalid')
  .option('--skip-invalid', 'import the good rows and report the bad ones')
  .option('--json', 'print the report as JSON')
  .action(async (file: string, options: { skipInvalid?: boolean; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { importCapacitiesCommand } = await import('./lines.ts');
    await importCapacitiesCommand(config, file, options);
  });
lines
  .command('ramp-up <id>')
  .description('record an investment that adds capacity after a lead time')
  .requiredOption('--add <units>', 'units a month it adds')
  .requiredOption('--decided <YYYY-MM>', 'the month it was decided')
  .requiredOption('--lead <months>', 'months until the capacity is there')
  .requiredOption('--note <text>', 'what the investment is')
  .option('--json', 'print JSON')
  .action(async (id: string, options) => {
    const config = loadConfig(process.env);
    const { rampUpCommand } = await import('./lines.ts');
    await rampUpCommand(config, id, options);
  });

const plan = program
  .command('plan')
  .description(
    'plan deliveries from production capacity: compute and keep a plan, or try a scenario against it',
  )
  .option(
    '--scenario <file>',
    'a JSON scenario (capacity, priorities, levels): compare, keep nothing',
  )
  .option('--solver <solver>', 'network (ours) or highs (the reference)', 'network')
  .option('--from <YYYY-MM>', 'the first month planned (default: this month)')
  .option('--months <n>', 'how many months', '24')
  .option('--json', 'print JSON')
  .enablePositionalOptions()
  .action(async (options) => {
    const config = loadConfig(process.env);
    const { planCommand } = await import('./plan.ts');
    await planCommand(config, options);
  });
plan
  .command('list')
  .description('the stored plans, newest first')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { listPlansCommand } = await import('./plan.ts');
    await listPlansCommand(config, options.json === true);
  });
plan
  .command('show <id>')
  .description('one stored plan')
  .option('--json', 'print JSON')
  .action(async (id: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { showPlanCommand } = await import('./plan.ts');
    await showPlanCommand(config, id, options.json === true);
  });
plan
  .command('recompute <id>')
  .description('a stored plan computed again from the input it keeps, compared with its results')
  .option('--solver <solver>', "network or highs (default: the plan's own)")
  .option('--json', 'print JSON')
  .action(async (id: string, options: { solver?: string; json?: boolean }) => {
    const config = loadConfig(process.env);
    const { recomputePlanCommand } = await import('./plan.ts');
    await recomputePlanCommand(config, id, options);
  });
plan
  .command('compare <base> <other>')
  .description('two stored plans, nation by nation')
  .option('--json', 'print JSON')
  .action(async (base: string, other: string, options: { json?: boolean }) => {
    const config = loadConfig(process.env);
    const { comparePlansCommand } = await import('./plan.ts');
    await comparePlansCommand(config, base, other, options.json === true);
  });

program
  .command('templates <kind>')
  .description('a spreadsheet to fill in and import (kinds: demand, capacity)')
  .option('--format <format>', 'csv or xlsx (else from --out)', 'xlsx')
  .option('--out <file>', 'write to this file')
  .action(async (kind: string, options: { format: string; out?: string }) => {
    const { templateCommand } = await import('./templates.ts');
    await templateCommand(kind, options);
  });

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
