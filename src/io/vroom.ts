/**
 * VROOM JSON input reader and a VROOM-like JSON output writer, so that users of VROOM can switch.
 *
 * Read: vehicles (id, profile, start/start_index, end/end_index, capacity, skills, time_window,
 * max_travel_time, max_distance, costs {fixed, per_hour, per_km}), jobs (id, location/location_index,
 * delivery, pickup, amount, setup, service, time_windows, skills, priority), and either matrices
 * (`matrices: {<profile>: {durations, distances}}`, or the older top-level `matrix` = durations) or
 * coordinates only. Each VROOM vehicle becomes a vehicle type with count 1.
 *
 * Differences from VROOM, on purpose and documented in docs/engine-io.md:
 *  - Our duration cost and max_travel_time cover the whole route time (travel + service + waiting),
 *    VROOM's cover travel only. With VROOM's default cost (per_hour 3600) the objective is therefore the
 *    routes' working seconds rather than their driving seconds.
 *  - setup is added to service (no "same location" saving).
 *  - Coordinates without a matrix: haversine distance × DETOUR_FACTOR (metres, rounded), time at
 *    ESTIMATE_SPEED_KMH (seconds, rounded) — an estimate, flagged in `estimated`.
 *  - A `null` matrix entry means unreachable.
 *  - Not supported (clear error): shipments, breaks, custom cost matrices, max_tasks, speed_factor ≠ 1,
 *    vehicle steps, several routing profiles in one problem.
 * A vehicle without start or end gets a free location (zero distance and time to and from every place),
 * which is how an open route is expressed in our model.
 */
import type { Problem, Solution, VehicleType, Job } from '../solver/types.ts';
import type { CheckResult } from '../solver/check.ts';
import type { InstanceRead } from './vrplib.ts';
import { haversineM } from '../network/geo.ts';

export const DETOUR_FACTOR = 1.3;
export const ESTIMATE_SPEED_KMH = 40;

export interface VroomRead extends InstanceRead {
  /** VROOM ids as given (numbers in valid VROOM input), by vehicle type / job index. */
  vehicleIdValues: Array<number | string>;
  jobIdValues: Array<number | string>;
  /** Coordinates of each location index when known ([lon, lat]). */
  locations: Array<[number, number] | undefined>;
  /** Location index of the free (open-route) location, if one was added. */
  freeLocation?: number;
  /** True when the matrices were estimated from coordinates. */
  estimated: boolean;
}

type Json = Record<string, unknown>;

function fail(source: string, path: string, message: string): never {
  throw new Error(`${source}:${path}: ${message}`);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, source: string, path: string, opts: { integer?: boolean; min?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(source, path, `expected a number, got ${JSON.stringify(v)}`);
  if (opts.integer && !Number.isInteger(v)) fail(source, path, `expected an integer, got ${v}`);
  if (opts.min !== undefined && v < opts.min) fail(source, path, `must be ≥ ${opts.min}, got ${v}`);
  return v;
}

function numArray(v: unknown, source: string, path: string, opts: { integer?: boolean; min?: number } = {}): number[] {
  if (!Array.isArray(v)) fail(source, path, `expected an array, got ${JSON.stringify(v)}`);
  return v.map((x, i) => num(x, source, `${path}[${i}]`, opts));
}

function coordinate(v: unknown, source: string, path: string): [number, number] {
  const c = numArray(v, source, path);
  if (c.length !== 2) fail(source, path, `expected [lon, lat], got ${JSON.stringify(v)}`);
  if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) fail(source, path, `[lon, lat] out of range: ${JSON.stringify(v)}`);
  return [c[0], c[1]];
}

function id(v: unknown, source: string, path: string): number | string {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.length > 0) return v;
  fail(source, path, `expected an id (number), got ${JSON.stringify(v)}`);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new Error(`${source}:${line ?? '-'}:json: not valid JSON (${message})`);
  }
}

function readMatrix(v: unknown, source: string, path: string): number[][] {
  if (!Array.isArray(v)) fail(source, path, 'expected a square array of arrays');
  const n = v.length;
  return v.map((row, i) => {
    if (!Array.isArray(row) || row.length !== n)
      fail(source, `${path}[${i}]`, `expected a row of ${n} numbers (square matrix)`);
    return row.map((x, j) => (x === null ? Infinity : num(x, source, `${path}[${i}][${j}]`, { min: 0 })));
  });
}

