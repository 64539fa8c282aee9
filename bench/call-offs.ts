import autocannon from 'autocannon';
import type { OpenDatabase } from '../src/platform/db/connect.ts';
import type { Dialect } from '../src/platform/db/database.ts';
import { accessWorld } from '../src/testing/access-world.ts';
import { activeAgreement } from '../src/testing/agreements.ts';
import { attempts, raceLot } from '../src/testing/call-off-load.ts';
import { type ServerProcess, startQuietServerProcess } from '../src/testing/server-process.ts';
import { deferCleanup } from './cleanup.ts';
import { whole } from './markdown.ts';
import { clusterCpuSeconds, cpuSecondsOf } from './process-cpu.ts';
import { progress } from './progress.ts';

/** How call-off placement went over HTTP: throughput and latency. */
export interface CallOffRate {
  dialect: Dialect;
  clients: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 201 Created: none is expected, the ceilings being out of reach. */
  refused: number;
  /**
   * Milliseconds of CPU per call-off in the counted window: `qm serve`'s process, the PostgreSQL
   * cluster's processes (none apart on PGlite, which runs inside `qm serve`), and the clients'.
   */
  cpuMsPerCallOff: { server: number; database?: number; clients: number };
}

export const CALL_OFF_CLIENTS = 32;
export const AGREEMENTS = 8;
export const WARMUP_SECONDS = 2;
export const MEASURE_SECONDS = 10;

/**
 * The parties and representatives, on the real clock, and AGREEMENTS active agreements whose
 * ceilings are checked on every call-off but never reached.
 */
export async function callOffWorld(db: OpenDatabase['db']) {
  const world = await accessWorld(db);
  await world.app.close();
  // The server runs on the real clock; the fixtures' clock is brought to it.
  world.clock.advance(Date.now() - world.clock.now().getTime());
  const agreements: string[] = [];
  for (let i = 0; i < AGREEMENTS; i++) {
    agreements.push(await activeAgreement(world.runtime, raceLot(10n ** 15n, 10n ** 14n)));
  }
  return { world, agreements };
}

/**
 * Builds what the load needs in the database `open` gives, then closes it: callOffWorld and two
 * nations' tokens. Returns the agreements and the tokens.
 */
async function prepare(open: () => Promise<OpenDatabase>) {
  const opened = await open();
  const close = deferCleanup(() => opened.close());
  try {
    const { world, agreements } = await callOffWorld(opened.db);
    const token = async (which: 'own' | 'other') =>
      (await world.issueBearer(world.callers['nation-rep'][which].userId)).bearer;
    return { agreements, bearers: { FRA: await token('own'), DEU: await token('other') } };
  } finally {
    await close();
  }
}

/**
 * Places call-offs through `qm serve` with CALL_OFF_CLIENTS concurrent clients (autocannon), each
 * call-off to one of the agreements in turn, after a warm-up; the server runs in its own process
 * on the database `env` names.
 */
export async function measureCallOffs(
  dialect: Dialect,
  env: Record<string, string>,
  open: () => Promise<OpenDatabase>,
  postmaster?: number,
): Promise<CallOffRate> {
  progress(`${dialect}: preparing ${AGREEMENTS} agreements for call-offs`);
  const { agreements, bearers } = await prepare(open);
  const pool = attempts(agreements, 4096, 100);
  let next = 0;
  const server: ServerProcess = await startQuietServerProcess({
    ...env,
    QM_DB_POOL_SIZE: String(CALL_OFF_CLIENTS),
  });
  const stop = deferCleanup(async () => {
    await server.stop();
  });
  try {
    const load = (seconds: number) =>
      autocannon({
        url: server.url,
        connections: CALL_OFF_CLIENTS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const attempt = pool[next++ % pool.length] as (typeof pool)[number];
              return {
                ...request,
                path: `/agreements/${attempt.agreement}/call-offs`,
                headers: {
                  authorization: `Bearer ${bearers[attempt.nation as 'FRA' | 'DEU']}`,
                  'content-type': 'application/json',
                },
                body: JSON.stringify(attempt.body),
              };
            },
          },
        ],
      });
    progress(`${dialect}: ${WARMUP_SECONDS} s of warm-up, then ${MEASURE_SECONDS} s of call-offs`);
    await load(WARMUP_SECONDS);
    const cpu = async () => ({
      server: await cpuSecondsOf(server.child.pid ?? 0),
      database: postmaster === undefined ? undefined : await clusterCpuSeconds(postmaster),
      clients: process.cpuUsage(),
    });
    const before = await cpu();
    const result = await load(MEASURE_SECONDS);
    const after = await cpu();
    const requests = result.requests.total;
    const perCallOff = (seconds: number) => (seconds * 1000) / Math.max(1, requests);
    const clients = process.cpuUsage(before.clients);
    const rate: CallOffRate = {
      dialect,
      clients: CALL_OFF_CLIENTS,
      seconds: result.duration,
      requests,
      requestsPerSecond: requests / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      refused: result.non2xx + result.errors + result.timeouts,
      cpuMsPerCallOff: {
        server: perCallOff(after.server - before.server),
        ...(after.database === undefined || before.database === undefined
          ? {}
          : { database: perCallOff(after.database - before.database) }),
        clients: perCallOff((clients.user + clients.system) / 1e6),
      },
    };
    progress(
      `  ${whole(rate.requestsPerSecond)} call-offs/s, p50 ${rate.p50} ms, p99 ${rate.p99} ms, ${rate.refused} refused, ${rate.cpuMsPerCallOff.server.toFixed(2)} ms of qm's CPU each`,
    );
    return rate;
  } finally {
    await stop();
  }
}
