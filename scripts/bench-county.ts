/**
 * County planner benchmark: `npm run bench:county [-- --sizes daming,300,1000,3000 --time S --seed N
 * --no-compare --no-horizon --horizon-max N]`.
 *
 * Per county (Daming from data/counties/daming; the others from generateCounty({ seed, stations })):
 * - matrix: travel matrix over warehouse + hubs + stations, computed without the disk cache (road graph);
 * - daily: planDay for day 1 (engine time --time, default by size), wall time without the matrix, and with it;
 * - compare: shared vs separate (each carrier alone) on day 1, savings;
 * - horizon: 7-day periodic plan vs visiting every day (sizes up to --horizon-max stations, default 1000), with
 *   the county default service limit set to --horizon-limit days (default 2; 'data' keeps the county's own);
 * - peak RSS over the run.
 * Prints a table and writes bench/results/county-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../src/model/types.ts';
import { readScenarioFolder } from '../src/io/scenario-folder.ts';
import { generateCounty } from '../src/generate/county.ts';
import { planningNetwork } from '../src/planning/network.ts';
import { planDay } from '../src/planning/day.ts';
import { compareSharedVsSeparate } from '../src/planning/compare.ts';
import { planHorizon } from '../src/planning/horizon.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const sizes = (arg('--sizes') ?? 'daming,300,1000,3000').split(',').map((s) => s.trim()).filter(Boolean);
const seed = Number(arg('--seed') ?? 7);
const fixedTime = arg('--time') !== undefined ? Number(arg('--time')) : undefined;
const doCompare = !process.argv.includes('--no-compare');
const doHorizon = !process.argv.includes('--no-horizon');
const horizonMax = Number(arg('--horizon-max') ?? 1000);
// The periodic plan only matters for stations with an N-day limit; the sample counties are mostly same-day (limit 0),
// so the horizon run sets the county default to this many days (stations with their own limit keep it). 'data' = as is.
const horizonLimitArg = arg('--horizon-limit') ?? '2';
const horizonLimit = horizonLimitArg === 'data' ? null : Number(horizonLimitArg);

let peakRss = 0;
const sampleRss = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
const timer = setInterval(sampleRss, 200);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Row {
  county: string;
  stations: number;
  engineSeconds: number;
  matrixS: number;
  dailyS: number;
  dailyWithMatrixS: number;
  dailyCost: number;
  vehicles: number;
  unassigned: number;
  feasible: boolean;
  compareS?: number;
  sharedCost?: number;
  separateCost?: number;
  savingsShare?: number;
  horizonS?: number;
  horizonCost?: number;
  everyDayCost?: number;
  horizonSaving?: number;
  horizonStrategy?: string;
  maxWaitOk?: boolean;
  peakRssMB: number;
}

const rows: Row[] = [];
for (const size of sizes) {
  let scenario: Scenario;
  let name: string;
  if (size === 'daming') {
    scenario = readScenarioFolder(path.join(root, 'data/counties/daming'));
    name = 'Daming';
  } else {
    const n = Number(size);
    if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes: "${size}" is neither daming nor a station count`);
    scenario = generateCounty({ seed, stations: n });
    name = `generated-${n}`;
  }
  const stations = scenario.places.filter((p) => p.hasStation).length;
  const engineSeconds = fixedTime ?? Math.min(10, Math.max(3, stations / 150));
  log(`${name}: ${stations} stations, engine ${engineSeconds} s per day plan`);
  peakRss = 0;

  let t0 = performance.now();
  const network = await planningNetwork(scenario, { cacheDir: null });
  const matrixS = seconds(t0);
  sampleRss();
  log(`  matrix ${network.matrix.size} points in ${matrixS.toFixed(1)} s`);

  t0 = performance.now();
  const plan = await planDay(scenario, 1, { matrix: network.matrix, timeLimit: engineSeconds });
  const dailyS = seconds(t0);
  sampleRss();
  log(`  daily: ${dailyS.toFixed(1)} s, cost ${plan.kpis.totalCost}, ${plan.kpis.stationsUnassigned} unassigned, feasible ${plan.check?.feasible}`);
  const row: Row = {
    county: name, stations, engineSeconds, matrixS, dailyS, dailyWithMatrixS: matrixS + dailyS, dailyCost: plan.kpis.totalCost,
    vehicles: plan.kpis.vehiclesUsed, unassigned: plan.kpis.stationsUnassigned, feasible: plan.check?.feasible ?? false, peakRssMB: 0,
  };

  if (doCompare) {
    t0 = performance.now();
    const compared = await compareSharedVsSeparate(scenario, 1, { matrix: network.matrix, timeLimit: engineSeconds, separateTimeLimit: engineSeconds / 2 });
    row.compareS = seconds(t0);
    row.sharedCost = compared.compare!.shared.totalCost;
    row.separateCost = compared.compare!.separate.totalCost;
    row.savingsShare = compared.compare!.savings.costShare;
    sampleRss();
    log(`  compare: ${row.compareS.toFixed(1)} s, shared ${row.sharedCost} vs separate ${row.separateCost} (${(row.savingsShare * 100).toFixed(1)}%)`);
  }
  if (doHorizon && stations <= horizonMax) {
    t0 = performance.now();
    // Seven day plans per schedule tried: a third of the daily engine time each.
    const horizonScenario: Scenario = horizonLimit === null ? scenario
      : { ...scenario, county: { ...scenario.county, defaults: { ...scenario.county.defaults, serviceLimitDays: horizonLimit } } };
    const detail = await planHorizon(horizonScenario, 7, { matrix: network.matrix, timeLimit: engineSeconds / 3 });
    row.horizonS = seconds(t0);
    row.horizonCost = detail.horizon.totalCost;
    row.everyDayCost = detail.horizon.everyDayCost;
    row.horizonSaving = detail.horizon.everyDayCost > 0 ? 1 - detail.horizon.totalCost / detail.horizon.everyDayCost : 0;
    row.horizonStrategy = detail.strategy;
    row.maxWaitOk = detail.horizon.stations.every((s) => s.maxWaitDays <= s.limitDays);
    sampleRss();
    log(`  horizon: ${row.horizonS.toFixed(1)} s, ${row.horizonCost} vs every day ${row.everyDayCost} (${detail.strategy})`);
  }
  row.peakRssMB = Math.round(peakRss / 2 ** 20);
  rows.push(row);
}
clearInterval(timer);

const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const header = '| county | stations | engine s | matrix s | daily s (excl. / incl. matrix) | daily cost | vehicles | unassigned | shared vs separate | savings | 7-day periodic vs every day | saving | horizon s | peak RSS MB |';
const lines = [header, `|${header.split('|').slice(1, -1).map(() => '---').join('|')}|`];
for (const r of rows) {
  lines.push(
    `| ${r.county} | ${r.stations} | ${f(r.engineSeconds)} | ${f(r.matrixS)} | ${f(r.dailyS)} / ${f(r.dailyWithMatrixS)} | ${f(r.dailyCost, 0)} | ${r.vehicles} | ${r.unassigned} | ` +
      `${r.sharedCost === undefined ? '—' : `${f(r.sharedCost, 0)} vs ${f(r.separateCost, 0)}`} | ${pct(r.savingsShare)} | ` +
      `${r.horizonCost === undefined ? '—' : `${f(r.horizonCost, 0)} vs ${f(r.everyDayCost, 0)}`} | ${pct(r.horizonSaving)} | ${f(r.horizonS)} | ${r.peakRssMB} |`,
  );
}
const table = lines.join('\n');
process.stdout.write(`${table}\n(periodic run: county default service limit ${horizonLimit === null ? 'as in the data' : `${horizonLimit} days`})\n`);
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench/results/county-latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), command: `npm run bench:county -- ${process.argv.slice(2).join(' ')}`.trim(), machine: { cpus: os.cpus().length, node: process.version }, seed, horizonLimit: horizonLimitArg, rows, table }, null, 2)}\n`,
);
