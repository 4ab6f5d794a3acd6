/**
 * Route-based decomposition for large instances (in the manner of the decomposition phases of HGS for
 * 1,000+ customers, Vidal et al. 2013; Santini et al. 2023): after a first phase of the genetic search on the
 * whole problem, repeatedly take a group of neighbouring routes of the incumbent (about
 * `decompositionSize` jobs), solve that subproblem with the same genetic search started from those routes,
 * and put the result back when it is cheaper. Subproblems are small, so an education costs a fraction of a
 * full one and thousands of offspring fit where only dozens fit on the whole instance.
 *
 * Routes are grouped without coordinates (the engine has none): two routes are close when the granular
 * neighbours of one's jobs lie in the other. Vehicle counts stay respected: a subproblem may use its routes'
 * vehicles plus every vehicle the incumbent leaves unused.
 */
import { Instance } from '../instance.ts';
import { nearestNeighbours } from '../neighbours.ts';
import type { HgsParams } from '../params.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import type { Problem, SolveOptions } from '../types.ts';
import { createRng } from '../../util/rng.ts';
import { makeClock } from '../clock.ts';
import { hybridGeneticSearch } from './hgs.ts';
import { searchOnThreads } from './islands.ts';
import { sameJobCount, totalCost } from './plans.ts';
import { problemOf, type WorkerPool } from '../parallel/pool.ts';

/** True when the instance is large enough for decomposition to pay (HgsParams.decompositionMinJobs). */
export function useDecomposition(routable: readonly number[], options: SolveOptions, params: HgsParams): boolean {
  // An iteration limit without a time limit asks for a reproducible run of the plain search.
  return routable.length >= params.decompositionMinJobs && options.maxIterations === undefined;
}

/**
 * Whole-problem search for a share of the time, then rounds of subproblems of neighbouring routes until the
 * limit. With a worker pool, a round takes one disjoint group of routes per thread (the calling thread solves
 * the first, workers the others) and merges every group that improved.
 */
export function decomposedSearch(
  inst: Instance,
  routable: number[],
  options: SolveOptions,
  allParams: HgsParams,
  pool?: WorkerPool,
): RoutePlan[] {
  // At this size a narrower granular neighbourhood buys more offspring than it loses in reach.
  const params: HgsParams = { ...allParams, neighbours: allParams.decompositionNeighbours };
  const elapsed = makeClock(options.clock);
  const timeLimit = options.timeLimit ?? 10;
  const cancelled = () => options.shouldStop?.() ?? false;
  let iterations = 0;
  const first: SolveOptions = {
    ...options,
    timeLimit: timeLimit * params.decompositionStartShare,
    onProgress: (p) => {
      iterations = p.iteration;
      options.onProgress?.(p);
    },
  };
  let best = searchOnThreads(inst, routable, first, params, pool);
  let bestCost = totalCost(inst, best);
  if (!Number.isFinite(bestCost) || best.length === 0) return best; // no feasible incumbent to decompose
  const rng = createRng((options.seed ?? 1) * 7919 + 17);
  const links = nearestNeighbours(inst, params.decompositionLinks, params);
  const subParams: HgsParams = {
    ...params,
    minPopulationSize: params.decompositionPopulation,
    generationSize: params.decompositionPopulation,
    initialPopulationFactor: 1,
  };
  const matrices = { dist: inst.dist, dur: inst.dur };
  let round = 0;
  while (elapsed() < timeLimit && !cancelled()) {
    round++;
    const workers = pool?.available() ?? [];
    const groups = pickGroups(inst, best, links, params.decompositionSize, 1 + workers.length, rng);
    const subs = groups.map((g, k) => subproblem(inst, best, g, k, groups.length));
    const subOptions = (k: number) => ({
      timeLimit: Math.max(0, timeLimit - elapsed()),
      maxIterations: params.decompositionIterations,
      seed: (options.seed ?? 1) + round + 100_003 * k,
      clock: options.clock,
    });
    subs.slice(1).forEach((sub, i) =>
      pool?.post(workers[i], {
        ...problemOf(sub.problem),
        routable: sub.problem.jobs.map((_, j) => j),
        params: subParams,
        initial: sub.initial,
        ...subOptions(i + 1),
      }),
    );
    let subIterations = 0;
    const results: Array<RoutePlan[] | null> = [
      hybridGeneticSearch(
        new Instance(subs[0].problem, matrices),
        subs[0].problem.jobs.map((_, j) => j),
        {
          ...subOptions(0),
          shouldStop: options.shouldStop,
          onProgress: (p) => {
            subIterations = p.iteration;
          },
        },
        subParams,
        subs[0].initial,
      ),
    ];
    iterations += subIterations;
    for (let i = 1; i < subs.length; i++) {
      const r = pool ? pool.collect(workers[i - 1], options.shouldStop) : null;
      if (r?.ok) iterations += r.iterations;
      results.push(r?.ok ? r.plans : null); // a failed worker's group simply stays as it was
    }
    const merged = mergeImproved(inst, best, groups, subs, results);
    const cost = totalCost(inst, merged);
    if (cost < bestCost - 1e-9 && merged.every((p) => p.jobs.length > 0) && sameJobCount(best, merged)) {
      best = merged;
      bestCost = cost;
      options.onProgress?.({ elapsedSeconds: elapsed(), iteration: iterations, bestCost, feasible: true });
    }
  }
  return best;
}

