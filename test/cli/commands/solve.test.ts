/**
 * Acceptance of `gongpei solve`: the printed routes are feasible and their checker cost equals the printed
 * cost; the JSON shape is exactly { cost, routes, unassigned, seconds }; errors name file, line and field.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readVrplib, readSol, solutionFromSol } from '../../../src/io/vrplib.ts';
import { readSolomon } from '../../../src/io/solomon.ts';
import { check } from '../../../src/solver/check.ts';
import type { Problem, Solution } from '../../../src/solver/types.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

async function gongpei(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/gongpei.js', ...args], { cwd: root });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Rebuilds a Solution from printed external ids (VRPLIB node numbers / Solomon customer numbers). */
function fromPrinted(problem: Problem, routes: number[][], departure: number): Solution {
  const byId = new Map(problem.jobs.map((j, i) => [j.id, i]));
  const jobs = routes.map((r) =>
    r.map((id) => {
      const j = byId.get(String(id));
      if (j === undefined) throw new Error(`printed id ${id} is not a job`);
      return j;
    }),
  );
  return { routes: jobs.map((js) => ({ vehicle: 0, jobs: js, departure })), unassigned: [], cost: 0 };
}

type Result = Awaited<ReturnType<typeof gongpei>>;
const dir = mkdtempSync(path.join(os.tmpdir(), 'gongpei-solve-'));
const c101Copy = path.join(dir, 'c101-instance.data');
const solFile = path.join(dir, 'out.sol');
const badFile = path.join(dir, 'bad.vrp');
let results: Record<
  'acceptance' | 'solomon' | 'vroom' | 'human' | 'bad' | 'badTime' | 'threads' | 'badThreads',
  Result
>;

// All invocations run concurrently: each spawn pays seconds of start-up on a loaded 2-core machine.
beforeAll(async () => {
  writeFileSync(c101Copy, readFileSync(path.join(root, 'data/benchmarks/C101.txt')));
  writeFileSync(
    badFile,
    'NAME : bad\nTYPE : CVRP\nDIMENSION : 2\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 3 y\nDEMAND_SECTION\n1 0\n2 1\nEOF\n',
  );
  const [acceptance, solomon, vroom, human, bad, badTime, threads, badThreads] = await Promise.all([
    gongpei('solve', 'data/benchmarks/A-n32-k5.vrp', '--time', '2', '--json'),
    gongpei('solve', c101Copy, '--time', '1', '--json', '--out', solFile),
    gongpei('solve', 'data/benchmarks/vroom-example.json', '--time', '1', '--json', '--vroom-output'),
    gongpei('solve', 'data/benchmarks/E-n51-k5.vrp', '--time', '0.5'),
    gongpei('solve', badFile, '--time', '1', '--json'),
    gongpei('solve', 'data/benchmarks/A-n32-k5.vrp', '--time', 'soon'),
    gongpei('solve', 'data/benchmarks/E-n51-k5.vrp', '--time', '2', '--threads', '2', '--json'),
    gongpei('solve', 'data/benchmarks/A-n32-k5.vrp', '--threads', '65'),
  ]);
  results = { acceptance, solomon, vroom, human, bad, badTime, threads, badThreads };
});

describe('gongpei solve', () => {
  it('A-n32-k5 --json: feasible routes whose checker cost equals the printed cost', () => {
    const { stdout, code } = results.acceptance;
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(['cost', 'routes', 'seconds', 'unassigned']);
    expect(out.unassigned).toEqual([]);
    expect(out.seconds).toBeGreaterThan(0);
    expect(out.seconds).toBeLessThan(4);
    const ids = out.routes.flat();
    // Job ids are the node numbers of the file (depot = node 1, excluded): 2…32, each once.
    expect([...ids].sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 31 }, (_, k) => k + 2));
    const { problem } = readVrplib(readFileSync(path.join(root, 'data/benchmarks/A-n32-k5.vrp'), 'utf8'));
    const checked = check(problem, fromPrinted(problem, out.routes, 0));
    expect(checked.violations).toEqual([]);
    expect(checked.cost).toBe(out.cost);
    expect(out.cost).toBeGreaterThanOrEqual(784); // the proven optimum
  });

  it('--threads 2: a worker thread searches too; routes feasible, checker cost = printed cost; out of range refused', () => {
    const { stdout, code } = results.threads;
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.unassigned).toEqual([]);
    const { problem } = readVrplib(readFileSync(path.join(root, 'data/benchmarks/E-n51-k5.vrp'), 'utf8'));
    const checked = check(problem, fromPrinted(problem, out.routes, 0));
    expect(checked.violations).toEqual([]);
    expect(checked.cost).toBe(out.cost);
    expect(out.cost).toBeGreaterThanOrEqual(521); // the proven optimum
    expect(results.badThreads.code).not.toBe(0);
    expect(results.badThreads.stderr).toMatch(/threads/);
  });

  it('Solomon C101 (format from content) --json and --out .sol round trip', () => {
    const { stdout, code } = results.solomon;
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const { problem } = readSolomon(readFileSync(c101Copy, 'utf8'));
    const checked = check(problem, fromPrinted(problem, out.routes, 0));
    expect(checked.violations).toEqual([]);
    expect(checked.cost).toBeCloseTo(out.cost, 6);
    const sol = readSol(readFileSync(solFile, 'utf8'));
    expect(sol.cost).toBe(out.cost);
    expect(check(problem, solutionFromSol(problem, sol)).cost).toBeCloseTo(out.cost, 6);
  });

  it('VROOM input with --vroom-output prints the VROOM-like document', () => {
    const { stdout, code } = results.vroom;
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.code).toBe(0);
    expect(out.summary.unassigned).toBe(out.unassigned.length);
    expect(out.routes.length).toBeGreaterThan(0);
    const served = out.routes.flatMap((r: { steps: Array<{ type: string; id?: number }> }) =>
      r.steps.filter((s) => s.type === 'job').map((s) => s.id),
    );
    expect([...served, ...out.unassigned.map((u: { id: number }) => u.id)].sort()).toEqual([
      101, 102, 103, 104, 105, 106, 107, 108,
    ]);
    expect(out.routes.reduce((a: number, r: { cost: number }) => a + r.cost, 0)).toBeCloseTo(out.summary.cost, 6);
  });

  it('human summary without --json', () => {
    const { stdout, code } = results.human;
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^cost \d+ \(BKS 521, gap \d+\.\d\d%\)\nroutes \d+, unassigned 0, feasible \(checker\), [\d.]+ s\n$/,
    );
  });

  it('errors name the file, line and field; exit code 1', () => {
    const r = results.bad;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`gongpei: ${badFile}:7:NODE_COORD_SECTION: expected a number, got "y"\n`);
    const t = results.badTime;
    expect(t.code).toBe(1);
    expect(t.stderr).toBe('gongpei: --time: expected a positive number of seconds, got "soon"\n');
  });
});
