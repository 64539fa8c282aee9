import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, ConfigError, decodeMasterKey } from './config.ts';

/** The file, inside the data dir, that holds the embedded mode's generated master key. */
const MASTER_KEY_FILE = 'master.key';

/**
 * The key that wraps every tender's bid key. Given by QM_MASTER_KEY, or in embedded mode read
 * from the data dir, where the first start generates it (readable by the owner only).
 * `generated` is true only on that first start.
 */
export async function resolveMasterKey(
  config: Config,
): Promise<{ key: Buffer; generated: boolean }> {
  if (config.masterKey !== undefined) return { key: config.masterKey, generated: false };
  const path = join(config.dataDir, MASTER_KEY_FILE);
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ConfigError(`${path}: cannot read the master key (${error.code ?? error.message})`);
  });
  if (existing !== undefined) {
    const key = decodeMasterKey(existing);
    if (key === undefined) throw new ConfigError(`${path}: expected 32 bytes as 64 hex digits`);
    return { key, generated: false };
  }
  const key = randomBytes(32);
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generated: true };
}
