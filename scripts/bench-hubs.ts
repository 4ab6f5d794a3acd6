/**
 * Hub-location benchmark: `npm run bench:hubs [-- --cap S --seed N --p N --skip-jslp --tiny-only]`.
 *
 * 1. p-median, 50 candidates × 1000 stations, p = 10 (generated deterministically: random points in a
 *    60 × 60 km county, parcels/day 1–40 skewed, road-like minutes = straight line × a per-pair detour
 *    1.2–1.6 at 40 km/h; no always-open warehouse, i.e. the plain p-median): HiGHS (strong formulation,
 *    x_ij ≤ y_j) vs javascript-lp-solver (same model, in a worker thread killed at the cap, default 60 s)
 *    vs greedy + interchange. Reports time, objective, proven gap, and the gap to the HiGHS optimum.
 * 2. Tiny models: p-median sizes from 4 × 2 to 40 × 8, HiGHS vs javascript-lp-solver (median of 5 runs)
 *    — the measurement behind TINY_MODEL_COLS in src/planning/mip.ts.
 * Writes bench/results/hubs-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pMedianHeuristic, solvePMedian, weightedMinutes, type LocationInstance } from '../src/planning/hubs-models.ts';
import {
  MipBuilder,
  solveWithHighs,
  solveWithJsLp,
  toJsLpModel,
  TINY_MODEL_COLS,
  type MipModel,
} from '../src/planning/mip.ts';
import { createRng } from '../src/util/rng.ts';
import { gitCommit } from './git-commit.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const capS = Number(arg('--cap') ?? 60);
const seed = Number(arg('--seed') ?? 42);
const p = Number(arg('--p') ?? 10);
const skipJsLp = process.argv.includes('--skip-jslp');
const tinyOnly = process.argv.includes('--tiny-only');

/** Deterministic p-median instance (see the header). */
export function generateInstance(nStations: number, nCandidates: number, seedValue: number): LocationInstance {
  const rng = createRng(seedValue);
  const pts = Array.from({ length: nStations + nCandidates }, () => [rng() * 60, rng() * 60] as const);
  const time = new Float64Array(nStations * nCandidates);
  for (let i = 0; i < nStations; i++) {
    const a = pts[nCandidates + i];
    for (let j = 0; j < nCandidates; j++) {
      const b = pts[j];
      const detour = 1.2 + 0.4 * rng();
      time[i * nCandidates + j] = (Math.hypot(a[0] - b[0], a[1] - b[1]) * detour * 60) / 40;
    }
  }
  // skewed parcels/day: most stations small, a few large (DESIGN.md §8)
  const weight = Float64Array.from({ length: nStations }, () => 1 + Math.floor(39 * rng() ** 3));
  return { nStations, nDepots: nCandidates, nFixed: 0, time, weight };
}

/** The same strong p-median MIP solvePMedian builds, for javascript-lp-solver in a worker. */
function pMedianModel(inst: LocationInstance, pValue: number): MipModel {
  const b = new MipBuilder();
  const y = Array.from({ length: inst.nDepots }, () => b.addCol(0, 0, 1, true));
  b.addRow(
    y,
    y.map(() => 1),
    pValue,
    pValue,
  );
  for (let i = 0; i < inst.nStations; i++) {
    const xs: number[] = [];
    for (let j = 0; j < inst.nDepots; j++) {
      const x = b.addCol(inst.weight[i] * inst.time[i * inst.nDepots + j], 0, 1, false);
      xs.push(x);
      b.addRow([x, y[j]], [1, -1], -Infinity, 0);
    }
    b.addRow(
      xs,
      xs.map(() => 1),
      1,
      1,
    );
  }
  return b.build();
}

interface JsLpRun {
  status: 'optimal' | 'no_result' | 'error';
  seconds: number;
  objective: number | null;
  detail: string;
}

