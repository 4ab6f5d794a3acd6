/**
 * Hub location for a county scenario (issue 5, scope 1): choose township hubs among the candidates with a
 * MIP (./hubs-models.ts, HiGHS), then price the layout with real routes (planDay on a modified scenario)
 * against the current layout re-planned the same way. The JSON of `gongpei hubs --json` is `HubsResult`.
 */
import type { FleetRow, Place, Scenario } from '../model/types.ts';
import type { TravelMatrix } from '../network/types.ts';
import type { PlanResult } from './types.ts';
import { scenarioMatrix } from '../network/index.ts';
import { planDay, type PlanDayOptions } from './day.ts';
import { isTrunk, round, secondsBetween, sharedFleet } from './common.ts';
import { aggregateDemand, parcelsOf, totalLoad } from './demand.ts';
import {
  capacitatedCost,
  nearestAssignment,
  solveCapacitated,
  solvePMedian,
  solveSetCover,
  weightedMinutes,
  type CapacitatedParams,
  type LocationInstance,
  type LocationSolution,
} from './hubs-models.ts';
import type { MipSolveOptions } from './mip.ts';

export type HubModel = 'p-median' | 'set-cover' | 'capacitated';

/** Defaults of the capacitated model (documented in docs/hubs-coverage.md). */
export const DEFAULT_HUB_FIXED_COST = 300; // yuan per day: rent, staff, sorting of a small township hub
export const DEFAULT_HUB_CAPACITY = 2000; // parcels per day a township hub can sort
/** Fallback transport rate when the scenario has no shared delivery fleet: yuan per parcel-hour. */
export const DEFAULT_COST_PER_PARCEL_HOUR = 0.5;

export interface LocateHubsOptions {
  model: HubModel;
  /** p-median: number of hubs (pinned included). */
  p?: number;
  /** set covering: every station within this many minutes of the warehouse or a hub. */
  maxMinutes?: number;
  /** capacitated: opening cost per day (one number for all, or per candidate id). */
  fixedCost?: number | Record<string, number>;
  /** capacitated: parcels/day per hub (one number for all, or per candidate id). */
  capacity?: number | Record<string, number>;
  /** capacitated: yuan per parcel-hour of depot → station travel (default from the fleet, see costPerParcelHour()). */
  costPerParcelHour?: number;
  pinned?: string[];
  banned?: string[];
  /** Re-plan real routes for the chosen and current layouts (default true). */
  replan?: boolean;
  /** Day of the horizon to re-plan (default: the first day with demand). */
  day?: number;
  /** Engine seconds per re-plan (planDay timeLimit). */
  planTimeLimit?: number;
  seed?: number;
  matrix?: TravelMatrix;
  mip?: MipSolveOptions;
  /** Progress text (stderr in the CLI). */
  log?: (message: string) => void;
}

export interface RoutingSummary {
  day: number;
  totalCost: number;
  serviceCompliance: number;
  km: number;
  vehiclesUsed: number;
  stationsServed: number;
  stationsUnassigned: number;
  /** Unassigned stations of the re-plan, with reasons. */
  unassigned: PlanResult['unassigned'];
  /** Count of unassigned stations per reason. */
  unassignedByReason: Record<string, number>;
  /** Fleet rows moved or copied to make the layout operable (see the rule in docs/hubs-coverage.md). */
  fleetChanges: FleetChange[];
  feasible: boolean | null;
  /** The re-planned routes themselves (the web draws a proposal's routes from them). */
  routes?: PlanResult['routes'];
}

export interface FleetChange {
  fleetId: string;
  action: 'moved' | 'copied';
  from: string;
  to: string;
}

export interface LayoutEvaluation {
  hubs: string[];
  objective: number | null;
  /** Σ parcels/day × minutes from the assigned depot: comparable across models (null: no feasible assignment). */
  weightedMinutes: number | null;
  routing: RoutingSummary | { skipped: string };
  detail?: string;
}