export function readVroom(text: string, options: { source?: string } = {}): VroomRead {
  const source = options.source ?? 'input';
  const input = readRoot(parseJson(text, source), source);
  const { profile, durationRows, distanceRows } = readMatrices(input, source);
  const locator = new Locator(
    source,
    durationRows?.length ?? distanceRows?.length,
    durationRows !== undefined || distanceRows !== undefined,
  );
  const vehicleIdValues: Array<number | string> = [];
  const ends: Array<{ start?: number; end?: number }> = [];
  const vehicleDrafts = (input.vehicles as unknown[]).map((raw, i) => {
    const v = readVehicle(raw as Json, `vehicles[${i}]`, source, locator);
    vehicleIdValues.push(v.idValue);
    ends.push({ start: v.start, end: v.end });
    return v.draft;
  });
  const dims = Math.max(...vehicleDrafts.map((v) => v.capacity.length));
  vehicleDrafts.forEach((v, i) => {
    if (v.capacity.length !== dims)
      fail(source, `vehicles[${i}].capacity`, `has ${v.capacity.length} dimensions, other vehicles ${dims}`);
  });
  const jobIdValues: Array<number | string> = [];
  const seenIds = new Set<string>();
  const jobDrafts = (input.jobs as unknown[]).map((raw, i) => {
    const path = `jobs[${i}]`;
    if (!isObject(raw)) fail(source, path, 'expected an object');
    const jobId = id(raw.id, source, `${path}.id`);
    if (seenIds.has(String(jobId))) fail(source, `${path}.id`, `duplicate job id ${jobId}`);
    seenIds.add(String(jobId));
    jobIdValues.push(jobId);
    return readJob(raw, path, source, locator, dims, jobId);
  });
  const needFree = ends.some((e) => e.start === undefined || e.end === undefined);
  const locations = locator.locations;
  const matrices = locator.withMatrix
    ? fromGivenMatrices({
        source,
        profile,
        durationRows,
        distanceRows,
        vehicleDrafts,
        jobDrafts,
        baseSize: locations.length,
        needFree,
      })
    : estimateMatrices(locations as Array<[number, number]>, needFree);
  const freeLocation = needFree ? locations.length : undefined;
  if (needFree) locations.push(undefined); // its row and column stay 0: an open route's free end
  const vehicles: VehicleType[] = vehicleDrafts.map((v, i) => ({
    ...v,
    start: ends[i].start ?? (freeLocation as number),
    end: ends[i].end ?? (freeLocation as number),
  }));
  const problem: Problem = {
    size: matrices.size,
    distances: matrices.distances,
    durations: matrices.durations,
    vehicles,
    jobs: jobDrafts,
  };
  const estimated = !locator.withMatrix;
  return {
    name: typeof input.description === 'string' ? input.description : source,
    problem,
    jobIds: jobDrafts.map((j) => j.id),
    convention: estimated
      ? `estimate from coordinates: haversine × ${DETOUR_FACTOR} (m), ${ESTIMATE_SPEED_KMH} km/h (s)`
      : `matrices as given (profile "${profile}")`,
    vehicleIdValues,
    jobIdValues,
    locations,
    freeLocation,
    estimated,
  };
}

/** The top-level object: vehicles and jobs arrays present, unsupported features refused. */
function readRoot(input: unknown, source: string): Json {
  if (!isObject(input)) fail(source, '$', 'expected a JSON object with "vehicles" and "jobs"');
  if (Array.isArray(input.shipments) && input.shipments.length > 0) {
    fail(
      source,
      'shipments',
      'shipments (paired pickup and delivery) are not supported; use jobs with delivery/pickup amounts',
    );
  }
  if (!Array.isArray(input.vehicles) || input.vehicles.length === 0)
    fail(source, 'vehicles', 'expected a non-empty array');
  const rawJobs = input.jobs ?? [];
  if (!Array.isArray(rawJobs)) fail(source, 'jobs', 'expected an array');
  input.vehicles.forEach((v, i) => {
    if (!isObject(v)) fail(source, `vehicles[${i}]`, 'expected an object');
  });
  return { ...input, jobs: rawJobs };
}