/** javascript-lp-solver in a worker thread with a memory cap, terminated at the time cap. */
function runJsLpCapped(model: MipModel, cap: number): Promise<JsLpRun> {
  const require = createRequire(import.meta.url);
  const solverPath = require.resolve('javascript-lp-solver');
  const json = toJsLpModel(model);
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const solver = require(workerData.solverPath);
    const t0 = performance.now();
    const r = (solver.default ?? solver).Solve(workerData.model);
    parentPort.postMessage({ seconds: (performance.now() - t0) / 1000, feasible: !!r.feasible, result: r.result });
  `;
  return new Promise((resolve) => {
    const started = performance.now();
    const worker = new Worker(code, {
      eval: true,
      workerData: { model: json, solverPath },
      resourceLimits: { maxOldGenerationSizeMb: 3072 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({
        status: 'no_result',
        seconds: cap,
        objective: null,
        detail: `no result in ${cap} s (worker terminated)`,
      });
    }, cap * 1000);
    worker.on('message', (m: { seconds: number; feasible: boolean; result: number }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve({
        status: m.feasible ? 'optimal' : 'error',
        seconds: m.seconds,
        objective: m.feasible ? m.result : null,
        detail: m.feasible ? 'finished' : 'reported infeasible',
      });
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      resolve({
        status: 'error',
        seconds: (performance.now() - started) / 1000,
        objective: null,
        detail: `no result: worker failed (${e.message})`,
      });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function tinySweep(): Promise<
  Array<{
    stations: number;
    candidates: number;
    cols: number;
    rows: number;
    highsMs: number;
    jslpMs: number;
    agree: boolean;
  }>
> {
  const sizes: Array<[number, number]> = [
    [4, 2],
    [6, 3],
    [8, 4],
    [10, 4],
    [12, 5],
    [16, 6],
    [20, 6],
    [24, 8],
    [32, 8],
    [40, 8],
  ];
  const out = [];
  for (const [nS, nC] of sizes) {
    const inst = generateInstance(nS, nC, seed + nS);
    const model = pMedianModel(inst, 2);
    const h: number[] = [];
    const j: number[] = [];
    let agree = true;
    for (let rep = 0; rep < 5; rep++) {
      const a = await solveWithHighs(model);
      const b = await solveWithJsLp(model, { timeLimitS: 20 });
      h.push(a.seconds * 1000);
      j.push(b.seconds * 1000);
      if (Math.abs(a.objective - b.objective) > 1e-6 * Math.max(1, Math.abs(a.objective))) agree = false;
    }
    out.push({
      stations: nS,
      candidates: nC,
      cols: model.numCols,
      rows: model.numRows,
      highsMs: +median(h).toFixed(2),
      jslpMs: +median(j).toFixed(2),
      agree,
    });
  }
  return out;
}

async function main(): Promise<void> {
  if (tinyOnly) {
    for (const t of await tinySweep()) process.stdout.write(`${JSON.stringify(t)}\n`);
    return;
  }
  const nS = 1000;
  const nC = 50;
  const inst = generateInstance(nS, nC, seed);
  process.stderr.write(`p-median ${nC} candidates × ${nS} stations, p = ${p}, seed ${seed}\n`);

  const load0 = os.loadavg()[0];
  const heur = pMedianHeuristic(inst, p);
  process.stderr.write(`heuristic: ${heur.objective.toFixed(1)} in ${heur.seconds.toFixed(2)} s\n`);
  const cpu0 = process.cpuUsage();
  const highs = await solvePMedian(inst, p, { solver: 'highs', timeLimitS: capS });
  const cpu = process.cpuUsage(cpu0);
  const highsCpuSeconds = +((cpu.user + cpu.system) / 1e6).toFixed(3);
  process.stderr.write(
    `HiGHS: ${highs.status} ${highs.objective.toFixed(1)} gap ${highs.gap} in ${highs.seconds.toFixed(2)} s\n`,
  );
  let jslp: JsLpRun = { status: 'no_result', seconds: 0, objective: null, detail: 'skipped (--skip-jslp)' };
  if (!skipJsLp) {
    process.stderr.write(`javascript-lp-solver: running, cap ${capS} s …\n`);
    jslp = await runJsLpCapped(pMedianModel(inst, p), capS);
    process.stderr.write(`javascript-lp-solver: ${jslp.detail}\n`);
  }
  const opt = highs.status === 'optimal' ? highs.objective : null;
  const gapTo = (v: number | null) => (v === null || opt === null ? null : +(((v - opt) / opt) * 100).toFixed(4));
  const rows = [
    {
      method: 'HiGHS (MIP, strong formulation)',
      seconds: +highs.seconds.toFixed(3),
      objective: +highs.objective.toFixed(3),
      provenGap: highs.gap,
      gapToOptimumPct: gapTo(highs.objective),
      status: highs.status,
    },
    {
      method: 'javascript-lp-solver (same MIP)',
      seconds: +jslp.seconds.toFixed(3),
      objective: jslp.objective === null ? null : +jslp.objective.toFixed(3),
      provenGap: jslp.status === 'optimal' ? 0 : null,
      gapToOptimumPct: gapTo(jslp.objective),
      status: jslp.detail,
    },
    {
      method: 'greedy + interchange',
      seconds: +heur.seconds.toFixed(3),
      objective: +heur.objective.toFixed(3),
      provenGap: null,
      gapToOptimumPct: gapTo(heur.objective),
      status: 'heuristic (no bound)',
    },
  ];
  // sanity: the HiGHS layout's cost recomputed independently of the MIP
  const recomputed = weightedMinutes(inst, highs.assign);

  process.stderr.write('tiny models: HiGHS vs javascript-lp-solver …\n');
  const tiny = await tinySweep();

  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `p-median ${nC} candidates × ${nS} stations, p = ${p} (seed ${seed}); HiGHS layout recomputed: ${recomputed.toFixed(3)}`,
    `HiGHS CPU time ${highsCpuSeconds} s (wall ${highs.seconds.toFixed(2)} s; 1-min load average ${load0.toFixed(1)} on ${os.cpus().length} cores)`,
    `${pad('method', 34)}${pad('seconds', 10)}${pad('objective', 16)}${pad('proven gap', 12)}${pad('gap to opt', 12)}status`,
    ...rows.map(
      (r) =>
        `${pad(r.method, 34)}${pad(String(r.seconds), 10)}${pad(r.objective === null ? '—' : String(r.objective), 16)}${pad(r.provenGap === null ? '—' : String(r.provenGap), 12)}${pad(r.gapToOptimumPct === null ? '—' : `${r.gapToOptimumPct}%`, 12)}${r.status}`,
    ),
    '',
    `tiny p-median models (p = 2), median of 5 runs; 'auto' uses javascript-lp-solver up to ${TINY_MODEL_COLS} columns`,
    `${pad('stations×cand', 15)}${pad('cols', 7)}${pad('rows', 7)}${pad('HiGHS ms', 11)}${pad('jsLP ms', 11)}agree`,
    ...tiny.map(
      (t) =>
        `${pad(`${t.stations}×${t.candidates}`, 15)}${pad(String(t.cols), 7)}${pad(String(t.rows), 7)}${pad(String(t.highsMs), 11)}${pad(String(t.jslpMs), 11)}${t.agree ? 'yes' : 'NO'}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const result = {
    date: new Date().toISOString(),
    commit: gitCommit(root),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
    command: `npm run bench:hubs${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    instance: { kind: 'p-median', candidates: nC, stations: nS, p, seed, capSeconds: capS },
    rows,
    highsRecomputedObjective: recomputed,
    highsCpuSeconds,
    loadAverage1m: load0,
    goalProvenOptimalUnder10s: highs.status === 'optimal' && highs.seconds < 10,
    tiny,
    tinyModelCols: TINY_MODEL_COLS,
  };
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'hubs-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`wrote bench/results/hubs-latest.json\n`);
}

await main();
