/**
 * `bench:engine` runs end to end (tiny time limit, results to a temporary folder): the JSON rows carry
 * solutions that recompute to the reported cost, and gaps that match bks.csv.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { readVrplib } from '../../src/io/vrplib.ts';
import { readSolomon } from '../../src/io/solomon.ts';
import { check } from '../../src/solver/check.ts';
import type { InstanceRead } from '../../src/io/vrplib.ts';

const root = path.resolve(import.meta.dirname, '../..');

it('bench:engine writes a table and JSON whose rows recompute', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongpei-bench-'));
  const { stdout } = await promisify(execFile)(
    'node',
    [
      'node_modules/tsx/dist/cli.mjs',
      'scripts/bench-engine.ts',
      '--time',
      '0.5',
      '--set',
      'classic,solomon',
      '--instances',
      'CMT1,R101',
      '--seeds',
      '1,2',
      '--results-dir',
      dir,
    ],
    { cwd: root },
  );
  expect(stdout).toMatch(/load average [\d.]+ [\d.]+ [\d.]+/);
  expect(stdout).toMatch(/classic\s+CMT1\s+50\s+1\s+524\.61\s+[\d.]+\s+[\d.]+\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+ yes/);
  expect(stdout).toMatch(/classic\s+CMT1\s+50\s+2\s+524\.61\s/);
  expect(stdout).toMatch(/mean gap solomon: [\d.]+ % over 2 run\(s\)/);
  const files = readdirSync(dir).sort();
  expect(files).toHaveLength(2);
  expect(files).toContain('engine-latest.json');
  const result = JSON.parse(readFileSync(path.join(dir, 'engine-latest.json'), 'utf8'));
  expect(result.rows.map((r: { instance: string; seed: number }) => `${r.instance}/${r.seed}`)).toEqual([
    'CMT1/1',
    'CMT1/2',
    'R101/1',
    'R101/2',
  ]);
  expect(result.commit).toMatch(/^([0-9a-f]{40}(\+dirty)?|unknown)$/);
  expect(result.seeds).toEqual([1, 2]);
  expect(result.machine.loadAverageBefore).toHaveLength(3);
  const bksCsv = readFileSync(path.join(root, 'data/benchmarks/bks.csv'), 'utf8');
  for (const row of result.rows) {
    const file = path.join(root, 'data/benchmarks', row.instance === 'CMT1' ? 'CMT1.vrp' : 'R101.txt');
    const read: InstanceRead =
      row.instance === 'CMT1' ? readVrplib(readFileSync(file, 'utf8')) : readSolomon(readFileSync(file, 'utf8'));
    const index = new Map(read.jobIds.map((id, j) => [id, j]));
    const solution = {
      routes: row.solution.map((ids: string[]) => ({
        vehicle: 0,
        departure: 0,
        jobs: ids.map((id) => index.get(id)!),
      })),
      unassigned: [],
      cost: 0,
    };
    const checked = check(read.problem, solution);
    expect(checked.violations).toEqual([]);
    expect(checked.cost).toBeCloseTo(row.cost, 5);
    const bks = Number(
      bksCsv
        .split('\n')
        .find((l) => l.split(',')[1] === row.instance && !l.includes('hierarchical'))!
        .split(',')[4],
    );
    expect(row.bks).toBe(bks);
    expect(row.gapPercent).toBeCloseTo(((row.cost - bks) / bks) * 100, 3);
    expect(row.feasible).toBe(true);
    expect(row.iterations).toBeGreaterThan(0);
    expect(row.cpuSeconds).toBeGreaterThan(0);
    // time-to-target: the first trace point within each gap, recomputed from the trace
    for (const [gap, t] of Object.entries(row.timeToTarget as Record<string, number | null>)) {
      const hit = (row.trace as Array<[number, number]>).find(([, c]) => (c - bks) / bks <= Number(gap) / 100 + 1e-9);
      expect(t).toBe(hit ? hit[0] : null);
    }
    expect(row.trace.length).toBeGreaterThan(0);
  }
});
