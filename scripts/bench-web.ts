/**
 * Web benchmark (`npm run bench:web`):
 *  1. API plan-job latency on Daming: POST /plans → job done (SSE), cold (empty matrix cache) and warm,
 *     plus the first GET of routes.geojson (road geometry of every leg);
 *  2. map render time in Debian's Chromium: the real Daming page (API fetch + draw), and a generated
 *     county of 3000 stations with 100 routes (`?bench=3000&routes=100`).
 * Prints a table and writes bench/results/web-latest.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { startServer } from '../src/server/start.ts';
import { launchChromium } from '../test/web/e2e/browser.ts';
import { gitCommit } from './git-commit.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const TIME_LIMIT = Number(process.env.BENCH_TIME_LIMIT ?? 5);
const STATIONS = Number(process.env.BENCH_STATIONS ?? 3000);
const ROUTES = Number(process.env.BENCH_ROUTES ?? 100);

async function timeJob(url: string, body: object): Promise<{ ms: number; planId: string; cost: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/scenarios/daming/plans`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`POST plans: ${res.status} ${await res.text()}`);
  const { jobId } = (await res.json()) as { jobId: string };
  await (await fetch(`${url}/api/jobs/${jobId}/events`)).text(); // ends at done/failed
  const ms = performance.now() - t0;
  const job = (await (await fetch(`${url}/api/jobs/${jobId}`)).json()) as {
    status: string;
    planId: string;
    bestCost: number;
    error?: string;
  };
  if (job.status !== 'done') throw new Error(`job ${job.status}: ${job.error}`);
  return { ms, planId: job.planId, cost: job.bestCost };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'gongpei-bench-web-'));
  process.env.GONGPEI_CACHE_DIR = path.join(tmp, 'cache'); // cold start: no cached matrix
  const webDir = path.join(tmp, 'web');
  process.stderr.write('building the web app…\n');
  await build({
    configFile: path.join(REPO, 'vite.config.ts'),
    root: path.join(REPO, 'web'),
    logLevel: 'error',
    build: { outDir: webDir, emptyOutDir: true },
  });
  const server = await startServer({
    port: 0,
    dataDir: path.join(tmp, 'store'),
    webDir,
    token: '',
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const rows: Array<{ measure: string; value: number; unit: string; note: string }> = [];
  try {
    process.stderr.write(`plan jobs on Daming (timeLimit ${TIME_LIMIT} s)…\n`);
    const cold = await timeJob(server.url, { day: 1, mode: 'shared', timeLimit: TIME_LIMIT, seed: 1 });
    rows.push({
      measure: 'plan job POST → done, cold matrix cache',
      value: cold.ms / 1000,
      unit: 's',
      note: `timeLimit ${TIME_LIMIT} s, cost ¥${cold.cost}`,
    });
    const warm = await timeJob(server.url, { day: 1, mode: 'shared', timeLimit: TIME_LIMIT, seed: 2 });
    rows.push({
      measure: 'plan job POST → done, warm cache',
      value: warm.ms / 1000,
      unit: 's',
      note: `timeLimit ${TIME_LIMIT} s, cost ¥${warm.cost}`,
    });
    rows.push({
      measure: 'job overhead beyond the engine time limit (warm)',
      value: warm.ms / 1000 - TIME_LIMIT,
      unit: 's',
      note: 'pre-started worker, matrix from cache, planning set-up, store',
    });
    const quick = await timeJob(server.url, { day: 1, mode: 'shared', timeLimit: 1, seed: 3 });
    rows.push({
      measure: 'plan job POST → done, timeLimit 1 s (warm)',
      value: quick.ms / 1000,
      unit: 's',
      note: `cost ¥${quick.cost}`,
    });
    let t0 = performance.now();
    const geo = (await (await fetch(`${server.url}/api/plans/${warm.planId}/routes.geojson`)).json()) as {
      features: unknown[];
    };
    rows.push({
      measure: 'GET routes.geojson, first call (road legs)',
      value: performance.now() - t0,
      unit: 'ms',
      note: `${geo.features.length} routes`,
    });
    t0 = performance.now();
    await (await fetch(`${server.url}/api/plans/${warm.planId}/routes.geojson`)).text();
    rows.push({ measure: 'GET routes.geojson, cached', value: performance.now() - t0, unit: 'ms', note: '' });

    process.stderr.write('Chromium render timings…\n');
    const browser = await launchChromium();
    process.stderr.write(
      `Chromium: ${browser.chosen.source} (${browser.chosen.executablePath}, ${browser.version()})\n`,
    );
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      t0 = performance.now();
      await page.goto(server.url);
      await page.waitForFunction(() => Number(document.getElementById('map')?.dataset.stations ?? 0) > 0, null, {
        timeout: 60_000,
      });
      rows.push({
        measure: 'Daming page load → stations drawn',
        value: performance.now() - t0,
        unit: 'ms',
        note: 'includes API fetch of scenario + GeoJSON (roads, 668 villages)',
      });
      const renders: number[] = [];
      let last: Record<string, number> = {};
      for (let i = 0; i < 3; i++) {
        await page.goto(`${server.url}/?bench=${STATIONS}&routes=${ROUTES}`);
        await page.waitForFunction(() => document.body.dataset.bench === 'done', null, { timeout: 60_000 });
        last = await page.evaluate(
          () => (window as unknown as { __gongpeiBench: Record<string, number> }).__gongpeiBench,
        );
        renders.push(last.totalMs!);
      }
      renders.sort((a, b) => a - b);
      rows.push({
        measure: `render ${STATIONS} stations + ${ROUTES} routes (median of 3)`,
        value: renders[1],
        unit: 'ms',
        note: `stations ${last.scenarioMs!.toFixed(0)} ms + routes ${last.planMs!.toFixed(0)} ms (canvas)`,
      });
      rows.push({
        measure: `zoom + pan redraw, ${STATIONS} stations + ${ROUTES} routes`,
        value: last.redrawMs!,
        unit: 'ms',
        note: 'last run',
      });
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }

  const w = Math.max(...rows.map((r) => r.measure.length));
  console.log(`${'measure'.padEnd(w)} | ${'value'.padStart(9)} | note`);
  console.log(`${'-'.repeat(w)}-|-${'-'.repeat(9)}-|-----`);
  for (const r of rows)
    console.log(
      `${r.measure.padEnd(w)} | ${`${r.unit === 's' ? r.value.toFixed(2) : r.value.toFixed(0)} ${r.unit}`.padStart(9)} | ${r.note}`,
    );
  mkdirSync(path.join(REPO, 'bench/results'), { recursive: true });
  const out = path.join(REPO, 'bench/results/web-latest.json');
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), commit: gitCommit(REPO), machine: { cpus: cpus().length, memGB: Math.round(totalmem() / 2 ** 30) }, timeLimit: TIME_LIMIT, stations: STATIONS, routes: ROUTES, rows }, null, 2)}\n`,
  );
  process.stderr.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench-web: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
