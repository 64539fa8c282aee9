import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { ChainedEvent } from '../src/platform/ledger/model.ts';

const PSQL = '/usr/bin/psql';
// The payload is not among them: PostgreSQL generates it from the canonical text.
const COLUMNS = 'seq, id, stream, version, type, actor, recorded_at, prev_hash, hash, canonical';

// COPY's text format: a backslash starts an escape, tab and newline end a field and a row.
function copyText(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('\t', '\\t')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
}

function copyBytea(bytes: Uint8Array): string {
  return `\\\\x${Buffer.from(bytes).toString('hex')}`;
}

function copyRow(event: ChainedEvent): string {
  return [
    event.seq.toString(),
    event.id,
    copyText(event.stream),
    event.version.toString(),
    copyText(event.type),
    copyText(event.actor),
    event.recordedAt,
    copyBytea(event.prevHash),
    copyBytea(event.hash),
    copyText(event.canonical),
  ].join('\t');
}

/**
 * Streams already-chained rows into `ledger_events` with COPY through psql, several times
 * faster than multi-row INSERTs for a million rows (`pg` itself cannot COPY). Only for filling a
 * benchmark ledger: it skips the stream versions and the head, which the caller sets.
 */
export async function copyIntoLedger(
  url: string,
  batches: Iterable<ChainedEvent[]>,
): Promise<void> {
  const psql = spawn(
    PSQL,
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      url,
      '-c',
      `COPY ledger_events (${COLUMNS}) FROM STDIN`,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  psql.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve, reject) => {
    psql.once('error', reject);
    psql.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql COPY failed (${code}): ${stderr.trim()}`)),
    );
  });
  // Awaited below on the normal path; an error thrown while writing must not leave it unhandled.
  exited.catch(() => undefined);
  // A psql that dies early breaks the pipe; its exit status says why, so this error adds nothing.
  psql.stdin.on('error', () => undefined);
  try {
    for (const batch of batches) {
      const text = `${batch.map(copyRow).join('\n')}\n`;
      if (!psql.stdin.write(text)) await Promise.race([once(psql.stdin, 'drain'), exited]);
    }
  } finally {
    psql.stdin.end();
  }
  await exited;
}