export interface HubsResult {
  model: HubModel;
  hubs: string[];
  assignment: Record<string, string>;
  objective: number;
  objectiveUnit: string;
  bound: number | null;
  gap: number | null;
  status: string;
  solver: string;
  /** Seconds of the location MIP(s). */
  mipSeconds: number;
  /** Seconds of the whole call (matrix, MIPs, re-plans). */
  seconds: number;
  weightedMinutes: number;
  params: Record<string, unknown>;
  candidates: string[];
  /** Stations the model could not serve / cover, with the reason. */
  unserved: Array<{ stationId: string; reason: string }>;
  routing: RoutingSummary | { skipped: string };
  current: LayoutEvaluation;
  estimatedTravel: boolean;
  /** Caveats of the comparison (e.g. the two re-plans serve different numbers of stations). */
  warnings: string[];
  detail?: string;
}

/** Inputs of the location models derived from a scenario. */
export interface HubInstance {
  inst: LocationInstance;
  stationIds: string[];
  /** Depot ids in instance order: warehouse(s) first, then candidates. */
  depotIds: string[];
  currentHubs: string[];
}

/** Mean parcels (down + up) per day of each station over the days present in demand.csv. */
export function stationWeights(scenario: Scenario): Map<string, number> {
  const days = new Set(scenario.demand.map((r) => r.day));
  const nDays = Math.max(1, days.size);
  const w = new Map<string, number>();
  for (const [id, d] of aggregateDemand(scenario.demand, true)) w.set(id, parcelsOf(totalLoad(d)) / nDays);
  return w;
}

export function buildHubInstance(
  scenario: Scenario,
  matrix: TravelMatrix,
  pinned: string[] = [],
  banned: string[] = [],
): HubInstance {
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const warehouses = scenario.places.filter((p) => p.kind === 'warehouse');
  if (warehouses.length === 0) throw new Error('places.csv: the scenario has no warehouse (kind = warehouse)');
  const candidates = scenario.places.filter((p) => p.kind === 'hub' || p.kind === 'hub_candidate');
  const candidateIds = new Set(candidates.map((c) => c.id));
  for (const [flag, list] of [
    ['--pin', pinned],
    ['--ban', banned],
  ] as const) {
    for (const id of list)
      if (!candidateIds.has(id)) throw new Error(`${flag}: "${id}" is not a hub or hub candidate of the scenario`);
  }
  const stations = scenario.places.filter((p) => p.kind === 'village' && p.hasStation);
  const depotIds = [...warehouses.map((w) => w.id), ...candidates.map((c) => c.id)];
  const weights = stationWeights(scenario);
  const nS = stations.length;
  const nD = depotIds.length;
  const time = new Float64Array(nS * nD);
  const n = matrix.size;
  for (let i = 0; i < nS; i++) {
    const si = index.get(stations[i].id);
    for (let j = 0; j < nD; j++) {
      const dj = index.get(depotIds[j]);
      time[i * nD + j] = si === undefined || dj === undefined ? Infinity : matrix.durationS[dj * n + si] / 60;
    }
  }
  const depotIndex = new Map(depotIds.map((id, j) => [id, j] as const));
  return {
    inst: {
      nStations: nS,
      nDepots: nD,
      nFixed: warehouses.length,
      time,
      weight: Float64Array.from(stations, (s) => weights.get(s.id) ?? 0),
      pinned: pinned.map((id) => depotIndex.get(id)!),
      banned: banned.map((id) => depotIndex.get(id)!),
    },
    stationIds: stations.map((s) => s.id),
    depotIds,
    currentHubs: scenario.places.filter((p) => p.kind === 'hub').map((p) => p.id),
  };
}

/**
 * Transport rate of the capacitated model, yuan per parcel-hour of one-way depot → station travel:
 * 2 × (cost_per_hour + cost_per_km × default speed) / capacity_parcels of the median shared delivery
 * vehicle (a full vehicle's hourly cost split over its parcels, ×2 for the way back).
 */
