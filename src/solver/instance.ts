/**
 * Flat, typed-array view of a Problem for the search. Built once per solve; the hot loops read only this.
 */
import type { Problem } from './types.ts';

/** Stand-in for an unreachable edge inside the search (Infinity would turn deltas into NaN). */
export const UNREACHABLE = 1e9;

export class Instance {
  readonly problem: Problem;
  /** Number of jobs (clients). */
  readonly n: number;
  /** Number of load dimensions. */
  readonly dims: number;
  readonly size: number;
  /** size×size, Infinity replaced by UNREACHABLE. */
  readonly dist: Float64Array;
  readonly dur: Float64Array;
  readonly jobLoc: Int32Array;
  readonly service: Float64Array;
  /** Envelope of the job's windows (first open, last close); the exact schedule honours every gap. */
  readonly twOpen: Float64Array;
  readonly twClose: Float64Array;
  readonly multiWindow: Uint8Array;
  readonly anyMultiWindow: boolean;
  /** n×dims. */
  readonly delivery: Float64Array;
  readonly pickup: Float64Array;
  readonly priority: Float64Array;
  readonly nTypes: number;
  readonly vStart: Int32Array;
  readonly vEnd: Int32Array;
  readonly vTwStart: Float64Array;
  readonly vTwEnd: Float64Array;
  readonly vMaxDuration: Float64Array;
  readonly vMaxDistance: Float64Array;
  readonly vFixed: Float64Array;
  readonly vCostDist: Float64Array;
  readonly vCostDur: Float64Array;
  readonly vCount: Int32Array;
  /** nTypes×dims. */
  readonly capacity: Float64Array;
  /** n×nTypes: 1 when the vehicle type has every skill the job needs. */
  readonly compatible: Uint8Array;
  /** 1 for a reload job (multi-trip, reload.ts); loads of the first resetDims dimensions reset there. */
  readonly isReload: Uint8Array;
  readonly anyReload: boolean;
  readonly resetDims: number;
  /** True when every vehicle type has the same depots, shift, limits, costs, capacity and skills. */
  readonly homogeneous: boolean;

  /**
   * `matrices`: the search matrices of an Instance over the same `problem.distances` / `durations` (e.g. a
   * subproblem's, or a worker's SharedArrayBuffer copy), used as they are instead of being copied again.
   */
  constructor(problem: Problem, matrices?: SearchMatrices) {
    validate(problem);
    this.problem = problem;
    const { size, jobs, vehicles } = problem;
    const n = jobs.length;
    this.n = n;
    this.size = size;
    let dims = 0;
    for (const j of jobs) dims = Math.max(dims, j.delivery.length, j.pickup.length);
    for (const v of vehicles) dims = Math.max(dims, v.capacity.length);
    this.dims = dims;
    if (matrices && matrices.dist.length === size * size && matrices.dur.length === size * size) {
      this.dist = matrices.dist;
      this.dur = matrices.dur;
    } else {
      this.dist = new Float64Array(size * size);
      this.dur = new Float64Array(size * size);
      sanitise(problem, this.dist, this.dur);
    }
    this.jobLoc = new Int32Array(n);
    this.service = new Float64Array(n);
    this.twOpen = new Float64Array(n);
    this.twClose = new Float64Array(n);
    this.multiWindow = new Uint8Array(n);
    this.delivery = new Float64Array(n * dims);
    this.pickup = new Float64Array(n * dims);
    this.priority = new Float64Array(n);
    let anyMulti = false;
    jobs.forEach((job, i) => {
      this.jobLoc[i] = job.location;
      this.service[i] = job.service;
      this.priority[i] = job.priority ?? 0;
      if (job.timeWindows.length === 0) {
        this.twOpen[i] = -Infinity;
        this.twClose[i] = Infinity;
      } else {
        this.twOpen[i] = job.timeWindows[0][0];
        this.twClose[i] = job.timeWindows[job.timeWindows.length - 1][1];
        if (job.timeWindows.length > 1) {
          this.multiWindow[i] = 1;
          anyMulti = true;
        }
      }
      for (let k = 0; k < dims; k++) {
        this.delivery[i * dims + k] = job.delivery[k] ?? 0;
        this.pickup[i * dims + k] = job.pickup[k] ?? 0;
      }
    });
    this.anyMultiWindow = anyMulti;
    const m = vehicles.length;
    this.nTypes = m;
    this.vStart = new Int32Array(m);
    this.vEnd = new Int32Array(m);
    this.vTwStart = new Float64Array(m);
    this.vTwEnd = new Float64Array(m);
    this.vMaxDuration = new Float64Array(m);
    this.vMaxDistance = new Float64Array(m);
    this.vFixed = new Float64Array(m);
    this.vCostDist = new Float64Array(m);
    this.vCostDur = new Float64Array(m);
    this.vCount = new Int32Array(m);
    this.capacity = new Float64Array(m * dims);
    vehicles.forEach((v, t) => {
      this.vStart[t] = v.start;
      this.vEnd[t] = v.end;
      this.vTwStart[t] = v.twStart;
      this.vTwEnd[t] = v.twEnd;
      this.vMaxDuration[t] = v.maxDuration;
      this.vMaxDistance[t] = v.maxDistance;
      this.vFixed[t] = v.fixedCost;
      this.vCostDist[t] = v.costPerDistance;
      this.vCostDur[t] = v.costPerDuration;
      this.vCount[t] = Math.max(0, Math.min(v.count, 2 ** 30));
      for (let k = 0; k < dims; k++) this.capacity[t * dims + k] = v.capacity[k] ?? 0;
    });
    this.compatible = new Uint8Array(n * m);
    jobs.forEach((job, i) => {
      vehicles.forEach((v, t) => {
        this.compatible[i * m + t] = job.skills.every((s) => v.skills.includes(s)) ? 1 : 0;
      });
    });
    this.homogeneous = vehicles.every((v) => sameType(v, vehicles[0]));
    this.isReload = new Uint8Array(n);
    jobs.forEach((job, i) => (this.isReload[i] = job.reload ? 1 : 0));
    this.anyReload = jobs.some((j) => j.reload);
    this.resetDims = problem.reloadDims ?? dims;
  }

