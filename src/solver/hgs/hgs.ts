/**
 * Hybrid genetic search (Vidal 2012/2022, HGS-CVRP; PyVRP): a population of locally optimal solutions,
 * parents by binary tournament on biased fitness, ordered crossover of giant tours, optimal split,
 * education by granular local search under penalised capacity / time-warp / distance violations with
 * adaptive penalties, repair of infeasible offspring, and restarts when the search stalls.
 */
import type { Instance } from '../instance.ts';
import { nearestNeighbours, DEFAULT_NEIGHBOURS } from '../neighbours.ts';
import { insertJobs } from '../construct.ts';
import { LocalSearch, shuffle, type RoutePlan } from '../search/localSearch.ts';
import type { Penalties } from '../route.ts';
import type { SolveOptions } from '../types.ts';
import { createRng } from '../../util/rng.ts';
import { Individual } from './individual.ts';
import { DEFAULT_POPULATION, Population, type PopulationParams } from './population.ts';
import { orderedCrossover } from './crossover.ts';
import { Splitter } from './split.ts';

export interface HgsParams {
  neighbours: number;
  population: PopulationParams;
  /** Share of offspring that should be feasible after education (per violation kind). */
  targetFeasible: number;
  penaltyIncrease: number;
  penaltyDecrease: number;
  /** Penalties are adapted every this many offspring. */
  penaltyWindow: number;
  repairProbability: number;
  repairBooster: number;
  /** Restart the population after this many offspring without a new best. */
  iterationsNoImprovement: number;
  /** The initial population is 4μ individuals, or what fits in this share of the time limit. */
  initialTimeShare: number;
}

export const DEFAULT_HGS: HgsParams = {
  neighbours: DEFAULT_NEIGHBOURS,
  population: DEFAULT_POPULATION,
  targetFeasible: 0.2,
  penaltyIncrease: 1.2,
  penaltyDecrease: 0.85,
  penaltyWindow: 30,
  repairProbability: 0.5,
  repairBooster: 10,
  iterationsNoImprovement: 20000,
  initialTimeShare: 0.3,
};

