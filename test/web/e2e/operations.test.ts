/**
 * Daily operations in a phone-sized browser (390 × 844): upload a manifest, plan the date, dispatch, tick
 * stops on the driver page (one tick while offline: queued, sent when back), and see the ledger row change.
 * Debian's Chromium when installed, else the one @sparticuz/chromium ships (playwright-core only drives it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { serveWeb, useBrowserSuite } from './browser.ts';
import { type BrowserContext, type Page } from 'playwright-core';
import type { RunningServer } from '../../../src/server/start.ts';
import { OperationsStore } from '../../../src/store/operations.ts';
import { MANIFEST_HEADER, damingDemand } from '../../operations/helpers.ts';

let tmp = '';
let server: RunningServer;
let context: BrowserContext;
let page: Page;

const { pageErrors } = useBrowserSuite(
  'gongpei-ops-e2e-',
  {
    serve: (dir) => serveWeb(dir),
    open: async (b) => {
      context = await b.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      return context.newPage();
    },
  },
  (s) => ({ tmp, server, page } = s),
);

async function ledgerRow(key: string): Promise<string[]> {
  await page.click('[data-testid=tab-ledger]');
  await page.fill('#lg-from', '2026-12-01');
  await page.fill('#lg-to', '2026-12-01');
  await page.click('[data-testid=ledger-show]');
  const row = page.locator(`[data-testid=ledger-row][data-key="${key}"]`);
  await row.waitFor({ timeout: 20_000 });
  return row.locator('td').allTextContents();
}

test('manifest → plan → dispatch → driver ticks → ledger on a phone', async () => {
  await page.goto(server.url);
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 30_000,
  });

  // Upload EMS's manifest of 2026-12-01 (demand.csv day 1).
  const rows = damingDemand().filter((r) => r.day === 1 && r.carrier_id === 'ems');
  const file = path.join(tmp, 'ems-1201.csv');
  writeFileSync(
    file,
    `${MANIFEST_HEADER}\n${rows.map((r) => [r.station_id, r.parcels_down, r.kg_down, r.parcels_up, r.kg_up, r.cold, r.up_zone].join(',')).join('\n')}\n`,
  );
  await page.click('[data-testid=tab-manifests]');
  await page.fill('[data-testid=mf-date]', '2026-12-01');
  await page.dispatchEvent('[data-testid=mf-date]', 'change');
  await page.waitForSelector('[data-testid=mf-carrier]');
  await page.selectOption('[data-testid=mf-carrier]', 'ems');
  await page.setInputFiles('[data-testid=mf-file]', file);
  await page.click('[data-testid=mf-upload]');
  await page.waitForSelector('[data-testid=mf-table] tbody tr', { timeout: 20_000 });
  expect(await page.textContent('[data-testid=mf-message]')).toContain(`${rows.length}`);

  // Plan the date and dispatch it.
  await page.click('[data-testid=mf-plan]');
  await page.waitForSelector('[data-testid=mf-planned]', { timeout: 90_000 });
  await page.click('[data-testid=tab-dispatch]');
  await page.click('[data-testid=dsp-freeze]');
  await page.waitForSelector('[data-testid=driver-link]', { timeout: 30_000 });
  const ops = OperationsStore.of(server.store);
  const dispatch = ops.listDispatches('daming')[0];
  expect(dispatch.date).toBe('2026-12-01');
  expect(dispatch.lines.every((l) => l.carrierId === 'ems')).toBe(true);

  // Selecting the date plan draws its routes on the map and lists them in the Routes tab, like any plan.
  const datePlan = server.store.getPlan(dispatch.planId)!.plan;
  expect(datePlan.routes.length).toBeGreaterThan(0);
  await page.click('[data-testid=dsp-show]');
  await page.waitForFunction(
    (n) => document.getElementById('map')?.dataset.routes === String(n),
    datePlan.routes.length,
    { timeout: 20_000 },
  );
  await page.waitForSelector('[data-testid=dsp-plan-row].selected');
  await page.click('[data-testid=tab-routes]');
  expect(await page.locator('[data-testid=route-row]').count()).toBe(datePlan.routes.length);
  await page.click('[data-testid=tab-dispatch]');
  await page.waitForSelector('[data-testid=driver-link]', { timeout: 30_000 });
  const href = (await page.getAttribute('[data-testid=driver-link]', 'href'))!;
  const vehicle = new URL(href, server.url).searchParams.get('vehicle')!;
  const mine = dispatch.lines.filter((l) => l.vehicle === vehicle).sort((a, b) => a.trip - b.trip || a.seq - b.seq);
  expect(mine.length).toBeGreaterThanOrEqual(2);
  const first = mine[0];
  const second = mine[1];

  // Before any tick the row is pending.
  const before = await ledgerRow(`2026-12-01|${first.stationId}|ems`);
  const num = (cells: string[], i: number) => Number(cells[i].replace(/,/g, ''));
  expect(num(before, 3)).toBe(first.parcelsDown);
  expect(num(before, 9)).toBe(first.parcelsDown);

  // Driver page: deliver the first stop; fail the second while offline, then come back online.
  await page.goto(new URL(href, server.url).toString());
  await page.waitForSelector('[data-testid=drv-stop]', { timeout: 20_000 });
  expect(await page.locator('[data-testid=drv-stop]').count()).toBe(
    new Set(mine.map((l) => `${l.trip}|${l.seq}`)).size,
  );
  await page.locator('[data-testid=drv-deliver]').nth(0).click();
  await page.waitForFunction(() => document.getElementById('drv-status')?.dataset.queued === '0', null, {
    timeout: 20_000,
  });
  await context.setOffline(true);
  await page.locator('[data-testid=drv-fail]').nth(1).click();
  await page.waitForFunction(() => document.getElementById('drv-status')?.dataset.queued === '1', null, {
    timeout: 10_000,
  });
  expect(ops.actuals(dispatch.id)).toHaveLength(1);
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.getElementById('drv-status')?.dataset.queued === '0', null, {
    timeout: 20_000,
  });
  const stored = ops.actuals(dispatch.id);
  expect(stored).toHaveLength(2);
  expect(stored[1]).toMatchObject({ stationId: second.stationId, failed: second.parcelsDown, delivered: 0 });

  // Back on the main page the ledger row of the first stop shows the delivery.
  await page.goto(server.url);
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 30_000,
  });
  const after = await ledgerRow(`2026-12-01|${first.stationId}|ems`);
  expect(num(after, 4)).toBe(first.parcelsDown);
  expect(num(after, 9)).toBe(0);

  // Coverage tab: the print button fills the print area, which is what print media shows (not a blank page).
  await page.click('[data-testid=tab-coverage]');
  await page.waitForSelector('[data-testid=print-coverage]', { timeout: 30_000 });
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.click('[data-testid=print-coverage]');
  expect(await page.locator('#print-area [data-testid=scorecard] tbody tr').count()).toBeGreaterThanOrEqual(8);
  await page.emulateMedia({ media: 'print' });
  expect(await page.isVisible('#print-area [data-testid=scorecard]')).toBe(true);
  expect(await page.isVisible('#sidebar')).toBe(false);
  await page.emulateMedia({ media: 'screen' });
  expect(pageErrors).toEqual([]);
}, 240_000);
