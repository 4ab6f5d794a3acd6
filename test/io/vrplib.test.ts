/**
 * Readers: the published best-known solutions recompute exactly to their BKS through reader + checker,
 * conventions matter, and malformed files give errors that name the file, line and field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVrplib, readSol, solutionFromSol, writeSol } from '../../src/io/vrplib.ts';
import { readSolomon } from '../../src/io/solomon.ts';
import { check } from '../../src/solver/check.ts';

const dir = path.resolve(import.meta.dirname, '../../data/benchmarks');
const text = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

/** Distance-only BKS of bks.csv, read independently of the bench script. */
function bks(instance: string): number {
  const row = text('bks.csv')
    .split('\n')
    .find((l) => l.split(',')[1] === instance && !l.includes('hierarchical'));
  if (!row) throw new Error(`no bks row for ${instance}`);
  return Number(row.split(',')[4]);
}

describe('BKS solutions recompute to their best-known values', () => {
  it.each([
    'A-n32-k5',
    'B-n45-k5',
    'E-n51-k5',
    'P-n76-k5',
    'A-n80-k10',
    'X-n101-k25',
    'X-n200-k36',
    'X-n303-k21',
    'X-n502-k39',
    'X-n655-k131',
    'X-n1001-k43',
  ])('CVRP %s (nint per edge)', (name) => {
    const read = readVrplib(text(`${name}.vrp`), { source: `${name}.vrp` });
    const sol = readSol(text(`${name}.sol`));
    const solution = solutionFromSol(read.problem, sol);
    const result = check(read.problem, solution);
    expect(result.violations).toEqual([]);
    expect(solution.unassigned).toEqual([]);
    expect(result.cost).toBe(bks(name));
    expect(result.cost).toBe(sol.cost);
  });

  it('CMT1 = 524.61 with real-valued Euclidean (auto), 521 with nint', () => {
    const sol = readSol(text('CMT1.sol'));
    const exact = readVrplib(text('CMT1.vrp'));
    expect(exact.convention).toMatch(/real-valued/);
    const cost = check(exact.problem, solutionFromSol(exact.problem, sol)).cost;
    expect(cost).toBeCloseTo(524.611, 3);
    expect(Math.round(cost * 100) / 100).toBe(bks('CMT1'));
    const nint = readVrplib(text('CMT1.vrp'), { distance: 'nint' });
    expect(check(nint.problem, solutionFromSol(nint.problem, sol)).cost).toBe(521);
  });

  it.each(['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201'])(
    'Solomon %s (DIMACS: truncated to one decimal)',
    (name) => {
      const read = readSolomon(text(`${name}.txt`), { source: `${name}.txt` });
      const solution = solutionFromSol(read.problem, readSol(text(`${name}.sol`)));
      const result = check(read.problem, solution);
      expect(result.violations).toEqual([]);
      expect(result.cost).toBeCloseTo(bks(name), 6);
    },
  );

  it('C101 = 827.3 and R101 = 1637.7 as the acceptance names them', () => {
    for (const [name, value] of [
      ['C101', 827.3],
      ['R101', 1637.7],
    ] as const) {
      const read = readSolomon(text(`${name}.txt`));
      expect(check(read.problem, solutionFromSol(read.problem, readSol(text(`${name}.sol`)))).cost).toBeCloseTo(
        value,
        9,
      );
    }
  });

  it('under double precision the RC101 .sol breaks a time window (the convention matters)', () => {
    const read = readSolomon(text('RC101.txt'), { distance: 'exact' });
    const result = check(read.problem, solutionFromSol(read.problem, readSol(text('RC101.sol'))));
    expect(result.feasible).toBe(false);
    expect(result.violations.join('\n')).toMatch(/after its last time window closes/);
  });
});

