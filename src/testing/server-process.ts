import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

/** The `qm` entry point, as a user runs it. */
const QM_BIN = fileURLToPath(new URL('../../bin/qm.js', import.meta.url));

/** What a finished `qm` command did. */
export interface QmRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `qm ARGS` to completion with the given environment (added to this process's). */
export async function runQm(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<QmRun> {
  const child = spawn(process.execPath, [QM_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** A `qm serve` process listening on a free loopback port. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every log line so far. */
  logs(): string[];
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `qm serve` on 127.0.0.1, gathering its output; `announce` hears each stdout line. */
function spawnServer(env: NodeJS.ProcessEnv, announce: (line: string) => void) {
  const child = spawn(process.execPath, [QM_BIN, 'serve'], {
    env: { ...process.env, QM_HOST: '127.0.0.1', QM_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      announce(line);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`qm serve exited with ${code}:\n${lines.join('\n')}`);
  });
  return { child, lines, exited };
}

function serverProcess(url: string, child: ChildProcess, lines: string[]): ServerProcess {
  return {
    url,
    child,
    logs: () => lines,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

/** Starts `qm serve` on 127.0.0.1 and a free port, and waits until it says it is serving. */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  let announce: (address: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const { child, lines, exited } = spawnServer(env, (line) => {
    const address = /"address":"([^"]+)"/.exec(line)?.[1];
    if (address !== undefined) announce(address);
  });
  const url = await Promise.race([announced, exited]);
  exited.catch(() => undefined);
  return serverProcess(url, child, lines);
}

/**
 * Starts `qm serve` logging warnings only, and waits until it answers /readyz. For load: a server
 * logging every request into a pipe waits on whoever reads the pipe (pipes are synchronous on
 * Linux), and the reader under load is busy.
 */
export async function startQuietServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, lines, exited } = spawnServer(
    { ...env, QM_PORT: String(port), QM_LOG_LEVEL: 'warn' },
    () => undefined,
  );
  const ready = (async () => {
    while (child.exitCode === null) {
      const answer = await fetch(`${url}/readyz`).catch(() => undefined);
      if (answer?.status === 200) return url;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await Promise.race([ready, exited]);
  exited.catch(() => undefined);
  return serverProcess(url, child, lines);
}