/** The one routing profile of the vehicles and its matrices, when given. */
function readMatrices(
  input: Json,
  source: string,
): { profile: string; durationRows?: number[][]; distanceRows?: number[][] } {
  const profiles = new Set<string>();
  for (const v of input.vehicles as Json[]) profiles.add(typeof v.profile === 'string' ? v.profile : 'car');
  if (profiles.size > 1)
    fail(
      source,
      'vehicles',
      `several routing profiles (${[...profiles].join(', ')}) are not supported; one matrix serves all vehicles`,
    );
  const profile = [...profiles][0];
  let durationRows: number[][] | undefined;
  let distanceRows: number[][] | undefined;
  if (input.matrices !== undefined) {
    if (!isObject(input.matrices)) fail(source, 'matrices', 'expected an object {<profile>: {durations, distances}}');
    const m = input.matrices[profile];
    if (!isObject(m)) fail(source, `matrices.${profile}`, `no matrices for the vehicles' profile "${profile}"`);
    if (m.costs !== undefined) fail(source, `matrices.${profile}.costs`, 'custom cost matrices are not supported');
    if (m.durations !== undefined) durationRows = readMatrix(m.durations, source, `matrices.${profile}.durations`);
    if (m.distances !== undefined) distanceRows = readMatrix(m.distances, source, `matrices.${profile}.distances`);
    if (!durationRows && !distanceRows) fail(source, `matrices.${profile}`, 'expected "durations" and/or "distances"');
  } else if (input.matrix !== undefined) {
    durationRows = readMatrix(input.matrix, source, 'matrix');
  }
  if (durationRows && distanceRows && durationRows.length !== distanceRows.length) {
    fail(
      source,
      `matrices.${profile}`,
      `durations (${durationRows.length}) and distances (${distanceRows.length}) differ in size`,
    );
  }
  return { profile, durationRows, distanceRows };
}

/** Locations: matrix indices when a matrix is given, else deduplicated coordinates. */
class Locator {
  readonly locations: Array<[number, number] | undefined>;
  private readonly coordIndex = new Map<string, number>();

  constructor(
    private readonly source: string,
    private readonly matrixSize: number | undefined,
    readonly withMatrix: boolean,
  ) {
    this.locations = new Array(matrixSize ?? 0).fill(undefined);
  }

  locate(obj: Json, indexKey: string, coordKey: string, path: string, required: boolean): number | undefined {
    const source = this.source;
    const idx = obj[indexKey];
    const coord = obj[coordKey];
    if (this.withMatrix) {
      if (idx === undefined) {
        if (coord !== undefined)
          fail(source, `${path}.${indexKey}`, `required when a matrix is given (${coordKey} alone cannot index it)`);
        if (required) fail(source, `${path}.${indexKey}`, 'missing');
        return undefined;
      }
      const size = this.matrixSize ?? 0;
      const k = num(idx, source, `${path}.${indexKey}`, { integer: true, min: 0 });
      if (k >= size) fail(source, `${path}.${indexKey}`, `${k} outside the matrix (size ${size})`);
      if (coord !== undefined) this.locations[k] = coordinate(coord, source, `${path}.${coordKey}`);
      return k;
    }
    if (coord === undefined) {
      if (idx !== undefined) fail(source, `${path}.${indexKey}`, 'a location index needs a "matrices" entry');
      if (required) fail(source, `${path}.${coordKey}`, 'missing (give coordinates or a matrix with location indices)');
      return undefined;
    }
    const c = coordinate(coord, source, `${path}.${coordKey}`);
    const key = `${c[0]},${c[1]}`;
    let k = this.coordIndex.get(key);
    if (k === undefined) {
      k = this.locations.length;
      this.locations.push(c);
      this.coordIndex.set(key, k);
    }
    return k;
  }
}

type VehicleDraft = Omit<VehicleType, 'start' | 'end'>;

const UNSUPPORTED_VEHICLE_KEYS = ['breaks', 'max_tasks', 'steps'];

