import { PassThrough } from 'node:stream';

/** Collects in memory what a writer writes to a stream: an HTTP response's body, a test's file. */
export async function bytesOf(
  write: (out: NodeJS.WritableStream) => Promise<void>,
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await write(out);
  if (!out.writableEnded) out.end();
  await ended;
  return Buffer.concat(chunks);
}
