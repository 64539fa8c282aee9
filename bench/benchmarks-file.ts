import { readFile, writeFile } from 'node:fs/promises';

/** The parts of BENCHMARKS.md, in the order the file shows them; each is rewritten by its own run. */
export const PARTS = ['store', 'planner'] as const;
export type Part = (typeof PARTS)[number];

const PATH = new URL('../BENCHMARKS.md', import.meta.url);

const PREAMBLE = `# Benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`). Each part below is measured by a run of its own
and rewritten only by that part's next run (\`npm run bench -- store\`, \`npm run bench -- planner\`),
so the parts may come from different days: each states its run, its machine and its load.
Compare figures only within a part. A goal is the issue's, quoted beside its figure.`;

const open = (part: Part) => `<!-- part: ${part} -->`;
const close = (part: Part) => `<!-- end of part: ${part} -->`;

function partIn(text: string, part: Part): string | undefined {
  const from = text.indexOf(open(part));
  const to = text.indexOf(close(part));
  if (from === -1 || to < from) return undefined;
  return text.slice(from + open(part).length, to).trim();
}

/**
 * Rewrites the given parts of BENCHMARKS.md and keeps the others as the file has them; a part
 * never measured says so. Returns the file's path.
 */
export async function writeParts(written: Partial<Record<Part, string>>): Promise<string> {
  const previous = await readFile(PATH, 'utf8').catch(() => '');
  const sections = PARTS.map((part) => {
    const body =
      written[part] ?? partIn(previous, part) ?? `No run of \`npm run bench -- ${part}\` yet.`;
    return `${open(part)}\n${body}\n${close(part)}`;
  });
  await writeFile(PATH, `${PREAMBLE}\n\n${sections.join('\n\n')}\n`);
  return PATH.pathname;
}
