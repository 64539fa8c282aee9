import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster on 127.0.0.1, owned by the process that started it. */
export interface PostgresCluster {
  host: string;
  port: number;
  /** The superuser, for creating databases, resetting and tampering in tests. */
  superuser: string;
  /** A login role without superuser rights: what the application connects as. */
  appRole: string;
  url(user: string, database: string): string;
  /** The postmaster's process id: its children are the cluster's connections and workers. */
  postmasterPid(): Promise<number>;
  stop(): Promise<void>;
}

const APP_ROLE = 'qm_app';

async function postgresBinDir(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => [] as string[]);
  const newest = versions
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .at(0);
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL server binaries were not found under /usr/lib/postgresql: run `bash scripts/install-test-deps.sh`',
    );
  }
  return join(root, newest, 'bin');
}

/**
 * initdb in a temp dir (as the `postgres` user when we are root, since initdb refuses root),
 * start it on a free loopback port, and create the application's login role. `durable: false`
 * turns fsync off, which tests want and benchmarks do not.
 */
export async function startPostgresCluster(
  options: { durable?: boolean } = {},
): Promise<PostgresCluster> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'qm-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const data = join(dir, 'data');
  const superuser = 'postgres';
  await exec('initdb', [
    '-D',
    data,
    '-U',
    superuser,
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  const settings = [
    '-c listen_addresses=127.0.0.1',
    `-p ${port}`,
    `-k ${dir}`,
    '-c max_connections=200',
    ...(options.durable === true
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  await exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', 'start']);
  const host = '127.0.0.1';
  const url = (user: string, database: string) => `postgres://${user}@${host}:${port}/${database}`;
  const admin = new pg.Client({ connectionString: url(superuser, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE ROLE ${APP_ROLE} LOGIN`);
  await admin.end();
  return {
    host,
    port,
    superuser,
    appRole: APP_ROLE,
    url,
    async postmasterPid() {
      const [pid] = (await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n');
      return Number(pid);
    },
    async stop() {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
