import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

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

/** Starts `qm serve` on 127.0.0.1 and a free port, and waits until it says it is serving. */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [QM_BIN, 'serve'], {
    env: { ...process.env, QM_HOST: '127.0.0.1', QM_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  let announce: (address: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      const address = /"address":"([^"]+)"/.exec(line)?.[1];
      if (address !== undefined) announce(address);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`qm serve exited with ${code}:\n${lines.join('\n')}`);
  });
  const url = await Promise.race([announced, exited]);
  exited.catch(() => undefined);
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
