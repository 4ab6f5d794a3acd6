/**
 * The checker against hand-built solutions: each violation type detected, schedule and cost exact.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/solver/check.ts';
import type { Job, Problem, Solution, VehicleType } from '../../src/solver/types.ts';

/** Locations on a line at x = 0, 10, 20, 30 (location 0 = depot); distance = |Δx|, duration = 2·|Δx|. */
function lineProblem(overrides: { vehicles?: Partial<VehicleType>[]; jobs?: Partial<Job>[] } = {}): Problem {
  const xs = [0, 10, 20, 30];
  const size = xs.length;
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      distances[i * size + j] = Math.abs(xs[i] - xs[j]);
      durations[i * size + j] = 2 * Math.abs(xs[i] - xs[j]);
    }
  }
  const baseVehicle: VehicleType = {
    id: 'van',
    start: 0,
    end: 0,
    capacity: [10, 100],
    skills: [],
    twStart: 0,
    twEnd: 1000,
    maxDuration: Infinity,
    maxDistance: Infinity,
    fixedCost: 100,
    costPerDistance: 2,
    costPerDuration: 0.5,
    count: 1,
  };
  const baseJob = (k: number): Job => ({
    id: `J${k + 1}`,
    location: k + 1,
    delivery: [2, 10],
    pickup: [1, 5],
    service: 5,
    timeWindows: [],
    skills: [],
    priority: 0,
  });
  const vehicles = (overrides.vehicles ?? [{}]).map((v) => ({ ...baseVehicle, ...v }));
  const jobs = (overrides.jobs ?? [{}, {}, {}]).map((j, k) => ({ ...baseJob(k), ...j }));
  return { size, distances, durations, vehicles, jobs };
}

function oneRoute(jobs: number[], departure = 0, vehicle = 0): Solution {
  return { routes: [{ vehicle, jobs, departure }], unassigned: [], cost: 0 };
}

describe('check: schedule and cost', () => {
  it('recomputes distance, times, loads and cost of a feasible route exactly', () => {
    const p = lineProblem({ jobs: [{ timeWindows: [[0, 100]] }, { timeWindows: [[70, 90]] }, {}] });
    // 0 → J1 (x=10) → J2 (x=20) → J3 (x=30) → 0, departing at 10.
    const r = check(p, oneRoute([0, 1, 2], 10));
    expect(r.violations).toEqual([]);
    expect(r.feasible).toBe(true);
    const route = r.routes[0];
    expect(route.distance).toBe(60);
    // arrive J1 at 10+20=30, serve 30–35; arrive J2 at 55, wait to 70, serve to 75; J3 at 95, serve to 100; back at 160.
    expect(route.arrivals).toEqual([30, 55, 95]);
    expect(route.serviceStarts).toEqual([30, 70, 95]);
    expect(route.returnTime).toBe(160);
    expect(route.duration).toBe(150);
    expect(route.waiting).toBe(15);
    expect(route.service).toBe(15);
    expect(route.startLoad).toEqual([6, 30]);
    expect(route.loads).toEqual([
      [5, 25],
      [4, 20],
      [3, 15],
    ]);
    expect(route.maxLoad).toEqual([6, 30]);
    // 100 fixed + 2 × 60 distance + 0.5 × 150 duration
    expect(r.cost).toBe(100 + 120 + 75);
    expect(route.cost).toBe(295);
  });

  it('uses the first window that still admits the arrival (multiple windows)', () => {
    const p = lineProblem({
      jobs: [
        {
          timeWindows: [
            [0, 10],
            [40, 50],
          ],
        },
      ],
    });
    const r = check(p, oneRoute([0], 0));
    expect(r.feasible).toBe(true);
    expect(r.routes[0].arrivals).toEqual([20]);
    expect(r.routes[0].serviceStarts).toEqual([40]);
  });

  it('counts no cost for a route without jobs, and sums several routes', () => {
    const p = lineProblem({ vehicles: [{ count: 2 }, { id: 'truck', fixedCost: 7, costPerDuration: 0, count: 1 }] });
    const s: Solution = {
      routes: [
        { vehicle: 0, jobs: [0], departure: 0 },
        { vehicle: 0, jobs: [], departure: 0 },
        { vehicle: 1, jobs: [2, 1], departure: 0 },
      ],
      unassigned: [],
      cost: 0,
    };
    const r = check(p, s);
    expect(r.feasible).toBe(true);
    // route 0: 100 + 2·20 + 0.5·(40 + 5) = 162.5; route 2: 7 + 2·60 = 127
    expect(r.routes.map((x) => x.cost)).toEqual([162.5, 0, 127]);
    expect(r.cost).toBe(289.5);
  });
});

