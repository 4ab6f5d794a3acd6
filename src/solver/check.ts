/**
 * Independent plan checker: recomputes the schedule, loads and cost of a Solution from the Problem alone.
 *
 * Written apart from the search on purpose (it shares no code with it), so that a bug in the search's
 * incremental evaluation cannot hide itself. Used by tests, the engine bench, the CLI and the API.
 *
 * Rounding: the checker adds matrix entries exactly as given. The rounding convention of a benchmark
 * (CVRPLIB nint per edge, Solomon/DIMACS truncation to one decimal, real Euclidean for CMT) lives in the
 * matrices the readers build, never here. Comparisons of times and loads allow CHECK_TOLERANCE so that
 * sums of one-decimal floating-point values (e.g. 0.1 + 0.2) do not read as violations.
 */
import type { Problem, Solution } from './types.ts';

/** Absolute slack on time, distance and load comparisons (floating-point noise only). */
export const CHECK_TOLERANCE = 1e-6;

export interface CheckedRoute {
  /** Index into solution.routes. */
  route: number;
  vehicle: number;
  /** Sum of distance-matrix entries along start → jobs → end. */
  distance: number;
  /** Return at the end location − departure (travel, waiting and service). */
  duration: number;
  departure: number;
  /** Arrival at the end location. */
  returnTime: number;
  /** Per job on the route: arrival time and service start (= max(arrival, open of the window used)). */
  arrivals: number[];
  serviceStarts: number[];
  /** Trips of the vehicle-day (1 + reloads at its depot), and each trip's first job position and return time. */
  trips: number;
  tripStarts: number[];
  tripReturns: number[];
  /** Load on board when leaving the start (sum of the first trip's deliveries), per dimension. */
  startLoad: number[];
  /** Load after each stop (load − delivery + pickup), per dimension. */
  loads: number[][];
  /** Highest load reached anywhere on the route, per dimension. */
  maxLoad: number[];
  /** Waiting time in total (service start − arrival). */
  waiting: number;
  /** Sum of service durations. */
  service: number;
  /** fixedCost + costPerDistance × distance + costPerDuration × duration; 0 for a route without jobs. */
  cost: number;
}

export interface CheckResult {
  feasible: boolean;
  /** Recomputed objective: Σ over routes with jobs of the route cost. */
  cost: number;
  /** Human-readable, each naming the route (and vehicle id) or job concerned. Empty when feasible. */
  violations: string[];
  routes: CheckedRoute[];
}

function label(problem: Problem, jobIndex: number): string {
  const job = problem.jobs[jobIndex];
  return job ? `job ${jobIndex} (id ${job.id})` : `job ${jobIndex}`;
}

function exceeds(value: number, limit: number): boolean {
  return value > limit + CHECK_TOLERANCE;
}

export function check(problem: Problem, solution: Solution): CheckResult {
  const violations: string[] = [];
  const { jobs, vehicles } = problem;
  const dims = Math.max(
    0,
    ...vehicles.map((v) => v.capacity.length),
    ...jobs.map((j) => Math.max(j.delivery.length, j.pickup.length)),
  );

  // Every job exactly once: in one route position or in the unassigned list.
  const seen = new Int32Array(jobs.length);
  const noteJob = (j: number, where: string): boolean => {
    if (!Number.isInteger(j) || j < 0 || j >= jobs.length) {
      violations.push(`${where}: job index ${j} is not a valid job (0…${jobs.length - 1})`);
      return false;
    }
    seen[j]++;
    return true;
  };
  for (const u of solution.unassigned) noteJob(u.job, 'unassigned list');

  const usedPerType = new Int32Array(vehicles.length);
  const routes: CheckedRoute[] = [];
  let totalCost = 0;
  solution.routes.forEach((r, ri) => {
    const vehicle = vehicles[r.vehicle];
    const name = vehicle ? `route ${ri} (vehicle ${r.vehicle}, id ${vehicle.id})` : `route ${ri}`;
    const validJobs: number[] = [];
    for (const j of r.jobs) if (noteJob(j, name)) validJobs.push(j);
    if (!vehicle || !Number.isInteger(r.vehicle)) {
      violations.push(`${name}: vehicle index ${r.vehicle} is not a valid vehicle type (0…${vehicles.length - 1})`);
      routes.push(emptyRoute(ri, r, dims)); // keeps routes[] aligned with solution.routes
      return;
    }
    if (r.jobs.length === 0) {
      routes.push(emptyRoute(ri, r, dims)); // an unused vehicle: no cost, not counted
      return;
    }
    usedPerType[r.vehicle]++;
    if (validJobs.length !== r.jobs.length) {
      routes.push(emptyRoute(ri, r, dims));
      return;
    }
    const checked = checkRoute(problem, ri, r, vehicle, validJobs, dims, name, violations);
    totalCost += checked.cost;
    routes.push(checked);
  });

  for (let j = 0; j < jobs.length; j++) {
    if (seen[j] === 0) violations.push(`${label(problem, j)} is neither on a route nor unassigned`);
    else if (seen[j] > 1) violations.push(`${label(problem, j)} appears ${seen[j]} times`);
  }
  vehicles.forEach((v, t) => {
    if (usedPerType[t] > v.count)
      violations.push(`vehicle type ${t} (id ${v.id}): ${usedPerType[t]} routes used, only ${v.count} available`);
  });

  return { feasible: violations.length === 0, cost: totalCost, violations, routes };
}

