/**
 * The planner's workbench in Chromium (issue 16), on the tiny fixture county served with the API from a
 * temp store: move a station on the map → new version → plan → revert restores the exact previous plan
 * input; a bad edit is refused with no version; compare two plans; siting → add stations; save a hub
 * proposal and see its routes; the synthetic-data note, PNG export, the phone layout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { convertLonLat } from '../../../src/io/crs.ts';
import { readScenarioFolder } from '../../../src/io/scenario-folder.ts';
import { haversineM } from '../../../src/network/index.ts';
import { startServer, type RunningServer } from '../../../src/server/start.ts';
import { openStore } from '../../../src/store/sqlite.ts';
import { ScenarioVersions } from '../../../src/store/versions.ts';
import { buildWeb, mapClick, waitMapIdle, useBrowserSuite } from './browser.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(REPO, 'test/fixtures/tiny-county');
const SHOTS = path.join(REPO, 'test-results');

let tmp = '';
let server: RunningServer;
let browser: Browser;
let page: Page;

const { pageErrors } = useBrowserSuite(
  'gongpei-wb-',
  {
    serve: async (dir) => {
      const webDir = await buildWeb(dir);
      const dataDir = path.join(dir, 'store');
      const seed = openStore(dataDir);
      seed.saveScenario('tiny', readScenarioFolder(TINY));
      // Daming declares its synthetic parts as village_positions / population (not 'places'): the popup must say so.
      const daming = readScenarioFolder(TINY);
      seed.saveScenario('tiny-dm', {
        ...daming,
        county: { ...daming.county, synthetic: ['village_positions', 'population'] },
      });
      seed.close();
      return startServer({ port: 0, host: '127.0.0.1', dataDir, webDir, token: '', seedDir: null, log: () => {} });
    },
    open: async (b) => {
      const p = await b.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
      p.on('dialog', (d) => void d.accept());
      mkdirSync(SHOTS, { recursive: true });
      return p;
    },
  },
  (s) => ({ tmp, server, browser, page } = s),
);

const stations = () => page.getAttribute('#map', 'data-stations');
const versionRows = () => page.locator('[data-testid=version-row]').count();

async function openTab(tab: string): Promise<void> {
  await page.click(`[data-testid=tab-${tab}]`);
}

/** Runs a 1-second plan in the Plan tab and returns the new stored plan id. */
async function runPlan(): Promise<string> {
  const before = server.store.listPlans('tiny').length;
  await openTab('plan');
  await page.fill('[data-testid=plan-time]', '1');
  await page.dispatchEvent('[data-testid=plan-time]', 'change');
  await page.click('[data-testid=plan-run]');
  for (const started = Date.now(); server.store.listPlans('tiny').length <= before;) {
    if (Date.now() - started > 60_000) throw new Error('no plan after 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  await page.waitForSelector('[data-testid=kpis]', { timeout: 30_000 });
  return server.store.listPlans('tiny')[0].id;
}

/** Opens a place's popup through the search box (the map centres on it). */
async function findPlace(id: string): Promise<void> {
  const label = await page.evaluate(
    (pid) =>
      [...document.querySelectorAll<HTMLOptionElement>('#place-list option')]
        .map((o) => o.value)
        .find((v) => v.endsWith(`(${pid})`))!,
    id,
  );
  await page.fill('[data-testid=place-search]', label);
  await page.dispatchEvent('[data-testid=place-search]', 'change');
  await page.waitForSelector('[data-testid=popup-edit]', { timeout: 5000 });
  await waitMapIdle(page);
}

test('workbench on the tiny county: edit, versions, plan, revert, compare, siting, hub proposal', async () => {
  await page.goto(`${server.url}/?scenario=tiny`);
  await page.waitForFunction(() => document.getElementById('map')?.dataset.stations === '4', null, { timeout: 20_000 });
  expect(await page.textContent('[data-testid=tab-versions]')).toBe('版本');
  const original = server.store.getScenario('tiny')!;

  // Plan on version 1.
  const plan1 = await runPlan();

  // Move station V1 by dragging its handle ~25 px east: a new version, the stored scenario changes.
  await findPlace('V1');
  await page.click('[data-testid=popup-edit]');
  await page.click('[data-testid=edit-move]');
  await waitMapIdle(page);
  const handle = (await page.locator('[data-testid=move-handle]').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 5; k++)
    await page.mouse.move(handle.x + handle.width / 2 + 5 * k, handle.y + handle.height / 2 + k);
  await page.mouse.up();
  await page.waitForSelector('[data-testid=toast]:has-text("v2")', { timeout: 20_000 });
  const moved = server.store.getScenario('tiny')!.places.find((p) => p.id === 'V1')!;
  const was = original.places.find((p) => p.id === 'V1')!;
  const metres = haversineM(was.lon, was.lat, moved.lon, moved.lat);
  expect(metres).toBeGreaterThan(50);
  expect(metres).toBeLessThan(1500);
  const versions = new ScenarioVersions(server.store as never);
  expect(versions.list('tiny').map((v) => v.version)).toEqual([2, 1]);

  // A bad edit: right-click ~5 km south of V1 (outside the county) → add a station → refused, no version.
  await mapClick(page, was.lat - 0.045, was.lon, { button: 'right' });
  await page.click('[data-testid=add-station]');
  await page.waitForSelector('[data-testid=edit-error]:visible', { timeout: 10_000 });
  expect(await page.textContent('[data-testid=edit-error]')).toMatch(
    /places\.csv:11:lon: new-station-1 .* is outside the county/,
  );
  expect(versions.list('tiny')).toHaveLength(2);
  await page.click('.edit-popup .leaflet-popup-close-button');

  // Plan on version 2, then revert to version 1 in the Versions tab: the plan input is exactly version 1.
  const plan2 = await runPlan();
  expect(plan2).not.toBe(plan1);
  await openTab('versions');
  await page.waitForSelector('[data-testid=version-row]');
  expect(await versionRows()).toBe(2);
  await page.click('[data-testid=version-row][data-version="2"] [data-testid=version-diff]');
  expect(await page.textContent('[data-testid=version-diff-box]')).toContain('东关村');
  await page.click('[data-testid=version-row][data-version="1"] [data-testid=version-revert]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=version-row]').length === 3, null, {
    timeout: 10_000,
  });
  expect(server.store.getScenario('tiny')).toEqual(original);
  expect(versions.list('tiny')[0]).toMatchObject({ version: 3, kind: 'revert', summary: ['reverted to version 1'] });
  // Any two versions: v1 → v3 is empty (v3 restored v1).
  await page.selectOption('[data-testid=diff-from]', '1');
  await page.selectOption('[data-testid=diff-to]', '3');
  await page.click('[data-testid=diff-run]');
  await page.waitForSelector('[data-testid=version-diff-box]:has-text("v1 → v3")');
  expect(await page.textContent('[data-testid=version-diff-box]')).toContain('无差异');
  const plan3 = await runPlan();
  expect(
    versions.list('tiny').find((v) => v.version === 3)!.plans,
    JSON.stringify({ v: versions.list('tiny'), p: server.store.listPlans('tiny') }),
  ).toEqual([plan3]);

  // Two plans side by side: KPI table equals the stored plans, differences B − A, route sets toggle.
  await openTab('versions');
  await page.waitForSelector('[data-testid=compare-a]');
  await page.selectOption('[data-testid=compare-a]', plan1);
  await page.selectOption('[data-testid=compare-b]', plan2);
  await page.click('[data-testid=compare-run]');
  await page.waitForSelector('[data-testid=compare-table]');
  expect([await page.inputValue('[data-testid=compare-a]'), await page.inputValue('[data-testid=compare-b]')]).toEqual([
    plan1,
    plan2,
  ]);
  const p1 = server.store.getPlan(plan1)!.plan;
  const p2 = server.store.getPlan(plan2)!.plan;
  const vehicles = await page.locator('[data-testid=compare-row][data-kpi=vehiclesUsed] td').allTextContents();
  expect(vehicles.slice(1, 3).map(Number)).toEqual([p1.kpis.vehiclesUsed, p2.kpis.vehiclesUsed]);
  const cost = await page.locator('[data-testid=compare-row][data-kpi=totalCost] td').allTextContents();
  const yuan = (s: string) => Number(s.replace(/[¥,+−\s]/g, '').replace(/\(.*\)/, ''));
  expect(yuan(cost[1])).toBe(Math.round(p1.kpis.totalCost));
  expect(yuan(cost[2])).toBe(Math.round(p2.kpis.totalCost));
  expect(Number(await page.getAttribute('#map', 'data-compare-routes'))).toBe(p1.routes.length + p2.routes.length);
  await page.click('[data-testid=compare-show-a]');
  expect(Number(await page.getAttribute('#map', 'data-compare-routes'))).toBe(p1.routes.length);
  await page.screenshot({ path: path.join(SHOTS, 'workbench-compare.png') });

  // Siting: V6 (520 residents, no station) is required by the 500+ target; one click adds it as a version.
  await page.click('[data-testid=siting-run]');
  await page.waitForSelector('[data-testid=sited-row]', { timeout: 60_000 });
  const sited = await page.locator('[data-testid=sited-row] td.name').allTextContents();
  expect(sited).toContain('后堤村, 二组');
  expect(Number(await page.getAttribute('#map', 'data-sited'))).toBe(sited.length);
  await page.screenshot({ path: path.join(SHOTS, 'workbench-siting.png') });
  await page.click('[data-testid=siting-add]');
  await page.waitForFunction(
    () =>
      document.getElementById('map')?.dataset.stations ===
        String(4 + document.querySelectorAll('[data-testid=sited-row]').length) ||
      document.querySelectorAll('[data-testid=version-row]').length === 4,
    null,
    { timeout: 20_000 },
  );
  expect(server.store.getScenario('tiny')!.places.find((p) => p.id === 'V6')!.hasStation).toBe(true);
  expect(versions.list('tiny')[0]).toMatchObject({ version: 4, kind: 'siting' });
  expect(await stations()).toBe(String(4 + sited.length));

  // Hub proposal: p-median with 1 hub, its re-planned routes on the map, saved as a version.
  await openTab('hubs');
  await page.fill('#hubs-p', '1');
  await page.dispatchEvent('#hubs-p', 'change');
  expect(await page.textContent('[data-testid=hubs-explain]')).toContain('件·分钟');
  await page.click('[data-testid=hubs-run]');
  await page.waitForSelector('[data-testid=hubs-result]', { timeout: 90_000 });
  const job = server.store.listJobs('tiny').find((j) => j.kind === 'hubs')!;
  const proposal = job.result as { hubs: string[]; routing: { routes: unknown[] } };
  expect(proposal.routing.routes.length).toBeGreaterThan(0);
  expect(Number(await page.getAttribute('#map', 'data-proposal-routes'))).toBe(proposal.routing.routes.length);
  expect(await page.isVisible('[data-testid=legend-proposed]')).toBe(true);
  expect(await page.isVisible('[data-testid=legend-excluded]')).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, 'workbench-hubs.png') });
  // The proposal survives a reload (restored from the stored hub job).
  await page.reload();
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 20_000,
  });
  await openTab('hubs');
  await page.waitForFunction(
    (n) => document.getElementById('map')?.dataset.proposalRoutes === String(n),
    proposal.routing.routes.length,
    { timeout: 10_000 },
  );
  await page.waitForSelector('[data-testid=hubs-save]');
  await page.click('[data-testid=hubs-save]');
  await page.waitForFunction(() => document.getElementById('map')?.dataset.proposalRoutes === '0', null, {
    timeout: 30_000,
  });
  const saved = server.store.getScenario('tiny')!;
  expect(
    saved.places
      .filter((p) => p.kind === 'hub')
      .map((p) => p.id)
      .sort(),
  ).toEqual([...proposal.hubs].sort());
  expect(versions.list('tiny')[0]).toMatchObject({ version: 5, kind: 'hubs' });

  // A hub candidate anywhere: right-click next to V4 (at a road end) → add → a version; right-click it → delete.
  await findPlace('V4');
  await page.click('.leaflet-popup-close-button');
  // ~280 m south-east of V4 (115.19, 36.39), still in V4's township 130425102.
  await mapClick(page, 36.3875, 115.193, { button: 'right' });
  await page.fill('[data-testid=add-name]', '新候选点');
  await page.click('[data-testid=add-candidate]');
  await page.waitForSelector('[data-testid=toast]:has-text("v6")', { timeout: 20_000 });
  const added = server.store.getScenario('tiny')!.places.find((p) => p.name === '新候选点')!;
  expect(added).toMatchObject({ kind: 'hub_candidate', id: 'new-hub-candidate-1', township: '130425102' });
  expect(haversineM(added.lon, added.lat, 115.19, 36.39)).toBeLessThan(500);
  await mapClick(page, added.lat, added.lon, { button: 'right' });
  await page.waitForSelector('[data-testid=edit-form][data-place=new-hub-candidate-1]');
  await page.click('[data-testid=edit-delete]');
  await page.waitForSelector('[data-testid=toast]:has-text("v7")', { timeout: 20_000 });
  expect(server.store.getScenario('tiny')!.places.some((p) => p.id === 'new-hub-candidate-1')).toBe(false);
  expect(versions.list('tiny')[0].summary).toEqual(['deleted hub_candidate new-hub-candidate-1 (新候选点)']);

  // PNG export for reports.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
  expect(download.suggestedFilename()).toMatch(/^gongpei-tiny-\d+\.png$/);
  const png = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(png!).subarray(1, 4).toString()).toBe('PNG');

  await page.click('[data-testid=fit-county]');
  await page.screenshot({ path: path.join(SHOTS, 'workbench-desktop.png') });
  expect(pageErrors).toEqual([]);
}, 400_000);

