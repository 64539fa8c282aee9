import { SIGNAL_TEMPLATE } from '../demand/model/signal-record.ts';
import { CAPACITY_TEMPLATE } from '../planning/capacity-record.ts';
import { writeTemplate } from '../platform/spreadsheet/template.ts';
import { writeOut } from './demand.ts';
import { CliError } from './output.ts';

/** The files `qm` can give a template of, by kind. */
const TEMPLATES = { demand: SIGNAL_TEMPLATE, capacity: CAPACITY_TEMPLATE } as const;

/** `qm templates KIND [--format csv|xlsx] [--out FILE]`: a file to fill in and import. */
export async function templateCommand(
  kind: string,
  options: { format: string; out?: string },
): Promise<void> {
  if (!(kind in TEMPLATES))
    throw new CliError(`${kind}: the templates are: ${Object.keys(TEMPLATES).join(', ')}`);
  const columns = TEMPLATES[kind as keyof typeof TEMPLATES];
  await writeOut(options.out, options.format, (stream, format) =>
    writeTemplate(columns, format, stream),
  );
}
