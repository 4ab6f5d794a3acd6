/**
 * Hybrid genetic search (Vidal 2012/2022, HGS-CVRP; PyVRP): a population of locally optimal solutions,
 * parents by binary tournament on biased fitness, ordered crossover of giant tours, optimal split,
 * education by granular local search under penalised capacity / time-warp / distance violations with
 * adaptive penalties, repair of infeasible offspring, and restarts when the search stalls.
 * Every tuning number is an HgsParams field (params.ts).
 */
import { UNREACHABLE, type Instance } from '../instance.ts';
import { nearestNeighbours } from '../neighbours.ts';
import { insertJobs } from '../construct.ts';
import { LocalSearch, shuffle, type RoutePlan } from '../search/localSearch.ts';
import type { Penalties } from '../cost.ts';
import { DEFAULT_HGS_PARAMS, type HgsParams } from '../params.ts';
import type { SolveOptions } from '../types.ts';
import { createRng } from '../../util/rng.ts';
import { makeClock } from '../clock.ts';
import { Individual } from './individual.ts';
import { Population } from './population.ts';
import { orderedCrossover } from './crossover.ts';
import { Splitter } from './split.ts';
import type { Educated } from '../parallel/pool.ts';

export type { HgsParams } from '../params.ts';
/** Kept for callers of the former name. */
export const DEFAULT_HGS: Readonly<HgsParams> = DEFAULT_HGS_PARAMS;

/** Island mode (hgs/islands.ts): every `exchangeEvery` offspring, give our best, get other islands' bests. */
export interface HgsHooks {
  exchangeEvery: number;
  exchange: (best: RoutePlan[] | null) => RoutePlan[][];
}

/** Parallel education (parallel/educators.ts): workers educate offspring for this search's population. */
export interface Educators {
  /** Offspring the workers can take now. */
  free(): number;
  post(plans: RoutePlan[], pen: Penalties): void;
  /** Offspring educated since the last call (never blocks). */
  take(): Educated[];
}

export function hybridGeneticSearch(
  inst: Instance,
  routable: number[],
  options: SolveOptions,
  params: HgsParams = DEFAULT_HGS_PARAMS,
  initial?: RoutePlan[],
  hooks?: HgsHooks,
  educators?: Educators,
): RoutePlan[] {
  return new HgsRun(inst, routable, options, params, hooks, educators).run(initial);
}

/** Recent offspring: feasible in each respect or not (the window penalties adapt on). */
interface FeasibilityHistory {
  load: boolean[];
  tw: boolean[];
  dist: boolean[];
}

/** One run of the genetic search: its state, and the steps of the loop as small methods. */
class HgsRun {
  private readonly elapsed: () => number;
  private readonly timeLimit: number;
  private readonly maxIterations: number;
  private readonly rng: () => number;
  private readonly neighbours: Int32Array[];
  private readonly pen: Penalties;
  private readonly ls: LocalSearch;
  private readonly splitter: Splitter;
  private readonly pop: Population;
  private stopped = false;
  private best: Individual | null = null;
  private bestInfeasible: Individual | null = null;
  private iteration = 0;
  private lastImprovement = 0;
  private lastReport = 0;
  private lastSent: Individual | null = null;
  private lastAdapt = 0;
  private readonly history: FeasibilityHistory = { load: [], tw: [], dist: [] };

  constructor(
    private readonly inst: Instance,
    private readonly routable: number[],
    private readonly options: SolveOptions,
    private readonly params: HgsParams,
    private readonly hooks?: HgsHooks,
    private readonly educators?: Educators,
  ) {
    this.elapsed = makeClock(options.clock);
    this.timeLimit = options.timeLimit ?? 10;
    this.maxIterations = options.maxIterations ?? Infinity;
    this.rng = createRng(options.seed ?? 1);
    this.neighbours = nearestNeighbours(inst, params.neighbours, params);
    this.pen = initialPenalties(inst, routable, params);
    this.ls = new LocalSearch(inst, this.pen, this.neighbours, params);
    this.ls.shouldStop = this.stop;
    this.splitter = new Splitter(inst, params);
    this.pop = new Population(params, routable, this.pen, this.rng);
  }

