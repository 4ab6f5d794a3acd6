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
    // One typed array per field, built from the jobs and vehicle types (the search reads them in flat loops).
    const windows = jobs.map((job) => job.timeWindows);
    this.jobLoc = Int32Array.from(jobs, (job) => job.location);
    this.service = Float64Array.from(jobs, (job) => job.service);
    this.priority = Float64Array.from(jobs, (job) => job.priority ?? 0);
    // Several windows: the search sees their envelope (the exact schedule picks one window at the end).
    this.twOpen = Float64Array.from(windows, (w) => (w.length === 0 ? -Infinity : w[0][0]));
    this.twClose = Float64Array.from(windows, (w) => (w.length === 0 ? Infinity : w[w.length - 1][1]));
    this.multiWindow = Uint8Array.from(windows, (w) => (w.length > 1 ? 1 : 0));
    this.anyMultiWindow = this.multiWindow.includes(1);
    this.delivery = perDimension(jobs, dims, (job) => job.delivery);
    this.pickup = perDimension(jobs, dims, (job) => job.pickup);
    const m = vehicles.length;
    this.nTypes = m;
    this.vStart = Int32Array.from(vehicles, (v) => v.start);
    this.vEnd = Int32Array.from(vehicles, (v) => v.end);
    this.vTwStart = Float64Array.from(vehicles, (v) => v.twStart);
    this.vTwEnd = Float64Array.from(vehicles, (v) => v.twEnd);
    this.vMaxDuration = Float64Array.from(vehicles, (v) => v.maxDuration);
    this.vMaxDistance = Float64Array.from(vehicles, (v) => v.maxDistance);
    this.vFixed = Float64Array.from(vehicles, (v) => v.fixedCost);
    this.vCostDist = Float64Array.from(vehicles, (v) => v.costPerDistance);
    this.vCostDur = Float64Array.from(vehicles, (v) => v.costPerDuration);
    this.vCount = Int32Array.from(vehicles, (v) => Math.max(0, Math.min(v.count, 2 ** 30)));
    this.capacity = perDimension(vehicles, dims, (v) => v.capacity);
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

/** items × dims values, row-major; a missing dimension is 0. */
function perDimension<T>(items: readonly T[], dims: number, values: (item: T) => readonly number[]): Float64Array {
  const out = new Float64Array(items.length * dims);
  items.forEach((item, i) => {
    const v = values(item);
    for (let k = 0; k < dims; k++) out[i * dims + k] = v[k] ?? 0;
  });
  return out;
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
