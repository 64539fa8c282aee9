/** A failure the CLI explains in one line and exits non-zero for. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Prints a result: the JSON document with --json, else the human line. */
export function print(json: boolean, document: unknown, human: string): void {
  process.stdout.write(
    json
      ? `${JSON.stringify(document, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`
      : `${human}\n`,
  );
}