  /** `initial`: a solution to start from (educated first) instead of the cheapest-insertion construction. */
  run(initial?: RoutePlan[]): RoutePlan[] {
    if (initial) this.warmStart(initial);
    else this.construct();
    this.initialise();
    while (!this.stop() && this.iteration < this.maxIterations) this.generation();
    this.report(true);
    const result = this.best ?? this.bestInfeasible;
    return result ? result.routes : [];
  }

  private readonly stop = (): boolean => {
    if (this.stopped) return true;
    if (this.elapsed() >= this.timeLimit || (this.options.shouldStop?.() ?? false)) this.stopped = true;
    return this.stopped;
  };

  private report(force: boolean): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    const now = this.elapsed();
    if (!force && now - this.lastReport < 1) return;
    this.lastReport = now;
    const b = this.best ?? this.bestInfeasible;
    if (!b) return;
    onProgress({ elapsedSeconds: now, iteration: this.iteration, bestCost: b.cost, feasible: b.feasible });
  }

  private consider(ind: Individual): void {
    if (ind.feasible) {
      if (!this.best || ind.cost < this.best.cost - 1e-9) {
        this.best = ind;
        this.lastImprovement = this.iteration;
        this.report(true);
      }
    } else if (
      !this.best &&
      (!this.bestInfeasible || ind.penalisedCost(this.pen) < this.bestInfeasible.penalisedCost(this.pen))
    ) {
      this.bestInfeasible = ind;
    }
  }

  /** Run fn with every penalty multiplied by `booster`; the penalties and route costs are restored afterwards. */
  private boosted<T>(booster: number, fn: () => T): T {
    const pen = this.pen;
    const saved = { ...pen };
    pen.load *= booster;
    pen.timeWarp *= booster;
    pen.distance *= booster;
    this.ls.refresh();
    try {
      return fn();
    } finally {
      Object.assign(pen, saved);
      this.ls.refresh();
    }
  }

  /**
   * A first solution from cheapest insertion so that something sensible exists even at tiny limits.
   * Built under strong penalties, and its local search runs to the end whatever the time limit (only a
   * cancel stops it): without that, a tiny limit could return a half-repaired solution whose jobs the exact
   * finalisation must then report unassigned although a feasible plan exists.
   */
  private construct(): void {
    const { inst, ls } = this;
    const complete = this.boosted(this.params.constructionBooster, () => {
      ls.load([]);
      insertJobs(
        ls,
        this.routable.slice().sort((a, b) => inst.priority[b] - inst.priority[a] || a - b),
      );
      this.iteration++;
      ls.shouldStop = () => this.options.shouldStop?.() ?? false;
      const done = ls.run(this.rng);
      ls.shouldStop = this.stop;
      return done;
    });
    const ind = Individual.fromSearch(ls);
    this.consider(ind);
    if (complete) this.pop.add(ind);
  }

  private warmStart(initial: RoutePlan[]): void {
    this.iteration++;
    this.educate(initial);
  }

  /** Educate route plans: local search, then population, best, and (sometimes) repair of an infeasible one. */
  private educate(plans: RoutePlan[]): void {
    const ls = this.ls;
    ls.load(plans);
    // Jobs lost by the split's fleet repair (no compatible host) go back by cheapest insertion.
    const missing = this.routable.filter((j) => ls.routeOf[j] < 0);
    if (missing.length > 0) insertJobs(ls, missing);
    const complete = ls.run(this.rng);
    const ind = Individual.fromSearch(ls);
    if (!complete) {
      this.consider(ind);
      return;
    }
    record(this.history, ind, this.params.penaltyWindow);
    this.pop.add(ind);
    this.consider(ind);
    if (!ind.feasible && this.rng() < this.params.repairProbability) {
      const done = this.boosted(this.params.repairBooster, () => ls.run(this.rng));
      const repaired = Individual.fromSearch(ls);
      if (repaired.feasible) {
        if (done) this.pop.add(repaired);
        this.consider(repaired);
      }
    }
  }

  /** Fill the population with educated split giant tours (initialPopulationFactor × μ, within initialTimeShare). */
  private initialise(): void {
    const { params, rng } = this;
    const target = params.initialPopulationFactor * params.minPopulationSize;
    const initStart = this.elapsed();
    const budget = params.initialTimeShare * this.timeLimit;
    for (let k = 0; k < target; k++) {
      if (this.stop() || this.iteration >= this.maxIterations) return;
      if (k > 0 && Number.isFinite(this.timeLimit) && this.elapsed() - initStart > budget) return;
      const tour =
        k % params.randomTourEvery === params.randomTourEvery - 1
          ? shuffled(this.routable, rng)
          : nearestNeighbourTour(this.inst, this.routable, this.neighbours, rng, params.tourCandidates);
      this.iteration++;
      this.educate(this.splitter.split(tour, this.pen));
      this.report(false);
    }
  }

  /** Island mode: send the best if it is new since the last exchange; educate what the other islands sent. */
  private exchange(hooks: HgsHooks): void {
    const best = this.best && this.best !== this.lastSent ? this.best : null;
    if (best) this.lastSent = best;
    const before = this.best;
    for (const plans of hooks.exchange(best ? best.routes : null)) {
      if (this.stop()) break;
      this.educate(plans.map((p) => ({ type: p.type, jobs: p.jobs.slice() })));
    }
    // A migrant that became our best is not sent back.
    if (this.best !== before) this.lastSent = this.best;
  }

  /**
   * Every penaltyWindow offspring. Workers' offspring make the count jump, so then by distance from the last
   * adaptation; alone, at multiples of the window (as always, so that seeded runs repeat exactly).
   */
  private adaptDue(): boolean {
    const window = this.params.penaltyWindow;
    if (!this.educators) return this.iteration % window === 0;
    if (this.iteration - this.lastAdapt < window) return false;
    this.lastAdapt = this.iteration;
    return true;
  }

  /** Crossover of two parents chosen by binary tournament: a giant tour. */
  private offspring(): number[] {
    const { pop, inst } = this;
    const a = pop.select();
    let b = pop.select();
    if (b === a) b = pop.select();
    return orderedCrossover(a.tour(inst), b.tour(inst), this.rng, inst.n);
  }

  /** Take the workers' educated offspring into the population; give every idle worker a new one. */
  private delegate(educators: Educators): void {
    for (const e of educators.take()) this.adopt(e);
    while (educators.free() > 0 && this.pop.size >= 2) {
      this.iteration++;
      educators.post(this.splitter.split(this.offspring(), this.pen), this.pen);
    }
  }

  /** As the end of educate(), for routes a worker educated (and maybe repaired). */
  private adopt(e: Educated): void {
    const ls = this.ls;
    ls.load(e.plans);
    const ind = Individual.fromSearch(ls);
    if (!e.complete) return this.consider(ind);
    record(this.history, ind, this.params.penaltyWindow);
    this.pop.add(ind);
    this.consider(ind);
    if (!e.repaired) return;
    ls.load(e.repaired);
    const repaired = Individual.fromSearch(ls);
    if (!repaired.feasible) return;
    if (e.repairComplete) this.pop.add(repaired);
    this.consider(repaired);
  }

  /** One offspring: select, cross over, split, educate; adapt penalties; restart when stalled. */
  private generation(): void {
    const { pop, params } = this;
    if (pop.size < 2) {
      this.initialise();
      return;
    }
    if (this.educators) this.delegate(this.educators);
    this.iteration++;
    this.educate(this.splitter.split(this.offspring(), this.pen));
    if (this.adaptDue()) adaptPenalties(this.pen, this.history, params);
    if (this.hooks && this.iteration % this.hooks.exchangeEvery === 0) this.exchange(this.hooks);
    if (this.iteration - this.lastImprovement > params.iterationsNoImprovement) {
      pop.clear();
      this.lastImprovement = this.iteration;
      this.initialise();
    }
    this.report(false);
  }
}

