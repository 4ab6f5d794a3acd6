/**
 * Engine benchmark: `npm run bench:engine [-- --time S --set NAME[,NAME] --instances a,b --seed N]`.
 *
 * Runs solve() on public instances (data/benchmarks, copied from PyVRP/VRPLIB) at a fixed time per
 * instance, recomputes every result with the independent checker, and reports the gap to the best-known
 * value of bks.csv. Sets: classic (A/B/P/E/CMT1, 10 s), x (X-n101…n502, 60 s), x-large (X-n655, X-n1001,
 * 60 s), solomon (distance-only DIMACS rows, 60 s). Default: classic, x, solomon. `--time` overrides all.
 * Writes bench/results/engine-<date>.json and bench/results/engine-latest.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { solve } from '../src/solver/index.ts';
import { check } from '../src/solver/check.ts';
import { readVrplib, type InstanceRead } from '../src/io/vrplib.ts';
import { readSolomon } from '../src/io/solomon.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'data/benchmarks');

interface SetDef {
  instances: string[];
  time: number;
  format: 'vrplib' | 'solomon';
}

const SETS: Record<string, SetDef> = {
  classic: { instances: ['A-n32-k5', 'B-n45-k5', 'E-n51-k5', 'CMT1', 'P-n76-k5', 'A-n80-k10'], time: 10, format: 'vrplib' },
  x: { instances: ['X-n101-k25', 'X-n200-k36', 'X-n303-k21', 'X-n502-k39'], time: 60, format: 'vrplib' },
  'x-large': { instances: ['X-n655-k131', 'X-n1001-k43'], time: 60, format: 'vrplib' },
  solomon: { instances: ['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201'], time: 60, format: 'solomon' },
};
const DEFAULT_SETS = ['classic', 'x', 'solomon'];

function parseArgs(argv: string[]): { time?: number; sets: string[]; instances?: string[]; seed: number; resultsDir: string } {
  let time: number | undefined;
  let resultsDir = path.join(root, 'bench/results');
  let sets = DEFAULT_SETS;
  let instances: string[] | undefined;
  let seed = 1;
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
      sets = value().split(',').map((s) => s.trim()).filter(Boolean);
      if (sets.includes('all')) sets = Object.keys(SETS);
      for (const s of sets) if (!SETS[s]) throw new Error(`--set: unknown set "${s}" (${Object.keys(SETS).join(', ')}, all)`);
    } else if (arg === '--instances') {
      instances = value().split(',').map((s) => s.trim()).filter(Boolean);
    } else if (arg === '--seed') {
      seed = Number(value());
      if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got "${argv[i]}"`);
    } else if (arg === '--results-dir') {
      resultsDir = path.resolve(value());
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('npm run bench:engine -- [--time S] [--set classic,x,x-large,solomon|all] [--instances a,b] [--seed N] [--results-dir DIR]\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument "${arg}"`);
    }
  }
  return { time, sets, instances, seed, resultsDir };
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
  seconds: number;
  timeLimit: number;
  feasible: boolean;
  violations: string[];
  rssMB: number;
  convention: string;
  /** Best cost over time (seconds, cost) as reported by onProgress. */
  trace: Array<[number, number]>;
  /** The solution: job ids as in the file (node / customer numbers), depot excluded. */
  solution: string[][];
}

function pad(s: string | number, w: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(w) : t.padStart(w);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const bksMap = readBks();
  const rows: Row[] = [];
  const started = new Date();
  const header = `${pad('set', 8, true)} ${pad('instance', 12, true)} ${pad('n', 5)} ${pad('BKS', 9)} ${pad('cost', 10)} ${pad('gap %', 7)} ${pad('routes', 6)} ${pad('sec', 6)} feasible`;
  process.stdout.write(`${header}\n${'-'.repeat(header.length)}\n`);
  for (const setName of args.sets) {
    const def = SETS[setName];
    const names = args.instances ? def.instances.filter((n) => args.instances!.includes(n)) : def.instances;
    for (const name of names) {
      const known = bksMap.get(name);
      if (!known) throw new Error(`${name}: no distance-only row in data/benchmarks/bks.csv`);
      const read = load(name, def.format);
      const timeLimit = args.time ?? def.time;
      const trace: Array<[number, number]> = [];
      let lastPrint = 0;
      process.stderr.write(`${name}: ${read.problem.jobs.length} customers, ${timeLimit} s …\n`);
      const t0 = performance.now();
      const solution = solve(read.problem, {
        timeLimit,
        seed: args.seed,
        onProgress: (p) => {
          if (p.feasible && (trace.length === 0 || p.bestCost < trace[trace.length - 1][1])) trace.push([Math.round(p.elapsedSeconds * 100) / 100, p.bestCost]);
          if (p.elapsedSeconds - lastPrint >= 5) {
            lastPrint = p.elapsedSeconds;
            process.stderr.write(`  ${p.elapsedSeconds.toFixed(0)} s best ${p.bestCost.toFixed(2)} (${((p.bestCost / known.bks - 1) * 100).toFixed(2)}%)\n`);
          }
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      const checked = check(read.problem, solution);
      const cost = Math.round(checked.cost * 1e6) / 1e6;
      const row: Row = {
        set: setName, instance: name, n: read.problem.jobs.length, bks: known.bks, cost,
        gapPercent: Math.round(((cost - known.bks) / known.bks) * 1e6) / 1e4,
        routes: solution.routes.filter((r) => r.jobs.length > 0).length,
        solution: solution.routes.filter((r) => r.jobs.length > 0).map((r) => r.jobs.map((j) => read.jobIds[j])),
        unassigned: solution.unassigned.length,
        seconds: Math.round(seconds * 100) / 100, timeLimit,
        feasible: checked.feasible && solution.unassigned.length === 0,
        violations: checked.violations.slice(0, 5),
        rssMB: Math.round(process.memoryUsage().rss / 1e6),
        convention: read.convention,
        trace,
      };
      rows.push(row);
      process.stdout.write(
        `${pad(setName, 8, true)} ${pad(name, 12, true)} ${pad(row.n, 5)} ${pad(row.bks, 9)} ${pad(cost.toFixed(2), 10)} ${pad(row.gapPercent.toFixed(2), 7)} ${pad(row.routes, 6)} ${pad(row.seconds.toFixed(1), 6)} ${row.feasible ? 'yes' : `NO (${row.unassigned} unassigned, ${checked.violations.length} violations)`}\n`,
      );
    }
  }
  const means: Record<string, number> = {};
  process.stdout.write('\n');
  for (const setName of args.sets) {
    const r = rows.filter((x) => x.set === setName);
    if (r.length === 0) continue;
    means[setName] = Math.round((r.reduce((a, x) => a + x.gapPercent, 0) / r.length) * 1e4) / 1e4;
    process.stdout.write(`mean gap ${setName}: ${means[setName].toFixed(2)} % over ${r.length} instance(s)${r.every((x) => x.feasible) ? '' : ' (some infeasible!)'}\n`);
  }
  const result = {
    date: started.toISOString(),
    command: `npm run bench:engine -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    seed: args.seed,
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