test('Daming-style synthetic declaration shows the popup note; English switch; phone layout', async () => {
  await page.goto(`${server.url}/?scenario=tiny-dm`);
  await page.waitForFunction(() => document.getElementById('map')?.dataset.stations === '4', null, { timeout: 20_000 });
  await findPlace('V2');
  expect(await page.textContent('[data-testid=popup-synthetic]')).toBe('位置/人口为合成数据');
  await page.click('[data-testid=lang-toggle]');
  expect(await page.textContent('[data-testid=tab-versions]')).toBe('Versions');
  await page.keyboard.press('Escape');
  await openTab('versions');
  await page.waitForSelector('[data-testid=version-row]');
  await page.screenshot({ path: path.join(SHOTS, 'workbench-versions-en.png') });
  await page.click('[data-testid=lang-toggle]');

  // Township zones are Voronoi, labelled as such, until real boundaries are imported (here in GCJ-02).
  await page.waitForFunction(() => document.getElementById('map')?.dataset.zones === 'voronoi');
  expect(await page.textContent('[data-testid=legend-zones]')).toContain('泰森多边形');
  const rect = (w: number, s: number, e: number, n: number) => [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ].map(([x, y]) => convertLonLat(x!, y!, 'wgs84', 'gcj02')),
  ];
  const file = path.join(tmp, 'townships.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: '大名镇' },
          geometry: { type: 'Polygon', coordinates: rect(115.1, 36.25, 115.2, 36.335) },
        },
        {
          type: 'Feature',
          properties: { name: '万堤镇' },
          geometry: { type: 'Polygon', coordinates: rect(115.1, 36.335, 115.2, 36.41) },
        },
      ],
    }),
  );
  await page.click('[data-testid=settings-btn]');
  await page.setInputFiles('[data-testid=boundaries-file]', file);
  await page.selectOption('[data-testid=boundaries-crs]', 'gcj02');
  await page.click('[data-testid=boundaries-run]');
  await page.waitForFunction(() => document.getElementById('map')?.dataset.zones === 'boundaries', null, {
    timeout: 10_000,
  });
  expect(await page.textContent('[data-testid=boundaries-result]')).toBe('已导入 2/2 个乡镇边界');
  await page.click('[data-testid=settings-dialog] button[value=ok]');
  expect(await page.textContent('[data-testid=legend-zones]')).toBe('乡镇边界（已导入）');
  await page.screenshot({ path: path.join(SHOTS, 'workbench-boundaries.png') });

  // Tiles that cannot load (a custom URL that serves no images): a clear message, one click back to offline.
  await page.click('[data-testid=settings-btn]');
  await page.selectOption('[data-testid=basemap-select]', 'custom');
  await page.fill('#custom-url', `${server.url}/no-tiles/{z}/{x}/{y}.png`);
  await page.dispatchEvent('#custom-url', 'change');
  await page.click('[data-testid=settings-dialog] button[value=ok]');
  await page.waitForSelector('[data-testid=tile-error]:visible', { timeout: 15_000 });
  expect(await page.textContent('[data-testid=tile-error] b')).toBe('底图瓦片无法加载');
  await page.click('[data-testid=tiles-offline]');
  expect(await page.isVisible('[data-testid=tile-error]')).toBe(false);
  expect(await page.inputValue('[data-testid=basemap-select]')).toBe('none');
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('gongpei.basemap')!).kind)).toBe('none');

  if (server.store.listPlans('tiny').length === 0) {
    // This test alone (-t): make a plan to pick a route from.
    await fetch(`${server.url}/api/scenarios/tiny/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ day: 1, timeLimit: 1 }),
    });
    for (const started = Date.now(); server.store.listPlans('tiny').length === 0 && Date.now() - started < 60_000;)
      await new Promise((r) => setTimeout(r, 200));
  }
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(`${server.url}/?scenario=tiny`);
  await phone.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 20_000,
  });
  // The legend starts folded on a phone and opens with its title.
  expect(await phone.isVisible('[data-testid=legend] .row')).toBe(false);
  await phone.click('[data-testid=legend-toggle]');
  expect(await phone.isVisible('[data-testid=legend] .row')).toBe(true);
  const header = (await phone.locator('.topbar').boundingBox())!;
  expect(header.height).toBeLessThan(110);
  await phone.screenshot({ path: path.join(SHOTS, 'workbench-phone.png'), fullPage: true });
  // Pick a route in the table below the map: the map scrolls back into view.
  await phone.click('[data-load-plan] >> nth=0');
  await phone.waitForFunction(() => Number(document.getElementById('map')?.dataset.routes ?? 0) > 0, null, {
    timeout: 20_000,
  });
  await phone.click('[data-testid=tab-routes]');
  // Daming has dozens of routes; the tiny county's table is short, so a spacer stands in for the long table.
  await phone.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '1200px';
    document.getElementById('panel-routes')!.prepend(spacer);
    document.querySelector('[data-testid=route-row]')!.scrollIntoView({ block: 'start' });
  });
  expect(await phone.evaluate(() => document.querySelector('.map-wrap')!.getBoundingClientRect().top)).toBeLessThan(
    -100,
  );
  await phone.click('[data-testid=route-row] >> nth=0');
  await phone.waitForFunction(
    () => Math.abs(document.querySelector('.map-wrap')!.getBoundingClientRect().top) < 80,
    null,
    { timeout: 5000 },
  );
  await phone.close();
  expect(pageErrors).toEqual([]);
}, 120_000);