type Vehicle = Problem['vehicles'][number];
type RouteIn = Solution['routes'][number];

function emptyRoute(ri: number, r: RouteIn, dims: number): CheckedRoute {
  return {
    route: ri,
    vehicle: r.vehicle,
    distance: 0,
    duration: 0,
    departure: r.departure,
    returnTime: r.departure,
    trips: 0,
    tripStarts: [],
    tripReturns: [],
    arrivals: [],
    serviceStarts: [],
    startLoad: new Array(dims).fill(0),
    loads: [],
    maxLoad: new Array(dims).fill(0),
    waiting: 0,
    service: 0,
    cost: 0,
  };
}

/** One route with valid jobs on a valid vehicle: skills, loads, schedule, limits, cost. */
function checkRoute(
  problem: Problem,
  ri: number,
  r: RouteIn,
  vehicle: Vehicle,
  validJobs: number[],
  dims: number,
  name: string,
  violations: string[],
): CheckedRoute {
  // Skills: every skill of the job must be among the vehicle's.
  for (const j of validJobs) {
    const missing = problem.jobs[j].skills.filter((s) => !vehicle.skills.includes(s));
    if (missing.length > 0)
      violations.push(`${name}: ${label(problem, j)} needs skill(s) ${missing.join(',')} the vehicle lacks`);
  }
  const starts = tripStarts(r, vehicle, validJobs.length, name, violations);
  const loads = checkLoads(problem, vehicle, validJobs, starts, dims, name, violations);
  const sched = checkSchedule(problem, r, vehicle, validJobs, starts, name, violations);
  const duration = sched.returnTime - r.departure;
  if (exceeds(sched.returnTime, vehicle.twEnd)) {
    violations.push(`${name}: returns at ${sched.returnTime}, after the shift end ${vehicle.twEnd}`);
  }
  if (exceeds(duration, vehicle.maxDuration)) {
    violations.push(`${name}: duration ${duration} exceeds the maximum ${vehicle.maxDuration}`);
  }
  if (exceeds(sched.distance, vehicle.maxDistance)) {
    violations.push(`${name}: distance ${sched.distance} exceeds the maximum ${vehicle.maxDistance}`);
  }
  const cost = vehicle.fixedCost + vehicle.costPerDistance * sched.distance + vehicle.costPerDuration * duration;
  return {
    route: ri,
    vehicle: r.vehicle,
    duration,
    departure: r.departure,
    trips: starts.length,
    tripStarts: starts,
    ...sched,
    ...loads,
    cost,
  };
}

/** First job position of each trip: 0 and the route's reloads, which must increase inside 1…len−1, ≤ maxTrips trips. */
function tripStarts(r: RouteIn, vehicle: Vehicle, len: number, name: string, violations: string[]): number[] {
  const starts = [0];
  for (const p of r.reloads ?? []) {
    if (!Number.isInteger(p) || p <= starts[starts.length - 1] || p >= len) {
      violations.push(
        `${name}: reload position ${p} is not between the previous trip start ${starts[starts.length - 1]} and ${len - 1}`,
      );
      continue;
    }
    starts.push(p);
  }
  const maxTrips = vehicle.maxTrips ?? 1;
  if (starts.length > maxTrips) violations.push(`${name}: ${starts.length} trips, only ${maxTrips} allowed`);
  return starts;
}

