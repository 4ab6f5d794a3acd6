/**
 * Worker threads of the search (src/solver/parallel): threads = 2 gives a checker-valid solution whose claimed
 * cost the independent checker recomputes (islands and decomposition), and every failure of a worker —
 * a throwing task, a module that does not boot, a worker that stays silent — comes back as an error result
 * without crashing the process or blocking forever.
 */
import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/solver/index.ts';
import { Instance } from '../../../src/solver/instance.ts';
import { DEFAULT_HGS_PARAMS } from '../../../src/solver/params.ts';
import { WorkerPool, type HgsTask } from '../../../src/solver/parallel/pool.ts';
import { PoolEducators } from '../../../src/solver/parallel/educators.ts';
import { hybridGeneticSearch } from '../../../src/solver/hgs/hgs.ts';
import type { Problem } from '../../../src/solver/types.ts';
import { expectValid, randomProblem } from '../helpers.ts';

function task(problem: Problem, extra: Partial<HgsTask> = {}): HgsTask {
  return {
    jobs: problem.jobs,
    vehicles: problem.vehicles,
    routable: problem.jobs.map((_, j) => j),
    timeLimit: 2,
    maxIterations: 20,
    seed: 3,
    params: DEFAULT_HGS_PARAMS,
    ...extra,
  };
}

describe('solve() with threads = 2', () => {
  it.each([
    ['parallel education', 1],
    ['islands', 0],
  ])(
    '%s: checker-valid, claimed cost = recomputed cost',
    (_name, parallelEducation) => {
      const problem = randomProblem({ n: 60, seed: 31, timeWindows: true, service: true });
      let last = Infinity;
      const solution = solve(problem, {
        timeLimit: 4,
        seed: 2,
        params: { threads: 2, parallelEducation, islandExchangeEvery: 5 },
        onProgress: (p) => {
          if (p.feasible) last = p.bestCost;
        },
      });
      expectValid(problem, solution);
      expect(last).toBeLessThan(Infinity);
    },
    60_000,
  );

  it('decomposition: subproblems in a worker and on the calling thread, limited fleet respected', () => {
    const problem = randomProblem({ n: 90, seed: 32, types: 2, counts: [14, 14], pickups: true, dims: 2 });
    const solution = solve(problem, {
      timeLimit: 5,
      seed: 5,
      params: {
        threads: 2,
        decompositionMinJobs: 40,
        decompositionSize: 20,
        decompositionIterations: 15,
        decompositionStartShare: 0.3,
      },
    });
    expectValid(problem, solution);
  }, 60_000);
});

describe('WorkerPool failures reject cleanly', () => {
  const problem = randomProblem({ n: 20, seed: 33 });
  const inst = new Instance(problem);
  const missing = new URL('./no-such-worker.ts', import.meta.url).href;
  /** Run `fn` with a one-worker pool, always closed afterwards. */
  const withPool = (fn: (pool: WorkerPool) => void, silenceMs = 60_000, entry?: string): void => {
    const pool = new WorkerPool(inst, 1, silenceMs, entry);
    try {
      fn(pool);
    } finally {
      pool.close();
    }
  };

  it('a task that throws returns its message; the worker is dropped; the process goes on', () => {
    withPool((pool) => {
      expect(pool.available()).toEqual([0]);
      pool.post(0, task(problem, { fail: 'boom in worker' }));
      const r = pool.collect(0);
      expect(r).toEqual({ ok: false, error: 'boom in worker' });
      expect(pool.available()).toEqual([]);
      expect(pool.collect(0).ok).toBe(false);
    });
  }, 60_000);

  it('a worker module that fails to load is reported as a boot error', () => {
    withPool(
      (pool) => {
        pool.post(0, task(problem));
        const r = pool.collect(0);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(/^worker boot: /);
      },
      60_000,
      missing,
    );
  }, 60_000);

  it('a worker that never answers is declared dead after the silence limit', () => {
    withPool(
      (pool) => {
        pool.post(0, task(problem));
        const t0 = performance.now();
        const r = pool.collect(0);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatch(/silent/);
        expect(performance.now() - t0).toBeLessThan(20_000);
      },
      300,
      'data:text/javascript,export {}',
    );
  }, 60_000);

  it('educators on a worker that cannot boot: none is offered, the search runs alone', () => {
    withPool(
      (pool) => {
        const routable = problem.jobs.map((_, j) => j);
        const educators = new PoolEducators(pool, inst, routable, DEFAULT_HGS_PARAMS, 1);
        const t0 = performance.now();
        while (pool.alive(0) && performance.now() - t0 < 30_000) educators.free();
        expect(pool.alive(0)).toBe(false);
        expect(educators.free()).toBe(0);
        const plans = hybridGeneticSearch(
          inst,
          routable,
          { maxIterations: 30, seed: 1 },
          DEFAULT_HGS_PARAMS,
          undefined,
          undefined,
          educators,
        );
        expect(plans.flatMap((p) => p.jobs).sort((a, b) => a - b)).toEqual(routable);
      },
      60_000,
      missing,
    );
  }, 60_000);

  it('an educator worker educates an offspring: every job routed, no worse than the routes it was given', () => {
    withPool((pool) => {
      const routable = problem.jobs.map((_, j) => j);
      const educators = new PoolEducators(pool, inst, routable, DEFAULT_HGS_PARAMS, 1);
      const t0 = performance.now();
      while (educators.free() === 0 && performance.now() - t0 < 30_000)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      expect(educators.free()).toBe(1);
      // one route per job, in order: feasible (capacity ≥ every demand) and far from optimal
      const given = routable.map((j) => ({ type: 0, jobs: [j] }));
      educators.post(given, { load: 100, timeWarp: 100, distance: 100 });
      expect(educators.free()).toBe(0);
      let done: ReturnType<PoolEducators['take']> = [];
      while (done.length === 0 && performance.now() - t0 < 30_000) {
        done = educators.take();
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
      expect(done).toHaveLength(1);
      expect(done[0].complete).toBe(true);
      expect(done[0].plans.flatMap((p) => p.jobs).sort((a, b) => a - b)).toEqual(routable);
      const length = (plans: Array<{ jobs: number[] }>) =>
        plans.reduce((sum, p) => {
          const locs = [
            problem.vehicles[0].start,
            ...p.jobs.map((j) => problem.jobs[j].location),
            problem.vehicles[0].end,
          ];
          let d = 0;
          for (let i = 1; i < locs.length; i++) d += problem.distances[locs[i - 1] * problem.size + locs[i]];
          return sum + d;
        }, 0);
      expect(length(done[0].plans)).toBeLessThan(length(given));
      expect(educators.free()).toBe(1);
    });
  }, 60_000);

  it('a working task returns routes that cover the routable jobs', () => {
    withPool((pool) => {
      pool.post(0, task(problem));
      const r = pool.collect(0);
      expect(r.ok).toBe(true);
      if (r.ok) {
        const jobs = r.plans.flatMap((p) => p.jobs).sort((a, b) => a - b);
        expect(jobs).toEqual(problem.jobs.map((_, j) => j));
        expect(r.iterations).toBeGreaterThan(0);
      }
    });
  }, 60_000);
});
