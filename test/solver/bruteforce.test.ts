/**
 * Tiny random instances (n ≤ 7) against brute-force optima: solve() must reach the optimum.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/solver/check.ts';
import { solve } from '../../src/solver/index.ts';
import { bruteForceOptimum, randomProblem, type RandomOptions } from './helpers.ts';

const kinds: Array<[string, Omit<RandomOptions, 'n' | 'seed'>]> = [
  ['CVRP', {}],
  ['asymmetric CVRP, tight capacity', { asymmetric: true, capacityFactor: 1.6 }],
  [
    'two vehicle types, fixed + duration costs, service, limited counts',
    { types: 2, fixedCost: true, durationCost: true, service: true, counts: [2, 2] },
  ],
  ['time windows and shift end', { timeWindows: true }],
  ['pickups and deliveries, two dimensions', { pickups: true, dims: 2, capacityFactor: 2 }],
  ['skills, two types, max distance', { skills: true, types: 2, maxDistance: true }],
];

describe('solve() reaches brute-force optima on tiny instances', () => {
  for (const [name, options] of kinds) {
    it(name, () => {
      let compared = 0;
      for (let seed = 1; compared < 4 && seed < 40; seed++) {
        const n = 4 + (seed % 4); // 4…7 customers
        const problem = randomProblem({ ...options, n, seed: seed * 7919 });
        const optimum = bruteForceOptimum(problem);
        if (!Number.isFinite(optimum.cost)) continue; // fleet cannot serve all: not a brute-force case
        // The brute-force solution itself must pass the checker at its cost (guards the helper).
        expect(check(problem, optimum.solution!).cost).toBeCloseTo(optimum.cost, 9);
        const solution = solve(problem, { timeLimit: 0.3, seed: 1 });
        const checked = check(problem, solution);
        expect(checked.violations, `${name}, seed ${seed}`).toEqual([]);
        expect(solution.unassigned, `${name}, seed ${seed}`).toEqual([]);
        expect(checked.cost, `${name}, seed ${seed}, n ${n}`).toBeCloseTo(optimum.cost, 6);
        expect(solution.cost).toBeCloseTo(checked.cost, 6);
        compared++;
      }
      expect(compared).toBe(4);
    });
  }
});
