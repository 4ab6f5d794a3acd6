import { describe, expect, it } from 'vitest';
import { finalize } from '../../src/solver/finalize.ts';
import { Instance } from '../../src/solver/instance.ts';
import { rewriteMultiTrip } from '../../src/solver/reload.ts';
import { lineProblem } from './helpers.ts';

describe('finalize with reload jobs (multi-trip)', () => {
  // 4 clients, capacity 20, 50 vans: the rewritten problem has 4 × 2 = 8 reload jobs (ids 4..11).
  const rw = rewriteMultiTrip(lineProblem(4, 10, 20, { count: 50, maxTrips: 3, reloadTime: 5 }));
  const inst = new Instance(rw.problem);
  const reloads = rw.problem.jobs.map((j, i) => (j.reload ? i : -1)).filter((i) => i >= 0);

  it('strips reloads that separate no two trips and never re-inserts or reports the surplus ones', () => {
    expect(reloads.length).toBeGreaterThanOrEqual(4);
    const [r1, r2, r3, r4] = reloads;
    // leading reload, two trips separated by two reloads (one is idle), trailing reload; other reloads left out
    const s = finalize(inst, [{ type: 0, jobs: [r1, 0, 1, r2, r3, 2, 3, r4] }], []);
    expect(s.unassigned).toEqual([]);
    expect(s.routes).toHaveLength(1);
    const route = s.routes[0].jobs;
    expect(route.filter((j) => rw.problem.jobs[j].reload)).toHaveLength(1);
    expect(route.filter((j) => !rw.problem.jobs[j].reload)).toEqual([0, 1, 2, 3]);
    // exact cost recomputed by hand: 0→1→2 (20 out, 20 back) + reload 5 s (duration only) + 0→3→4 (40 out, 40 back)
    expect(s.cost).toBeCloseTo(100 + 20 + 20 + 40 + 40, 6);
  });

  it('an over-full route sheds clients, not the reload that makes it two trips', () => {
    // 4 clients of 10 in one trip of capacity 20 and a reload after two: feasible as is
    const ok = finalize(inst, [{ type: 0, jobs: [0, 1, reloads[0], 2, 3] }], []);
    expect(ok.unassigned).toEqual([]);
    // no reload: 40 on a van of 20; the repair keeps a feasible single trip and re-inserts the rest on other vans
    const s = finalize(inst, [{ type: 0, jobs: [0, 1, 2, 3] }], []);
    expect(s.unassigned).toEqual([]);
    const served = s.routes.flatMap((r) => r.jobs.filter((j) => !rw.problem.jobs[j].reload)).sort();
    expect(served).toEqual([0, 1, 2, 3]);
    for (const r of s.routes) {
      let load = 0;
      for (const j of r.jobs) {
        load = rw.problem.jobs[j].reload ? 0 : load + 10;
        expect(load).toBeLessThanOrEqual(20);
      }
    }
  });
});
