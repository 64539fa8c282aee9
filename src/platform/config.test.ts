import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { resolveMasterKey } from './master-key.ts';

describe('configuration', () => {
  it('defaults to the embedded database on loopback', () => {
    expect(loadConfig({})).toEqual({
      storage: { kind: 'pglite', dataDir: './data' },
      dataDir: './data',
      host: '127.0.0.1',
      port: 8080,
      masterKey: undefined,
      logLevel: 'info',
      trustProxy: false,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the shared master key', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://qm@db:5432/qm',
      QM_MASTER_KEY: 'ab'.repeat(32),
    });
    expect(config.storage).toEqual({
      kind: 'postgres',
      url: 'postgres://qm@db:5432/qm',
      poolSize: 10,
    });
    expect(config.masterKey?.toString('hex')).toBe('ab'.repeat(32));
  });

  it('accepts a base64 master key', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ QM_MASTER_KEY: key.toString('base64') }).masterKey).toEqual(key);
  });

  it('names the variable and never echoes a secret', () => {
    expect(() => loadConfig({ QM_MASTER_KEY: 'not-a-key' })).toThrow(
      new ConfigError('QM_MASTER_KEY: expected 32 bytes as 64 hex digits or base64'),
    );
    expect(() => loadConfig({ QM_LOG_LEVEL: 'loud' })).toThrow(
      /^QM_LOG_LEVEL: expected one of .*, got "loud"$/,
    );
    expect(() => loadConfig({ QM_PORT: '-1' })).toThrow(/^QM_PORT: /);
  });
});

describe('master key', () => {
  it('is generated once into the data dir, readable by its owner only, then reused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qm-key-'));
    try {
      const config = loadConfig({ QM_DATA_DIR: dataDir });
      const first = await resolveMasterKey(config);
      expect(first.generated).toBe(true);
      expect(first.key).toHaveLength(32);
      expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
      const second = await resolveMasterKey(config);
      expect(second).toEqual({ key: first.key, generated: false });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qm-key-'));
    try {
      await writeFile(join(dataDir, 'master.key'), 'garbage\n');
      await expect(resolveMasterKey(loadConfig({ QM_DATA_DIR: dataDir }))).rejects.toBeInstanceOf(
        ConfigError,
      );
      expect(await readFile(join(dataDir, 'master.key'), 'utf8')).toBe('garbage\n');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('comes from QM_MASTER_KEY when given, and nothing is written', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qm-key-'));
    try {
      const config = loadConfig({ QM_DATA_DIR: dataDir, QM_MASTER_KEY: 'cd'.repeat(32) });
      expect(await resolveMasterKey(config)).toEqual({
        key: Buffer.from('cd'.repeat(32), 'hex'),
        generated: false,
      });
      await expect(stat(join(dataDir, 'master.key'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
