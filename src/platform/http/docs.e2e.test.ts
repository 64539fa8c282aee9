import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../testing/browser.ts';
import { type ServerProcess, startServerProcess } from '../../testing/server-process.ts';

describe('the API reference in a browser', () => {
  let dataDir = '';
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'qm-e2e-'));
    [server, browser] = await Promise.all([
      startServerProcess({ QM_DATA_DIR: dataDir }),
      launchChromium(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('renders /docs with the API title and its operations', { timeout: 60_000 }, async () => {
    if (server === undefined || browser === undefined) throw new Error('not started');
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });
    await page.goto(`${server.url}/docs`);
    await page.getByRole('heading', { name: /Quartermaster API/ }).waitFor({ timeout: 20_000 });
    for (const path of ['/healthz', '/readyz']) {
      await page.getByText(path, { exact: true }).waitFor({ timeout: 5_000 });
    }
    expect(failures).toEqual([]);
  });
});
