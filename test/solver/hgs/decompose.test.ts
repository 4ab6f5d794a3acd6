/**
 * Decomposition (hgs/decompose.ts) on instances made small enough to test: whatever the subproblems do,
 * the merged plan must stay complete and feasible, respect every vehicle count, and claim the cost the
 * independent checker recomputes.
 */
import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/solver/index.ts';
import { expectValid, randomProblem, type RandomOptions } from '../helpers.ts';

const cases: Array<[string, RandomOptions]> = [
  ['CVRP', { n: 90, seed: 21 }],
  [
    'time windows, two vehicle types with limited counts',
    { n: 80, seed: 22, timeWindows: true, types: 2, counts: [12, 12], service: true },
  ],
  [
    'pickups and deliveries in two dimensions, max distance',
    { n: 80, seed: 23, pickups: true, dims: 2, maxDistance: true },
  ],
];

describe('decomposition keeps every solution valid', () => {
  it.each(cases)('%s', (_name, opts) => {
    const problem = randomProblem(opts);
    const progress: number[] = [];
    const solution = solve(problem, {
      timeLimit: 3,
      seed: 4,
      params: {
        decompositionMinJobs: 40,
        decompositionSize: 25,
        decompositionIterations: 20,
        decompositionStartShare: 0.3,
      },
      onProgress: (p) => {
        if (p.feasible) progress.push(p.bestCost);
      },
    });
    expectValid(problem, solution);
    // reported best costs never increase
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeLessThanOrEqual(progress[i - 1] + 1e-9);
  });

  it('multi-trip vehicles (reload jobs in the subproblems), two threads', () => {
    const problem = randomProblem({ n: 70, seed: 24, dims: 2, types: 2, counts: [3, 3], capacityFactor: 3 });
    problem.vehicles.forEach((v) => Object.assign(v, { maxTrips: 4, reloadTime: 5 }));
    const solution = solve(problem, {
      timeLimit: 4,
      seed: 6,
      params: {
        threads: 2,
        decompositionMinJobs: 40,
        decompositionSize: 25,
        decompositionIterations: 15,
        decompositionStartShare: 0.3,
      },
    });
    expectValid(problem, solution);
    expect(solution.routes.some((r) => (r.reloads ?? []).length > 0)).toBe(true);
  }, 60_000);
});
