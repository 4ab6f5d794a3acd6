/**
 * The day picker of a horizon plan (Routes tab): every day of the horizon can be shown on the map, with that
 * day's routes as stored in horizon.perDay[].routes. Debian's Chromium when installed, else @sparticuz/chromium.
 */
import path from 'node:path';
import { expect, test } from 'vitest';
import { serveWeb, useBrowserSuite } from './browser.ts';
import { type Page } from 'playwright-core';
import type { RunningServer } from '../../../src/server/start.ts';
import { planningNetwork } from '../../../src/planning/network.ts';
import { planRequest } from '../../../src/planning/request.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(REPO, 'test/fixtures/tiny-county');

let server: RunningServer;
let page: Page;

const { pageErrors } = useBrowserSuite(
  'gongpei-ops-hz-e2e-',
  {
    serve: (dir) => serveWeb(dir, { seedDir: TINY, seedId: 'tiny' }),
    open: async (b) => (await b.newContext({ viewport: { width: 1280, height: 900 } })).newPage(),
  },
  (s) => ({ server, page } = s),
);

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
