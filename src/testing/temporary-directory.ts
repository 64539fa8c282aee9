import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A directory made before the suite's tests and removed after them; call the result for its path. */
export function temporaryDirectory(prefix: string): () => string {
  let path: string | undefined;
  beforeAll(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (path !== undefined) await rm(path, { recursive: true, force: true });
  });
  return () => {
    if (path === undefined) throw new Error('the temporary directory is made before the tests run');
    return path;
  };
}