function readVehicle(
  v: Json,
  path: string,
  source: string,
  locator: Locator,
): { draft: VehicleDraft; idValue: number | string; start?: number; end?: number } {
  for (const key of UNSUPPORTED_VEHICLE_KEYS) {
    if (v[key] !== undefined && !(Array.isArray(v[key]) && (v[key] as unknown[]).length === 0))
      fail(source, `${path}.${key}`, 'not supported');
  }
  if (v.speed_factor !== undefined && v.speed_factor !== 1) fail(source, `${path}.speed_factor`, 'only 1 is supported');
  const idValue = id(v.id, source, `${path}.id`);
  const start = locator.locate(v, 'start_index', 'start', path, false);
  const end = locator.locate(v, 'end_index', 'end', path, false);
  if (start === undefined && end === undefined) fail(source, path, 'needs a start or an end');
  const capacity = v.capacity === undefined ? [] : numArray(v.capacity, source, `${path}.capacity`, { min: 0 });
  const skills = v.skills === undefined ? [] : numArray(v.skills, source, `${path}.skills`, { integer: true });
  let twStart = 0;
  let twEnd = Infinity;
  if (v.time_window !== undefined) {
    const tw = numArray(v.time_window, source, `${path}.time_window`, { min: 0 });
    if (tw.length !== 2 || tw[1] < tw[0])
      fail(
        source,
        `${path}.time_window`,
        `expected [start, end] with start ≤ end, got ${JSON.stringify(v.time_window)}`,
      );
    [twStart, twEnd] = tw as [number, number];
  }
  const costs = v.costs === undefined ? {} : v.costs;
  if (!isObject(costs)) fail(source, `${path}.costs`, 'expected an object {fixed, per_hour, per_km}');
  const fixed = costs.fixed === undefined ? 0 : num(costs.fixed, source, `${path}.costs.fixed`, { min: 0 });
  const perHour =
    costs.per_hour === undefined ? 3600 : num(costs.per_hour, source, `${path}.costs.per_hour`, { min: 0 });
  const perKm = costs.per_km === undefined ? 0 : num(costs.per_km, source, `${path}.costs.per_km`, { min: 0 });
  const maxDuration =
    v.max_travel_time === undefined ? Infinity : num(v.max_travel_time, source, `${path}.max_travel_time`, { min: 0 });
  const maxDistance =
    v.max_distance === undefined ? Infinity : num(v.max_distance, source, `${path}.max_distance`, { min: 0 });
  const draft: VehicleDraft = {
    id: String(idValue),
    capacity,
    skills,
    twStart,
    twEnd,
    maxDuration,
    maxDistance,
    fixedCost: fixed,
    costPerDuration: perHour / 3600,
    costPerDistance: perKm / 1000,
    count: 1,
  };
  return { draft, idValue, start, end };
}

function readJob(raw: Json, path: string, source: string, locator: Locator, dims: number, jobId: number | string): Job {
  const location = locator.locate(raw, 'location_index', 'location', path, true) as number;
  const amount = (key: string): number[] => {
    if (raw[key] === undefined) return new Array(dims).fill(0);
    const a = numArray(raw[key], source, `${path}.${key}`, { min: 0 });
    if (a.length !== dims)
      fail(source, `${path}.${key}`, `has ${a.length} dimensions, vehicle capacities have ${dims}`);
    return a;
  };
  const delivery = raw.amount !== undefined && raw.delivery === undefined ? amount('amount') : amount('delivery');
  const pickup = amount('pickup');
  const service =
    (raw.service === undefined ? 0 : num(raw.service, source, `${path}.service`, { min: 0 })) +
    (raw.setup === undefined ? 0 : num(raw.setup, source, `${path}.setup`, { min: 0 }));
  const timeWindows = readTimeWindows(raw.time_windows, `${path}.time_windows`, source);
  const skills = raw.skills === undefined ? [] : numArray(raw.skills, source, `${path}.skills`, { integer: true });
  const priority = raw.priority === undefined ? 0 : num(raw.priority, source, `${path}.priority`, { min: 0 });
  return { id: String(jobId), location, delivery, pickup, service, timeWindows, skills, priority };
}

