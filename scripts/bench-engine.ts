/**
 * Engine benchmark: `npm run bench:engine [-- --time S --set NAME[,NAME] --instances a,b --seeds 1,2,3
 * --iterations N]`.
 *
 * Runs solve() on public instances (data/benchmarks, copied from PyVRP/VRPLIB) at a fixed time per
 * instance, recomputes every result with the independent checker, and reports the gap to the best-known
 * value of bks.csv. Sets: classic (A/B/P/E/CMT1, 10 s), x (X-n101…n502, 60 s), x-large (X-n655 60 s,
 * X-n1001 120 s), solomon (distance-only DIMACS rows, 60 s). Default: classic, x, solomon. `--time` overrides all.
 * `--clock cpu` measures time limits in CPU seconds of the bench process instead of wall seconds.
 * `--param name=value` (repeatable) overrides an HgsParams field (src/solver/params.ts) for ablations.
 * `--threads N` (default os.availableParallelism()) sets HgsParams.threads: the search's threads (the calling
 * thread plus N − 1 workers). With `--clock cpu` a limit counts the CPU of every thread: T CPU s with N busy
 * threads is about T / N s of wall time on an idle machine.
 * `--iterations N` stops each run after N offspring (with a deterministic result per seed), so that two
 * versions of the engine can be compared by CPU time on a shared machine, where wall-clock figures are noisy.
 * Writes bench/results/engine-<date>.json and bench/results/engine-latest.json, with the commit hash, the
 * seeds, the load average, CPU seconds, iteration counts and time-to-target per run.
 */
import { gitCommit } from './git-commit.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { engineCostMatches, hgsParams, solve, type HgsParams } from '../src/solver/index.ts';
import { check } from '../src/solver/check.ts';
import { readVrplib, type InstanceRead } from '../src/io/vrplib.ts';
import { readSolomon } from '../src/io/solomon.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'data/benchmarks');

interface SetDef {
  instances: string[];
  time: number;
  /** Per-instance limits where a goal names another time (issue 13: X-n1001 at 120 s). */
  times?: Record<string, number>;
  format: 'vrplib' | 'solomon';
}

const SETS: Record<string, SetDef> = {
  classic: {
    instances: ['A-n32-k5', 'B-n45-k5', 'E-n51-k5', 'CMT1', 'P-n76-k5', 'A-n80-k10'],
    time: 10,
    format: 'vrplib',
  },
  x: { instances: ['X-n101-k25', 'X-n200-k36', 'X-n303-k21', 'X-n502-k39'], time: 60, format: 'vrplib' },
  'x-large': { instances: ['X-n655-k131', 'X-n1001-k43'], time: 60, times: { 'X-n1001-k43': 120 }, format: 'vrplib' },
  solomon: { instances: ['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201'], time: 60, format: 'solomon' },
};
const DEFAULT_SETS = ['classic', 'x', 'solomon'];

/** Gaps (in %) for which the time to first reach them is reported. */
const TARGET_GAPS = [5, 2, 1, 0.5, 0.3, 0.1, 0];

interface Args {
  time?: number;
  sets: string[];
  instances?: string[];
  seeds: number[];
  iterations?: number;
  /** HgsParams overrides (--param name=value, repeatable): ablations without editing the defaults. */
  params: Partial<HgsParams>;
  /** --clock cpu: time limits in CPU seconds of the bench process (fair A/B on a loaded machine). */
  clock: 'wall' | 'cpu';
  /** --threads N: HgsParams.threads (default os.availableParallelism()); `--param threads=N` also sets it. */
  threads: number;
  resultsDir: string;
}

