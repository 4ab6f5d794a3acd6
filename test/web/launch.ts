/**
 * Chromium for the browser tests: Debian's /usr/bin/chromium when installed, else the binary of
 * @sparticuz/chromium (unpacked to /tmp on first use). Local to the workbench tests; the lead unifies
 * launchers across branches.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export async function chromiumPath(): Promise<string> {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return sparticuz.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: BROWSER_ARGS });
}
