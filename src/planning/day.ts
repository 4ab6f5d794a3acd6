/**
 * Daily shared-delivery plan (共同配送) over the county warehouse and township hubs (issue 4, scope 1).
 *
 * Model (why each choice is in docs/planning.md):
 * - Pooling: all carriers' parcels for a station form ONE job (one stop). Cold-chain rows of the station form a
 *   second job at the same place that only a cold vehicle (engine skill COLD_SKILL) may take. Cold items are served
 *   from the county warehouse (cold storage is there; trunks are not refrigerated), so the cold job of a station
 *   assigned to a hub goes on a warehouse cold van. When the same vehicle takes both jobs back to back they are
 *   printed as one stop.
 * - Two tiers: each station is served from the warehouse or a usable township hub — by default the depot with the
 *   shortest travel time to it, overridable per station (options.assignment). A hub is usable when it has delivery
 *   vehicles, a trunk vehicle exists at the warehouse and the hub is reachable both ways from the warehouse.
 * - Trunk run: one engine problem warehouse → hubs with the 'trunk' fleet rows; a hub's job delivers the parcels of
 *   its stations and picks up the produce its routes collect. Timing model: the trunk carries the produce collected
 *   by the hub's routes back on its next run (produce waits overnight at the hub), and the day's pick-up volume
 *   stands in for the previous day's (steady state). Unloading/loading at a hub takes serviceMinutesBase; hub
 *   vehicles may leave at trunk service end + transferMinutes (their shift start is moved, never earlier).
 * - Delivery: one engine problem per depot (stations are pinned to their depot, so per-depot problems are the same
 *   optimisation as one multi-depot problem with a per-depot skill, and smaller). Capacity [parcels, kg]; service =
 *   base + per parcel; same-day stations (limit 0) get the window [dayStart, dayEnd]; N-day stations only the shift.
 * - A station whose load exceeds the largest vehicle of its depot is split into the fewest equal parts that fit.
 * - Trips: a van may reload at its depot and go out again (the engine has one route per vehicle, so trips are
 *   rounds: jobs left for lack of vehicles are planned again with every used vehicle available from its return +
 *   transferMinutes, without a second fixed cost; up to maxTrips rounds).
 * - Capacity-aware assignment: a hub whose stations exceed 80% of its vans' daily capacity (count × capacity ×
 *   trips), or hubs that together exceed 90% of the trunks' capacity, hand the stations with the smallest extra
 *   travel from the warehouse back to the warehouse; a hub the trunk still cannot supply hands all its stations to
 *   the warehouse and the trunk is planned again without it. Explicit assignments are never moved.
 */
import type { DemandRow, FleetRow, Scenario } from '../model/types.ts';
import type { Job, Problem, Solution, UnassignedReason } from '../solver/types.ts';
import type { TravelMatrix } from '../network/types.ts';
import type { PlanResult, PlanRoute, PlanStop, PlanUnassigned } from './types.ts';
import { solve } from '../solver/index.ts';
import { check } from '../solver/check.ts';
import { planningNetwork } from './network.ts';
import { formatClock, parseClock } from '../util/time.ts';
import {
  COLD_SKILL, computeKpis, dims, isTrunk, round, routeSchedules, serviceSeconds, sharedFleet,
  stationLimitDays, vehicleType, type RouteSchedule,
} from './common.ts';
import {
  KG, PARCELS, addLoad, aggregateDemand, copyByCarrier, emptyLoad, hasParcels, mergeByCarrier, parcelsOf, splitLoad,
  type Load,
} from './demand.ts';

export { splitLoad } from './demand.ts';

export interface PlanDayOptions {
  /** Engine seconds for the whole day (split over the trunk and depot problems by size). Default 3. */
  timeLimit?: number;
  seed?: number;
  /** fraction 0..1 of the engine budget spent, best total cost so far. */
  onProgress?: (fraction: number, bestCost: number) => void;
  shouldStop?: () => boolean;
  /** stationId → depot place id (warehouse or hub): overrides the nearest-depot default. */
  assignment?: Record<string, string>;
  /** Precomputed travel matrix over the scenario's places (default: scenarioMatrix(scenario)). */
  matrix?: TravelMatrix;
  /** Demand rows to plan instead of the scenario's rows of `day` (the horizon planner passes accumulated loads). */
  rows?: DemandRow[];
  /** Fleet rows to use (default: the shared fleet = rows without carrierId, or all rows if every row has one). */
  fleet?: FleetRow[];
  /** Plan only these carriers' parcels (the separate baseline). */
  carriers?: string[];
  /** Trips per delivery vehicle (reload at the depot between trips). Default 3. */
  maxTrips?: number;
}

