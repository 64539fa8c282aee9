import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: no browser can be downloaded here, and tests must fail without one. */
const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium, started with the flags a closed network and a root user need. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}
