/**
 * The typed context every phase of the daily plan reads and writes: the inputs (scenario, demand, fleet, travel)
 * and the plan as it grows (assignment, jobs per depot, engine runs, routes, unassigned stations). Phases are
 * functions of the context, one file each; index.ts runs them in order.
 */
import type { FleetRow, Place, Scenario } from '../../model/types.ts';
import type { TravelMatrix } from '../../network/types.ts';
import type { BusLeg, PlanRoute, PlanUnassigned } from '../types.ts';
import type { BusChoice } from './bus-choice.ts';
import type { StationDemand } from '../demand.ts';
import { planParams, type PlanParams } from '../params.ts';
import { isTrunk, sharedFleet } from '../common.ts';
import { parseClock } from '../../util/time.ts';
import type { DepotStatus, EngineRun, JobSpec, PlanDayOptions } from './types.ts';

export interface DayContext {
  scenario: Scenario;
  day: number;
  options: PlanDayOptions;
  params: PlanParams;
  dayStart: number;
  dayEnd: number;
  /** Reloading a van at its depot between trips takes as long as the hub transfer. */
  reloadSeconds: number;
  warehouse: Place;
  hubs: Place[];
  placeById: Map<string, Place>;
  matrix: TravelMatrix;
  /** Place id → matrix index. */
  index: Map<string, number>;
  /** Pooled demand of the day per station (stations with parcels only). */
  demand: Map<string, StationDemand>;
  deliveryRows: FleetRow[];
  trunkRows: FleetRow[];
  depotStatus: Map<string, DepotStatus>;
  /** Station → depot of its normal part. */
  assignment: Map<string, string>;
  jobsByDepot: Map<string, JobSpec[]>;
  unassigned: PlanUnassigned[];
  runs: EngineRun[];
  routes: PlanRoute[];
  /** Σ of the checker's route costs (unrounded). */
  exactCost: number;
  serviceStartsByStation: Map<string, number[]>;
  /** Hub → earliest departure of its vans (trunk service end + transfer). */
  hubReady: Map<string, number>;
  /** Fleet row id → vehicles numbered so far. */
  ordinal: Map<string, number>;
  /** Stations whose parcels go by passenger bus (chosen by bus-choice.ts before the pipeline runs). */
  busChoice: BusChoice[];
  busLegs: BusLeg[];
  /** Σ of the bus legs' prices (unrounded). */
  busCost: number;
  /** Notes for the plan's reader (e.g. a depot planned in greedy rounds because a break fit no engine trip). */
  notes: string[];
}

/** The scenario's warehouse (the first place of kind warehouse). */
export function requireWarehouse(scenario: Scenario): Place {
  const warehouse = scenario.places.find((p) => p.kind === 'warehouse');
  if (!warehouse) throw new Error('places.csv: the scenario has no warehouse (kind = warehouse)');
  return warehouse;
}

export function createContext(
  scenario: Scenario,
  day: number,
  options: PlanDayOptions,
  matrix: TravelMatrix,
  demand: Map<string, StationDemand>,
): DayContext {
  const defaults = scenario.county.defaults;
  const warehouse = requireWarehouse(scenario);
  const params = planParams({ ...options.params, timeLimit: options.timeLimit, maxTrips: options.maxTrips });
  const fleet = options.fleet ?? sharedFleet(scenario);
  return {
    scenario,
    day,
    options,
    params,
    matrix,
    demand,
    warehouse,
    dayStart: parseClock(defaults.dayStart),
    dayEnd: parseClock(defaults.dayEnd),
    reloadSeconds: defaults.transferMinutes * 60,
    hubs: scenario.places.filter((p) => p.kind === 'hub'),
    placeById: new Map(scenario.places.map((p) => [p.id, p] as const)),
    index: new Map(matrix.ids.map((id, i) => [id, i] as const)),
    deliveryRows: fleet.filter((f) => !isTrunk(f) && f.count > 0),
    trunkRows: fleet.filter((f) => isTrunk(f) && f.count > 0 && f.depotId === warehouse.id),
    depotStatus: new Map(),
    assignment: new Map(),
    jobsByDepot: new Map(),
    unassigned: [],
    runs: [],
    routes: [],
    exactCost: 0,
    serviceStartsByStation: new Map(),
    hubReady: new Map(),
    ordinal: new Map(),
    busChoice: [],
    busLegs: [],
    busCost: 0,
    notes: [],
  };
}

/** Travel seconds a → b (Infinity when either place is not in the matrix or there is no road). */
export function travel(ctx: DayContext, a: string, b: string): number {
  const i = ctx.index.get(a);
  const j = ctx.index.get(b);
  return i === undefined || j === undefined ? Infinity : ctx.matrix.durationS[i * ctx.matrix.size + j];
}

/** a and b reach each other both ways. */
export function reach(ctx: DayContext, a: string, b: string): boolean {
  return Number.isFinite(travel(ctx, a, b)) && Number.isFinite(travel(ctx, b, a));
}

export function unreachableText(ctx: DayContext, id: string, from: string): string {
  const u = ctx.matrix.unreachable.find((x) => x.id === id);
  return u ? `${id}: ${u.detail}` : `no road route between ${from} and ${id}`;
}

/** Record a station (or part of it) the plan cannot serve. */
export function fail(ctx: DayContext, stationId: string, reason: string, detail: string): void {
  ctx.unassigned.push({ stationId, reason, detail });
}

/** Delivery fleet rows based at a depot. */
export function rowsAt(ctx: DayContext, depot: string): FleetRow[] {
  return ctx.deliveryRows.filter((f) => f.depotId === depot);
}

export function pushJob(ctx: DayContext, depot: string, spec: JobSpec): void {
  let list = ctx.jobsByDepot.get(depot);
  if (!list) ctx.jobsByDepot.set(depot, (list = []));
  list.push(spec);
}

/** The warehouse can take stations back (it has delivery vehicles). */
export function warehouseUsable(ctx: DayContext): boolean {
  return ctx.depotStatus.get(ctx.warehouse.id)!.usable;
}

/** The default (not explicitly assigned) station may move to the warehouse. */
export function movable(ctx: DayContext, stationId: string): boolean {
  return ctx.options.assignment?.[stationId] === undefined && reach(ctx, ctx.warehouse.id, stationId);
}

/** Vehicle id of the next vehicle of a fleet row: row id + '#' + ordinal. */
export function nextVehicleId(ctx: DayContext, fleetId: string): string {
  const k = (ctx.ordinal.get(fleetId) ?? 0) + 1;
  ctx.ordinal.set(fleetId, k);
  return `${fleetId}#${k}`;
}

/** The engine's travel matrices over a list of place ids (index 0 is the depot). */
export function subMatrix(
  ctx: DayContext,
  ids: string[],
): { size: number; distances: Float64Array; durations: Float64Array } {
  const m = ids.length;
  const n = ctx.matrix.size;
  const distances = new Float64Array(m * m);
  const durations = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const ia = ctx.index.get(ids[a])!;
    for (let b = 0; b < m; b++) {
      const ib = ctx.index.get(ids[b])!;
      distances[a * m + b] = ctx.matrix.distanceM[ia * n + ib];
      durations[a * m + b] = ctx.matrix.durationS[ia * n + ib];
    }
  }
  return { size: m, distances, durations };
}
