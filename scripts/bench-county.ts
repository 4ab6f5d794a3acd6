/**
 * County planner benchmark: `npm run bench:county [-- --sizes daming,300,1000,3000 --time S --seed N
 * --no-compare --no-horizon --horizon-max N]`.
 *
 * Per county (Daming from data/counties/daming; the others from generateCounty({ seed, stations })):
 * - matrix: travel matrix over warehouse + hubs + stations, computed without the disk cache (road graph);
 * - daily: planDay for day 1 (engine time --time, default by size), wall time without the matrix, and with it;
 * - bus: share of the day's parcels on passenger-bus legs (counties with bus_lines.csv), cost without buses;
 * - compare: shared vs both baselines on day 1 — separate (status quo: own fleets) and separateSameNetwork (same
 *   depots, hubs, vehicle types, buses: pooling alone), equal engine time per station; Shapley settlement up to
 *   --shapley-max stations (default 400);
 * - horizon: 7-day periodic plan vs visiting every day (sizes up to --horizon-max stations, default 1000), with
 *   the county's own service limits (--horizon-limit N sets the county default to N days instead), repeated over
 *   --horizon-seeds seeds (default 3): mean and spread of both sides, never the best of several against one;
 * - trips: multi-trip in the engine vs the older greedy rounds (PlanParams.engineTrips 1 / 0), day 1, the same seeds
 *   1…--trip-seeds (default 3) on both sides, mean ± sd of total cost and CPU seconds (sizes up to --trips-max
 *   stations, default 1000; --no-trips skips it);
 * - peak RSS over the run.
 * Prints a table, a second table of the planning model (trips, buses, baselines), and writes
 * bench/results/county-latest.json (with the commit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../src/model/types.ts';
import { readScenarioFolder } from '../src/io/scenario-folder.ts';
import { generateCounty } from '../src/generate/county.ts';
import { planningNetwork } from '../src/planning/network.ts';
import { planDayDetailed } from '../src/planning/day.ts';
import { compareSharedVsSeparate } from '../src/planning/compare.ts';
import { planHorizon } from '../src/planning/horizon.ts';
import type { TravelMatrix } from '../src/network/types.ts';
import { gitCommit } from './git-commit.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const sizes = (arg('--sizes') ?? 'daming,300,1000,3000')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const seed = Number(arg('--seed') ?? 7);
const fixedTime = arg('--time') !== undefined ? Number(arg('--time')) : undefined;
const doCompare = !process.argv.includes('--no-compare');
const doHorizon = !process.argv.includes('--no-horizon');
const horizonMax = Number(arg('--horizon-max') ?? 1000);
// The periodic plan uses the county's own limits by default ('data'); --horizon-limit N sets the county default to N
// days (stations with their own limit keep it) to explore what a looser standard would save.
const horizonLimitArg = arg('--horizon-limit') ?? 'data';
const horizonSeeds = Number(arg('--horizon-seeds') ?? 3);
const shapleyMax = Number(arg('--shapley-max') ?? 400);
const horizonLimit = horizonLimitArg === 'data' ? null : Number(horizonLimitArg);

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sampleRss, 200);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const log = (s: string) => process.stderr.write(`${s}\n`);
if (process.argv.includes('--timing-only')) {
  await timingReport();
  process.exit(0);
}

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
  sameNetworkCost?: number;
  networkSaving?: number;
  poolingSaving?: number;
  busShare?: number;
  noBusCost?: number;
  shapley?: Record<string, number> | null;
  horizonSd?: number;
  everyDaySd?: number;
  horizonS?: number;
  horizonCost?: number;
  everyDayCost?: number;
  horizonSaving?: number;
  horizonStrategy?: string;
  maxWaitOk?: boolean;
  peakRssMB: number;
  /** Bus legs' price (kpis.busCost) and its share of the day's total cost. */
  busCost?: number;
  busCostShare?: number;
  trips?: TripsRow;
}

// ---- Multi-trip in the engine vs greedy rounds (issue 11) ------------------------------------------------------
const doTrips = !process.argv.includes('--no-trips');
const tripSeeds = Number(arg('--trip-seeds') ?? 3);
const tripsMax = Number(arg('--trips-max') ?? 1000);

interface Side {
  costs: number[];
  mean: number;
  sd: number;
  /** CPU seconds of this process per plan (mean): the engine limit is wall clock, so on a loaded machine say so. */
  cpuS: number;
  unassigned: number[];
  vehicles: number[];
}
interface TripsRow {
  seeds: number[];
  engine: Side;
  rounds: Side;
  /** 1 − rounds mean / engine mean is the saving of engine trips (positive: engine trips cheaper). */
  saving: number;
}