export function costPerParcelHour(scenario: Scenario): number {
  const rows = sharedFleet(scenario).filter((f) => !isTrunk(f) && f.capacityParcels > 0);
  if (rows.length === 0) return DEFAULT_COST_PER_PARCEL_HOUR;
  const speed = scenario.county.defaults.defaultSpeedKmh;
  const rates = rows.map((f) => (2 * (f.costPerHour + f.costPerKm * speed)) / f.capacityParcels).sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

function perCandidate(value: number | Record<string, number> | undefined, id: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  return value[id] ?? fallback;
}

/** A location model solved: its solution, how to read its objective, and how to evaluate the current layout. */
interface ModelRun {
  solution: LocationSolution;
  objectiveUnit: string;
  /** Σ parcels/day × minutes from the depot of the solution. */
  swm: number;
  params: Record<string, unknown>;
  evaluateCurrent: () => Promise<{ objective: number | null; assign: Int32Array | null; detail?: string }>;
}

interface ModelInput {
  scenario: Scenario;
  options: LocateHubsOptions;
  hi: HubInstance;
  currentIdx: number[];
  mip: MipSolveOptions;
  log: (text: string) => void;
}

export async function locateHubs(scenario: Scenario, options: LocateHubsOptions): Promise<HubsResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const matrix = options.matrix ?? (await scenarioMatrix(scenario));
  const pinned = options.pinned ?? [];
  const banned = options.banned ?? [];
  for (const id of pinned) if (banned.includes(id)) throw new Error(`"${id}" is both pinned and banned`);
  const hi = buildHubInstance(scenario, matrix, pinned, banned);
  const { inst, depotIds, stationIds } = hi;
  const input: ModelInput = {
    scenario,
    options,
    hi,
    log,
    mip: options.mip ?? { timeLimitS: 60 },
    currentIdx: hi.currentHubs.map((id) => depotIds.indexOf(id)),
  };
  const run =
    options.model === 'p-median'
      ? await pMedianModel(input)
      : options.model === 'set-cover'
        ? await setCoverModel(input)
        : await capacitatedModel(input);
  const { solution } = run;
  if (!Number.isFinite(solution.objective)) {
    throw new Error(`hub location (${options.model}): ${solution.detail ?? solution.status}`);
  }
  const hubs = solution.open.map((j) => depotIds[j]);
  const toRecord = (assign: Int32Array) => {
    const out: Record<string, string> = {};
    for (let i = 0; i < stationIds.length; i++) if (assign[i] >= 0) out[stationIds[i]] = depotIds[assign[i]];
    return out;
  };
  const assignment = toRecord(solution.assign);
  const unserved = solution.unserved.map((u) => ({ stationId: stationIds[u.station], reason: u.reason }));
  log(
    `${options.model}: hubs ${hubs.join(', ')} (objective ${round(solution.objective)}, ${solution.solver}, ${solution.seconds.toFixed(2)} s)`,
  );

  const cur = await run.evaluateCurrent();
  const curAssignment = cur.assign ? toRecord(cur.assign) : {};
  const { routing, currentRouting } = await replanBoth(
    input,
    matrix,
    hubs,
    assignment,
    cur.assign ? curAssignment : undefined,
  );
  return {
    model: options.model,
    hubs,
    assignment,
    objective: round(solution.objective, 3),
    objectiveUnit: run.objectiveUnit,
    bound: Number.isFinite(solution.bound) ? round(solution.bound, 3) : null,
    gap: Number.isFinite(solution.gap) ? solution.gap : null,
    status: solution.status,
    solver: solution.solver,
    mipSeconds: round(solution.seconds, 3),
    seconds: round((performance.now() - started) / 1000, 3),
    weightedMinutes: round(run.swm, 3),
    params: run.params,
    candidates: depotIds.slice(inst.nFixed),
    unserved,
    routing,
    current: {
      hubs: hi.currentHubs,
      objective: cur.objective === null ? null : round(cur.objective, 3),
      weightedMinutes: cur.assign ? round(weightedMinutes(inst, cur.assign), 3) : null,
      routing: currentRouting,
      ...(cur.detail ? { detail: cur.detail } : {}),
    },
    estimatedTravel: matrix.estimated,
    warnings: routingWarnings(routing, currentRouting),
    ...(solution.detail ? { detail: solution.detail } : {}),
  };
}

