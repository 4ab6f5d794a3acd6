/**
 * `gongpei solve <file>`: solve a VRPLIB CVRP, Solomon VRPTW or VROOM JSON instance with the engine.
 *
 * `--json` prints exactly { cost, routes, unassigned, seconds } (a stable interface other tools call):
 * routes hold the job ids as written in the file (VRPLIB node numbers, Solomon customer numbers,
 * VROOM job ids), depot excluded; cost is the independent checker's recomputation, not the search's.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { solve } from '../../solver/index.ts';
import os from 'node:os';
import { hgsParams } from '../../solver/params.ts';
import { check, type CheckResult } from '../../solver/check.ts';
import type { Solution } from '../../solver/types.ts';
import { readVrplib, writeSol, type EuclidConvention, type InstanceRead } from '../../io/vrplib.ts';
import { readSolomon } from '../../io/solomon.ts';
import { readVroom, writeVroomOutput, type VroomRead } from '../../io/vroom.ts';

export type InstanceFormat = 'vrplib' | 'solomon' | 'vroom';
const FORMATS: InstanceFormat[] = ['vrplib', 'solomon', 'vroom'];

/** Format from the extension, else from the content. */
export function detectFormat(file: string, text: string): InstanceFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.vrp' || ext === '.vrplib') return 'vrplib';
  if (ext === '.json') return 'vroom';
  const head = text.trimStart();
  if (head.startsWith('{')) return 'vroom';
  if (/^\s*(NAME|DIMENSION|TYPE)\s*:/m.test(text) || /NODE_COORD_SECTION/.test(text)) return 'vrplib';
  if (/^\s*VEHICLE\s*$/m.test(text) && /^\s*CUSTOMER\s*$/m.test(text)) return 'solomon';
  throw new Error(`${file}: cannot tell the format (use --format ${FORMATS.join('|')})`);
}

export function readInstance(file: string, format?: InstanceFormat, rounding?: string): InstanceRead {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const text = readFileSync(file, 'utf8');
  const fmt = format ?? detectFormat(file, text);
  if (fmt === 'vrplib') {
    const allowed = ['auto', 'nint', 'exact', 'ceil'];
    if (rounding !== undefined && !allowed.includes(rounding))
      throw new Error(`--rounding: for vrplib use ${allowed.join('|')}, got "${rounding}"`);
    return readVrplib(text, { source: file, distance: rounding as EuclidConvention | undefined });
  }
  if (fmt === 'solomon') {
    const allowed = ['dimacs', 'exact'];
    if (rounding !== undefined && !allowed.includes(rounding))
      throw new Error(`--rounding: for solomon use ${allowed.join('|')}, got "${rounding}"`);
    return readSolomon(text, { source: file, distance: rounding as 'dimacs' | 'exact' | undefined });
  }
  if (rounding !== undefined) throw new Error('--rounding does not apply to vroom input (matrices are used as given)');
  return readVroom(text, { source: file });
}

/** Best-known value from a bks.csv next to the file (distance-only row), if any. */
function lookupBks(file: string, name: string): number | undefined {
  const csv = path.join(path.dirname(file), 'bks.csv');
  if (!existsSync(csv)) return undefined;
  for (const line of readFileSync(csv, 'utf8').split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells[1] === name && !/hierarchical/.test(line)) {
      const v = Number(cells[4]);
      if (Number.isFinite(v)) return v;
    }
  }
  return undefined;
}