describe('readVrplib', () => {
  it('reads A-n32-k5: depot, demands, capacity, nint distances, ids as in the file', () => {
    const read = readVrplib(text('A-n32-k5.vrp'));
    expect(read.name).toBe('A-n32-k5');
    expect(read.bks).toBe(784); // from "Optimal value: 784" in the COMMENT
    const { problem } = read;
    expect(problem.size).toBe(32);
    expect(problem.jobs).toHaveLength(31);
    expect(read.jobIds[0]).toBe('2');
    expect(problem.jobs[0]).toMatchObject({ location: 1, delivery: [19] });
    expect(problem.vehicles[0]).toMatchObject({ start: 0, end: 0, capacity: [100] });
    // node 1 (82,76) – node 2 (96,44): sqrt(14² + 32²) = 34.93 → 35
    expect(problem.distances[0 * 32 + 1]).toBe(35);
  });

  it('reads X headers with tabs and CRLF', () => {
    const read = readVrplib(text('X-n101-k25.vrp'));
    expect(read.name).toBe('X-n101-k25');
    expect(read.problem.jobs).toHaveLength(100);
    expect(read.problem.vehicles[0].capacity).toEqual([206]);
  });

  it('reads EXPLICIT lower-row matrices', () => {
    const file = [
      'NAME : tiny',
      'TYPE : CVRP',
      'DIMENSION : 3',
      'EDGE_WEIGHT_TYPE : EXPLICIT',
      'EDGE_WEIGHT_FORMAT : LOWER_ROW',
      'CAPACITY : 10',
      'EDGE_WEIGHT_SECTION',
      '4',
      '5 3',
      'DEMAND_SECTION',
      '1 0',
      '2 4',
      '3 5',
      'DEPOT_SECTION',
      '1',
      '-1',
      'EOF',
    ].join('\n');
    const { problem } = readVrplib(file);
    expect(Array.from(problem.distances)).toEqual([0, 4, 5, 4, 0, 3, 5, 3, 0]);
  });

  it.each([
    [
      'a bad coordinate',
      'NODE_COORD_SECTION\n1 0 0\n2 x 5\nDEMAND_SECTION\n1 0\n2 3\nDEPOT_SECTION\n1\n-1\nEOF',
      'bad.vrp:8:NODE_COORD_SECTION: expected a number, got "x"',
    ],
    [
      'a missing demand',
      'NODE_COORD_SECTION\n1 0 0\n2 1 5\nDEMAND_SECTION\n1 0\nDEPOT_SECTION\n1\n-1\nEOF',
      'bad.vrp:9:DEMAND_SECTION: no demand given for node 2',
    ],
    [
      'a short demand row',
      'NODE_COORD_SECTION\n1 0 0\n2 1 5\nDEMAND_SECTION\n1 0\n2\nDEPOT_SECTION\n1\n-1\nEOF',
      'bad.vrp:11:DEMAND_SECTION: expected "<node> <demand>", got "2"',
    ],
    [
      'a depot outside the nodes',
      'NODE_COORD_SECTION\n1 0 0\n2 1 5\nDEMAND_SECTION\n1 0\n2 3\nDEPOT_SECTION\n9\n-1\nEOF',
      'bad.vrp:13:DEPOT_SECTION: depot node 9 outside 1…2',
    ],
  ])('reports %s with file, line and field', (_what, body, message) => {
    const file = `NAME : bad\nTYPE : CVRP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\n${body}`;
    expect(() => readVrplib(file, { source: 'bad.vrp' })).toThrow(message);
  });

  it('rejects missing CAPACITY and unsupported types', () => {
    expect(() =>
      readVrplib('NAME : a\nDIMENSION : 2\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n', { source: 'a.vrp' }),
    ).toThrow('a.vrp:-:CAPACITY: missing CAPACITY');
    expect(() => readVrplib('NAME : a\nTYPE : TSP\nDIMENSION : 2\n', { source: 'a.vrp' })).toThrow(
      'a.vrp:2:TYPE: only CVRP is supported, got "TSP"',
    );
  });

  it('.sol round trip', () => {
    const read = readVrplib(text('A-n32-k5.vrp'));
    const sol = readSol(text('A-n32-k5.sol'));
    const solution = solutionFromSol(read.problem, sol);
    const again = readSol(writeSol(read.problem, solution, 784));
    expect(again).toEqual(sol);
    expect(() => readSol('Route #1: 1 2\nfoo', 'x.sol')).toThrow(
      'x.sol:2:line: expected "Route #k: …" or "Cost …", got "foo"',
    );
  });
});
