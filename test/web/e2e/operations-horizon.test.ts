/**
 * The day picker of a horizon plan (Routes tab): every day of the horizon can be shown on the map, with that
 * day's routes as stored in horizon.perDay[].routes. Debian's Chromium when installed, else @sparticuz/chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, serveWeb } from './browser.ts';
import { type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../../src/server/start.ts';
import { planningNetwork } from '../../../src/planning/network.ts';
import { planRequest } from '../../../src/planning/request.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(REPO, 'test/fixtures/tiny-county');

let tmp = '';
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gongpei-ops-hz-e2e-'));
  process.env.GONGPEI_CACHE_DIR ??= path.join(tmp, 'cache');
  server = await serveWeb(tmp, { seedDir: TINY, seedId: 'tiny' });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('a horizon plan: the day picker draws each day’s stored routes', async () => {
  const scenario = server.store.getScenario('tiny')!;
  const plan = await planRequest(
    scenario,
    { day: 1, horizon: 2, timeLimit: 0.2, seed: 1 },
    { matrix: (await planningNetwork(scenario)).matrix },
  );
  const stored = server.store.savePlan('tiny', plan);
  const perDay = plan.horizon!.perDay!;
  expect(perDay.length).toBeGreaterThan(0);

  await page.goto(`${server.url}/?scenario=tiny`);
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 30_000,
  });
  await page.click('[data-testid=tab-plan]');
  await page.click(`button[data-load-plan="${stored.id}"]`);
  await page.waitForFunction((n) => document.getElementById('map')?.dataset.routes === String(n), plan.routes.length, {
    timeout: 20_000,
  });
  await page.click('[data-testid=tab-routes]');
  expect(await page.locator('[data-testid=routes-day] option').count()).toBe(2);
  for (const day of [2, 1]) {
    const routes = perDay.find((d) => d.day === day)?.routes ?? [];
    await page.selectOption('[data-testid=routes-day]', String(day));
    await page.waitForFunction((n) => document.getElementById('map')?.dataset.routes === String(n), routes.length, {
      timeout: 20_000,
    });
    expect(await page.locator('[data-testid=route-row]').count()).toBe(routes.length);
    const vehicles = (await page.locator('[data-testid=route-row] td:first-child').allTextContents()).map((s) =>
      s.replace(/\s*(干线|trunk)$/, '').trim(),
    );
    expect(vehicles).toEqual(routes.map((r) => r.vehicle));
    const stops = (await page.locator('[data-testid=route-row] td:nth-child(3)').allTextContents()).map(Number);
    expect(stops).toEqual(routes.map((r) => r.stops.length));
  }
  expect(pageErrors).toEqual([]);
}, 180_000);
