import { setTimeout as sleep } from 'node:timers/promises';
import { callOffPlacement } from '../src/agreements/commands/call-offs.ts';
import { systemClock } from '../src/platform/clock.ts';
import { runGrouped } from '../src/platform/command.ts';
import type { OpenDatabase } from '../src/platform/db/connect.ts';
import { attempts } from '../src/testing/call-off-load.ts';
import {
  AGREEMENTS,
  CALL_OFF_CLIENTS,
  callOffWorld,
  MEASURE_SECONDS,
  WARMUP_SECONDS,
} from './call-offs.ts';
import { deferCleanup } from './cleanup.ts';
import { whole } from './markdown.ts';
import { clusterCpuSeconds } from './process-cpu.ts';
import { progress } from './progress.ts';

/** Call-offs placed without HTTP: what the command and the database cost on their own. */
export interface InProcessCallOffRate {
  clients: number;
  seconds: number;
  callOffs: number;
  callOffsPerSecond: number;
  /** Milliseconds of CPU per call-off: the placing process, and the PostgreSQL cluster. */
  cpuMsPerCallOff: { process: number; database: number };
}

/**
 * The call-offs of the HTTP figure, sent straight to the command's lane (runGrouped, as the route
 * sends them) by CALL_OFF_CLIENTS concurrent callers in this process: no request to parse, no
 * token to look up, no answer to write. The difference from the HTTP figure is what serving
 * them costs.
 */
export async function measureCallOffsInProcess(
  open: () => Promise<OpenDatabase>,
  postmaster: number,
): Promise<InProcessCallOffRate> {
  const opened = await open();
  const close = deferCleanup(() => opened.close());
  try {
    progress(`postgres: preparing ${AGREEMENTS} agreements for call-offs placed in process`);
    const { world, agreements } = await callOffWorld(opened.db);
    const runtime = { ...world.runtime, clock: systemClock };
    const pool = attempts(agreements, 4096, 100);
    let next = 0;
    let placed = 0;
    let running = true;
    const caller = async () => {
      while (running) {
        const attempt = pool[next++ % pool.length] as (typeof pool)[number];
        await runGrouped(
          runtime,
          'bench',
          {
            agreementId: attempt.agreement,
            nation: attempt.nation,
            supplier: null,
            nsn: attempt.body.nsn,
            quantity: BigInt(attempt.quantity),
            schedule: attempt.body.schedule.map((m) => ({
              month: m.month,
              quantity: BigInt(m.quantity),
            })),
            destination: attempt.body.destination,
          },
          callOffPlacement,
        );
        placed += 1;
      }
    };
    progress(
      `postgres: ${WARMUP_SECONDS} s of warm-up, then ${MEASURE_SECONDS} s of call-offs in process`,
    );
    const callers = Array.from({ length: CALL_OFF_CLIENTS }, caller);
    await sleep(WARMUP_SECONDS * 1000);
    const before = {
      placed,
      cpu: process.cpuUsage(),
      database: await clusterCpuSeconds(postmaster),
    };
    const start = performance.now();
    await sleep(MEASURE_SECONDS * 1000);
    const seconds = (performance.now() - start) / 1000;
    const callOffs = placed - before.placed;
    const cpu = process.cpuUsage(before.cpu);
    const database = (await clusterCpuSeconds(postmaster)) - before.database;
    running = false;
    await Promise.all(callers);
    const perCallOff = (cpuSeconds: number) => (cpuSeconds * 1000) / Math.max(1, callOffs);
    const rate: InProcessCallOffRate = {
      clients: CALL_OFF_CLIENTS,
      seconds,
      callOffs,
      callOffsPerSecond: callOffs / seconds,
      cpuMsPerCallOff: {
        process: perCallOff((cpu.user + cpu.system) / 1e6),
        database: perCallOff(database),
      },
    };
    progress(`  ${whole(rate.callOffsPerSecond)} call-offs/s in process`);
    return rate;
  } finally {
    await close();
  }
}
