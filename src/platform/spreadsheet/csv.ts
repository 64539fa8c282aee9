import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/**
 * Reads a CSV stream with a header row, one record at a time. The parser hands over the rows of a
 * whole chunk of the file at once and pauses until they are taken, so that a file of a million
 * rows is read in a few seconds with memory flat. Cells and column names are trimmed; a row with
 * more or fewer cells than the header, or a quote left open, stops the reading with its row.
 */
export async function* readCsv(
  stream: Readable,
): AsyncGenerator<{ row: number; record: Record<string, string> }> {
  // Whole characters: a chunk boundary may fall inside a multi-byte one.
  stream.setEncoding('utf8');
  const chunks: Papa.ParseResult<Record<string, string>>[] = [];
  let parser: Papa.Parser | undefined;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  Papa.parse<Record<string, string>>(stream, {
    header: true,
    delimiter: ',',
    skipEmptyLines: 'greedy',
    transformHeader: (name) => name.trim(),
    transform: (value) => value.trim(),
    chunk(results, chunkParser) {
      parser = chunkParser;
      chunks.push(results);
      chunkParser.pause();
      wake?.();
    },
    complete() {
      finished = true;
      wake?.();
    },
    error(error) {
      failure = error;
      wake?.();
    },
  });
  // The header is row 1.
  let row = 1;
  try {
    for (;;) {
      const results = chunks.shift();
      if (results !== undefined) {
        const [error] = results.errors;
        if (error !== undefined) {
          throw new SyntaxError(`row ${row + (error.row ?? 0) + 1}: ${csvReason(error)}`);
        }
        for (const record of results.data) {
          row += 1;
          yield { row, record };
        }
        if (!finished) parser?.resume();
        continue;
      }
      if (failure !== undefined) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    if (!finished) {
      parser?.abort();
      stream.destroy();
    }
  }
}

/** Papa's own sentence, as the rest of a line that starts with the row. */
function csvReason(error: Papa.ParseError): string {
  return error.message.charAt(0).toLowerCase() + error.message.slice(1);
}
