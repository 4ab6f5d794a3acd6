/**
 * Random property tests (seeded): every solve() result passes the independent checker, the checker's cost
 * equals the solution's cost, every job is accounted for, and an unassigned job could not have been
 * inserted anywhere feasibly. Plus the reasons for unassigned jobs.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/solver/check.ts';
import { solve } from '../../src/solver/index.ts';
import type { Problem } from '../../src/solver/types.ts';
import { insertionExists, randomProblem, type RandomOptions } from './helpers.ts';

const profiles: Array<[string, Omit<RandomOptions, 'seed'>]> = [
  ['capacities', { n: 30, capacityFactor: 3 }],
  ['time windows', { n: 25, timeWindows: true, capacityFactor: 4 }],
  ['shifts with duration cost', { n: 25, shift: true, durationCost: true, service: true }],
  ['pickups and deliveries (2 dimensions)', { n: 25, pickups: true, dims: 2 }],
  ['skills on two vehicle types', { n: 25, skills: true, types: 2, fixedCost: true }],
  [
    'multiple types, limited counts (some jobs left over)',
    { n: 30, types: 2, counts: [1, 1], fixedCost: true, durationCost: true },
  ],
  ['max distance and max duration', { n: 20, maxDistance: true, maxDuration: true, service: true }],
  [
    'everything at once, asymmetric',
    {
      n: 25,
      asymmetric: true,
      timeWindows: true,
      pickups: true,
      dims: 2,
      skills: true,
      types: 2,
      counts: [3, 2],
      shift: true,
      maxDistance: true,
      durationCost: true,
    },
  ],
];

describe('every solve() result passes check()', () => {
  for (const [name, options] of profiles) {
    it(name, () => {
      for (const seed of [11, 12]) {
        const problem = randomProblem({ ...options, seed: seed * 104729 + name.length });
        const solution = solve(problem, { timeLimit: 0.4, seed });
        const checked = check(problem, solution);
        const where = `${name}, seed ${seed}`;
        expect(checked.violations, where).toEqual([]);
        expect(checked.cost, where).toBeCloseTo(solution.cost, 6);
        for (const u of solution.unassigned) {
          expect(
            insertionExists(problem, solution, u.job),
            `${where}: job ${u.job} (${u.reason}) could be inserted`,
          ).toBe(false);
        }
      }
    });
  }
});

/** Two customers on a line; one van with a cold-chain skill (1), capacity 10. */
function small(): Problem {
  const size = 3;
  const d = new Float64Array([0, 10, 20, 10, 0, 10, 20, 10, 0]);
  return {
    size,
    distances: d,
    durations: d,
    vehicles: [
      {
        id: 'van',
        start: 0,
        end: 0,
        capacity: [10],
        skills: [1],
        twStart: 0,
        twEnd: 100,
        maxDuration: Infinity,
        maxDistance: Infinity,
        fixedCost: 0,
        costPerDistance: 1,
        costPerDuration: 0,
        count: 2,
      },
    ],
    jobs: [
      { id: 'ok', location: 1, delivery: [3], pickup: [0], service: 0, timeWindows: [], skills: [1], priority: 0 },
      { id: 'x', location: 2, delivery: [3], pickup: [0], service: 0, timeWindows: [], skills: [], priority: 0 },
    ],
  };
}

describe('unassigned reasons', () => {
  it.each([
    [
      'skill',
      (p: Problem) => {
        p.jobs[1].skills = [2];
      },
    ],
    [
      'capacity',
      (p: Problem) => {
        p.jobs[1].delivery = [11];
      },
    ],
    [
      'capacity',
      (p: Problem) => {
        p.jobs[1].delivery = [0];
        p.jobs[1].pickup = [12];
      },
    ],
    [
      'time_window',
      (p: Problem) => {
        p.jobs[1].timeWindows = [[0, 15]];
      },
    ],
    [
      'shift',
      (p: Problem) => {
        p.vehicles[0].twEnd = 30;
      },
    ],
    [
      'unreachable',
      (p: Problem) => {
        const dist = new Float64Array(p.distances);
        for (const k of [2, 5, 6, 7]) dist[k] = Infinity; // location 2 cut off both ways
        p.distances = dist;
        p.durations = dist;
      },
    ],
    [
      'max_distance',
      (p: Problem) => {
        p.vehicles[0].maxDistance = 30;
      },
    ],
    [
      'max_duration',
      (p: Problem) => {
        p.vehicles[0].maxDuration = 30;
      },
    ],
  ] as const)('a job that no vehicle can take is unassigned with reason %s', (reason, mutate) => {
    const problem = small();
    mutate(problem);
    const solution = solve(problem, { timeLimit: 0.2 });
    expect(check(problem, solution).violations).toEqual([]);
    expect(solution.unassigned.map((u) => [u.job, u.reason])).toEqual([[1, reason]]);
    expect(solution.routes.flatMap((r) => r.jobs)).toEqual([0]);
  });

  it('jobs that fit alone but not together: the fleet reason, lowest priority dropped', () => {
    const problem = small();
    problem.vehicles[0].count = 1;
    problem.jobs[0].delivery = [7];
    problem.jobs[1].delivery = [7];
    problem.jobs[1].priority = 5;
    const solution = solve(problem, { timeLimit: 0.2 });
    expect(check(problem, solution).violations).toEqual([]);
    expect(solution.unassigned.map((u) => [u.job, u.reason])).toEqual([[0, 'fleet']]);
  });
});
