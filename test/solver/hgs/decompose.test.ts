/**
 * Decomposition (hgs/decompose.ts) on instances made small enough to test: whatever the subproblems do,
 * the merged plan must stay complete and feasible, respect every vehicle count, and claim the cost the
 * independent checker recomputes.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/solver/check.ts';
import { engineCostMatches, solve } from '../../../src/solver/index.ts';
import { randomProblem, type RandomOptions } from '../helpers.ts';

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
    const checked = check(problem, solution);
    expect(checked.violations).toEqual([]);
    expect(engineCostMatches(solution, checked.cost)).toBe(true);
    const routed = solution.routes.reduce((s, r) => s + r.jobs.length, 0);
    expect(routed + solution.unassigned.length).toBe(problem.jobs.length);
    problem.vehicles.forEach((v, t) =>
      expect(solution.routes.filter((r) => r.vehicle === t).length).toBeLessThanOrEqual(v.count),
    );
    // reported best costs never increase
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeLessThanOrEqual(progress[i - 1] + 1e-9);
  });
});