async function pMedianModel({ options, hi: { inst }, currentIdx, mip, log }: ModelInput): Promise<ModelRun> {
  if (options.p === undefined) throw new Error('p-median needs --p N (number of hubs)');
  log(`p-median: ${inst.nStations} stations × ${inst.nDepots - inst.nFixed} candidates, p = ${options.p}`);
  const solution = await solvePMedian(inst, options.p, mip);
  return {
    solution,
    objectiveUnit: 'parcel-minutes per day (Σ parcels/day × minutes from the depot)',
    swm: solution.objective,
    params: { p: options.p },
    evaluateCurrent: async () => {
      const assign = nearestAssignment(inst, currentIdx);
      return { objective: weightedMinutes(inst, assign), assign };
    },
  };
}

async function setCoverModel({ options, hi: { inst }, currentIdx, mip, log }: ModelInput): Promise<ModelRun> {
  const maxMinutes = options.maxMinutes;
  if (maxMinutes === undefined) throw new Error('set covering needs --max-minutes T');
  log(`set covering: ${inst.nStations} stations × ${inst.nDepots - inst.nFixed} candidates, T = ${maxMinutes} min`);
  const sc = await solveSetCover(inst, maxMinutes, mip);
  return {
    solution: sc,
    objectiveUnit: 'hubs opened',
    swm: sc.weightedMinutes,
    params: { maxMinutes },
    evaluateCurrent: async () => {
      const assign = nearestAssignment(inst, currentIdx);
      let uncovered = 0;
      for (let i = 0; i < inst.nStations; i++) {
        const j = assign[i];
        if (j < 0 || inst.time[i * inst.nDepots + j] > maxMinutes) uncovered++;
      }
      const coverable = inst.nStations - sc.unserved.length;
      return {
        objective: currentIdx.length,
        assign,
        ...(uncovered > sc.unserved.length
          ? {
              detail: `the current layout leaves ${uncovered - sc.unserved.length} of ${coverable} coverable stations beyond ${maxMinutes} min`,
            }
          : {}),
      };
    },
  };
}

async function capacitatedModel({
  scenario,
  options,
  hi: { inst, depotIds },
  currentIdx,
  mip,
  log,
}: ModelInput): Promise<ModelRun> {
  const rate = options.costPerParcelHour ?? costPerParcelHour(scenario);
  const cfl: CapacitatedParams = {
    fixedCost: Float64Array.from(depotIds, (id, j) =>
      j < inst.nFixed ? 0 : perCandidate(options.fixedCost, id, DEFAULT_HUB_FIXED_COST),
    ),
    capacity: Float64Array.from(depotIds, (id, j) =>
      j < inst.nFixed ? Infinity : perCandidate(options.capacity, id, DEFAULT_HUB_CAPACITY),
    ),
    costPerParcelMinute: rate / 60,
  };
  log(
    `capacitated: ${inst.nStations} stations × ${inst.nDepots - inst.nFixed} candidates, transport ${rate.toFixed(3)} yuan/parcel-hour`,
  );
  const solution = await solveCapacitated(inst, cfl, mip);
  return {
    solution,
    objectiveUnit: 'yuan per day (hub opening costs + parcel transport estimate)',
    swm: weightedMinutes(inst, solution.assign),
    params: {
      fixedCost: options.fixedCost ?? DEFAULT_HUB_FIXED_COST,
      capacity: options.capacity ?? DEFAULT_HUB_CAPACITY,
      costPerParcelHour: round(rate, 4),
    },
    evaluateCurrent: async () => {
      const banned = depotIds.map((_, j) => j).filter((j) => j >= inst.nFixed && !currentIdx.includes(j));
      const fixed = await solveCapacitated({ ...inst, pinned: currentIdx, banned }, cfl, mip);
      if (!Number.isFinite(fixed.objective))
        return { objective: null, assign: null, detail: 'the current hubs cannot take their stations within capacity' };
      return { objective: capacitatedCost(inst, cfl, currentIdx, fixed.assign), assign: fixed.assign };
    },
  };
}