/** Day 1 planned with engine trips and with greedy rounds, seeds 1…n on both sides, same engine time. */
async function tripsVsRounds(scenario: Scenario, matrix: TravelMatrix, timeLimit: number): Promise<TripsRow> {
  const seeds = Array.from({ length: tripSeeds }, (_, k) => k + 1);
  const side = async (engineTrips: number): Promise<Side> => {
    const s: Side = { costs: [], mean: 0, sd: 0, cpuS: 0, unassigned: [], vehicles: [] };
    for (const seed of seeds) {
      const cpu0 = process.cpuUsage();
      const p = await planDayDetailed(scenario, 1, { matrix, timeLimit, seed, params: { engineTrips } });
      const cpu = process.cpuUsage(cpu0);
      s.cpuS += (cpu.user + cpu.system) / 1e6 / seeds.length;
      s.costs.push(p.plan.kpis.totalCost);
      s.unassigned.push(p.plan.kpis.stationsUnassigned);
      s.vehicles.push(p.plan.kpis.vehiclesUsed);
      sampleRss();
    }
    return { ...s, mean: mean(s.costs), sd: sd(s.costs) };
  };
  const engine = await side(1);
  const rounds = await side(0);
  log(
    `  trips (${seeds.length} seeds): engine ${engine.mean.toFixed(0)} ± ${engine.sd.toFixed(0)} (${engine.cpuS.toFixed(1)} CPU s) vs rounds ${rounds.mean.toFixed(0)} ± ${rounds.sd.toFixed(0)} (${rounds.cpuS.toFixed(1)} CPU s)`,
  );
  return { seeds, engine, rounds, saving: rounds.mean > 0 ? 1 - engine.mean / rounds.mean : 0 };
}