function readTimeWindows(v: unknown, path: string, source: string): Array<[number, number]> {
  const timeWindows: Array<[number, number]> = [];
  if (v === undefined) return timeWindows;
  if (!Array.isArray(v)) fail(source, path, 'expected [[start, end], …]');
  v.forEach((w, k) => {
    const tw = numArray(w, source, `${path}[${k}]`, { min: 0 });
    if (tw.length !== 2 || tw[1] < tw[0])
      fail(source, `${path}[${k}]`, `expected [start, end] with start ≤ end, got ${JSON.stringify(w)}`);
    timeWindows.push([tw[0], tw[1]]);
  });
  timeWindows.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < timeWindows.length; k++) {
    if (timeWindows[k][0] <= timeWindows[k - 1][1]) fail(source, path, 'windows overlap');
  }
  return timeWindows;
}

interface Matrices {
  size: number;
  distances: Float64Array;
  durations: Float64Array;
}

/** The given matrices, checked against what the vehicles and jobs use (+ a free location when needed). */
function fromGivenMatrices(a: {
  source: string;
  profile: string;
  durationRows?: number[][];
  distanceRows?: number[][];
  vehicleDrafts: VehicleDraft[];
  jobDrafts: Job[];
  baseSize: number;
  needFree: boolean;
}): Matrices {
  const { source, profile, durationRows, distanceRows, baseSize } = a;
  const usesDistance = a.vehicleDrafts.some((v) => v.costPerDistance > 0 || Number.isFinite(v.maxDistance));
  if (!distanceRows && usesDistance) {
    fail(source, `matrices.${profile}.distances`, 'needed: a vehicle has costs.per_km or max_distance');
  }
  if (!durationRows) {
    const usesTime =
      a.vehicleDrafts.some(
        (v) => v.costPerDuration > 0 || Number.isFinite(v.maxDuration) || Number.isFinite(v.twEnd),
      ) || a.jobDrafts.some((j) => j.timeWindows.length > 0);
    if (usesTime)
      fail(
        source,
        `matrices.${profile}.durations`,
        'needed: costs.per_hour (default 3600), time windows or max_travel_time use travel times',
      );
  }
  const size = baseSize + (a.needFree ? 1 : 0);
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let i = 0; i < baseSize; i++) {
    for (let j = 0; j < baseSize; j++) {
      distances[i * size + j] = distanceRows ? distanceRows[i][j] : 0;
      durations[i * size + j] = durationRows ? durationRows[i][j] : 0;
    }
  }
  return { size, distances, durations };
}

/** Coordinates only: haversine (network/geo.ts) × DETOUR_FACTOR metres, ESTIMATE_SPEED_KMH seconds. */
function estimateMatrices(locations: Array<[number, number]>, needFree: boolean): Matrices {
  const baseSize = locations.length;
  const size = baseSize + (needFree ? 1 : 0);
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  const metresPerSecond = (ESTIMATE_SPEED_KMH * 1000) / 3600;
  for (let i = 0; i < baseSize; i++) {
    const [lonI, latI] = locations[i];
    for (let j = 0; j < baseSize; j++) {
      if (i === j) continue;
      const [lonJ, latJ] = locations[j];
      const d = Math.round(haversineM(lonI, latI, lonJ, latJ) * DETOUR_FACTOR);
      distances[i * size + j] = d;
      durations[i * size + j] = Math.round(d / metresPerSecond);
    }
  }
  return { size, distances, durations };
}

export interface VroomStep {
  type: 'start' | 'job' | 'end';
  id?: number | string;
  location_index?: number;
  location?: [number, number];
  arrival: number;
  /** Cumulated travel time on arrival (VROOM's meaning). */
  duration: number;
  service: number;
  waiting_time: number;
  load: number[];
  /** Cumulated distance on arrival. */
  distance: number;
}

/** The totals VROOM reports per route and, summed, in the summary. */
interface VroomTotals {
  cost: number;
  delivery: number[];
  pickup: number[];
  service: number;
  duration: number;
  waiting_time: number;
  priority: number;
  distance: number;
}