export function hybridGeneticSearch(
  inst: Instance,
  routable: number[],
  options: SolveOptions,
  params: HgsParams = DEFAULT_HGS,
): RoutePlan[] {
  const started = performance.now();
  const timeLimit = options.timeLimit ?? 10;
  const maxIterations = options.maxIterations ?? Infinity;
  const rng = createRng(options.seed ?? 1);
  const elapsed = () => (performance.now() - started) / 1000;
  let stopped = false;
  const stop = () => {
    if (stopped) return true;
    if (elapsed() >= timeLimit || (options.shouldStop?.() ?? false)) stopped = true;
    return stopped;
  };

  const neighbours = nearestNeighbours(inst, params.neighbours);
  const pen = initialPenalties(inst, routable);
  const ls = new LocalSearch(inst, pen, neighbours);
  ls.shouldStop = stop;
  const splitter = new Splitter(inst);
  const pop = new Population(params.population, routable, pen, rng);
  const routableSet = new Uint8Array(inst.n);
  for (const j of routable) routableSet[j] = 1;

  let best: Individual | null = null;
  let bestInfeasible: Individual | null = null;
  let iteration = 0;
  let lastImprovement = 0;
  let lastReport = 0;
  const history = { load: [] as boolean[], tw: [] as boolean[], dist: [] as boolean[] };

  const report = (force: boolean) => {
    if (!options.onProgress) return;
    const now = elapsed();
    if (!force && now - lastReport < 1) return;
    lastReport = now;
    const b = best ?? bestInfeasible;
    if (!b) return;
    options.onProgress({ elapsedSeconds: now, iteration, bestCost: b.cost, feasible: b.feasible });
  };

  const consider = (ind: Individual) => {
    if (ind.feasible) {
      if (!best || ind.cost < best.cost - 1e-9) {
        best = ind;
        lastImprovement = iteration;
        report(true);
      }
    } else if (!best && (!bestInfeasible || ind.penalisedCost(pen) < bestInfeasible.penalisedCost(pen))) {
      bestInfeasible = ind;
    }
  };

  const runSearch = (): boolean => {
    // Jobs lost by the split's fleet repair (no compatible host) go back by cheapest insertion.
    const missing = routable.filter((j) => ls.routeOf[j]! < 0);
    if (missing.length > 0) insertJobs(ls, missing);
    return ls.run(rng);
  };

  const educate = (plans: RoutePlan[]) => {
    ls.load(plans);
    const complete = runSearch();
    const ind = Individual.fromSearch(ls);
    if (!complete) {
      consider(ind);
      return;
    }
    record(history, ind, params.penaltyWindow);
    pop.add(ind);
    consider(ind);
    if (!ind.feasible && rng() < params.repairProbability) {
      const saved = { ...pen };
      pen.load *= params.repairBooster;
      pen.timeWarp *= params.repairBooster;
      pen.distance *= params.repairBooster;
      ls.refresh();
      const done = ls.run(rng);
      Object.assign(pen, saved);
      ls.refresh();
      const repaired = Individual.fromSearch(ls);
      if (repaired.feasible) {
        if (done) pop.add(repaired);
        consider(repaired);
      }
    }
  };

  const initialise = () => {
    const target = 4 * params.population.minSize;
    const initStart = elapsed();
    const budget = params.initialTimeShare * timeLimit;
    for (let k = 0; k < target; k++) {
      if (stop() || iteration >= maxIterations) return;
      if (k > 0 && Number.isFinite(timeLimit) && elapsed() - initStart > budget) return;
      const tour = k % 4 === 3 ? shuffled(routable, rng) : nearestNeighbourTour(inst, routable, neighbours, rng);
      iteration++;
      educate(splitter.split(tour, pen));
      report(false);
    }
  };

  // A first solution from cheapest insertion so that something sensible exists even at tiny limits.
  // Built under strong penalties, and its local search runs to the end whatever the time limit (only a
  // cancel stops it): without that, a tiny limit could return a half-repaired solution whose jobs the exact
  // finalisation must then report unassigned although a feasible plan exists.
  {
    ls.shouldStop = () => options.shouldStop?.() ?? false;
    const saved = { ...pen };
    pen.load *= 1000;
    pen.timeWarp *= 1000;
    pen.distance *= 1000;
    ls.load([]);
    const order = routable.slice().sort((a, b) => inst.priority[b]! - inst.priority[a]! || a - b);
    insertJobs(ls, order);
    iteration++;
    const complete = ls.run(rng);
    ls.shouldStop = stop;
    Object.assign(pen, saved);
    ls.refresh();
    const ind = Individual.fromSearch(ls);
    consider(ind);
    if (complete) pop.add(ind);
  }
  initialise();
  while (!stop() && iteration < maxIterations) {
    if (pop.size < 2) {
      initialise();
      continue;
    }
    const a = pop.select();
    let b = pop.select();
    if (b === a) b = pop.select();
    const child = orderedCrossover(a.tour(inst), b.tour(inst), rng, inst.n);
    iteration++;
    educate(splitter.split(child, pen));
    if (iteration % params.penaltyWindow === 0) adaptPenalties(pen, history, params);
    if (iteration - lastImprovement > params.iterationsNoImprovement) {
      pop.clear();
      lastImprovement = iteration;
      initialise();
    }
    report(false);
  }
  report(true);
  const result = (best ?? bestInfeasible) as Individual | null;
  return result ? result.routes : [];
}

function shuffled(jobs: readonly number[], rng: () => number): number[] {
  const out = jobs.slice();
  shuffle(out, rng);
  return out;
}

/**
 * Randomised nearest-neighbour giant tour: from a random job, go to one of the three nearest unvisited
 * granular neighbours (or the nearest unvisited job when all neighbours are taken). Split and local
 * search start far closer to good solutions than from a random permutation, which matters at 1000 jobs.
 */
