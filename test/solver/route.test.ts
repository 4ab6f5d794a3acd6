/**
 * Segment summaries: whatever way a route is assembled from cached prefixes, suffixes, single clients and
 * reversed ranges, the merged summary must equal a direct evaluation of the whole visiting sequence.
 */
import { describe, expect, it } from 'vitest';
import { Instance } from '../../src/solver/instance.ts';
import { Proposal, Route } from '../../src/solver/route.ts';
import { createRng, randInt } from '../../src/util/rng.ts';
import { randomProblem } from './helpers.ts';
import type { Problem } from '../../src/solver/types.ts';

const PEN = { load: 7, timeWarp: 3, distance: 2 };

/**
 * Direct evaluation: simulate every integer departure in the shift with time-warp semantics (arrive late →
 * pay the lateness and continue from the window close) and keep the least (time warp, duration).
 */
function direct(p: Problem, type: number, jobs: number[]) {
  const v = p.vehicles[type];
  const size = p.size;
  let best = { tw: Infinity, duration: Infinity };
  const lastDeparture = Math.min(v.twEnd, 1000);
  for (let dep = v.twStart; dep <= lastDeparture; dep++) {
    let t = dep;
    let tw = 0;
    let loc = v.start;
    for (const j of jobs) {
      const job = p.jobs[j];
      t += p.durations[loc * size + job.location];
      const open = job.timeWindows.length ? job.timeWindows[0][0] : -Infinity;
      const close = job.timeWindows.length ? job.timeWindows[job.timeWindows.length - 1][1] : Infinity;
      if (t < open) t = open;
      if (t > close) {
        tw += t - close;
        t = close;
      }
      t += job.service;
      loc = job.location;
    }
    t += p.durations[loc * size + v.end];
    if (t > v.twEnd) {
      tw += t - v.twEnd;
      t = v.twEnd;
    }
    const duration = t - dep + tw; // working time: travel + service + waiting (the warped time included)
    if (tw < best.tw - 1e-9 || (Math.abs(tw - best.tw) <= 1e-9 && duration < best.duration)) best = { tw, duration };
  }
  let distance = 0;
  let loc = v.start;
  for (const j of jobs) {
    distance += p.distances[loc * size + p.jobs[j].location];
    loc = p.jobs[j].location;
  }
  distance += p.distances[loc * size + v.end];
  // peak load per dimension: all deliveries on board at the start, then − delivery + pickup per stop
  const dims = v.capacity.length;
  const peak: number[] = [];
  for (let k = 0; k < dims; k++) {
    let load = jobs.reduce((s, j) => s + (p.jobs[j].delivery[k] ?? 0), 0);
    let max = load;
    for (const j of jobs) {
      load += (p.jobs[j].pickup[k] ?? 0) - (p.jobs[j].delivery[k] ?? 0);
      max = Math.max(max, load);
    }
    peak.push(max);
  }
  return { ...best, distance, peak };
}

function problemFor(seed: number): Problem {
  const p = randomProblem({
    n: 12,
    seed,
    dims: 2,
    pickups: true,
    timeWindows: true,
    service: true,
    shift: true,
    asymmetric: true,
    types: 2,
  });
  // single windows only: the summaries work on each job's window envelope
  for (const j of p.jobs) if (j.timeWindows.length > 1) j.timeWindows = [j.timeWindows[0]];
  p.vehicles[1].start = 3;
  p.vehicles[1].end = 5;
  return p;
}

describe('segment summaries', () => {
  it('whole-route summary equals a direct evaluation (time warp, duration, distance, peak load)', () => {
    let checked = 0;
    let withWarp = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const p = problemFor(seed);
      const inst = new Instance(p);
      const rng = createRng(seed * 7);
      for (let trial = 0; trial < 8; trial++) {
        const type = randInt(rng, 0, 1);
        const len = randInt(rng, 1, 7);
        const pool = Array.from({ length: inst.n }, (_, j) => j);
        const jobs: number[] = [];
        for (let k = 0; k < len; k++) jobs.push(pool.splice(randInt(rng, 0, pool.length - 1), 1)[0]);
        const r = new Route(inst, 0, type);
        r.jobs = jobs;
        r.update(PEN);
        const d = direct(p, type, jobs);
        expect(r.distance).toBeCloseTo(d.distance, 9);
        expect(r.timeWarp).toBeCloseTo(d.tw, 9);
        expect(r.duration).toBeCloseTo(d.duration, 9);
        for (let k = 0; k < inst.dims; k++) expect(r.fLoad[jobs.length * inst.dims + k]).toBe(d.peak[k]);
        checked++;
        if (d.tw > 0) withWarp++;
      }
    }
    expect(checked).toBe(96);
    expect(withWarp).toBeGreaterThan(10); // the property is exercised on infeasible routes too
  });

  it('a route assembled from pieces has the penalised cost of the same sequence evaluated whole', () => {
    let compared = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const p = problemFor(seed + 100);
      const inst = new Instance(p);
      const rng = createRng(seed);
      const perm = Array.from({ length: inst.n }, (_, j) => j);
      for (let i = perm.length - 1; i > 0; i--) {
        const k = randInt(rng, 0, i);
        [perm[i], perm[k]] = [perm[k], perm[i]];
      }
      const r1 = new Route(inst, 0, 0);
      const r2 = new Route(inst, 1, 1);
      r1.jobs = perm.slice(0, 6);
      r2.jobs = perm.slice(6);
      r1.update(PEN);
      r2.update(PEN);
      for (let trial = 0; trial < 20; trial++) {
        const owner = trial % 2 === 0 ? r1 : r2;
        const other = owner === r1 ? r2 : r1;
        const cut = randInt(rng, 0, owner.length);
        const i = randInt(rng, 1, other.length);
        const j = randInt(rng, i, other.length);
        const a = randInt(rng, 1, other.length);
        const b = randInt(rng, a, other.length);
        const tail = randInt(rng, cut + 1, owner.length + 1);
        const prop = new Proposal(inst);
        prop.prefix(owner, cut).range(other, i, j).reversed(other, a, b).suffix(owner, tail);
        const sequence = [
          ...owner.jobs.slice(0, cut),
          ...other.jobs.slice(i - 1, j),
          ...other.jobs.slice(a - 1, b).reverse(),
          ...owner.jobs.slice(tail - 1),
        ];
        const whole = new Route(inst, 2, owner.type);
        whole.jobs = sequence;
        whole.update(PEN);
        expect(prop.finish(owner.type, PEN)).toBeCloseTo(whole.cost, 7);
        compared++;
      }
    }
    expect(compared).toBe(400);
  });
});
