/**
 * Input and output of the routing engine (DESIGN.md §5). Plain data: the engine knows nothing of
 * counties, files or HTTP. Close to VROOM's model so that its JSON can be read into it.
 *
 * Units are whatever the matrices use (the county planner: metres and seconds; CVRPLIB: plain numbers).
 * Loads: every job's delivery is on board when the vehicle leaves its start; after a stop the load is
 * load − delivery + pickup; the load must stay ≤ capacity (per dimension) at every point of the route.
 */
import type { HgsParams } from './params.ts';

export interface VehicleType {
  /** External id (echoed in outputs). */
  id: string;
  /** Matrix index of the start / end location. */
  start: number;
  end: number;
  /** One entry per load dimension (e.g. [parcels, kg]). */
  capacity: number[];
  /** Skill ids the vehicle has (e.g. cold = 1). A job is only served by a vehicle with all its skills. */
  skills: number[];
  /** Shift window [twStart, twEnd]: leave start ≥ twStart, arrive at end ≤ twEnd. */
  twStart: number;
  twEnd: number;
  /** Limits on route duration (end arrival − start departure, service and waiting included) and distance. Infinity = none. */
  maxDuration: number;
  maxDistance: number;
  /** Route cost = fixedCost + costPerDistance × distance + costPerDuration × duration (only if the route has jobs). */
  fixedCost: number;
  costPerDistance: number;
  costPerDuration: number;
  /** Number of identical vehicles of this type available. */
  count: number;
  /**
   * Trips per vehicle and day (default 1): the vehicle may return to its start depot to reload, up to maxTrips − 1
   * times, each reload taking reloadTime (service at the depot). Loads are per trip; shift, maxDuration,
   * maxDistance and the one fixedCost are per vehicle-day (the whole route).
   */
  maxTrips?: number;
  reloadTime?: number;
}

export interface Job {
  /** External id (echoed in outputs). */
  id: string;
  location: number;
  delivery: number[];
  pickup: number[];
  /** Service duration at the stop. */
  service: number;
  /** Service must start inside one of these windows; empty = any time. Sorted, non-overlapping. */
  timeWindows: Array<[number, number]>;
  skills: number[];
  /** Higher = kept in the plan first when not everything fits (0 = normal). */
  priority: number;
  /** Internal (reload.ts): a reload visit of a multi-trip vehicle; the first `Problem.reloadDims` loads reset here. */
  reload?: boolean;
}

export interface Problem {
  /** Matrix size: locations are 0 … size−1. */
  size: number;
  /** Row-major size×size. Infinity marks an unreachable pair. Asymmetric allowed. */
  distances: Float64Array;
  durations: Float64Array;
  vehicles: VehicleType[];
  jobs: Job[];
  /** Internal (reload.ts): load dimensions that reset at a reload job (the others count reloads). */
  reloadDims?: number;
}

export type UnassignedReason =
  | 'capacity'
  | 'time_window'
  | 'shift'
  | 'skill'
  | 'unreachable'
  | 'max_distance'
  | 'max_duration'
  /** Feasible alone, but the fleet (vehicle counts) cannot take it together with the rest. */
  | 'fleet';

export interface RouteSolution {
  /** Index into problem.vehicles (a vehicle type; routes of one type ≤ its count). */
  vehicle: number;
  /** Job indices (0-based into problem.jobs) in visiting order. */
  jobs: number[];
  /** Departure time from the start location. Arrival at a job = max(previous departure + travel, window open). */
  departure: number;
  /**
   * Multi-trip vehicles: positions in `jobs` (increasing, 1 … jobs.length − 1) where a new trip starts: the vehicle
   * goes back to its start depot, reloads for reloadTime, and leaves for jobs[position]. Absent = one trip.
   */
  reloads?: number[];
}

export interface Solution {
  routes: RouteSolution[];
  unassigned: Array<{ job: number; reason: UnassignedReason; detail?: string }>;
  /** Objective as defined on VehicleType (fixed + distance + duration costs). */
  cost: number;
}

export interface SolveProgress {
  elapsedSeconds: number;
  iteration: number;
  bestCost: number;
  /** Whether the best solution so far is feasible. */
  feasible: boolean;
}

export interface SolveOptions {
  /** Overrides of the search's tuning numbers (range-checked; see HgsParams in params.ts and docs/engine.md). */
  params?: Partial<HgsParams>;
  /** Wall-clock limit in seconds (default 10). */
  timeLimit?: number;
  /**
   * What timeLimit and progress times measure: 'wall' (default) or 'cpu' (this process's CPU seconds; for
   * benchmarks on a shared machine).
   */
  clock?: 'wall' | 'cpu';
  /** Iteration limit of the search (default unlimited). */
  maxIterations?: number;
  /** Same seed + same input + same limits by iteration → same result. Default 1. */
  seed?: number;
  /** Called from time to time and whenever the best solution improves. */
  onProgress?: (p: SolveProgress) => void;
  /** Polled by the search; returning true stops it and returns the best so far (anytime). */
  shouldStop?: () => boolean;
}
