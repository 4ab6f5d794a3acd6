/**
 * VROOM JSON: the example input read and solved, the output's numbers consistent with the checker,
 * coordinates-only input, open routes, and clear errors for what is not supported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVroom, writeVroomOutput, DETOUR_FACTOR } from '../../src/io/vroom.ts';
import { check } from '../../src/solver/check.ts';
import { solve } from '../../src/solver/index.ts';

const examplePath = path.resolve(import.meta.dirname, '../../data/benchmarks/vroom-example.json');
const exampleText = readFileSync(examplePath, 'utf8');

describe('VROOM example', () => {
  it('reads vehicles, jobs and matrices into the engine model', () => {
    const read = readVroom(exampleText, { source: 'vroom-example.json' });
    const raw = JSON.parse(exampleText);
    const { problem } = read;
    expect(read.estimated).toBe(false);
    expect(problem.size).toBe(raw.matrices.car.durations.length);
    expect(problem.vehicles).toHaveLength(2);
    const v = problem.vehicles[0];
    expect(v).toMatchObject({
      id: '1',
      start: 0,
      end: 0,
      capacity: [80, 600],
      skills: [1],
      twStart: 25200,
      twEnd: 64800,
      count: 1,
      fixedCost: 50,
      maxDuration: 21600,
      maxDistance: Infinity,
    });
    expect(v.costPerDuration).toBeCloseTo(30 / 3600, 12);
    expect(v.costPerDistance).toBeCloseTo(1.2 / 1000, 12);
    // Defaults: VROOM's per_hour is 3600 (cost = seconds) unless given.
    expect(
      readVroom(JSON.stringify({ ...raw, vehicles: [{ id: 9, start_index: 0, capacity: [80, 600] }] })).problem
        .vehicles[0].costPerDuration,
    ).toBe(1);
    const j = problem.jobs[1];
    expect(j).toMatchObject({ id: '102', location: 2, service: 300, timeWindows: [[36000, 41400]] });
    expect(j.delivery).toEqual(raw.jobs[1].delivery);
    expect(j.pickup).toEqual(raw.jobs[1].pickup);
    expect(problem.distances[0 * problem.size + 3]).toBe(raw.matrices.car.distances[0][3]);
    expect(problem.durations[3 * problem.size + 0]).toBe(raw.matrices.car.durations[3][0]);
  });

  it('is solved feasibly and the VROOM-like output agrees with the checker', () => {
    const read = readVroom(exampleText);
    const solution = solve(read.problem, { timeLimit: 1, seed: 1 });
    const checked = check(read.problem, solution);
    expect(checked.violations).toEqual([]);
    expect(solution.unassigned).toEqual([]);
    expect(checked.cost).toBeCloseTo(solution.cost, 6);
    const out = writeVroomOutput(read, solution, checked);
    expect(out.code).toBe(0);
    expect(out.summary.unassigned).toBe(0);
    expect(out.summary.cost).toBeCloseTo(checked.cost, 9);
    const raw = JSON.parse(exampleText);
    const allIds = raw.jobs.map((x: { id: number }) => x.id).sort();
    const servedIds = out.routes.flatMap((r) => r.steps.filter((s) => s.type === 'job').map((s) => s.id)).sort();
    expect(servedIds).toEqual(allIds);
    for (const route of out.routes) {
      const steps = route.steps;
      expect(steps[0].type).toBe('start');
      expect(steps[steps.length - 1].type).toBe('end');
      // Cumulated distance at the end = the route's distance; cumulated travel time = sum of matrix legs.
      expect(steps[steps.length - 1].distance).toBe(route.distance);
      let travel = 0;
      for (let k = 1; k < steps.length; k++) {
        travel += raw.matrices.car.durations[steps[k - 1].location_index!][steps[k].location_index!];
        expect(steps[k].duration).toBe(travel);
      }
      // Loads: start = all deliveries of the route; then − delivery + pickup.
      const jobsOnRoute = steps
        .filter((s) => s.type === 'job')
        .map((s) => raw.jobs.find((x: { id: number }) => x.id === s.id));
      let load: number[] = jobsOnRoute.reduce(
        (acc: number[], x: { delivery: number[] }) => acc.map((a, d) => a + x.delivery[d]),
        [0, 0],
      );
      expect(steps[0].load).toEqual(load);
      jobsOnRoute.forEach((x: { delivery: number[]; pickup: number[] }, k: number) => {
        load = load.map((a: number, d: number) => a - x.delivery[d] + x.pickup[d]);
        expect(steps[k + 1].load).toEqual(load);
      });
      // The skill job 107 rides only on vehicle 1.
      if (jobsOnRoute.some((x: { id: number }) => x.id === 107)) expect(route.vehicle).toBe(1);
    }
  });
});

describe('VROOM input variants', () => {
  it('coordinates only: haversine × detour estimate, deduplicated locations', () => {
    const input = {
      vehicles: [{ id: 1, start: [115.0, 36.0], end: [115.0, 36.0], capacity: [10] }],
      jobs: [
        { id: 1, location: [115.1, 36.0], delivery: [3] },
        { id: 2, location: [115.0, 36.1], delivery: [3] },
        { id: 3, location: [115.1, 36.0], delivery: [2] },
      ],
    };
    const read = readVroom(JSON.stringify(input));
    expect(read.estimated).toBe(true);
    expect(read.problem.size).toBe(3); // depot + two distinct places
    expect(read.problem.jobs.map((j) => j.location)).toEqual([1, 2, 1]);
    // Along a parallel at 36° N: 0.1° of longitude; great circle and parallel agree to < 1 m at this length.
    const alongParallel = 6371008.8 * Math.cos((36 * Math.PI) / 180) * ((0.1 * Math.PI) / 180);
    const expected = Math.round(alongParallel * DETOUR_FACTOR);
    expect(Math.abs(alongParallel * DETOUR_FACTOR - read.problem.distances[0 * 3 + 1])).toBeLessThan(1.5);
    expect(Math.abs(read.problem.distances[0 * 3 + 1] - expected)).toBeLessThanOrEqual(1);
    const solution = solve(read.problem, { timeLimit: 0.5 });
    expect(check(read.problem, solution).feasible).toBe(true);
  });

  it('a vehicle without an end gets an open route (free end location)', () => {
    const input = {
      vehicles: [{ id: 1, start_index: 0, capacity: [5], costs: { per_hour: 0, per_km: 1000 } }],
      jobs: [
        { id: 1, location_index: 1, delivery: [1] },
        { id: 2, location_index: 2, delivery: [1] },
      ],
      matrices: {
        car: {
          durations: [
            [0, 5, 10],
            [5, 0, 5],
            [10, 5, 0],
          ],
          distances: [
            [0, 5, 10],
            [5, 0, 5],
            [10, 5, 0],
          ],
        },
      },
    };
    const read = readVroom(JSON.stringify(input));
    expect(read.freeLocation).toBe(3);
    expect(read.problem.vehicles[0].end).toBe(3);
    const solution = solve(read.problem, { timeLimit: 0.5 });
    const checked = check(read.problem, solution);
    expect(checked.feasible).toBe(true);
    expect(checked.cost).toBeCloseTo(10, 9); // 0 → 1 → 2, no return
    const out = writeVroomOutput(read, solution, checked);
    expect(out.routes[0].steps.map((s) => s.id ?? s.type)).toEqual(['start', 1, 2, 'end']);
    expect(out.routes[0].steps[3].location_index).toBeUndefined();
  });

  it('legacy "matrix", "amount", setup added to service, sorted windows, null = unreachable', () => {
    const input = {
      vehicles: [{ id: 7, start_index: 0, end_index: 0, capacity: [9], time_window: [0, 500] }],
      jobs: [
        {
          id: 1,
          location_index: 1,
          amount: [4],
          setup: 3,
          service: 10,
          time_windows: [
            [300, 350],
            [100, 150],
          ],
        },
        { id: 2, location_index: 2, delivery: [2], pickup: [5] },
      ],
      matrix: [
        [0, 20, 30],
        [20, 0, null],
        [30, null, 0],
      ],
    };
    const read = readVroom(JSON.stringify(input));
    const [a, b] = read.problem.jobs;
    expect(a).toMatchObject({
      delivery: [4],
      pickup: [0],
      service: 13,
      timeWindows: [
        [100, 150],
        [300, 350],
      ],
    });
    expect(b).toMatchObject({ delivery: [2], pickup: [5] });
    expect(read.problem.durations[1 * 3 + 2]).toBe(Infinity);
    expect(read.problem.distances[0 * 3 + 1]).toBe(0); // no distances given: zero, and nothing uses them
    const solution = solve(read.problem, { timeLimit: 0.3 });
    const checked = check(read.problem, solution);
    expect(checked.violations).toEqual([]);
    // 1 and 2 cannot follow each other (null legs), and there is one vehicle: one job is left out.
    expect(solution.unassigned).toHaveLength(1);
    expect(() =>
      readVroom(JSON.stringify({ ...input, vehicles: [{ ...input.vehicles[0], costs: { per_km: 1 } }] }), {
        source: 'm.json',
      }),
    ).toThrow('m.json:matrices.car.distances: needed: a vehicle has costs.per_km or max_distance');
  });

  it.each([
    [
      { vehicles: [{ id: 1, start_index: 0 }], jobs: [], shipments: [{ pickup: {}, delivery: {} }] },
      'x.json:shipments: shipments (paired pickup and delivery) are not supported; use jobs with delivery/pickup amounts',
    ],
    [
      { vehicles: [{ id: 1, start: [1, 2], breaks: [{ id: 1 }] }], jobs: [] },
      'x.json:vehicles[0].breaks: not supported',
    ],
    [
      {
        vehicles: [{ id: 1, start_index: 0 }],
        jobs: [{ id: 1, location_index: 4 }],
        matrices: {
          car: {
            durations: [
              [0, 1],
              [1, 0],
            ],
          },
        },
      },
      'x.json:jobs[0].location_index: 4 outside the matrix (size 2)',
    ],
    [
      {
        vehicles: [{ id: 1, start_index: 0, capacity: [4] }],
        jobs: [{ id: 1, location_index: 1, delivery: [1, 2] }],
        matrices: {
          car: {
            durations: [
              [0, 1],
              [1, 0],
            ],
          },
        },
      },
      'x.json:jobs[0].delivery: has 2 dimensions, vehicle capacities have 1',
    ],
    [
      {
        vehicles: [
          { id: 1, start_index: 0, profile: 'car' },
          { id: 2, start_index: 0, profile: 'bike' },
        ],
        jobs: [],
      },
      'x.json:vehicles: several routing profiles (car, bike) are not supported; one matrix serves all vehicles',
    ],
    [
      {
        vehicles: [{ id: 1, start_index: 0 }],
        jobs: [{ id: 1, location_index: 1 }],
        matrices: { car: { durations: [[0, 1], [1]] } },
      },
      'x.json:matrices.car.durations[1]: expected a row of 2 numbers (square matrix)',
    ],
    [{ vehicles: [{ id: 1 }], jobs: [] }, 'x.json:vehicles[0]: needs a start or an end'],
  ])('rejects bad or unsupported input clearly (%#)', (input, message) => {
    expect(() => readVroom(JSON.stringify(input), { source: 'x.json' })).toThrow(message);
  });

  it('reports JSON syntax errors with a line number', () => {
    expect(() => readVroom('{\n  "vehicles": [\n    {"id": 1,, }\n  ]\n}', { source: 'y.json' })).toThrow(
      /^y\.json:3:json: not valid JSON/,
    );
  });
});