/** One engine problem of the plan with its solution (for the checker, the upstream cost and tests). */
export interface EngineRun {
  name: string;
  depot: string;
  kind: 'trunk' | 'delivery';
  problem: Problem;
  solution: Solution;
  /** Per job: station (or hub) id, part and the job's load (with its parcels per carrier). */
  jobInfo: Array<{ placeId: string; part: 'normal' | 'cold' | 'trunk'; load: Load }>;
}

export interface DayPlanDetail {
  plan: PlanResult;
  runs: EngineRun[];
  matrix: TravelMatrix;
  /** Station → depot it was assigned to (normal part). */
  assignment: Map<string, string>;
  /** Exact (unrounded) total cost. */
  exactCost: number;
}

interface JobSpec {
  stationId: string;
  part: 'normal' | 'cold';
  load: Load;
  limit: number;
}

type DepotStatus = { usable: true } | { usable: false; reason: string; detail: string };

const DEFAULT_TIME_LIMIT = 3;
const DEFAULT_MAX_TRIPS = 3;
/** Share of a hub's nominal daily van capacity (count × capacity × trips) that the spill-over rule plans for. */
const HUB_UTILISATION = 0.8;
/** Share of the trunks' total capacity the spill-over rule plans for (bin packing of hub loads needs slack). */
const TRUNK_UTILISATION = 0.9;

export async function planDay(scenario: Scenario, day: number, options: PlanDayOptions = {}): Promise<PlanResult> {
  return (await planDayDetailed(scenario, day, options)).plan;
}