/** Day plans of the chosen and of the current layout (unless --no-replan). */
async function replanBoth(
  { scenario, options, hi, log }: ModelInput,
  matrix: TravelMatrix,
  hubs: string[],
  assignment: Record<string, string>,
  currentAssignment: Record<string, string> | undefined,
): Promise<{ routing: RoutingSummary | { skipped: string }; currentRouting: RoutingSummary | { skipped: string } }> {
  if (!(options.replan ?? true)) {
    const skipped = { skipped: 're-planning disabled (--no-replan)' };
    return { routing: skipped, currentRouting: skipped };
  }
  const day = options.day ?? firstDemandDay(scenario);
  if (day === null) {
    const skipped = { skipped: 'demand.csv has no rows: nothing to route' };
    return { routing: skipped, currentRouting: skipped };
  }
  const planOptions: PlanDayOptions = {
    matrix,
    ...(options.planTimeLimit !== undefined ? { timeLimit: options.planTimeLimit } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  log(`re-planning day ${day} with the chosen hubs`);
  // p-median and set covering assign each station to its nearest depot, which is planDay's own default;
  // leaving the assignment to planDay keeps its trunk-capacity spill-over to the warehouse (pinned stations
  // are never moved). The capacitated assignment differs from nearest (capacities), so it is pinned.
  const pin = options.model === 'capacitated';
  const routing = await replanLayout(scenario, matrix, hubs, pin ? assignment : undefined, day, planOptions);
  log(`re-planning day ${day} with the current hubs`);
  const currentRouting = await replanLayout(
    scenario,
    matrix,
    hi.currentHubs,
    pin ? currentAssignment : undefined,
    day,
    planOptions,
  );
  return { routing, currentRouting };
}

function countBy(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function isSummary(r: RoutingSummary | { skipped: string }): r is RoutingSummary {
  return !('skipped' in r);
}

/** Warnings that make the routing comparison of two layouts unfair (different numbers of stations served). */
export function routingWarnings(
  chosen: RoutingSummary | { skipped: string },
  current: RoutingSummary | { skipped: string },
): string[] {
  if (!isSummary(chosen) || !isSummary(current) || chosen.stationsUnassigned === current.stationsUnassigned) return [];
  const reasons = (r: RoutingSummary) =>
    Object.entries(r.unassignedByReason)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return [
    `the re-plans leave different numbers of stations unassigned (chosen ${chosen.stationsUnassigned}: ${reasons(chosen)}; ` +
      `current ${current.stationsUnassigned}: ${reasons(current)}), so their totalCost is not like for like` +
      (chosen.unassignedByReason['no_trunk']
        ? '; no_trunk: the trunk fleet cannot supply the chosen hubs (the location model has no trunk capacity)'
        : ''),
  ];
}

export function firstDemandDay(scenario: Scenario): number | null {
  let best: number | null = null;
  for (const r of scenario.demand) if (best === null || r.day < best) best = r.day;
  return best;
}

/**
 * The scenario with `hubs` as the open hubs: chosen candidates become kind 'hub', other hubs
 * 'hub_candidate'. Fleet rule (delivery rows of the shared and carrier fleets; trunk and warehouse rows
 * never move):
 *  1. closed hubs and newly opened hubs are paired greedily by shortest travel time; a closed hub's rows
 *     move to its partner;
 *  2. rows of a closed hub left without a partner move to the nearest open hub (the warehouse if none);
 *  3. a new hub left without a partner gets a copy of the rows of the nearest current hub (ids
 *     `<row>@<hub>`), so that every open hub has vehicles.
 */
export function applyLayout(
  scenario: Scenario,
  matrix: TravelMatrix,
  hubs: string[],
): { scenario: Scenario; changes: FleetChange[] } {
  const time = secondsBetween(matrix);
  const open = new Set(hubs);
  const current = scenario.places.filter((p) => p.kind === 'hub').map((p) => p.id);
  const warehouse = scenario.places.find((p) => p.kind === 'warehouse')!;
  const closed = current.filter((h) => !open.has(h));
  const added = hubs.filter((h) => !current.includes(h));
  const places: Place[] = scenario.places.map((p) => {
    if (p.kind !== 'hub' && p.kind !== 'hub_candidate') return p;
    return { ...p, kind: open.has(p.id) ? 'hub' : 'hub_candidate' };
  });
  const movable = (f: FleetRow) => !isTrunk(f);
  const fleet: FleetRow[] = scenario.fleet.map((f) => ({ ...f }));
  const changes: FleetChange[] = [];
  const moveRows = (from: string, to: string) => {
    for (const f of fleet) {
      if (f.depotId === from && movable(f) && !f.id.includes('@')) {
        f.depotId = to;
        changes.push({ fleetId: f.id, action: 'moved', from, to });
      }
    }
  };
  // 1. greedy pairing
  const pairs: Array<[number, string, string]> = [];
  for (const c of closed) for (const a of added) pairs.push([time(c, a), c, a]);
  pairs.sort((x, y) => x[0] - y[0]);
  const pairedClosed = new Set<string>();
  const pairedAdded = new Set<string>();
  for (const [, c, a] of pairs) {
    if (pairedClosed.has(c) || pairedAdded.has(a)) continue;
    pairedClosed.add(c);
    pairedAdded.add(a);
    moveRows(c, a);
  }
  // 2. leftover closed hubs → nearest open hub
  for (const c of closed) {
    if (pairedClosed.has(c)) continue;
    let to = warehouse.id;
    let best = Infinity;
    for (const h of hubs) if (time(c, h) < best) [best, to] = [time(c, h), h];
    moveRows(c, to);
  }
  // 3. leftover new hubs: copy the rows of the nearest current hub
  for (const a of added) {
    if (pairedAdded.has(a)) continue;
    let src: string | null = null;
    let best = Infinity;
    for (const h of current) {
      if (!scenario.fleet.some((f) => f.depotId === h && movable(f))) continue;
      if (time(h, a) < best) [best, src] = [time(h, a), h];
    }
    if (src === null) continue; // no hub fleet to copy: planDay reports the hub as having no vehicle
    for (const f of scenario.fleet) {
      if (f.depotId !== src || !movable(f)) continue;
      fleet.push({ ...f, id: `${f.id}@${a}`, depotId: a });
      changes.push({ fleetId: `${f.id}@${a}`, action: 'copied', from: src, to: a });
    }
  }
  return { scenario: { ...scenario, places, fleet }, changes };
}

async function replanLayout(
  scenario: Scenario,
  matrix: TravelMatrix,
  hubs: string[],
  assignment: Record<string, string> | undefined,
  day: number,
  planOptions: PlanDayOptions,
): Promise<RoutingSummary> {
  const { scenario: modified, changes } = applyLayout(scenario, matrix, hubs);
  const withDemand = new Set(modified.demand.filter((r) => r.day === day).map((r) => r.stationId));
  const dayAssignment: Record<string, string> = {};
  // planDay's depots are the first warehouse and the hubs
  const depots = new Set([modified.places.find((p) => p.kind === 'warehouse')!.id, ...hubs]);
  if (assignment)
    for (const [s, d] of Object.entries(assignment)) if (withDemand.has(s) && depots.has(d)) dayAssignment[s] = d;
  const plan = await planDay(modified, day, { ...planOptions, ...(assignment ? { assignment: dayAssignment } : {}) });
  return {
    day,
    totalCost: plan.kpis.totalCost,
    serviceCompliance: plan.kpis.serviceCompliance,
    km: plan.kpis.km,
    vehiclesUsed: plan.kpis.vehiclesUsed,
    stationsServed: plan.kpis.stationsServed,
    stationsUnassigned: plan.kpis.stationsUnassigned,
    unassigned: plan.unassigned,
    unassignedByReason: countBy(plan.unassigned.map((u) => u.reason)),
    fleetChanges: changes,
    feasible: plan.check ? plan.check.feasible : null,
    routes: plan.routes,
  };
}
