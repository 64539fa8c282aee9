import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.ts';
import { testDialects } from './selection.ts';

/** Starts one PostgreSQL cluster for the whole test run (when PostgreSQL is among the dialects). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!testDialects().includes('postgres')) return async () => undefined;
  const cluster = await startPostgresCluster();
  project.provide('postgres', {
    host: cluster.host,
    port: cluster.port,
    superuser: cluster.superuser,
    appRole: cluster.appRole,
  });
  return () => cluster.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { host: string; port: number; superuser: string; appRole: string };
  }
}
