/**
 * Every tuning number of the hybrid genetic search in one documented, range-checked object (in the manner
 * of PyVRP's PenaltyParams / GeneticAlgorithmParams / NeighbourhoodParams). docs/engine.md lists each one
 * with its meaning and range; a test checks that the table and this file agree.
 *
 * Pass overrides as `solve(problem, { params: { … } })`; `hgsParams()` fills in the defaults and throws a
 * clear error naming the parameter for a value outside its range.
 */

export interface HgsParams {
  /** μ: individuals kept in each subpopulation (feasible, infeasible) after survivor selection. */
  minPopulationSize: number;
  /** λ: offspring added to a subpopulation before it is cut back to μ. */
  generationSize: number;
  /** Best individuals whose diversity rank does not count against them in the biased fitness. */
  nbElite: number;
  /** Closest individuals averaged in the diversity (broken-pairs distance) of an individual. */
  nbClose: number;
  /** The initial population is this many × μ individuals (or what fits in initialTimeShare). */
  initialPopulationFactor: number;
  /** Share of the time limit the initial population may use. */
  initialTimeShare: number;
  /** One initial giant tour in this many is a random permutation; the others a randomised nearest-neighbour walk. */
  randomTourEvery: number;
  /** The nearest-neighbour walk picks the next job at random among this many nearest unvisited neighbours. */
  tourCandidates: number;
  /** Share of offspring that should be feasible after education, per violation kind. */
  targetFeasible: number;
  /** Dead band around targetFeasible: penalties change only when the share is outside target ± band. */
  feasibleBand: number;
  /** Penalty factor when too few offspring are feasible. */
  penaltyIncrease: number;
  /** Penalty factor when too many offspring are feasible. */
  penaltyDecrease: number;
  /** Penalties are adapted every this many offspring, over the last this many offspring. */
  penaltyWindow: number;
  /** Lower and upper clamp of every penalty weight. */
  minPenalty: number;
  maxPenalty: number;
  /** Penalty multiplier for the first (cheapest-insertion) solution, so that it is built feasible. */
  constructionBooster: number;
  /** Probability that an infeasible offspring is repaired by a second local search. */
  repairProbability: number;
  /** Penalty multiplier of that repair search. */
  repairBooster: number;
  /** Node pairs sampled to scale the initial penalties (one edge's cost per unit of violation). */
  penaltySamplePairs: number;
  /** Restart the population after this many offspring without a new best. */
  iterationsNoImprovement: number;
  /** Granular neighbourhood: nearest neighbours of each job tried by the node operators. */
  neighbours: number;
  /** Weight of the waiting time in the neighbour proximity (PyVRP's weight_wait_time). */
  weightWait: number;
  /** Weight of the time warp in the neighbour proximity (PyVRP's weight_time_warp). */
  weightTimeWarp: number;
  /** Routes are paired for SWAP* when one holds one of this many nearest neighbours of a job of the other. */
  routePairNeighbours: number;
  /** SWAP* candidates (ranked by a distance-and-load estimate) evaluated exactly. */
  swapStarCandidates: number;
  /** Split: a route piece stops growing once its load exceeds this multiple of the capacity. */
  splitMaxLoadFactor: number;
  /** Split: longest route piece (jobs). */
  splitMaxRouteLength: number;
  /** Decomposition (hgs/decompose.ts) runs when at least this many jobs are routable and no iteration limit is set. */
  decompositionMinJobs: number;
  /** Share of the time limit the whole-problem search runs before decomposition starts. */
  decompositionStartShare: number;
  /** Jobs per subproblem (neighbouring routes are added until the group holds at least this many). */
  decompositionSize: number;
  /** Offspring per subproblem. */
  decompositionIterations: number;
  /** μ and λ of a subproblem's search (its initial population is μ): small, so that crossover starts early. */
  decompositionPopulation: number;
  /** Nearest neighbours per job used to find which routes are close to each other. */
  decompositionLinks: number;
  /** Granular neighbourhood size (instead of `neighbours`) for the whole search when decomposition runs. */
  decompositionNeighbours: number;
  /**
   * Threads of the search: the calling thread plus threads − 1 worker threads (parallel/pool.ts). With more
   * than one, the whole-problem search runs as islands and decomposition solves one subproblem per thread.
   * Default 1 (no workers). Progress times and CPU-clock limits count every thread.
   */
  threads: number;
  /**
   * With threads > 1, the whole-problem search keeps one population whose offspring the workers help educate
   * (1), or runs one island per thread (0).
   */
  parallelEducation: number;
  /** Islands exchange their best solutions every this many offspring (threads > 1, parallelEducation 0). */
  islandExchangeEvery: number;
}

