import { importItems } from '../catalogue/import.ts';
import { ITEM_COLUMNS, recordOfItem } from '../catalogue/model/item-record.ts';
import { isNsn, nsnPrefix, parseNsn } from '../catalogue/model/nsn.ts';
import {
  everyItem,
  findItem,
  findPlatform,
  itemsForPlatform,
  platformsForItem,
  searchItems,
} from '../catalogue/queries.ts';
import type { Config } from '../platform/config.ts';
import { writeRecords } from '../platform/spreadsheet/records.ts';
import { withDatabase } from './database.ts';
import { importFileCommand } from './import-file.ts';
import { CliError, print } from './output.ts';

type LevelOption = 'qualified' | 'compatible-unqualified';

function level(text: string | undefined): LevelOption {
  if (text === undefined || text === 'qualified' || text === 'compatible-unqualified')
    return text ?? 'qualified';
  throw new CliError(`--level: expected qualified or compatible-unqualified, got "${text}"`);
}

/** `qm catalogue search [WORDS] [--nsn PREFIX] [--class NNNN] [--family F]`: one line per item. */
export async function searchCommand(
  config: Config,
  words: string[],
  options: { nsn?: string; class?: string; family?: string; limit: string; json?: boolean },
): Promise<void> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new CliError('--limit: a whole number from 1 to 500');
  if (options.class !== undefined && !/^\d{4}$/.test(options.class))
    throw new CliError('--class: four digits, e.g. 1320');
  const prefix = options.nsn === undefined ? undefined : nsnPrefix(options.nsn);
  await withDatabase(config, 'require', async ({ db }) => {
    const items = await searchItems(db, {
      ...(prefix === undefined ? {} : { nsnPrefix: prefix }),
      ...(options.class === undefined ? {} : { supplyClass: options.class }),
      ...(options.family === undefined ? {} : { family: options.family }),
      ...(words.length === 0 ? {} : { text: words.join(' ') }),
      includeRestricted: true,
      limit,
      offset: 0,
    });
    print(
      options.json === true,
      items,
      items.length === 0
        ? 'no items'
        : items
            .map(
              (i) =>
                `${i.nsn}  ${i.family.padEnd(18)}  ${i.name}${i.verified ? '' : '  (unverified)'}`,
            )
            .join('\n'),
    );
  });
}

/** `qm catalogue compat NSN|PLATFORM`: what fires an item, or what a platform fires. */
export async function compatCommand(
  config: Config,
  subject: string,
  options: { level?: string; json?: boolean },
): Promise<void> {
  const wanted = level(options.level);
  await withDatabase(config, 'require', async ({ db }) => {
    const parsed = parseNsn(subject);
    if (isNsn(parsed)) {
      const item = await findItem(db, parsed.canonical);
      if (item === undefined) throw new CliError(`no item ${parsed.canonical}`);
      const platforms = await platformsForItem(db, item.nsn, wanted);
      print(
        options.json === true,
        { item: item.nsn, level: wanted, platforms },
        [
          `${item.nsn} ${item.name} is fired (${wanted} or better) by:`,
          ...platforms.map((p) => `  ${p.id.padEnd(12)}  ${p.name}`),
        ].join('\n'),
      );
      return;
    }
    const platform = await findPlatform(db, subject);
    if (platform === undefined)
      throw new CliError(`${subject} is neither an NSN nor a known platform`);
    const items = await itemsForPlatform(db, platform.id, wanted);
    print(
      options.json === true,
      {
        platform: platform.id,
        level: wanted,
        items: items.map((i) => ({ nsn: i.nsn, name: i.name })),
      },
      [
        `${platform.name} fires (${wanted} or better):`,
        ...items.map((i) => `  ${i.nsn}  ${i.name}`),
      ].join('\n'),
    );
  });
}

/** `qm catalogue import FILE [--skip-invalid]`: CSV, JSON, NDJSON or XLSX; a report, and exit 1 on bad rows. */
export async function importCommand(
  config: Config,
  path: string,
  options: { skipInvalid?: boolean; json?: boolean },
): Promise<void> {
  await importFileCommand(config, path, options, {
    accepted: ['csv', 'json', 'ndjson', 'xlsx'],
    noun: 'items',
    run: (runtime, records, how) => importItems(runtime, 'system:cli', records, how),
    summary: (r) =>
      `${r.rows} rows: ${r.created} created, ${r.revised} revised, ${r.unchanged} unchanged, ${r.problems.length} problem(s) skipped`,
  });
}

/** `qm catalogue export [--format csv|ndjson]`: every item to standard output, streamed. */
export async function exportCommand(config: Config, options: { format: string }): Promise<void> {
  if (options.format !== 'csv' && options.format !== 'ndjson')
    throw new CliError('--format: csv or ndjson');
  const format = options.format;
  await withDatabase(config, 'require', async ({ db }) => {
    async function* records() {
      for await (const item of everyItem(db)) yield recordOfItem(item);
    }
    await writeRecords(records(), format, ITEM_COLUMNS, process.stdout);
  });
}