describe('check: each violation type', () => {
  it('job missing, repeated, or invalid index', () => {
    const p = lineProblem();
    const r = check(p, { routes: [{ vehicle: 0, jobs: [0, 0, 7], departure: 0 }], unassigned: [], cost: 0 });
    expect(r.feasible).toBe(false);
    expect(r.violations).toContain('route 0 (vehicle 0, id van): job index 7 is not a valid job (0…2)');
    expect(r.violations).toContain('job 0 (id J1) appears 2 times');
    expect(r.violations).toContain('job 1 (id J2) is neither on a route nor unassigned');
    expect(r.violations).toContain('job 2 (id J3) is neither on a route nor unassigned');
  });

  it('a job both routed and unassigned appears twice', () => {
    const p = lineProblem();
    const r = check(p, {
      routes: [{ vehicle: 0, jobs: [0, 1, 2], departure: 0 }],
      unassigned: [{ job: 1, reason: 'capacity' }],
      cost: 0,
    });
    expect(r.violations).toEqual(['job 1 (id J2) appears 2 times']);
  });

  it('invalid vehicle index', () => {
    const p = lineProblem();
    const r = check(p, { routes: [{ vehicle: 3, jobs: [0, 1, 2], departure: 0 }], unassigned: [], cost: 0 });
    expect(r.violations).toEqual(['route 0: vehicle index 3 is not a valid vehicle type (0…0)']);
  });

  it('more routes of a type than its count', () => {
    const p = lineProblem();
    const r = check(p, {
      routes: [
        { vehicle: 0, jobs: [0], departure: 0 },
        { vehicle: 0, jobs: [1, 2], departure: 0 },
      ],
      unassigned: [],
      cost: 0,
    });
    expect(r.violations).toEqual(['vehicle type 0 (id van): 2 routes used, only 1 available']);
  });

  it('capacity at the start (deliveries on board)', () => {
    const p = lineProblem({ vehicles: [{ capacity: [5, 100] }] });
    const r = check(p, oneRoute([0, 1, 2]));
    expect(r.violations).toEqual(['route 0 (vehicle 0, id van): load 6 at the start exceeds capacity 5 (dimension 0)']);
  });

  it('capacity after a pickup (load rises along the route)', () => {
    const p = lineProblem({
      jobs: [
        { delivery: [0, 0], pickup: [0, 60] },
        { delivery: [0, 0], pickup: [0, 50] },
        { delivery: [0, 0], pickup: [0, 0] },
      ],
    });
    const r = check(p, oneRoute([0, 1, 2]));
    expect(r.routes[0].loads).toEqual([
      [0, 60],
      [0, 110],
      [0, 110],
    ]);
    expect(r.violations).toEqual([
      'route 0 (vehicle 0, id van): load 110 after job 1 (id J2) exceeds capacity 100 (dimension 1)',
      'route 0 (vehicle 0, id van): load 110 after job 2 (id J3) exceeds capacity 100 (dimension 1)',
    ]);
  });

  it('late arrival after the last window', () => {
    const p = lineProblem({
      jobs: [
        {},
        {
          timeWindows: [
            [0, 10],
            [20, 30],
          ],
        },
        {},
      ],
    });
    const r = check(p, oneRoute([0, 1, 2]));
    // J1 at 20, leaves 25, J2 at 45 > 30
    expect(r.violations).toEqual([
      'route 0 (vehicle 0, id van): job 1 (id J2) reached at 45, after its last time window closes (30)',
    ]);
  });

  it('shift start and end', () => {
    const p = lineProblem({ vehicles: [{ twStart: 50, twEnd: 150 }] });
    const r = check(p, oneRoute([0, 1, 2], 20));
    // 20 + 120 travel + 15 service = 155
    expect(r.violations).toEqual([
      'route 0 (vehicle 0, id van): departure 20 before the shift start 50',
      'route 0 (vehicle 0, id van): returns at 155, after the shift end 150',
    ]);
  });

  it('a departure that is not a finite time', () => {
    const r = check(lineProblem(), oneRoute([0, 1, 2], Number.NaN));
    expect(r.feasible).toBe(false);
    expect(r.violations[0]).toBe('route 0 (vehicle 0, id van): departure NaN is not a finite time');
  });

  it('maximum duration and distance', () => {
    const p = lineProblem({ vehicles: [{ maxDuration: 134, maxDistance: 59 }] });
    const r = check(p, oneRoute([0, 1, 2]));
    expect(r.violations).toEqual([
      'route 0 (vehicle 0, id van): duration 135 exceeds the maximum 134',
      'route 0 (vehicle 0, id van): distance 60 exceeds the maximum 59',
    ]);
    const ok = check(lineProblem({ vehicles: [{ maxDuration: 135, maxDistance: 60 }] }), oneRoute([0, 1, 2]));
    expect(ok.feasible).toBe(true);
  });

  it('duration limit counts waiting, not only travel', () => {
    const p = lineProblem({ vehicles: [{ maxDuration: 140 }], jobs: [{ timeWindows: [[40, 50]] }, {}, {}] });
    const r = check(p, oneRoute([0, 1, 2]));
    expect(r.routes[0].duration).toBe(155);
    expect(r.violations).toEqual(['route 0 (vehicle 0, id van): duration 155 exceeds the maximum 140']);
    // Leaving 20 later removes the wait: feasible.
    expect(check(p, oneRoute([0, 1, 2], 20)).feasible).toBe(true);
  });

  it('skills', () => {
    const p = lineProblem({ vehicles: [{ skills: [1] }], jobs: [{ skills: [1] }, { skills: [1, 2] }, {}] });
    const r = check(p, oneRoute([0, 1, 2]));
    expect(r.violations).toEqual(['route 0 (vehicle 0, id van): job 1 (id J2) needs skill(s) 2 the vehicle lacks']);
  });

  it('unreachable legs (Infinity in the matrix)', () => {
    const p = lineProblem();
    p.distances[1 * p.size + 2] = Infinity;
    p.durations[1 * p.size + 2] = Infinity;
    const r = check(p, oneRoute([0, 1, 2]));
    expect(r.feasible).toBe(false);
    expect(r.violations[0]).toBe(
      'route 0 (vehicle 0, id van): leg 1 from location 1 to 2 is unreachable (infinite in the matrix)',
    );
    expect(r.cost).toBe(Infinity);
  });

  it('tolerates floating-point noise of one-decimal sums but not real lateness', () => {
    const size = 2;
    const d = new Float64Array([0, 0.1, 0.1, 0]);
    const p: Problem = {
      size,
      distances: d,
      durations: d,
      vehicles: [
        {
          id: 'v',
          start: 0,
          end: 0,
          capacity: [1],
          skills: [],
          twStart: 0,
          twEnd: 0.3,
          maxDuration: Infinity,
          maxDistance: Infinity,
          fixedCost: 0,
          costPerDistance: 1,
          costPerDuration: 0,
          count: 1,
        },
      ],
      jobs: [
        {
          id: 'a',
          location: 1,
          delivery: [1],
          pickup: [0],
          service: 0.1,
          timeWindows: [[0, 0.1]],
          skills: [],
          priority: 0,
        },
      ],
    };
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004 > 0.3 in floating point.
    expect(check(p, oneRoute([0])).feasible).toBe(true);
    p.vehicles[0].twEnd = 0.29;
    expect(check(p, oneRoute([0])).feasible).toBe(false);
  });
});
