import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/solver/types.ts';
import { problemKey, type SolveCache } from '../../../src/planning/day/solve-cache.ts';
import { planDayDetailed } from '../../../src/planning/day.ts';
import { county, demand, matrixOf, place, recomputeRoutes, van } from '../helpers.ts';

function tiny(): Problem {
  return {
    size: 2,
    distances: new Float64Array([0, 5, 5, 0]),
    durations: new Float64Array([0, 9, 9, 0]),
    vehicles: [
      {
        id: 'v',
        start: 0,
        end: 0,
        capacity: [10],
        skills: [],
        twStart: 0,
        twEnd: 100,
        maxDuration: Infinity,
        maxDistance: Infinity,
        fixedCost: 1,
        costPerDistance: 1,
        costPerDuration: 0,
        count: 1,
      },
    ],
    jobs: [{ id: 'a', location: 1, delivery: [3], pickup: [0], service: 0, timeWindows: [], skills: [], priority: 0 }],
  };
}

describe('problemKey', () => {
  it('is the same for equal problems and differs with anything the engine reads, the seed or the iteration cap', () => {
    const k = problemKey(tiny(), 1, undefined);
    expect(problemKey(tiny(), 1, undefined)).toBe(k);
    expect(problemKey(tiny(), 2, undefined)).not.toBe(k);
    expect(problemKey(tiny(), 1, 50)).not.toBe(k);
    const far = tiny();
    far.distances[1] = 6;
    expect(problemKey(far, 1, undefined)).not.toBe(k);
    const heavier = tiny();
    heavier.jobs[0].delivery = [4];
    expect(problemKey(heavier, 1, undefined)).not.toBe(k);
    // Infinity is not written as null (JSON's default), so a real limit of 0 or null differs from none.
    const capped = tiny();
    capped.vehicles[0].maxDuration = 0;
    expect(problemKey(capped, 1, undefined)).not.toBe(k);
  });
});

describe('a day plan with a solve cache', () => {
  it('planned again with the same cache reuses every solve and gives the same, checker-valid plan', async () => {
    const scenario = county(
      [
        place('W', 'warehouse', 0, 0),
        place('A', 'village', 4, 0),
        place('B', 'village', 0, 5),
        place('C', 'village', 3, 3),
      ],
      [van('v', 'W', { count: 2 })],
      [demand(1, 'A', 'a', 5), demand(1, 'B', 'a', 4), demand(1, 'C', 'b', 6)],
    );
    const matrix = matrixOf(scenario);
    const solveCache: SolveCache = new Map();
    const first = await planDayDetailed(scenario, 1, { matrix, timeLimit: 0.2, seed: 3, solveCache });
    const kept = solveCache.size;
    expect(kept).toBe(first.runs.length);
    const again = await planDayDetailed(scenario, 1, { matrix, timeLimit: 0.2, seed: 3, solveCache });
    expect(solveCache.size).toBe(kept);
    expect(again.plan.routes).toEqual(first.plan.routes);
    expect(again.plan.check).toEqual({ feasible: true, violations: [] });
    expect(recomputeRoutes(scenario, again.plan, matrix)).toEqual([]);
  });
});
