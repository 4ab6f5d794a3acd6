/**
 * The browser launcher: Debian's Chromium when present, else the one inside @sparticuz/chromium. The fallback
 * is checked by pointing GONGPEI_CHROMIUM at a path that does not exist, so both paths are exercised on any
 * machine (with or without /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { expect, test } from 'vitest';
import { CHROMIUM_ARGS, DEBIAN_CHROMIUM, chooseChromium, launchChromium } from './browser.ts';

test('without GONGPEI_CHROMIUM: Debian Chromium if installed, else the packaged one', async () => {
  const env = { ...process.env };
  delete env.GONGPEI_CHROMIUM;
  delete env.GONGPEI_E2E_BROWSER;
  const choice = await chooseChromium(env);
  expect(choice.source).toBe(existsSync(DEBIAN_CHROMIUM) ? 'debian' : '@sparticuz/chromium');
  expect(existsSync(choice.executablePath)).toBe(true);
});

test('GONGPEI_E2E_BROWSER=npm forces @sparticuz/chromium even when Debian Chromium is installed', async () => {
  const choice = await chooseChromium({ GONGPEI_E2E_BROWSER: 'npm', GONGPEI_CHROMIUM: DEBIAN_CHROMIUM });
  expect(choice.source).toBe('@sparticuz/chromium');
  expect(choice.executablePath).not.toBe(DEBIAN_CHROMIUM);
  expect(existsSync(choice.executablePath)).toBe(true);
}, 120_000);

test('a missing preferred path falls back to @sparticuz/chromium, which drives a page headless', async () => {
  const choice = await chooseChromium({ GONGPEI_CHROMIUM: '/nonexistent/chromium' });
  expect(choice.source).toBe('@sparticuz/chromium');
  const browser = await chromium.launch({ executablePath: choice.executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent('<p id="x">共配</p><script>document.getElementById("x").dataset.n = String(6 * 7)</script>');
    expect(await page.textContent('#x')).toBe('共配');
    expect(await page.getAttribute('#x', 'data-n')).toBe('42');
  } finally {
    await browser.close();
  }
}, 120_000);

test('launchChromium reports what it chose', async () => {
  const browser = await launchChromium();
  try {
    expect(browser.version()).toMatch(/^\d+\./);
    expect(['env', 'debian', '@sparticuz/chromium']).toContain(browser.chosen.source);
  } finally {
    await browser.close();
  }
}, 120_000);