/** The incumbent with every group replaced by its subproblem's result where that is cheaper. */
function mergeImproved(
  inst: Instance,
  plans: readonly RoutePlan[],
  groups: ReadonlyArray<Set<number>>,
  subs: ReadonlyArray<{ jobs: number[] }>,
  results: ReadonlyArray<RoutePlan[] | null>,
): RoutePlan[] {
  const replaced = new Set<number>();
  const out: RoutePlan[] = [];
  groups.forEach((group, k) => {
    const result = results[k];
    if (!result) return;
    const before = plans.filter((_, r) => group.has(r));
    const after = result.map((p) => ({ type: p.type, jobs: p.jobs.map((j) => subs[k].jobs[j]) }));
    if (totalCost(inst, after) < totalCost(inst, before) - 1e-9 && sameJobCount(before, after)) {
      for (const r of group) replaced.add(r);
      out.push(...after);
    }
  });
  return [...plans.filter((_, r) => !replaced.has(r)), ...out];
}

/** `count` disjoint groups of neighbouring routes (fewer when the routes run out). */
function pickGroups(
  inst: Instance,
  plans: readonly RoutePlan[],
  links: Int32Array[],
  size: number,
  count: number,
  rng: () => number,
): Array<Set<number>> {
  const taken = new Set<number>();
  const groups: Array<Set<number>> = [];
  for (let k = 0; k < count && taken.size < plans.length; k++) {
    const group = pickRoutes(inst, plans, links, size, rng, taken);
    for (const r of group) taken.add(r);
    groups.push(group);
  }
  return groups;
}

/**
 * A random seed route and its nearest routes, grown greedily by the number of granular-neighbour links to
 * the group, until the group holds about `size` jobs. Returns route indices into `plans`.
 */
function pickRoutes(
  inst: Instance,
  plans: readonly RoutePlan[],
  links: Int32Array[],
  size: number,
  rng: () => number,
  taken: ReadonlySet<number>,
): Set<number> {
  const routeOf = new Int32Array(inst.n).fill(-1);
  plans.forEach((p, r) => {
    for (const j of p.jobs) routeOf[j] = r;
  });
  const score = new Float64Array(plans.length);
  const group = new Set<number>();
  let jobs = 0;
  const free = plans.map((_, r) => r).filter((r) => !taken.has(r));
  let next = free[Math.floor(rng() * free.length)];
  while (next >= 0 && jobs < size) {
    group.add(next);
    jobs += plans[next].jobs.length;
    for (const u of plans[next].jobs) {
      for (const v of links[u]) {
        const r = routeOf[v];
        if (r >= 0 && !group.has(r) && !taken.has(r)) score[r] += 1;
      }
    }
    next = -1;
    let bestScore = 0;
    for (let r = 0; r < plans.length; r++) {
      if (group.has(r) || score[r] <= bestScore) continue;
      bestScore = score[r];
      next = r;
    }
  }
  return group;
}

/**
 * The jobs of the grouped routes as a Problem of their own (same matrices), with those routes as a start.
 * Group k of `groups` solved at once gets its share of the vehicles the incumbent leaves unused.
 */
function subproblem(
  inst: Instance,
  plans: readonly RoutePlan[],
  group: Set<number>,
  k: number,
  groups: number,
): { problem: Problem; jobs: number[]; initial: RoutePlan[] } {
  const full = inst.problem;
  const jobs: number[] = [];
  const used = new Array<number>(inst.nTypes).fill(0);
  const inGroup = new Array<number>(inst.nTypes).fill(0);
  plans.forEach((p, r) => {
    used[p.type]++;
    if (group.has(r)) inGroup[p.type]++;
  });
  const initial: RoutePlan[] = [];
  for (const r of group) {
    const p = plans[r];
    const start = jobs.length;
    jobs.push(...p.jobs);
    initial.push({ type: p.type, jobs: p.jobs.map((_, k) => start + k) });
  }
  const share = (spare: number) => Math.floor(spare / groups) + (k < spare % groups ? 1 : 0);
  const vehicles = full.vehicles.map((v, t) => ({ ...v, count: inGroup[t] + share(Math.max(0, v.count - used[t])) }));
  const problem: Problem = {
    size: full.size,
    distances: full.distances,
    durations: full.durations,
    vehicles,
    jobs: jobs.map((j) => full.jobs[j]),
    ...(full.reloadDims !== undefined ? { reloadDims: full.reloadDims } : {}),
  };
  return { problem, jobs, initial };
}