export async function planDayDetailed(scenario: Scenario, day: number, options: PlanDayOptions = {}): Promise<DayPlanDetail> {
  const defaults = scenario.county.defaults;
  const dayStart = parseClock(defaults.dayStart);
  const dayEnd = parseClock(defaults.dayEnd);
  // Reloading a van at its depot between trips takes as long as the hub transfer.
  const reloadSeconds = defaults.transferMinutes * 60;
  const warehouseFound = scenario.places.find((p) => p.kind === 'warehouse');
  if (!warehouseFound) throw new Error('places.csv: the scenario has no warehouse (kind = warehouse)');
  const warehouse = warehouseFound;

  let rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  if (!options.rows && rows.length === 0) {
    const days = [...new Set(scenario.demand.map((r) => r.day))].sort((a, b) => a - b);
    throw new Error(`no demand on day ${day}: demand.csv has rows for ${days.length ? `days ${days.join(', ')}` : 'no day at all'}`);
  }
  if (options.carriers) {
    const keep = new Set(options.carriers);
    rows = rows.filter((r) => keep.has(r.carrierId));
  }

  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const n = matrix.size;
  const placeById = new Map(scenario.places.map((p) => [p.id, p] as const));
  const travel = (a: string, b: string): number => {
    const i = index.get(a);
    const j = index.get(b);
    return i === undefined || j === undefined ? Infinity : matrix.durationS[i * n + j]!;
  };
  const reach = (a: string, b: string): boolean => Number.isFinite(travel(a, b)) && Number.isFinite(travel(b, a));
  const unreachableText = (id: string, from: string): string => {
    const u = matrix.unreachable.find((x) => x.id === id);
    return u ? `${id}: ${u.detail}` : `no road route between ${from} and ${id}`;
  };

  // Pool the day's rows per station: one normal load and one cold load.
  const pooled = aggregateDemand(rows);
  const stationIds = [...pooled.keys()];

  const unassigned: PlanUnassigned[] = [];
  const fail = (stationId: string, reason: string, detail: string) => unassigned.push({ stationId, reason, detail });

  // Fleet and depots.
  const fleet = options.fleet ?? sharedFleet(scenario);
  const deliveryRows = fleet.filter((f) => !isTrunk(f) && f.count > 0);
  const trunkRows = fleet.filter((f) => isTrunk(f) && f.count > 0 && f.depotId === warehouse.id);
  const rowsAt = (depot: string) => deliveryRows.filter((f) => f.depotId === depot);
  const hubs = scenario.places.filter((p) => p.kind === 'hub');
  const depotStatus = new Map<string, DepotStatus>();
  depotStatus.set(
    warehouse.id,
    rowsAt(warehouse.id).length > 0
      ? { usable: true }
      : { usable: false, reason: 'no_vehicle_at_depot', detail: `no delivery vehicle is based at the warehouse ${warehouse.id}` },
  );
  for (const h of hubs) {
    let status: DepotStatus = { usable: true };
    if (rowsAt(h.id).length === 0) status = { usable: false, reason: 'no_vehicle_at_depot', detail: `no delivery vehicle is based at hub ${h.id}` };
    else if (trunkRows.length === 0) status = { usable: false, reason: 'no_trunk', detail: `no trunk vehicle at the warehouse can supply hub ${h.id}` };
    else if (!reach(warehouse.id, h.id)) status = { usable: false, reason: 'hub_unreachable', detail: `hub ${h.id} cannot be reached from the warehouse: ${unreachableText(h.id, warehouse.id)}` };
    depotStatus.set(h.id, status);
  }
  const usableDepots = [warehouse.id, ...hubs.map((h) => h.id)].filter((d) => depotStatus.get(d)!.usable);

  // Assign each station's normal part to a depot; cold parts go to the warehouse's cold vans.
  const assignment = new Map<string, string>();
  const jobsByDepot = new Map<string, JobSpec[]>();
  const pushJob = (depot: string, spec: JobSpec) => {
    let list = jobsByDepot.get(depot);
    if (!list) jobsByDepot.set(depot, (list = []));
    list.push(spec);
  };
  const coldRows = rowsAt(warehouse.id).filter((f) => f.cold);
  for (const id of stationIds) {
    const place = placeById.get(id);
    const s = pooled.get(id)!;
    if (!place) {
      fail(id, 'unknown_station', `demand names station ${id}, which is not in places.csv`);
      continue;
    }
    if (!index.has(id)) {
      fail(id, 'unreachable', `station ${id} is not in the travel matrix`);
      continue;
    }
    const limit = stationLimitDays(scenario, place);
    if (hasParcels(s.normal)) {
      const depot = chooseDepot(id);
      if (depot) {
        assignment.set(id, depot);
        pushJob(depot, { stationId: id, part: 'normal', load: s.normal, limit });
      }
    }
    if (hasParcels(s.cold)) {
      if (coldRows.length === 0) {
        fail(id, 'no_cold_vehicle', `${parcelsOf(s.cold)} cold-chain parcels but no cold vehicle at the warehouse ${warehouse.id}`);
      } else if (!reach(warehouse.id, id)) {
        fail(id, 'unreachable', `cold items: ${unreachableText(id, warehouse.id)}`);
      } else {
        pushJob(warehouse.id, { stationId: id, part: 'cold', load: s.cold, limit });
      }
    }
  }

  function chooseDepot(id: string): string | null {
    const override = options.assignment?.[id];
    if (override !== undefined) {
      const status = depotStatus.get(override);
      if (!status) throw new Error(`assignment: station ${id} → ${override}: ${override} is not a depot (warehouse or hub)`);
      if (!status.usable) {
        fail(id, status.reason, `assigned to ${override}: ${status.detail}`);
        return null;
      }
      if (!reach(override, id)) {
        fail(id, 'unreachable', unreachableText(id, override));
        return null;
      }
      return override;
    }
    let best: string | null = null;
    let bestTime = Infinity;
    for (const d of usableDepots) {
      const t = travel(d, id);
      if (reach(d, id) && t < bestTime) {
        best = d;
        bestTime = t;
      }
    }
    if (best) return best;
    const blocked = hubs.find((h) => !depotStatus.get(h.id)!.usable && reach(h.id, id));
    if (blocked) {
      const status = depotStatus.get(blocked.id) as { reason: string; detail: string };
      fail(id, status.reason, `only hub ${blocked.id} reaches the station: ${status.detail}`);
    } else if (!depotStatus.get(warehouse.id)!.usable) {
      const status = depotStatus.get(warehouse.id) as { reason: string; detail: string };
      fail(id, status.reason, status.detail);
    } else {
      fail(id, 'unreachable', unreachableText(id, warehouse.id));
    }
    return null;
  }

  // Capacity-aware spill-over: a hub whose assigned parcels exceed what its vans can carry in a day (count ×
  // capacity × trips × HUB_UTILISATION) hands the stations with the smallest extra travel from the warehouse back to
  // the warehouse (only default assignments; explicit ones are kept).
  if (depotStatus.get(warehouse.id)!.usable) {
    for (const h of hubs) {
      const list = jobsByDepot.get(h.id);
      if (!list || list.length === 0) continue;
      const rowsH = rowsAt(h.id);
      const trips = options.maxTrips ?? DEFAULT_MAX_TRIPS;
      const capP = rowsH.reduce((a, r) => a + r.count * r.capacityParcels, 0) * trips * HUB_UTILISATION;
      const capK = rowsH.reduce((a, r) => a + r.count * r.capacityKg, 0) * trips * HUB_UTILISATION;
      const size = (l: Load) => [Math.max(l.parcelsDown, l.parcelsUp), Math.max(l.kgDown, l.kgUp)] as const;
      let loadP = 0;
      let loadK = 0;
      for (const spec of list) { const [p, k] = size(spec.load); loadP += p; loadK += k; }
      if (loadP <= capP && loadK <= capK) continue;
      const movable = list
        .filter((spec) => options.assignment?.[spec.stationId] === undefined && reach(warehouse.id, spec.stationId))
        .sort((x, y) => (travel(warehouse.id, x.stationId) - travel(h.id, x.stationId)) - (travel(warehouse.id, y.stationId) - travel(h.id, y.stationId)));
      const moved = new Set<JobSpec>();
      for (const spec of movable) {
        if (loadP <= capP && loadK <= capK) break;
        const [p, k] = size(spec.load);
        loadP -= p;
        loadK -= k;
        moved.add(spec);
        assignment.set(spec.stationId, warehouse.id);
        pushJob(warehouse.id, spec);
      }
      jobsByDepot.set(h.id, list.filter((spec) => !moved.has(spec)));
    }
  }

  // Trunk capacity: when all hubs together need more than TRUNK_UTILISATION of the trunks' capacity, the stations
  // with the smallest extra travel from the warehouse go back to the warehouse until the trunks can carry the rest.
  if (depotStatus.get(warehouse.id)!.usable && trunkRows.length > 0) {
    const capP = trunkRows.reduce((a, r) => a + r.count * r.capacityParcels, 0) * TRUNK_UTILISATION;
    const capK = trunkRows.reduce((a, r) => a + r.count * r.capacityKg, 0) * TRUNK_UTILISATION;
    const onHubs = hubs.flatMap((h) => (jobsByDepot.get(h.id) ?? []).map((spec) => ({ spec, hub: h.id })));
    let loadP = 0;
    let loadK = 0;
    for (const { spec } of onHubs) { loadP += Math.max(spec.load.parcelsDown, spec.load.parcelsUp); loadK += Math.max(spec.load.kgDown, spec.load.kgUp); }
    if (loadP > capP || loadK > capK) {
      const movable = onHubs
        .filter(({ spec }) => options.assignment?.[spec.stationId] === undefined && reach(warehouse.id, spec.stationId))
        .sort((x, y) => (travel(warehouse.id, x.spec.stationId) - travel(x.hub, x.spec.stationId)) - (travel(warehouse.id, y.spec.stationId) - travel(y.hub, y.spec.stationId)));
      const moved = new Set<JobSpec>();
      for (const { spec } of movable) {
        if (loadP <= capP && loadK <= capK) break;
        loadP -= Math.max(spec.load.parcelsDown, spec.load.parcelsUp);
        loadK -= Math.max(spec.load.kgDown, spec.load.kgUp);
        moved.add(spec);
        assignment.set(spec.stationId, warehouse.id);
        pushJob(warehouse.id, spec);
      }
      for (const h of hubs) {
        const list = jobsByDepot.get(h.id);
        if (list) jobsByDepot.set(h.id, list.filter((spec) => !moved.has(spec)));
      }
    }
  }

  // Time budget: trunk a small slice, depots by job count.
  const totalTime = options.timeLimit ?? DEFAULT_TIME_LIMIT;
  const hubIdsWithJobs = hubs.map((h) => h.id).filter((h) => (jobsByDepot.get(h)?.length ?? 0) > 0);
  const trunkTime = hubIdsWithJobs.length > 0 ? Math.min(0.5, 0.1 * totalTime) : 0;
  const totalJobs = [...jobsByDepot.values()].reduce((a, l) => a + l.length, 0);
  const depotTime = (jobs: number) => Math.max(0.05, ((totalTime - trunkTime) * jobs) / Math.max(1, totalJobs));
  let spent = 0;
  let costSoFar = 0;
  const budget = totalTime > 0 ? totalTime : 1;
  const runSolve = async (problem: Problem, seconds: number): Promise<Solution> => {
    const solution = await Promise.resolve(
      solve(problem, {
        timeLimit: seconds,
        seed: options.seed ?? 1,
        shouldStop: options.shouldStop,
        onProgress: options.onProgress
          ? (p) => options.onProgress!(Math.min(1, (spent + Math.min(p.elapsedSeconds, seconds)) / budget), costSoFar + p.bestCost)
          : undefined,
      }),
    );
    spent += seconds;
    costSoFar += solution.cost;
    options.onProgress?.(Math.min(1, spent / budget), costSoFar);
    return solution;
  };

  const runs: EngineRun[] = [];
  const routes: PlanRoute[] = [];
  let exactCost = 0;
  const serviceStartsByStation = new Map<string, number[]>();
  const ordinal = new Map<string, number>();
  const nextVehicleId = (fleetId: string) => {
    const k = (ordinal.get(fleetId) ?? 0) + 1;
    ordinal.set(fleetId, k);
    return `${fleetId}#${k}`;
  };
  const subMatrix = (ids: string[]) => {
    const m = ids.length;
    const distances = new Float64Array(m * m);
    const durations = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      const ia = index.get(ids[a]!)!;
      for (let b = 0; b < m; b++) {
        const ib = index.get(ids[b]!)!;
        distances[a * m + b] = matrix.distanceM[ia * n + ib]!;
        durations[a * m + b] = matrix.durationS[ia * n + ib]!;
      }
    }
    return { size: m, distances, durations };
  };

  // Trunk run warehouse → hubs. A hub the trunk cannot supply (its fleet is full) hands its stations to the
  // warehouse and the trunk is planned again without it (at most 3 attempts); only the kept attempt is in the plan.
  const hubReady = new Map<string, number>();
  const handToWarehouse = (h: string, why: string) => {
    for (const spec of jobsByDepot.get(h) ?? []) {
      const pinned = options.assignment?.[spec.stationId] === h;
      if (!pinned && depotStatus.get(warehouse.id)!.usable && reach(warehouse.id, spec.stationId)) {
        assignment.set(spec.stationId, warehouse.id);
        pushJob(warehouse.id, spec);
      } else {
        fail(spec.stationId, 'no_trunk', `the trunk run cannot supply hub ${h} (${why})`);
      }
    }
    jobsByDepot.delete(h);
  };
  let trunkHubs = hubIdsWithJobs.slice();
  for (let attempt = 1; attempt <= 3 && trunkHubs.length > 0; attempt++) {
    const ids = [warehouse.id, ...trunkHubs];
    const vehicles = trunkRows.map((r) => vehicleType(r, 0));
    const capP = Math.max(...trunkRows.map((r) => r.capacityParcels));
    const capK = Math.max(...trunkRows.map((r) => r.capacityKg));
    const jobs: Job[] = [];
    const jobInfo: EngineRun['jobInfo'] = [];
    trunkHubs.forEach((h, k) => {
      const total = emptyLoad();
      for (const spec of jobsByDepot.get(h)!) addLoad(total, spec.load);
      // Chunks of at most a third of the largest trunk, so that hub loads can be packed across trunks.
      for (const part of splitLoad(total, Math.max(1, Math.floor(capP / 3)), capK / 3)) {
        jobs.push({
          id: `${h}#${jobs.length + 1}`,
          location: k + 1,
          delivery: dims(part.parcelsDown, part.kgDown),
          pickup: dims(part.parcelsUp, part.kgUp),
          service: Math.round(defaults.serviceMinutesBase * 60),
          timeWindows: [],
          skills: [],
          priority: 0,
        });
        jobInfo.push({ placeId: h, part: 'trunk', load: part });
      }
    });
    const problem: Problem = { ...subMatrix(ids), vehicles, jobs };
    const solution = await runSolve(problem, attempt === 1 ? trunkTime : Math.min(0.2, trunkTime));
    const failedHubs = new Map<string, string>();
    for (const u of solution.unassigned) failedHubs.set(jobInfo[u.job]!.placeId, u.reason + (u.detail ? `: ${u.detail}` : ''));
    if (failedHubs.size > 0 && attempt < 3) {
      for (const [h, why] of failedHubs) handToWarehouse(h, why);
      trunkHubs = trunkHubs.filter((h) => !failedHubs.has(h));
      costSoFar -= solution.cost;
      continue;
    }
    runs.push({ name: 'trunk', depot: warehouse.id, kind: 'trunk', problem, solution, jobInfo });
    const schedules = routeSchedules(problem, solution);
    solution.routes.forEach((r, ri) => {
      if (r.jobs.length === 0) return;
      const sched = schedules[ri]!;
      exactCost += sched.cost;
      r.jobs.forEach((j, pos) => {
        const h = jobInfo[j]!.placeId;
        const ready = sched.departures[pos]! + defaults.transferMinutes * 60;
        hubReady.set(h, Math.max(hubReady.get(h) ?? 0, ready));
      });
      routes.push(toPlanRoute(problem, r.jobs, sched, jobInfo, trunkRows[r.vehicle]!, warehouse.id, 'trunk', nextVehicleId(trunkRows[r.vehicle]!.id)));
    });
    for (const [h, why] of failedHubs) handToWarehouse(h, why);
    break;
  }

  // Delivery problems, one per depot.
  for (const depot of [warehouse.id, ...hubIdsWithJobs]) {
    const specs = jobsByDepot.get(depot);
    if (!specs || specs.length === 0) continue;
    const depotRows = rowsAt(depot);
    const stationsHere = [...new Set(specs.map((s) => s.stationId))];
    const ids = [depot, ...stationsHere];
    const locOf = new Map(stationsHere.map((s, k) => [s, k + 1] as const));
    const jobs: Job[] = [];
    const jobInfo: EngineRun['jobInfo'] = [];
    for (const spec of specs) {
      const eligible = spec.part === 'cold' ? depotRows.filter((r) => r.cold) : depotRows;
      const capP = Math.max(...eligible.map((r) => r.capacityParcels));
      const capK = Math.max(...eligible.map((r) => r.capacityKg));
      const parts = splitLoad(spec.load, capP, capK);
      parts.forEach((part, k) => {
        const suffix = (spec.part === 'cold' ? ':cold' : '') + (parts.length > 1 ? `#${k + 1}` : '');
        jobs.push({
          id: spec.stationId + suffix,
          location: locOf.get(spec.stationId)!,
          delivery: dims(part.parcelsDown, part.kgDown),
          pickup: dims(part.parcelsUp, part.kgUp),
          service: serviceSeconds(scenario, parcelsOf(part)),
          timeWindows: spec.limit === 0 ? [[dayStart, dayEnd]] : [],
          skills: spec.part === 'cold' ? [COLD_SKILL] : [],
          priority: 0,
        });
        jobInfo.push({ placeId: spec.stationId, part: spec.part, load: part });
      });
    }
    // Trips: round 1 uses the fleet as given; jobs left for lack of vehicles ('fleet', 'capacity') go to a next
    // round in which every vehicle may make one more trip, leaving at its previous return + reload time (no second
    // fixed cost); vehicles not used yet keep their shift start and fixed cost. Up to maxTrips rounds.
    const matrixHere = subMatrix(ids);
    type Physical = { row: FleetRow; id: string; readyAt: number; used: boolean; trips: number };
    const physical: Physical[] = [];
    for (const row of depotRows) {
      for (let k = 0; k < row.count; k++) physical.push({ row, id: '', readyAt: 0, used: false, trips: 0 });
    }
    let pending = jobs.map((_, j) => j);
    const maxTrips = options.maxTrips ?? DEFAULT_MAX_TRIPS;
    for (let trip = 1; trip <= maxTrips && pending.length > 0; trip++) {
      const roundJobs = pending.map((j) => jobs[j]!);
      const roundInfo = pending.map((j) => jobInfo[j]!);
      let vehicles;
      let owners: Array<(routeOrdinal: number) => Physical>;
      if (trip === 1) {
        vehicles = depotRows.map((r) => vehicleType(r, 0, hubReady.get(depot)));
        owners = depotRows.map((r) => {
          const mine = physical.filter((p) => p.row === r);
          return (k: number) => mine[k]!;
        });
      } else {
        // Used vehicles: one type each (own ready time, no second fixed cost); unused ones: one type per fleet row.
        const used = physical.filter((p) => p.used && p.readyAt + reloadSeconds < parseClock(p.row.shiftEnd));
        const unusedRows = depotRows.filter((r) => physical.some((p) => p.row === r && !p.used));
        if (used.length === 0 && unusedRows.length === 0) break;
        vehicles = [
          ...used.map((p) => ({
            ...vehicleType(p.row, 0, p.readyAt + reloadSeconds),
            id: `${p.id} trip ${p.trips + 1}`,
            count: 1,
            fixedCost: 0,
          })),
          ...unusedRows.map((r) => ({ ...vehicleType(r, 0, hubReady.get(depot)), count: physical.filter((p) => p.row === r && !p.used).length })),
        ];
        owners = [
          ...used.map((p) => () => p),
          ...unusedRows.map((r) => {
            const mine = physical.filter((p) => p.row === r && !p.used);
            return (k: number) => mine[k]!;
          }),
        ];
      }
      const problem: Problem = { ...matrixHere, vehicles, jobs: roundJobs };
      const share = roundJobs.length / Math.max(1, jobs.length);
      const solution = await runSolve(problem, Math.max(0.05, depotTime(specs.length) * (trip === 1 ? 0.8 : 0.2 * share)));
      runs.push({ name: `depot ${depot}${trip > 1 ? ` trip ${trip}` : ''}`, depot, kind: 'delivery', problem, solution, jobInfo: roundInfo });
      const perType = new Map<number, number>();
      const schedules = routeSchedules(problem, solution);
      for (const [ri, r] of solution.routes.entries()) {
        if (r.jobs.length === 0) continue;
        const k = perType.get(r.vehicle) ?? 0;
        perType.set(r.vehicle, k + 1);
        const owner = owners[r.vehicle]!(k);
        const sched = schedules[ri]!;
        exactCost += sched.cost;
        if (!owner.used) {
          owner.used = true;
          owner.id = nextVehicleId(owner.row.id);
        }
        owner.trips++;
        owner.readyAt = sched.returnTime;
        r.jobs.forEach((j, pos) => {
          const id = roundInfo[j]!.placeId;
          let list = serviceStartsByStation.get(id);
          if (!list) serviceStartsByStation.set(id, (list = []));
          list.push(sched.serviceStarts[pos]!);
        });
        const route = toPlanRoute(problem, r.jobs, sched, roundInfo, owner.row, depot, 'delivery', owner.id);
        if (owner.trips > 1 || trip > 1) route.trip = owner.trips;
        routes.push(route);
      }
      const retry: number[] = [];
      for (const u of solution.unassigned) {
        const original = pending[u.job]!;
        const info = jobInfo[original]!;
        const more = trip < maxTrips && (u.reason === 'fleet' || u.reason === 'capacity');
        if (more) retry.push(original);
        else fail(info.placeId, u.reason, reasonText(u.reason, info.part, depot, u.detail));
      }
      pending = retry;
    }
    for (const j of pending) {
      const info = jobInfo[j]!;
      fail(info.placeId, 'fleet', reasonText('fleet', info.part, depot, `still unserved after ${maxTrips} trips per vehicle`));
    }
  }

  function toPlanRoute(
    problem: Problem, jobIdx: number[], sched: RouteSchedule,
    jobInfo: EngineRun['jobInfo'], row: FleetRow, depot: string, kind: 'trunk' | 'delivery', vehicleId: string,
  ): PlanRoute {
    const stops: PlanStop[] = [];
    let lastPart = '';
    jobIdx.forEach((j, pos) => {
      const job = problem.jobs[j]!;
      const info = jobInfo[j]!;
      const last = stops[stops.length - 1];
      const load = sched.loads[pos]!;
      if (last && last.stationId === info.placeId && lastPart === info.part) {
        // Consecutive split parts of one station's job are one stop (the cold job is always its own stop).
        last.departure = formatClock(sched.departures[pos]!);
        last.parcelsDown += job.delivery[PARCELS]!;
        last.kgDown = round(last.kgDown + job.delivery[KG]!, 3);
        last.parcelsUp += job.pickup[PARCELS]!;
        last.kgUp = round(last.kgUp + job.pickup[KG]!, 3);
        last.load = load[PARCELS]!;
        last.loadKg = round(load[KG]!, 3);
        mergeByCarrier(last.byCarrier, info.load.byCarrier);
        return;
      }
      lastPart = info.part;
      stops.push({
        stationId: info.placeId,
        arrival: formatClock(sched.arrivals[pos]!),
        departure: formatClock(sched.departures[pos]!),
        parcelsDown: job.delivery[PARCELS]!,
        parcelsUp: job.pickup[PARCELS]!,
        kgDown: round(job.delivery[KG]!, 3),
        kgUp: round(job.pickup[KG]!, 3),
        load: load[PARCELS]!,
        loadKg: round(load[KG]!, 3),
        byCarrier: copyByCarrier(info.load.byCarrier),
        cold: info.part === 'cold',
      });
    });
    return {
      vehicle: vehicleId,
      fleetId: row.id,
      depot,
      kind,
      ...(kind === 'trunk' ? { hubs: [...new Set(stops.map((s) => s.stationId))] } : {}),
      departure: formatClock(sched.departure),
      returnTime: formatClock(sched.returnTime),
      km: round(sched.distance / 1000, 3),
      hours: round(sched.duration / 3600, 3),
      cost: round(sched.cost),
      stops,
    };
  }

  // Service-limit compliance: same-day stations must start service inside the working day; an unassigned station
  // counts as not compliant (the daily plan does not know whether tomorrow's plan takes it).
  const unassignedIds = new Set(unassigned.map((u) => u.stationId).filter((id) => pooled.has(id)));
  let compliant = 0;
  for (const id of stationIds) {
    if (unassignedIds.has(id)) continue;
    const limit = stationLimitDays(scenario, placeById.get(id));
    const starts = serviceStartsByStation.get(id) ?? [];
    if (limit > 0 || starts.every((t) => t >= dayStart - 1e-6 && t <= dayEnd + 1e-6)) compliant++;
  }

  // The engine checker's verdict on every problem built, and its cost against the KPI total.
  const violations: string[] = [];
  let checkedCost = 0;
  let feasible = true;
  for (const run of runs) {
    const verdict = check(run.problem, run.solution);
    checkedCost += verdict.cost;
    if (!verdict.feasible) feasible = false;
    for (const v of verdict.violations) violations.push(`${run.name}: ${v}`);
  }
  if (Math.abs(checkedCost - exactCost) > 1e-6 * Math.max(1, exactCost)) {
    feasible = false;
    violations.push(`cost mismatch: checker ${checkedCost}, plan ${exactCost}`);
  }

  routes.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'trunk' ? -1 : 1));
  const plan: PlanResult = {
    day,
    mode: 'shared',
    estimatedTravel: matrix.estimated,
    kpis: computeKpis(routes, stationIds.length, unassignedIds.size, compliant, exactCost),
    routes,
    unassigned,
    check: { feasible, violations },
  };
  return { plan, runs, matrix, assignment, exactCost };
}

function reasonText(reason: UnassignedReason, part: string, depot: string, detail?: string): string {
  const what = part === 'cold' ? 'cold items' : 'parcels';
  const base: Record<string, string> = {
    capacity: `${what} exceed the capacity of every vehicle at ${depot}`,
    time_window: `no vehicle from ${depot} can arrive inside the working day`,
    shift: `a round trip from ${depot} does not fit in any vehicle's shift`,
    skill: `no vehicle at ${depot} has the skill the ${what} need`,
    unreachable: `no road route from ${depot}`,
    max_distance: `the round trip from ${depot} exceeds every vehicle's max km`,
    max_duration: `the round trip from ${depot} exceeds every vehicle's max duration`,
    fleet: `the fleet at ${depot} is too small for the day's stations (all vehicles are full or their shifts are used up)`,
  };
  const text = base[reason] ?? `${reason} (${what}, depot ${depot})`;
  return detail ? `${text}: ${detail}` : text;
}