export const DEFAULT_HGS_PARAMS: Readonly<HgsParams> = Object.freeze({
  minPopulationSize: 25,
  generationSize: 40,
  nbElite: 4,
  nbClose: 5,
  initialPopulationFactor: 4,
  initialTimeShare: 0.3,
  randomTourEvery: 4,
  tourCandidates: 3,
  targetFeasible: 0.2,
  feasibleBand: 0.05,
  penaltyIncrease: 1.2,
  penaltyDecrease: 0.85,
  penaltyWindow: 30,
  minPenalty: 1e-6,
  maxPenalty: 1e9,
  constructionBooster: 1000,
  repairProbability: 0.5,
  repairBooster: 10,
  penaltySamplePairs: 20000,
  iterationsNoImprovement: 20000,
  neighbours: 40,
  weightWait: 0.2,
  weightTimeWarp: 1,
  routePairNeighbours: 15,
  swapStarCandidates: 4,
  splitMaxLoadFactor: 1.5,
  splitMaxRouteLength: 300,
  decompositionMinJobs: 150,
  decompositionStartShare: 0.35,
  decompositionSize: 120,
  decompositionIterations: 150,
  decompositionPopulation: 8,
  decompositionLinks: 10,
  decompositionNeighbours: 20,
  threads: 1,
  parallelEducation: 1,
  islandExchangeEvery: 100,
});

interface Range {
  min: number;
  max: number;
  integer?: boolean;
  /** min itself is excluded. */
  openMin?: boolean;
}

/** Allowed range of each parameter (docs/engine.md repeats it). */
export const HGS_PARAM_RANGES: Readonly<Record<keyof HgsParams, Range>> = Object.freeze({
  minPopulationSize: { min: 1, max: 1000, integer: true },
  generationSize: { min: 1, max: 1000, integer: true },
  nbElite: { min: 0, max: 1000, integer: true },
  nbClose: { min: 1, max: 1000, integer: true },
  initialPopulationFactor: { min: 1, max: 100, integer: true },
  initialTimeShare: { min: 0, max: 1 },
  randomTourEvery: { min: 1, max: 1e6, integer: true },
  tourCandidates: { min: 1, max: 100, integer: true },
  targetFeasible: { min: 0, max: 1 },
  feasibleBand: { min: 0, max: 0.5 },
  penaltyIncrease: { min: 1, max: 100 },
  penaltyDecrease: { min: 0, max: 1, openMin: true },
  penaltyWindow: { min: 1, max: 1e6, integer: true },
  minPenalty: { min: 0, max: 1e12, openMin: true },
  maxPenalty: { min: 0, max: 1e12, openMin: true },
  constructionBooster: { min: 1, max: 1e9 },
  repairProbability: { min: 0, max: 1 },
  repairBooster: { min: 1, max: 1e9 },
  penaltySamplePairs: { min: 1, max: 1e8, integer: true },
  iterationsNoImprovement: { min: 1, max: 1e9, integer: true },
  neighbours: { min: 1, max: 1000, integer: true },
  weightWait: { min: 0, max: 1e6 },
  weightTimeWarp: { min: 0, max: 1e6 },
  routePairNeighbours: { min: 0, max: 1000, integer: true },
  swapStarCandidates: { min: 1, max: 1000, integer: true },
  splitMaxLoadFactor: { min: 1, max: 1000 },
  splitMaxRouteLength: { min: 1, max: 1e6, integer: true },
  decompositionMinJobs: { min: 2, max: 1e9, integer: true },
  decompositionStartShare: { min: 0, max: 1 },
  decompositionSize: { min: 2, max: 1e6, integer: true },
  decompositionIterations: { min: 1, max: 1e9, integer: true },
  decompositionPopulation: { min: 1, max: 1000, integer: true },
  decompositionLinks: { min: 1, max: 1000, integer: true },
  decompositionNeighbours: { min: 1, max: 1000, integer: true },
  threads: { min: 1, max: 64, integer: true },
  parallelEducation: { min: 0, max: 1, integer: true },
  islandExchangeEvery: { min: 1, max: 1e9, integer: true },
});

/** Defaults overridden by `overrides`, every value range-checked. Throws `HgsParams.<name>: …` on a bad value. */
export function hgsParams(overrides: Partial<HgsParams> = {}): HgsParams {
  const out: HgsParams = { ...DEFAULT_HGS_PARAMS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in HGS_PARAM_RANGES)) {
      throw new Error(`HgsParams.${key}: unknown parameter (known: ${Object.keys(HGS_PARAM_RANGES).join(', ')})`);
    }
    if (value === undefined) continue;
    const r = HGS_PARAM_RANGES[key as keyof HgsParams];
    const bad =
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value > r.max ||
      (r.openMin ? value <= r.min : value < r.min) ||
      (r.integer === true && !Number.isInteger(value));
    if (bad) {
      const range = `${r.openMin ? '(' : '['}${r.min}, ${r.max}]`;
      throw new Error(`HgsParams.${key}: ${String(value)} is outside ${range}${r.integer ? ' or not an integer' : ''}`);
    }
    out[key as keyof HgsParams] = value;
  }
  if (out.minPenalty >= out.maxPenalty)
    throw new Error(`HgsParams.minPenalty: ${out.minPenalty} must be below maxPenalty ${out.maxPenalty}`);
  if (out.targetFeasible - out.feasibleBand <= 0 && out.targetFeasible + out.feasibleBand >= 1) {
    throw new Error(
      `HgsParams.feasibleBand: ${out.feasibleBand} around targetFeasible ${out.targetFeasible} covers all of [0, 1]; penalties would never adapt`,
    );
  }
  return out;
}