export interface VroomOutput {
  code: number;
  summary: VroomTotals & { routes: number; unassigned: number };
  unassigned: Array<{
    id: number | string;
    type: 'job';
    location_index?: number;
    location?: [number, number];
    reason: string;
    detail?: string;
  }>;
  routes: Array<VroomTotals & { vehicle: number | string; steps: VroomStep[] }>;
}

/**
 * VROOM-like output of a solution, with times, loads and costs taken from the checker's recomputation.
 * Route and summary `duration` are travel time, as in VROOM; `cost` is our objective (see the file header).
 */
export function writeVroomOutput(read: VroomRead, solution: Solution, checked: CheckResult): VroomOutput {
  const { problem } = read;
  const dims = Math.max(0, ...problem.vehicles.map((v) => v.capacity.length));
  const sum = (a: number[], b: number[]): number[] => a.map((x, i) => x + (b[i] ?? 0));
  const where = (loc: number): { location_index?: number; location?: [number, number] } => {
    if (loc === read.freeLocation) return {};
    const c = read.locations[loc];
    return c ? { location_index: loc, location: c } : { location_index: loc };
  };
  const routes: VroomOutput['routes'] = [];
  solution.routes.forEach((r, ri) => {
    if (r.jobs.length === 0) return;
    const c = checked.routes[ri];
    const v = problem.vehicles[r.vehicle];
    const steps: VroomStep[] = [];
    let travel = 0;
    let prev = v.start;
    const leg = (from: number, to: number): number => problem.durations[from * problem.size + to];
    steps.push({
      type: 'start',
      ...where(v.start),
      arrival: r.departure,
      duration: 0,
      service: 0,
      waiting_time: 0,
      load: c.startLoad,
      distance: 0,
    });
    let distance = 0;
    r.jobs.forEach((j, k) => {
      const job = problem.jobs[j];
      travel += leg(prev, job.location);
      distance += problem.distances[prev * problem.size + job.location];
      prev = job.location;
      steps.push({
        type: 'job',
        id: read.jobIdValues[j],
        ...where(job.location),
        arrival: c.arrivals[k],
        duration: travel,
        service: job.service,
        waiting_time: c.serviceStarts[k] - c.arrivals[k],
        load: c.loads[k],
        distance,
      });
    });
    travel += leg(prev, v.end);
    distance += problem.distances[prev * problem.size + v.end];
    steps.push({
      type: 'end',
      ...where(v.end),
      arrival: c.returnTime,
      duration: travel,
      service: 0,
      waiting_time: 0,
      load: c.loads[c.loads.length - 1],
      distance,
    });
    routes.push({
      vehicle: read.vehicleIdValues[r.vehicle],
      cost: c.cost,
      delivery: r.jobs.reduce((acc, j) => sum(acc, problem.jobs[j].delivery), new Array(dims).fill(0)),
      pickup: r.jobs.reduce((acc, j) => sum(acc, problem.jobs[j].pickup), new Array(dims).fill(0)),
      service: c.service,
      duration: travel,
      waiting_time: c.waiting,
      priority: r.jobs.reduce((acc, j) => acc + problem.jobs[j].priority, 0),
      distance: c.distance,
      steps,
    });
  });
  const total = (key: 'service' | 'duration' | 'waiting_time' | 'priority' | 'distance' | 'cost'): number =>
    routes.reduce((acc, r) => acc + r[key], 0);
  return {
    code: 0,
    summary: {
      cost: checked.cost,
      routes: routes.length,
      unassigned: solution.unassigned.length,
      delivery: routes.reduce((acc, r) => sum(acc, r.delivery), new Array(dims).fill(0)),
      pickup: routes.reduce((acc, r) => sum(acc, r.pickup), new Array(dims).fill(0)),
      service: total('service'),
      duration: total('duration'),
      waiting_time: total('waiting_time'),
      priority: total('priority'),
      distance: total('distance'),
    },
    unassigned: solution.unassigned.map((u) => ({
      id: read.jobIdValues[u.job],
      type: 'job' as const,
      ...where(problem.jobs[u.job].location),
      reason: u.reason,
      ...(u.detail ? { detail: u.detail } : {}),
    })),
    routes,
  };
}
