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
import { Route } from '../route.ts';
import { routeObjective } from '../cost.ts';
import type { HgsParams } from '../params.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import type { Problem, SolveOptions } from '../types.ts';
import { createRng } from '../../util/rng.ts';
import { makeClock } from '../clock.ts';
import { hybridGeneticSearch } from './hgs.ts';

const NO_PENALTY = { load: 0, timeWarp: 0, distance: 0 };

/** True when the instance is large enough for decomposition to pay (HgsParams.decompositionMinJobs). */
export function useDecomposition(routable: readonly number[], options: SolveOptions, params: HgsParams): boolean {
  // An iteration limit without a time limit asks for a reproducible run of the plain search.
  return routable.length >= params.decompositionMinJobs && options.maxIterations === undefined;
}

/** Whole-problem search for a share of the time, then subproblems of neighbouring routes until the limit. */
export function decomposedSearch(
  inst: Instance,
  routable: number[],
  options: SolveOptions,
  allParams: HgsParams,
): RoutePlan[] {
  // At this size a narrower granular neighbourhood buys more offspring than it loses in reach.
  const params: HgsParams = { ...allParams, neighbours: allParams.decompositionNeighbours };
  const elapsed = makeClock(options.clock);
  const timeLimit = options.timeLimit ?? 10;
  const cancelled = () => options.shouldStop?.() ?? false;
  let iterations = 0;
  let best = hybridGeneticSearch(
    inst,
    routable,
    {
      ...options,
      timeLimit: timeLimit * params.decompositionStartShare,
      onProgress: (p) => {
        iterations = p.iteration;
        options.onProgress?.(p);
      },
    },
    params,
  );
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
  let round = 0;
  while (elapsed() < timeLimit && !cancelled()) {
    round++;
    const group = pickRoutes(inst, best, links, params.decompositionSize, rng);
    const sub = subproblem(inst, best, group);
    const subRoutable = sub.problem.jobs.map((_, j) => j);
    let subIterations = 0;
    const result = hybridGeneticSearch(
      new Instance(sub.problem),
      subRoutable,
      {
        timeLimit: Math.max(0, timeLimit - elapsed()),
        maxIterations: params.decompositionIterations,
        seed: (options.seed ?? 1) + round,
        clock: options.clock,
        shouldStop: options.shouldStop,
        onProgress: (p) => {
          subIterations = p.iteration;
        },
      },
      subParams,
      sub.initial,
    );
    iterations += subIterations;
    const merged = [
      ...best.filter((_, r) => !group.has(r)),
      ...result.map((p) => ({ type: p.type, jobs: p.jobs.map((j) => sub.jobs[j]) })),
    ];
    const cost = totalCost(inst, merged);
    if (cost < bestCost - 1e-9 && merged.every((p) => p.jobs.length > 0) && sameJobs(best, merged)) {
      best = merged;
      bestCost = cost;
      options.onProgress?.({ elapsedSeconds: elapsed(), iteration: iterations, bestCost, feasible: true });
    }
  }
  return best;
}

/** Objective of feasible routes under the search's evaluation; Infinity when one is infeasible. */
function totalCost(inst: Instance, plans: readonly RoutePlan[]): number {
  let cost = 0;
  const r = new Route(inst, 0, 0);
  for (const p of plans) {
    if (p.jobs.length === 0) continue;
    const route = p.type === r.type ? r : new Route(inst, 0, p.type);
    route.jobs = p.jobs.slice();
    route.update(NO_PENALTY);
    if (!route.feasible()) return Infinity;
    cost += routeObjective(inst, p.type, route.distance, route.duration);
  }
  return cost;
}

function sameJobs(a: readonly RoutePlan[], b: readonly RoutePlan[]): boolean {
  const count = (plans: readonly RoutePlan[]) => plans.reduce((s, p) => s + p.jobs.length, 0);
  return count(a) === count(b);
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
): Set<number> {
  const routeOf = new Int32Array(inst.n).fill(-1);
  plans.forEach((p, r) => {
    for (const j of p.jobs) routeOf[j] = r;
  });
  const score = new Float64Array(plans.length);
  const group = new Set<number>();
  let jobs = 0;
  let next = Math.floor(rng() * plans.length);
  while (next >= 0 && jobs < size) {
    group.add(next);
    jobs += plans[next].jobs.length;
    for (const u of plans[next].jobs) {
      for (const v of links[u]) {
        const r = routeOf[v];
        if (r >= 0 && !group.has(r)) score[r] += 1;
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

/** The jobs of the grouped routes as a Problem of their own (same matrices), with those routes as a start. */
function subproblem(
  inst: Instance,
  plans: readonly RoutePlan[],
  group: Set<number>,
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
  const vehicles = full.vehicles.map((v, t) => ({ ...v, count: inGroup[t] + Math.max(0, v.count - used[t]) }));
  const problem: Problem = {
    size: full.size,
    distances: full.distances,
    durations: full.durations,
    vehicles,
    jobs: jobs.map((j) => full.jobs[j]),
  };
  return { problem, jobs, initial };
}