/** 1e-6 rounding of printed costs: hides float noise of one-decimal sums (827.3000000000001). */
export function roundCost(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function externalId(id: string): number | string {
  return /^-?\d+$/.test(id) ? Number(id) : id;
}

export interface SolveJson {
  cost: number;
  routes: Array<Array<number | string>>;
  unassigned: Array<{ id: number | string; reason: string; detail?: string }>;
  seconds: number;
}

export function solveJson(read: InstanceRead, solution: Solution, checked: CheckResult, seconds: number): SolveJson {
  return {
    cost: roundCost(checked.cost),
    routes: solution.routes.filter((r) => r.jobs.length > 0).map((r) => r.jobs.map((j) => externalId(read.jobIds[j]))),
    unassigned: solution.unassigned.map((u) => ({
      id: externalId(read.jobIds[u.job]),
      reason: u.reason,
      ...(u.detail ? { detail: u.detail } : {}),
    })),
    seconds: Math.round(seconds * 1000) / 1000,
  };
}

interface SolveCliOptions {
  format?: string;
  time: string;
  seed: string;
  threads: string;
  json?: boolean;
  out?: string;
  vroomOutput?: boolean;
  rounding?: string;
}

export function register(program: Command): void {
  program
    .command('solve <file>')
    .description('solve a VRPLIB (CVRP), Solomon (VRPTW) or VROOM JSON instance')
    .option('--format <format>', `input format: ${FORMATS.join('|')} (default: from extension/content)`)
    .option('--time <seconds>', 'time limit in seconds', '10')
    .option('--seed <n>', 'random seed', '1')
    .option(
      '--threads <n>',
      'search threads: 1 = this thread only, 0 = one per core (results then vary run to run)',
      '1',
    )
    .option(
      '--rounding <rule>',
      'distance convention: vrplib auto|nint|exact|ceil (auto: CMT* exact, else nint); solomon dimacs|exact',
    )
    .option('--json', 'print { cost, routes, unassigned, seconds } as JSON on stdout')
    .option('--vroom-output', 'with vroom input: print/write the VROOM-like output instead')
    .option('--out <file>', 'also write the result to a file (.sol: VRPLIB solution format; otherwise JSON)')
    .action(async (file: string, opts: SolveCliOptions) => {
      const format = opts.format as InstanceFormat | undefined;
      if (format !== undefined && !FORMATS.includes(format))
        throw new Error(`--format: expected ${FORMATS.join('|')}, got "${opts.format}"`);
      const timeLimit = Number(opts.time);
      if (!Number.isFinite(timeLimit) || timeLimit <= 0)
        throw new Error(`--time: expected a positive number of seconds, got "${opts.time}"`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got "${opts.seed}"`);
      const threadsArg = Number(opts.threads);
      if (!Number.isInteger(threadsArg) || threadsArg < 0)
        throw new Error(`--threads: expected 0 (one per core) or a positive integer, got "${opts.threads}"`);
      // Range-checked like every HgsParams field (throws with the allowed range).
      const params = hgsParams({ threads: threadsArg === 0 ? os.availableParallelism() : threadsArg });

      const read = readInstance(file, format, opts.rounding);
      const isVroom = 'vehicleIdValues' in read;
      if (opts.vroomOutput && !isVroom) throw new Error('--vroom-output needs vroom (JSON) input');
      const { problem } = read;
      if (!opts.json) {
        process.stderr.write(
          `${read.name}: ${problem.jobs.length} jobs, ${problem.vehicles.length} vehicle type(s); ${read.convention}\n`,
        );
      }
      let lastReport = 0;
      const started = performance.now();
      const solution = solve(problem, {
        timeLimit,
        seed,
        params: { threads: params.threads },
        onProgress: (p) => {
          if (opts.json || p.elapsedSeconds - lastReport < 1) return;
          lastReport = p.elapsedSeconds;
          process.stderr.write(
            `  ${p.elapsedSeconds.toFixed(1)} s  best ${roundCost(p.bestCost)}${p.feasible ? '' : ' (infeasible)'}\n`,
          );
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const checked = check(problem, solution);
      if (!checked.feasible) {
        process.stderr.write(
          `gongpei: warning: the checker found ${checked.violations.length} violation(s):\n  ${checked.violations.slice(0, 10).join('\n  ')}\n`,
        );
        process.exitCode = 1;
      }
      const result = solveJson(read, solution, checked, seconds);
      const document = opts.vroomOutput ? writeVroomOutput(read as VroomRead, solution, checked) : result;
      if (opts.out) {
        const text = opts.out.toLowerCase().endsWith('.sol')
          ? writeSol(problem, solution, result.cost)
          : JSON.stringify(document, null, 2) + '\n';
        writeFileSync(opts.out, text);
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(document) + '\n');
        return;
      }
      const used = result.routes.length;
      // The known values use each set's default convention: no gap when --rounding changed it.
      const bks = opts.rounding === undefined ? (read.bks ?? lookupBks(file, read.name)) : undefined;
      const gap = bks ? ` (BKS ${bks}, gap ${(((result.cost - bks) / bks) * 100).toFixed(2)}%)` : '';
      const lines = [
        `cost ${result.cost}${gap}`,
        `routes ${used}, unassigned ${result.unassigned.length}, ${checked.feasible ? 'feasible (checker)' : 'INFEASIBLE (checker)'}, ${result.seconds} s`,
      ];
      for (const u of result.unassigned.slice(0, 20))
        lines.push(`  unassigned ${u.id}: ${u.reason}${u.detail ? ` (${u.detail})` : ''}`);
      if (opts.out) lines.push(`written to ${opts.out}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