/** The planning-model table: trips vs rounds, bus share, both baselines and the savings split. */
function modelTable(list: Row[]): string {
  const f0 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(0));
  const pc = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
  const ms = (s: Side) => `${f0(s.mean)} ± ${f0(s.sd)} (${s.cpuS.toFixed(1)} CPU s)`;
  const head =
    '| county | seeds | engine trips (mean ± sd) | greedy rounds (mean ± sd) | engine vs rounds | bus parcels | bus cost (share of total) | cost w/o bus | shared | separate | separateSameNetwork | network / pooling |';
  const out = [
    head,
    `|${head
      .split('|')
      .slice(1, -1)
      .map(() => '---')
      .join('|')}|`,
  ];
  for (const r of list) {
    const t = r.trips;
    out.push(
      `| ${r.county} | ${t ? t.seeds.length : '—'} | ${t ? ms(t.engine) : '—'} | ${t ? ms(t.rounds) : '—'} | ${t ? pc(-t.saving) : '—'} | ` +
        `${pc(r.busShare)} | ${r.busCost === undefined ? '—' : `${f0(r.busCost)} (${pc(r.busCostShare)})`} | ${f0(r.noBusCost)} | ` +
        `${f0(r.sharedCost)} | ${f0(r.separateCost)} | ${f0(r.sameNetworkCost)} | ${r.networkSaving === undefined ? '—' : `${f0(r.networkSaving)} / ${f0(r.poolingSaving)}`} |`,
    );
  }
  return out.join('\n');
}
// ---------------------------------------------------------------------------------------------------------------

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
  const detail1 = await planDayDetailed(scenario, 1, { matrix: network.matrix, timeLimit: engineSeconds });
  const plan = detail1.plan;
  const dailyS = seconds(t0);
  sampleRss();
  log(
    `  daily: ${dailyS.toFixed(1)} s, cost ${plan.kpis.totalCost}, ${plan.kpis.stationsUnassigned} unassigned, feasible ${plan.check?.feasible}`,
  );
  const row: Row = {
    county: name,
    stations,
    engineSeconds,
    matrixS,
    dailyS,
    dailyWithMatrixS: matrixS + dailyS,
    dailyCost: plan.kpis.totalCost,
    vehicles: plan.kpis.vehiclesUsed,
    unassigned: plan.kpis.stationsUnassigned,
    feasible: plan.check?.feasible ?? false,
    peakRssMB: 0,
  };
  if (scenario.busLines?.length) {
    const busParcels = (plan.busLegs ?? []).reduce((a, l) => a + l.stops.reduce((b, x) => b + x.parcels, 0), 0);
    row.busShare = plan.kpis.parcelsDown > 0 ? busParcels / plan.kpis.parcelsDown : 0;
    row.noBusCost = detail1.withoutBusKpis?.totalCost;
    row.busCost = plan.kpis.busCost ?? 0;
    row.busCostShare = plan.kpis.totalCost > 0 ? row.busCost / plan.kpis.totalCost : 0;
    log(
      `  bus: ${busParcels} parcels (${(row.busShare * 100).toFixed(1)}%), cost ${plan.kpis.totalCost} vs ${row.noBusCost} without buses`,
    );
  }

  if (doCompare) {
    t0 = performance.now();
    const compared = await compareSharedVsSeparate(scenario, 1, {
      matrix: network.matrix,
      timeLimit: engineSeconds,
      noShapley: stations > shapleyMax,
    });
    row.compareS = seconds(t0);
    const c = compared.compare!;
    row.sharedCost = c.shared.totalCost;
    row.separateCost = c.separate.totalCost;
    row.savingsShare = c.savings.costShare;
    row.sameNetworkCost = c.separateSameNetwork?.totalCost;
    row.networkSaving = c.savingsDecomposition?.network;
    row.poolingSaving = c.savingsDecomposition?.pooling;
    row.shapley = c.allocation?.shapley ?? null;
    sampleRss();
    log(
      `  compare: ${row.compareS.toFixed(1)} s, shared ${row.sharedCost} vs separate ${row.separateCost} (${(row.savingsShare * 100).toFixed(1)}%)`,
    );
  }
  if (doTrips && stations <= tripsMax) row.trips = await tripsVsRounds(scenario, network.matrix, engineSeconds);
  if (doHorizon && stations <= horizonMax) {
    t0 = performance.now();
    // Seven day plans per schedule tried: a third of the daily engine time each.
    const horizonScenario: Scenario =
      horizonLimit === null
        ? scenario
        : {
            ...scenario,
            county: { ...scenario.county, defaults: { ...scenario.county.defaults, serviceLimitDays: horizonLimit } },
          };
    const periodic: number[] = [];
    const everyDay: number[] = [];
    let detail!: Awaited<ReturnType<typeof planHorizon>>;
    for (let r = 1; r <= horizonSeeds; r++) {
      detail = await planHorizon(horizonScenario, 7, { matrix: network.matrix, timeLimit: engineSeconds / 3, seed: r });
      periodic.push(detail.horizon.totalCost);
      everyDay.push(detail.horizon.everyDayCost);
    }
    row.horizonS = seconds(t0);
    row.horizonCost = mean(periodic);
    row.everyDayCost = mean(everyDay);
    row.horizonSd = sd(periodic);
    row.everyDaySd = sd(everyDay);
    row.horizonSaving = row.everyDayCost > 0 ? 1 - row.horizonCost / row.everyDayCost : 0;
    row.horizonStrategy = detail.strategy;
    row.maxWaitOk = detail.horizon.stations.every((s) => s.maxWaitDays <= s.limitDays);
    sampleRss();
    log(
      `  horizon (${horizonSeeds} seeds): ${row.horizonS.toFixed(1)} s, ${row.horizonCost.toFixed(0)} ± ${row.horizonSd.toFixed(0)} vs every day ${row.everyDayCost.toFixed(0)} ± ${row.everyDaySd.toFixed(0)} (last: ${detail.strategy})`,
    );
  }
  row.peakRssMB = Math.round(peakRss / 2 ** 20);
  rows.push(row);
}
clearInterval(timer);

const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const header =
  '| county | stations | engine s | matrix s | daily s (excl. / incl. matrix) | daily cost | vehicles | unassigned | bus share (cost w/o bus) | shared vs separate | savings | same network (network / pooling) | 7-day periodic vs every day (mean ± sd) | saving | horizon s | peak RSS MB |';