  d(from: number, to: number): number {
    return this.dist[from * this.size + to];
  }

  t(from: number, to: number): number {
    return this.dur[from * this.size + to];
  }
}

/** The search's distance and duration matrices (size × size, Infinity replaced by UNREACHABLE). */
export interface SearchMatrices {
  dist: Float64Array;
  dur: Float64Array;
}

function sanitise(problem: Problem, dist: Float64Array, dur: Float64Array): void {
  for (let i = 0; i < dist.length; i++) {
    const d = problem.distances[i];
    const t = problem.durations[i];
    const bad = !Number.isFinite(d) || !Number.isFinite(t);
    dist[i] = bad ? UNREACHABLE : d;
    dur[i] = bad ? UNREACHABLE : t;
  }
}

function sameType(a: Problem['vehicles'][number], b: Problem['vehicles'][number]): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.twStart === b.twStart &&
    a.twEnd === b.twEnd &&
    a.maxDuration === b.maxDuration &&
    a.maxDistance === b.maxDistance &&
    a.fixedCost === b.fixedCost &&
    a.costPerDistance === b.costPerDistance &&
    a.costPerDuration === b.costPerDuration &&
    a.capacity.length === b.capacity.length &&
    a.capacity.every((c, k) => c === b.capacity[k]) &&
    a.skills.length === b.skills.length &&
    a.skills.every((s) => b.skills.includes(s))
  );
}

function validate(p: Problem): void {
  const cells = p.size * p.size;
  if (!Number.isInteger(p.size) || p.size < 1)
    throw new Error(`problem: size must be a positive integer, got ${p.size}`);
  if (p.distances.length !== cells)
    throw new Error(`problem: distances has ${p.distances.length} entries, expected ${cells}`);
  if (p.durations.length !== cells)
    throw new Error(`problem: durations has ${p.durations.length} entries, expected ${cells}`);
  const loc = (what: string, x: number) => {
    if (!Number.isInteger(x) || x < 0 || x >= p.size)
      throw new Error(`problem: ${what} location ${x} is outside 0..${p.size - 1}`);
  };
  p.vehicles.forEach((v, i) => {
    loc(`vehicles[${i}] (${v.id}).start`, v.start);
    loc(`vehicles[${i}] (${v.id}).end`, v.end);
    if (!(v.twStart <= v.twEnd))
      throw new Error(`problem: vehicles[${i}] (${v.id}) shift window [${v.twStart}, ${v.twEnd}] is empty`);
  });
  p.jobs.forEach((j, i) => {
    loc(`jobs[${i}] (${j.id})`, j.location);
    let prevClose = -Infinity;
    for (const [a, b] of j.timeWindows) {
      if (!(a <= b) || a < prevClose)
        throw new Error(
          `problem: jobs[${i}] (${j.id}) time windows must be sorted, non-overlapping [open, close] pairs`,
        );
      prevClose = b;
    }
  });
}