/** Loads: all deliveries on board at the start; after each stop load − delivery + pickup; ≤ capacity throughout. */
function checkLoads(
  problem: Problem,
  vehicle: Vehicle,
  validJobs: number[],
  starts: number[],
  dims: number,
  name: string,
  violations: string[],
): Pick<CheckedRoute, 'startLoad' | 'loads' | 'maxLoad'> {
  const jobs = problem.jobs;
  const capacity = Array.from({ length: dims }, (_, d) => vehicle.capacity[d] ?? 0);
  const load = new Array<number>(dims).fill(0);
  const maxLoad = new Array<number>(dims).fill(0);
  let startLoad: number[] = [];
  const loads: number[][] = [];
  validJobs.forEach((j, pos) => {
    const trip = starts.indexOf(pos);
    if (trip >= 0) {
      // A trip leaves its depot with all of its own deliveries on board.
      const end = trip + 1 < starts.length ? starts[trip + 1] : validJobs.length;
      load.fill(0);
      for (const k of validJobs.slice(pos, end)) for (let d = 0; d < dims; d++) load[d] += jobs[k].delivery[d] ?? 0;
      if (trip === 0) startLoad = load.slice();
      for (let d = 0; d < dims; d++) {
        if (load[d] > maxLoad[d]) maxLoad[d] = load[d];
        if (exceeds(load[d], capacity[d])) {
          violations.push(
            `${name}: load ${load[d]} at the start${starts.length > 1 ? ` of trip ${trip + 1}` : ''} exceeds capacity ${capacity[d]} (dimension ${d})`,
          );
        }
      }
    }
    for (let d = 0; d < dims; d++) {
      load[d] = load[d] - (jobs[j].delivery[d] ?? 0) + (jobs[j].pickup[d] ?? 0);
      if (load[d] > maxLoad[d]) maxLoad[d] = load[d];
      if (exceeds(load[d], capacity[d])) {
        violations.push(
          `${name}: load ${load[d]} after ${label(problem, j)} exceeds capacity ${capacity[d]} (dimension ${d})`,
        );
      }
    }
    loads.push(load.slice());
  });
  return { startLoad, loads, maxLoad };
}

/**
 * Schedule: arrival = previous departure + travel; service starts at max(arrival, open) of the first
 * window that still admits it; leave after service.
 */
function checkSchedule(
  problem: Problem,
  r: RouteIn,
  vehicle: Vehicle,
  validJobs: number[],
  starts: number[],
  name: string,
  violations: string[],
): Pick<
  CheckedRoute,
  'distance' | 'returnTime' | 'arrivals' | 'serviceStarts' | 'waiting' | 'service' | 'tripReturns'
> {
  const { size, jobs } = problem;
  // A reload before job position p: back to the start depot, reloadTime there, then on to the job.
  const locations: number[] = [vehicle.start];
  const jobAt: number[] = [-1];
  validJobs.forEach((j, pos) => {
    if (pos > 0 && starts.includes(pos)) {
      locations.push(vehicle.start);
      jobAt.push(-1);
    }
    locations.push(jobs[j].location);
    jobAt.push(j);
  });
  locations.push(vehicle.end);
  jobAt.push(-1);
  const tripReturns: number[] = [];
  for (const loc of locations) {
    if (!Number.isInteger(loc) || loc < 0 || loc >= size)
      violations.push(`${name}: location ${loc} outside the matrix (size ${size})`);
  }
  let distance = 0;
  let time = r.departure;
  let waiting = 0;
  let service = 0;
  const arrivals: number[] = [];
  const serviceStarts: number[] = [];
  if (!Number.isFinite(r.departure)) {
    violations.push(`${name}: departure ${r.departure} is not a finite time`);
  } else if (exceeds(vehicle.twStart, r.departure)) {
    violations.push(`${name}: departure ${r.departure} before the shift start ${vehicle.twStart}`);
  }
  for (let k = 0; k + 1 < locations.length; k++) {
    const from = locations[k];
    const to = locations[k + 1];
    const legDistance = problem.distances[from * size + to];
    const legDuration = problem.durations[from * size + to];
    if (!Number.isFinite(legDistance) || !Number.isFinite(legDuration)) {
      violations.push(`${name}: leg ${k} from location ${from} to ${to} is unreachable (infinite in the matrix)`);
    }
    distance += legDistance;
    time += legDuration;
    if (k + 1 === locations.length - 1) break; // arrived at the end location
    if (jobAt[k + 1] < 0) {
      tripReturns.push(time);
      time += vehicle.reloadTime ?? 0;
      continue;
    }
    const j = jobAt[k + 1];
    const job = jobs[j];
    arrivals.push(time);
    let start = time;
    if (job.timeWindows.length > 0) {
      const window = job.timeWindows.find(([, close]) => !exceeds(time, close));
      if (!window) {
        const last = job.timeWindows[job.timeWindows.length - 1];
        violations.push(
          `${name}: ${label(problem, j)} reached at ${time}, after its last time window closes (${last[1]})`,
        );
      } else {
        start = Math.max(time, window[0]);
      }
    }
    serviceStarts.push(start);
    waiting += start - time;
    service += job.service;
    time = start + job.service;
  }
  tripReturns.push(time);
  return { distance, returnTime: time, arrivals, serviceStarts, waiting, service, tripReturns };
}
