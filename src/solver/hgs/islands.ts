/**
 * Islands (HgsParams.threads > 1 and parallelEducation = 0, whole-problem search): the calling thread and every pool worker run the
 * genetic search with their own seed; every `islandExchangeEvery` offspring each island sends its best
 * solution (when new) and educates the bests the others sent. The calling thread relays: it forwards its own
 * best and each worker's to every other worker. The cheapest feasible result wins.
 */
import type { Instance } from '../instance.ts';
import type { HgsParams } from '../params.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import type { SolveOptions } from '../types.ts';
import { problemOf, type WorkerPool } from '../parallel/pool.ts';
import { PoolEducators } from '../parallel/educators.ts';
import { hybridGeneticSearch } from './hgs.ts';
import { sameJobCount, totalCost } from './plans.ts';
import { makeClock } from '../clock.ts';

/** Seed of island k (0 = the calling thread, which uses the caller's seed). */
export function islandSeed(seed: number, k: number): number {
  return seed + 7919 * k;
}

/**
 * The whole-problem search on every thread of the pool (none: the plain search): one population whose
 * offspring workers help educate (HgsParams.parallelEducation = 1), or islands (0).
 */
export function searchOnThreads(
  inst: Instance,
  routable: number[],
  options: SolveOptions,
  params: HgsParams,
  pool?: WorkerPool,
): RoutePlan[] {
  if (!pool || pool.available().length === 0) return hybridGeneticSearch(inst, routable, options, params);
  if (params.parallelEducation === 0) return islandSearch(inst, routable, options, params, pool);
  const educators = new PoolEducators(pool, inst, routable, params, options.seed ?? 1);
  try {
    return hybridGeneticSearch(inst, routable, options, params, undefined, undefined, educators);
  } finally {
    educators.close();
  }
}

export function islandSearch(
  inst: Instance,
  routable: number[],
  options: SolveOptions,
  params: HgsParams,
  pool: WorkerPool,
): RoutePlan[] {
  const elapsed = makeClock(options.clock);
  const seed = options.seed ?? 1;
  const workers = pool.available();
  workers.forEach((k, i) =>
    pool.post(k, {
      ...problemOf(inst.problem),
      routable,
      timeLimit: options.timeLimit ?? 10,
      ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
      seed: islandSeed(seed, i + 1),
      clock: options.clock,
      params,
      exchangeEvery: params.islandExchangeEvery,
    }),
  );
  const exchange = (best: RoutePlan[] | null): RoutePlan[][] => {
    const sent = workers.map((k) => pool.take(k, 'migrants').map((m) => m.plans));
    workers.forEach((k, i) => {
      if (best) pool.send(k, { type: 'migrants', plans: best });
      sent.forEach((plans, j) => {
        if (j !== i) for (const p of plans) pool.send(k, { type: 'migrants', plans: p });
      });
    });
    return sent.flat();
  };
  let iterations = 0;
  let best = hybridGeneticSearch(
    inst,
    routable,
    {
      ...options,
      onProgress: (p) => {
        iterations = p.iteration;
        options.onProgress?.(p);
      },
    },
    params,
    undefined,
    { exchangeEvery: params.islandExchangeEvery, exchange },
  );
  let bestCost = totalCost(inst, best);
  for (const k of workers) {
    const r = pool.collect(k, options.shouldStop);
    if (!r.ok) continue; // a failed island costs its share of the search, nothing else
    iterations += r.iterations;
    const cost = totalCost(inst, r.plans);
    if (cost < bestCost - 1e-9 && (best.length === 0 || sameJobCount(best, r.plans))) {
      best = r.plans;
      bestCost = cost;
    }
  }
  if (Number.isFinite(bestCost)) {
    options.onProgress?.({ elapsedSeconds: elapsed(), iteration: iterations, bestCost, feasible: true });
  }
  return best;
}