function nearestNeighbourTour(inst: Instance, routable: readonly number[], neighbours: Int32Array[], rng: () => number): number[] {
  const n = routable.length;
  const visited = new Uint8Array(inst.n);
  for (let j = 0; j < inst.n; j++) visited[j] = 1;
  for (const j of routable) visited[j] = 0;
  const tour: number[] = [];
  let cur = routable[Math.floor(rng() * n)]!;
  const size = inst.size;
  while (true) {
    tour.push(cur);
    visited[cur] = 1;
    if (tour.length === n) break;
    const cands: number[] = [];
    for (const v of neighbours[cur]!) {
      if (!visited[v]) cands.push(v);
      if (cands.length === 3) break;
    }
    let next = -1;
    if (cands.length > 0) next = cands[Math.floor(rng() * cands.length)]!;
    else {
      let best = Infinity;
      const from = inst.jobLoc[cur]!;
      for (const j of routable) {
        if (visited[j]) continue;
        const d = inst.dist[from * size + inst.jobLoc[j]!]!;
        if (d < best) {
          best = d;
          next = j;
        }
      }
    }
    cur = next;
  }
  return tour;
}

function record(history: { load: boolean[]; tw: boolean[]; dist: boolean[] }, ind: Individual, window: number): void {
  history.load.push(ind.loadExcess <= 1e-9);
  history.tw.push(ind.timeWarp <= 1e-7);
  history.dist.push(ind.distExcess <= 1e-7);
  for (const h of [history.load, history.tw, history.dist]) if (h.length > window) h.shift();
}

function adaptPenalties(pen: Penalties, history: { load: boolean[]; tw: boolean[]; dist: boolean[] }, params: HgsParams): void {
  const adapt = (value: number, h: boolean[]) => {
    if (h.length === 0) return value;
    const share = h.filter(Boolean).length / h.length;
    if (share < params.targetFeasible - 0.05) return Math.min(value * params.penaltyIncrease, 1e9);
    if (share > params.targetFeasible + 0.05) return Math.max(value * params.penaltyDecrease, 1e-6);
    return value;
  };
  pen.load = adapt(pen.load, history.load);
  pen.timeWarp = adapt(pen.timeWarp, history.tw);
  pen.distance = adapt(pen.distance, history.dist);
}

/** Start penalties on the scale of one edge's cost per unit of violation. */
function initialPenalties(inst: Instance, routable: number[]): Penalties {
  const size = inst.size;
  let maxCost = 0;
  let sumCost = 0;
  let sumDur = 0;
  let sumDist = 0;
  let count = 0;
  const locs = [inst.vStart[0]!, ...routable.map((j) => inst.jobLoc[j]!)];
  const step = Math.max(1, Math.floor((locs.length * locs.length) / 20000));
  let k = 0;
  for (const a of locs) {
    for (const b of locs) {
      if (k++ % step !== 0 || a === b) continue;
      const d = inst.dist[a * size + b]!;
      const t = inst.dur[a * size + b]!;
      if (d >= 1e8 || t >= 1e8) continue;
      const c = inst.vCostDist[0]! * d + inst.vCostDur[0]! * t;
      maxCost = Math.max(maxCost, c);
      sumCost += c;
      sumDur += t;
      sumDist += d;
      count++;
    }
  }
  const avgCost = count > 0 ? sumCost / count : 1;
  let maxDemand = 0;
  for (const j of routable) {
    for (let k2 = 0; k2 < inst.dims; k2++) {
      maxDemand = Math.max(maxDemand, inst.delivery[j * inst.dims + k2]!, inst.pickup[j * inst.dims + k2]!);
    }
  }
  const load = Math.max(1e-3, Math.min(1e6, (maxCost || 1) / Math.max(maxDemand, 1e-9)));
  const timeWarp = sumDur > 0 ? Math.max(avgCost / (sumDur / count), inst.vCostDur[0]!, 1e-6) : 1;
  const distance = sumDist > 0 ? Math.max(avgCost / (sumDist / count), inst.vCostDist[0]!, 1e-6) : 1;
  return { load, timeWarp, distance };
}
