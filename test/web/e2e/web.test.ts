/**
 * End to end in Chromium (playwright-core; Debian's or the one inside @sparticuz/chromium, see ./browser.ts): build the web app with
 * Vite, serve it with the API on an ephemeral port over a temp store seeded with Daming, then use it as an
 * operator would: see the stations, run a plan, see routes and KPIs, open coverage, switch language.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../../src/server/start.ts';
import { serveWeb, useBrowserSuite } from './browser.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

let server: RunningServer;
let page: Page;

const { pageErrors } = useBrowserSuite(
  'gongpei-e2e-',
  { serve: (dir) => serveWeb(dir), open: (b) => b.newPage({ viewport: { width: 1440, height: 900 } }) },
  (s) => ({ server, page } = s),
);

test('operator flow on Daming: map, plan, routes, coverage, language', async () => {
  const expectedStations = server.store.listScenarios().find((s) => s.id === 'daming')!.stations;
  expect(expectedStations).toBeGreaterThan(300);

  await page.goto(server.url);
  // Daming's stations are drawn on the (canvas) map.
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 20_000,
  });
  expect(Number(await page.getAttribute('#map', 'data-stations'))).toBe(expectedStations);
  expect(await page.textContent('[data-testid=station-count]')).toBe(expectedStations.toLocaleString('zh-CN'));
  expect(await page.isVisible('[data-testid=synthetic-badge]')).toBe(true);
  expect(await page.textContent('[data-testid=tab-plan]')).toBe('配送计划');

  // Run a short plan: progress, then KPIs and route lines.
  await page.fill('[data-testid=plan-time]', '2');
  await page.dispatchEvent('[data-testid=plan-time]', 'change');
  await page.click('[data-testid=plan-run]');
  await page.waitForSelector('[data-testid=kpis]', { timeout: 90_000 });
  const routes = Number(await page.getAttribute('#map', 'data-routes'));
  expect(routes).toBeGreaterThan(0);
  const jobs = server.store.listJobs('daming');
  expect(jobs[0].status).toBe('done');
  const plan = server.store.getPlan(jobs[0].planId!)!.plan;
  expect(routes).toBe(plan.routes.length);
  const costText = (await page.textContent('[data-testid=kpi-totalCost] .v'))!;
  expect(Number(costText.replace(/[¥,]/g, ''))).toBe(Math.round(plan.kpis.totalCost));

  await page.click('[data-testid=tab-routes]');
  expect(await page.locator('[data-testid=route-row]').count()).toBe(plan.routes.length);

  // Coverage scorecard against the county's targets.
  await page.click('[data-testid=tab-coverage]');
  await page.waitForSelector('[data-testid=scorecard] tbody tr', { timeout: 30_000 });
  expect(await page.locator('[data-testid=scorecard] tbody tr').count()).toBeGreaterThanOrEqual(8);
  expect(await page.isVisible('[data-testid=indicator-village_station_share]')).toBe(true);

  // Switch to English; the choice survives a reload.
  await page.click('[data-testid=lang-toggle]');
  expect(await page.textContent('[data-testid=tab-plan]')).toBe('Plan');
  expect(await page.textContent('[data-testid=tab-coverage]')).toBe('Coverage');
  mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  await page.screenshot({ path: path.join(REPO, 'test-results', 'web-e2e.png') });
  await page.reload();
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 20_000,
  });
  expect(await page.textContent('[data-testid=tab-plan]')).toBe('Plan');
  expect(await page.getAttribute('html', 'lang')).toBe('en');

  // Search a village: the map flies there and opens its popup.
  const label = await page.evaluate(
    () => (document.querySelector('#place-list option:nth-child(50)') as HTMLOptionElement).value,
  );
  await page.fill('[data-testid=place-search]', label);
  await page.dispatchEvent('[data-testid=place-search]', 'change');
  await page.waitForSelector('.leaflet-popup-content .popup-title', { timeout: 5000 });
  expect(label.startsWith((await page.textContent('.leaflet-popup-content .popup-title'))!)).toBe(true);

  // Import the tiny fixture county through the settings dialog: the map switches to it.
  await page.click('[data-testid=settings-btn]');
  await page.fill('[data-testid=import-id]', 'tiny');
  const tinyDir = path.join(REPO, 'test/fixtures/tiny-county');
  await page.setInputFiles(
    '[data-testid=import-files]',
    readdirSync(tinyDir).map((f) => path.join(tinyDir, f)),
  );
  await page.click('[data-testid=import-btn]');
  await page.waitForFunction(() => document.getElementById('map')?.dataset.stations === '4', null, { timeout: 20_000 });
  expect(server.store.getScenario('tiny')).not.toBeNull();

  expect(pageErrors).toEqual([]);
}, 150_000); // a cold matrix cache and a busy CI machine; ~30 s on an idle 2-core machine