const lines = [
  header,
  `|${header
    .split('|')
    .slice(1, -1)
    .map(() => '---')
    .join('|')}|`,
];
for (const r of rows) {
  lines.push(
    `| ${r.county} | ${r.stations} | ${f(r.engineSeconds)} | ${f(r.matrixS)} | ${f(r.dailyS)} / ${f(r.dailyWithMatrixS)} | ${f(r.dailyCost, 0)} | ${r.vehicles} | ${r.unassigned} | ` +
      `${r.busShare === undefined ? '—' : `${pct(r.busShare)} (${f(r.noBusCost, 0)})`} | ` +
      `${r.sharedCost === undefined ? '—' : `${f(r.sharedCost, 0)} vs ${f(r.separateCost, 0)}`} | ${pct(r.savingsShare)} | ` +
      `${r.sameNetworkCost === undefined ? '—' : `${f(r.sameNetworkCost, 0)} (${f(r.networkSaving, 0)} / ${f(r.poolingSaving, 0)})`} | ` +
      `${r.horizonCost === undefined ? '—' : `${f(r.horizonCost, 0)} ± ${f(r.horizonSd, 0)} vs ${f(r.everyDayCost, 0)} ± ${f(r.everyDaySd, 0)}`} | ${pct(r.horizonSaving)} | ${f(r.horizonS)} | ${r.peakRssMB} |`,
  );
}
const table = lines.join('\n');
process.stdout.write(
  `${table}\n(periodic run: county default service limit ${horizonLimit === null ? 'as in the data' : `${horizonLimit} days`})\n`,
);
const planningModel = modelTable(rows);
process.stdout.write(`\n${planningModel}\n(engine time per plan is wall clock: CPU seconds say what each side got)\n`);
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(root, 'bench/results/county-latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), command: `npm run bench:county -- ${process.argv.slice(2).join(' ')}`.trim(), machine: { cpus: os.cpus().length, node: process.version }, seed, horizonLimit: horizonLimitArg, commit: gitCommit(root), rows, table, modelTable: planningModel }, null, 2)}\n`,
);

// ---- Timing rows (issue 13): wall and CPU seconds of the Daming 7-day horizon and a 3000-station daily plan. ----
// `--no-timing` skips them; `--timing-only` runs only them. CPU seconds are the whole process (every thread), so on
// a shared machine CPU s / threads estimates the quiet-machine wall time. Writes bench/results/county-timing-latest.json.
interface TimingRow {
  run: string;
  threads: number;
  engineSecondsPerDay: number;
  wallS: number;
  cpuS: number;
  cost: number;
  detail: string;
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; wallS: number; cpuS: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { value, wallS: seconds(t0), cpuS: (c.user + c.system) / 1e6 };
}

async function countyTimings(): Promise<TimingRow[]> {
  const out: TimingRow[] = [];
  const daming = readScenarioFolder(path.join(root, 'data/counties/daming'));
  const dm = (await planningNetwork(daming, { cacheDir: null })).matrix;
  // The bench's horizon setting: a third of Daming's daily engine time (3 s) per day plan; one thread, then all.
  for (const threads of [1, 0]) {
    const r = await timed(() =>
      planHorizon(daming, 7, { matrix: dm, timeLimit: 1, seed: 1, params: { horizonThreads: threads } }),
    );
    const h = r.value.horizon;
    out.push({
      run: 'Daming horizon 7 days',
      threads: threads || os.availableParallelism(),
      engineSecondsPerDay: 1,
      ...r,
      cost: h.totalCost,
      detail: `${r.value.strategy}; every day ${h.everyDayCost}`,
    });
    log(
      `  timing: ${out[out.length - 1].run}, ${threads || 'all'} threads: ${r.wallS.toFixed(1)} s, CPU ${r.cpuS.toFixed(1)} s`,
    );
  }
  const big = generateCounty({ seed, stations: 3000 });
  const r = await timed(async () => {
    const matrix = (await planningNetwork(big, { cacheDir: null })).matrix;
    return planDayDetailed(big, 1, { matrix, timeLimit: 10, seed: 1 });
  });
  out.push({
    run: '3000-station daily (matrix + plan)',
    threads: 1,
    engineSecondsPerDay: 10,
    wallS: r.wallS,
    cpuS: r.cpuS,
    cost: r.value.plan.kpis.totalCost,
    detail: `${r.value.plan.kpis.stationsUnassigned} unassigned`,
  });
  log(`  timing: 3000-station daily: ${r.wallS.toFixed(1)} s, CPU ${r.cpuS.toFixed(1)} s`);
  return out;
}

async function timingReport(): Promise<void> {
  const timing = await countyTimings();
  const tableT = [
    '| run | threads | engine s per day plan | wall s | CPU s | cost | |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...timing.map(
      (t) =>
        `| ${t.run} | ${t.threads} | ${t.engineSecondsPerDay} | ${t.wallS.toFixed(1)} | ${t.cpuS.toFixed(1)} | ${t.cost.toFixed(0)} | ${t.detail} |`,
    ),
  ].join('\n');
  process.stdout.write(`${tableT}\n`);
  writeFileSync(
    path.join(root, 'bench/results/county-timing-latest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), commit: gitCommit(root), machine: { cpus: os.cpus().length, load: os.loadavg(), node: process.version }, rows: timing, table: tableT }, null, 2)}\n`,
  );
}
if (!process.argv.includes('--no-timing')) await timingReport();
