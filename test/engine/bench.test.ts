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
    ['node_modules/tsx/dist/cli.mjs', 'scripts/bench-engine.ts', '--time', '0.5', '--set', 'classic,solomon', '--instances', 'CMT1,R101', '--results-dir', dir],
    { cwd: root },
  );
  expect(stdout).toMatch(/classic\s+CMT1\s+50\s+524\.61\s+[\d.]+\s+[\d.]+\s+\d+\s+[\d.]+ yes/);
  expect(stdout).toMatch(/mean gap solomon: [\d.]+ % over 1 instance\(s\)/);
  const files = readdirSync(dir).sort();
  expect(files).toHaveLength(2);
  expect(files).toContain('engine-latest.json');
  const result = JSON.parse(readFileSync(path.join(dir, 'engine-latest.json'), 'utf8'));
  expect(result.rows.map((r: { instance: string }) => r.instance)).toEqual(['CMT1', 'R101']);
  const bksCsv = readFileSync(path.join(root, 'data/benchmarks/bks.csv'), 'utf8');
  for (const row of result.rows) {
    const file = path.join(root, 'data/benchmarks', row.instance === 'CMT1' ? 'CMT1.vrp' : 'R101.txt');
    const read: InstanceRead = row.instance === 'CMT1' ? readVrplib(readFileSync(file, 'utf8')) : readSolomon(readFileSync(file, 'utf8'));
    const index = new Map(read.jobIds.map((id, j) => [id, j]));
    const solution = {
      routes: row.solution.map((ids: string[]) => ({ vehicle: 0, departure: 0, jobs: ids.map((id) => index.get(id)!) })),
      unassigned: [], cost: 0,
    };
    const checked = check(read.problem, solution);
    expect(checked.violations).toEqual([]);
    expect(checked.cost).toBeCloseTo(row.cost, 5);
    const bks = Number(bksCsv.split('\n').find((l) => l.split(',')[1] === row.instance && !l.includes('hierarchical'))!.split(',')[4]);
    expect(row.bks).toBe(bks);
    expect(row.gapPercent).toBeCloseTo(((row.cost - bks) / bks) * 100, 3);
    expect(row.feasible).toBe(true);
  }
});
