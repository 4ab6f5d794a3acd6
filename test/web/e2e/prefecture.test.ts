/**
 * The prefecture view in Chromium: a ranking made by runPrefecture is loaded from its JSON file; counties are
 * drawn coloured by score, the table is sorted by score with per-indicator columns, a click opens the county,
 * the XLSX export holds the ranking, and the English switch works.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { openStore } from '../../../src/store/sqlite.ts';
import { runPrefecture, type PrefectureRun } from '../../../src/server/queue/prefecture-run.ts';
import { startServer, type RunningServer } from '../../../src/server/start.ts';
import { makePrefecture } from '../../server/queue/helpers.ts';
import { buildWeb, useBrowserSuite } from './browser.ts';

let server: RunningServer;
let page: Page;
let run: PrefectureRun;
let rankingFile = '';

const { pageErrors } = useBrowserSuite(
  'gongpei-pref-web-',
  {
    serve: async (tmp) => {
      const dir = makePrefecture(['130471', '130432']);
      const store = openStore(join(tmp, 'store'));
      run = await runPrefecture(dir, { day: 1, store, timeLimit: 0.5 });
      store.close();
      rankingFile = join(tmp, 'ranking.json');
      writeFileSync(
        rankingFile,
        JSON.stringify({ name: run.name, counties: run.counties, ranking: run.ranking, seconds: run.seconds }),
      );
      const webDir = await buildWeb(tmp);
      return startServer({ port: 0, dataDir: join(tmp, 'store'), webDir, seedDir: null, token: '', log: () => {} });
    },
    open: (b) => b.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true }),
  },
  (s) => ({ server, page } = s),
);

/** The colour rule of the view, restated: red below 60, then hue 0 → 120 from 60 to 100. */
const expectedFill = (score: number) => `hsl(${(score < 60 ? 0 : ((score - 60) / 40) * 120).toFixed(0)}, 70%, 45%)`;

test('prefecture view: map by score, ranking table, open a county, XLSX export, English', async () => {
  expect(run.ranking).toHaveLength(2);
  await page.goto(server.url);
  await page.click('[data-testid=tab-prefecture]');
  expect(await page.textContent('[data-testid=tab-prefecture]')).toBe('地市排名');
  await page.setInputFiles('[data-testid=pref-file]', rankingFile);
  await page.waitForSelector('[data-testid=pref-row]');

  // Table: best score first, as in the ranking; 9 indicator columns + rank, county, score, cost, cost/parcel.
  const scores = await page.$$eval('[data-testid=pref-score]', (els) => els.map((e) => Number(e.textContent)));
  expect(scores).toEqual(run.ranking.map((c) => Number(c.score!.toFixed(1))));
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  expect(await page.$$eval('[data-testid=pref-table] thead th', (ths) => ths.length)).toBe(14);

  // Map: one polygon per county, filled by its score.
  for (const c of run.counties) {
    const fill = await page.getAttribute(`path.pref-county-${c.id}`, 'fill');
    expect(fill, c.id).toBe(expectedFill(c.score!));
  }

  // XLSX export: the ranking, in order.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=pref-export]')]);
  const xlsx = join(mkdtempSync(join(tmpdir(), 'gongpei-xlsx-')), 'ranking.xlsx');
  await download.saveAs(xlsx);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx);
  const sheet = book.worksheets[0];
  expect(sheet.rowCount).toBe(1 + run.ranking.length);
  run.ranking.forEach((c, i) => {
    const row = sheet.getRow(i + 2);
    expect(row.getCell(3).value).toBe(c.id);
    expect(row.getCell(4).value).toBe(c.score);
    expect(row.getCell(7).value).toBe(c.indicators.village_station_share!.value);
  });

  // Another tab hides the county shapes; coming back shows them again.
  await page.click('[data-testid=tab-plan]');
  expect(await page.$$('path.pref-county')).toHaveLength(0);
  await page.click('[data-testid=tab-prefecture]');
  expect(await page.$$('path.pref-county')).toHaveLength(run.counties.length);

  // English.
  await page.click('#lang-btn');
  await page.click('[data-testid=tab-prefecture]');
  expect(await page.textContent('[data-testid=pref-table] thead th:nth-child(3)')).toBe('Score');

  // Click the best county: its scenario opens on the map.
  const best = run.ranking[0];
  await page.click(`[data-testid=pref-row][data-county="${best.id}"]`);
  await page.waitForFunction(
    (id) => (document.getElementById('scenario-select') as HTMLSelectElement).value === id,
    best.scenarioId,
    { timeout: 20_000 },
  );
  await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
    timeout: 20_000,
  });
  expect(pageErrors).toEqual([]);
}, 120_000);