function parseArgs(argv: string[]): Args {
  let time: number | undefined;
  let resultsDir = path.join(root, 'bench/results');
  let sets = DEFAULT_SETS;
  let instances: string[] | undefined;
  let seeds = [1];
  let iterations: number | undefined;
  const params: Record<string, number> = {};
  let clock: 'wall' | 'cpu' = 'wall';
  let threads: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg}: missing value`);
      return v;
    };
    if (arg === '--time') {
      time = Number(value());
      if (!Number.isFinite(time) || time <= 0) throw new Error(`--time: expected a positive number, got "${argv[i]}"`);
    } else if (arg === '--set') {
      sets = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (sets.includes('all')) sets = Object.keys(SETS);
      for (const s of sets)
        if (!SETS[s]) throw new Error(`--set: unknown set "${s}" (${Object.keys(SETS).join(', ')}, all)`);
    } else if (arg === '--instances') {
      instances = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else if (arg === '--seed' || arg === '--seeds') {
      seeds = value().split(',').map(Number);
      if (seeds.length === 0 || !seeds.every(Number.isInteger))
        throw new Error(`${arg}: expected integers separated by commas, got "${argv[i]}"`);
    } else if (arg === '--iterations') {
      iterations = Number(value());
      if (!Number.isInteger(iterations) || iterations <= 0)
        throw new Error(`--iterations: expected a positive integer, got "${argv[i]}"`);
    } else if (arg === '--clock') {
      const c = value();
      if (c !== 'wall' && c !== 'cpu') throw new Error(`--clock: expected wall or cpu, got "${c}"`);
      clock = c;
    } else if (arg === '--param') {
      const [key, raw] = value().split('=');
      if (!key || raw === undefined || !Number.isFinite(Number(raw)))
        throw new Error(`--param: expected name=number, got "${argv[i]}"`);
      params[key] = Number(raw);
    } else if (arg === '--threads') {
      threads = Number(value());
      if (!Number.isInteger(threads) || threads < 1)
        throw new Error(`--threads: expected a positive integer, got "${argv[i]}"`);
    } else if (arg === '--results-dir') {
      resultsDir = path.resolve(value());
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'npm run bench:engine -- [--time S] [--set classic,x,x-large,solomon|all] [--instances a,b] [--seeds 1,2,3] [--iterations N] [--param name=value …] [--clock wall|cpu] [--threads N] [--results-dir DIR]\n',
      );
      process.exit(0);
    } else {
      throw new Error(`unknown argument "${arg}"`);
    }
  }
  params.threads ??= threads ?? os.availableParallelism();
  hgsParams(params); // range-check now, not after the first instance
  return { time, sets, instances, seeds, iterations, params, clock, threads: params.threads, resultsDir };
}

function readBks(): Map<string, { set: string; bks: number }> {
  const map = new Map<string, { set: string; bks: number }>();
  const lines = readFileSync(path.join(dataDir, 'bks.csv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    if (!line.trim() || /hierarchical objective/.test(line)) continue; // only distance-only rows
    const [set, instance, , , bks] = line.split(',');
    map.set(instance, { set, bks: Number(bks) });
  }
  return map;
}

function load(name: string, format: 'vrplib' | 'solomon'): InstanceRead {
  const file = path.join(dataDir, format === 'vrplib' ? `${name}.vrp` : `${name}.txt`);
  const text = readFileSync(file, 'utf8');
  return format === 'vrplib' ? readVrplib(text, { source: file }) : readSolomon(text, { source: file });
}

interface Row {
  set: string;
  instance: string;
  n: number;
  bks: number;
  cost: number;
  gapPercent: number;
  routes: number;
  unassigned: number;
  seed: number;
  seconds: number;
  /** CPU seconds of this process during the run (user + system, every thread): less sensitive to load than wall time. */
  cpuSeconds: number;
  /** Threads of the search (HgsParams.threads) and CPU seconds per thread (cpuSeconds / threads). */
  threads: number;
  cpuSecondsPerThread: number;
  /** Offspring generated by the genetic search. */
  iterations: number;
  timeLimit: number;
  feasible: boolean;
  violations: string[];
  rssMB: number;
  /** Peak resident memory of the bench process so far (all threads; process.resourceUsage().maxRSS). */
  maxRssMB: number;
  convention: string;
  /** Best cost over time (seconds, cost) as reported by onProgress. */
  trace: Array<[number, number]>;
  /** Seconds until the best feasible cost first came within each gap of TARGET_GAPS (null = never). */
  timeToTarget: Record<string, number | null>;
  /** The solution: job ids as in the file (node / customer numbers), depot excluded. */
  solution: string[][];
}

function pad(s: string | number, w: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(w) : t.padStart(w);
}

function timeToTarget(trace: Array<[number, number]>, bks: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const g of TARGET_GAPS) {
    const hit = trace.find(([, cost]) => (cost - bks) / bks <= g / 100 + 1e-9);
    out[String(g)] = hit ? hit[0] : null;
  }
  return out;
}

function runOne(setName: string, name: string, def: SetDef, known: { bks: number }, args: Args, seed: number): Row {
  const read = load(name, def.format);
  const timeLimit = args.time ?? (args.iterations ? 3600 : (def.times?.[name] ?? def.time));
  const trace: Array<[number, number]> = [];
  let lastPrint = 0;
  let iterations = 0;
  process.stderr.write(
    `${name} seed ${seed}: ${read.problem.jobs.length} customers, ${args.iterations ? `${args.iterations} iterations` : `${timeLimit} s`} …\n`,
  );
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const solution = solve(read.problem, {
    timeLimit,
    seed,
    ...(args.iterations ? { maxIterations: args.iterations } : {}),
    params: args.params,
    clock: args.clock,
    onProgress: (p) => {
      iterations = p.iteration;
      if (p.feasible && (trace.length === 0 || p.bestCost < trace[trace.length - 1][1]))
        trace.push([Math.round(p.elapsedSeconds * 100) / 100, p.bestCost]);
      if (p.elapsedSeconds - lastPrint >= 5) {
        lastPrint = p.elapsedSeconds;
        process.stderr.write(
          `  ${p.elapsedSeconds.toFixed(0)} s best ${p.bestCost.toFixed(2)} (${((p.bestCost / known.bks - 1) * 100).toFixed(2)}%)\n`,
        );
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const checked = check(read.problem, solution);
  const cost = Math.round(checked.cost * 1e6) / 1e6;
  // The engine's own claim must be what the independent checker recomputes.
  const claimed = engineCostMatches(solution, checked.cost);
  const violations = checked.violations.slice(0, 5);
  if (!claimed) violations.unshift(`engine claims cost ${solution.cost}, checker recomputes ${checked.cost}`);
  return {
    set: setName,
    instance: name,
    n: read.problem.jobs.length,
    bks: known.bks,
    cost,
    gapPercent: Math.round(((cost - known.bks) / known.bks) * 1e6) / 1e4,
    routes: solution.routes.filter((r) => r.jobs.length > 0).length,
    solution: solution.routes.filter((r) => r.jobs.length > 0).map((r) => r.jobs.map((j) => read.jobIds[j])),
    unassigned: solution.unassigned.length,
    seed,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 100) / 100,
    threads: args.threads,
    cpuSecondsPerThread: Math.round(((cpu.user + cpu.system) / 1e6 / args.threads) * 100) / 100,
    iterations,
    timeLimit,
    feasible: checked.feasible && solution.unassigned.length === 0 && claimed,
    violations,
    rssMB: Math.round(process.memoryUsage().rss / 1e6),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1e3),
    convention: read.convention,
    trace,
    timeToTarget: timeToTarget(trace, known.bks),
  };
}

function printRow(row: Row): void {
  process.stdout.write(
    `${pad(row.set, 8, true)} ${pad(row.instance, 12, true)} ${pad(row.n, 5)} ${pad(row.seed, 4)} ${pad(row.bks, 9)} ${pad(row.cost.toFixed(2), 10)} ${pad(row.gapPercent.toFixed(2), 7)} ${pad(row.routes, 6)} ${pad(row.seconds.toFixed(1), 6)} ${pad(row.cpuSeconds.toFixed(1), 6)} ${pad(row.iterations, 7)} ${row.feasible ? 'yes' : `NO (${row.unassigned} unassigned, ${row.violations.length} violations)`}\n`,
  );
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  // The code the runs use: taken before they start (a commit made during a long run must not be credited).
  const commit = gitCommit(root);
  const bksMap = readBks();
  const rows: Row[] = [];
  const started = new Date();
  const loadBefore = os.loadavg();
  const header = `${pad('set', 8, true)} ${pad('instance', 12, true)} ${pad('n', 5)} ${pad('seed', 4)} ${pad('BKS', 9)} ${pad('cost', 10)} ${pad('gap %', 7)} ${pad('routes', 6)} ${pad('sec', 6)} ${pad('cpu s', 6)} ${pad('iters', 7)} feasible`;
  process.stdout.write(
    `load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, ${args.threads} thread(s), ${args.clock} clock\n${header}\n${'-'.repeat(header.length)}\n`,
  );
  for (const setName of args.sets) {
    const def = SETS[setName];
    const names = args.instances ? def.instances.filter((n) => args.instances!.includes(n)) : def.instances;
    for (const name of names) {
      const known = bksMap.get(name);
      if (!known) throw new Error(`${name}: no distance-only row in data/benchmarks/bks.csv`);
      for (const seed of args.seeds) {
        const row = runOne(setName, name, def, known, args, seed);
        rows.push(row);
        printRow(row);
      }
    }
  }
  const means: Record<string, number> = {};
  process.stdout.write('\n');
  for (const setName of args.sets) {
    const r = rows.filter((x) => x.set === setName);
    if (r.length === 0) continue;
    means[setName] = Math.round((r.reduce((a, x) => a + x.gapPercent, 0) / r.length) * 1e4) / 1e4;
    const cpu = r.reduce((a, x) => a + x.cpuSeconds, 0);
    process.stdout.write(
      `mean gap ${setName}: ${means[setName].toFixed(2)} % over ${r.length} run(s), ${cpu.toFixed(1)} CPU s${r.every((x) => x.feasible) ? '' : ' (some infeasible!)'}\n`,
    );
  }
  const loadAfter = os.loadavg();
  process.stdout.write(`load average ${loadAfter.map((x) => x.toFixed(2)).join(' ')}\n`);
  const result = {
    date: started.toISOString(),
    command: `npm run bench:engine -- ${process.argv.slice(2).join(' ')}`.trim(),
    commit,
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
    },
    seeds: args.seeds,
    seed: args.seeds[0],
    iterations: args.iterations ?? null,
    params: args.params,
    clock: args.clock,
    threads: args.threads,
    targetGapsPercent: TARGET_GAPS,
    meanGapPercent: means,
    rows,
  };
  const outDir = args.resultsDir;
  mkdirSync(outDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const json = JSON.stringify(result, null, 2) + '\n';
  writeFileSync(path.join(outDir, `engine-${stamp}.json`), json);
  writeFileSync(path.join(outDir, 'engine-latest.json'), json);
  process.stderr.write(`wrote ${path.relative(root, outDir) || '.'}/engine-${stamp}.json and engine-latest.json\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`bench:engine: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
