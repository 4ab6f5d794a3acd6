/** Local Chromium launcher for the prefecture browser test (the lead replaces it with test/e2e's shared one). */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export async function launchChromium(): Promise<Browser> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : await (await import('@sparticuz/chromium')).default.executablePath();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