function shuffled(jobs: readonly number[], rng: () => number): number[] {
  const out = jobs.slice();
  shuffle(out, rng);
  return out;
}

/**
 * Randomised nearest-neighbour giant tour: from a random job, go to one of the `candidates` nearest unvisited
 * granular neighbours (or the nearest unvisited job when all neighbours are taken). Split and local
 * search start far closer to good solutions than from a random permutation, which matters at 1000 jobs.
 */
function nearestNeighbourTour(
  inst: Instance,
  routable: readonly number[],
  neighbours: Int32Array[],
  rng: () => number,
  candidates: number,
): number[] {
  const n = routable.length;
  const visited = new Uint8Array(inst.n);
  for (let j = 0; j < inst.n; j++) visited[j] = 1;
  for (const j of routable) visited[j] = 0;
  const tour: number[] = [];
  let cur = routable[Math.floor(rng() * n)];
  const size = inst.size;
  while (true) {
    tour.push(cur);
    visited[cur] = 1;
    if (tour.length === n) break;
    const cands: number[] = [];
    for (const v of neighbours[cur]) {
      if (!visited[v]) cands.push(v);
      if (cands.length === candidates) break;
    }
    let next = -1;
    if (cands.length > 0) next = cands[Math.floor(rng() * cands.length)];
    else {
      let best = Infinity;
      const from = inst.jobLoc[cur];
      for (const j of routable) {
        if (visited[j]) continue;
        const d = inst.dist[from * size + inst.jobLoc[j]];
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

function record(history: FeasibilityHistory, ind: Individual, window: number): void {
  history.load.push(ind.loadExcess <= 1e-9);
  history.tw.push(ind.timeWarp <= 1e-7);
  history.dist.push(ind.distExcess <= 1e-7);
  for (const h of [history.load, history.tw, history.dist]) if (h.length > window) h.shift();
}

function adaptPenalties(pen: Penalties, history: FeasibilityHistory, params: HgsParams): void {
  const adapt = (value: number, h: boolean[]) => {
    if (h.length === 0) return value;
    const share = h.filter(Boolean).length / h.length;
    if (share < params.targetFeasible - params.feasibleBand)
      return Math.min(value * params.penaltyIncrease, params.maxPenalty);
    if (share > params.targetFeasible + params.feasibleBand)
      return Math.max(value * params.penaltyDecrease, params.minPenalty);
    return value;
  };
  pen.load = adapt(pen.load, history.load);
  pen.timeWarp = adapt(pen.timeWarp, history.tw);
  pen.distance = adapt(pen.distance, history.dist);
}

/** Start penalties on the scale of one edge's cost per unit of violation. */
function initialPenalties(inst: Instance, routable: number[], params: HgsParams): Penalties {
  const size = inst.size;
  let maxCost = 0;
  let sumCost = 0;
  let sumDur = 0;
  let sumDist = 0;
  let count = 0;
  const locs = [inst.vStart[0], ...routable.map((j) => inst.jobLoc[j])];
  const step = Math.max(1, Math.floor((locs.length * locs.length) / params.penaltySamplePairs));
  let k = 0;
  for (const a of locs) {
    for (const b of locs) {
      if (k++ % step !== 0 || a === b) continue;
      const d = inst.dist[a * size + b];
      const t = inst.dur[a * size + b];
      if (d >= UNREACHABLE || t >= UNREACHABLE) continue; // the stand-in for an unreachable pair
      const c = inst.vCostDist[0] * d + inst.vCostDur[0] * t;
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
      maxDemand = Math.max(maxDemand, inst.delivery[j * inst.dims + k2], inst.pickup[j * inst.dims + k2]);
    }
  }
  const clamp = (x: number) => Math.max(params.minPenalty, Math.min(params.maxPenalty, x));
  // The load weight's own start clamp [1e-3, 1e6] keeps tiny or huge demand units from extreme starts.
  const load = clamp(Math.max(1e-3, Math.min(1e6, (maxCost || 1) / Math.max(maxDemand, 1e-9))));
  const timeWarp = clamp(sumDur > 0 ? Math.max(avgCost / (sumDur / count), inst.vCostDur[0], 1e-6) : 1);
  const distance = clamp(sumDist > 0 ? Math.max(avgCost / (sumDist / count), inst.vCostDist[0], 1e-6) : 1);
  return { load, timeWarp, distance };
}
