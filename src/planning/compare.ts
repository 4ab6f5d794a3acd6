/**
 * Shared delivery vs each carrier alone (issue 4, scope 2).
 *
 * Baseline: every carrier plans its own parcels with its own fleet — the fleet rows whose carrierId is that
 * carrier. A carrier without own rows gets a stated split of the shared fleet: each shared row's count × the
 * carrier's parcel share, rounded up, at least 1 vehicle (same depots, capacities and costs). The separate
 * plans use the same depots, trunk model, service limits and engine as the shared plan.
 *
 * Allocation of the shared cost back to carriers: proportional to parcels handled (down + up) that day — the
 * simple baseline of the joint-distribution literature (Shapley values are the refined alternative).
 */
import type { FleetRow, Scenario } from '../model/types.ts';
import type { CompareResult, PlanKpis, PlanResult } from './types.ts';
import { planningNetwork } from './network.ts';
import type { TravelMatrix } from '../network/types.ts';
import { planDayDetailed, type PlanDayOptions } from './day.ts';
import { isTrunk, kpisFromTotals, round, sharedFleet } from './common.ts';
import { aggregateDemand, hasParcels, parcelsByCarrier, parcelsOf } from './demand.ts';
import { parcelShareAllocation } from './allocation.ts';
import { secondsPerStation, solveSeconds, stationsOf } from './compare/engine-time.ts';
import { shapleySettlement, type ShapleyRun } from './compare/shapley.ts';

export const ALLOCATION_RULE =
  'shared cost allocated to carriers in proportion to their parcels (down + up) on the day; ' +
  'carriers without own fleet rows plan with a split of the shared fleet (row count × parcel share, rounded up, ≥ 1); ' +
  'alone, a carrier may hire as many of its own delivery vehicle types as it needs, and the shared cold van type for cold items if it has none';

export interface CompareOptions extends PlanDayOptions {
  /** Engine seconds per carrier's separate plan (default: the same as the shared plan's timeLimit). */
  separateTimeLimit?: number;
  /** Let each carrier hire as many of its own vehicle types as it needs (default true; see the rule above). */
  separateHire?: boolean;
  /** Engine seconds per station of each Shapley coalition plan (default compare/engine-time.ts). */
  shapleySecondsPerStation?: number;
  /** Skip the Shapley settlement (2^n − 1 coalition plans). */
  noShapley?: boolean;
  /** Progress text (coalition plans). */
  log?: (text: string) => void;
}

export interface CarrierPlan {
  carrierId: string;
  plan: PlanResult;
  fleetSource: 'own' | 'split';
}

export interface CompareDetail {
  plan: PlanResult;
  separate: CarrierPlan[];
  /** Each carrier alone on the shared network (baseline separateSameNetwork). */
  sameNetwork: CarrierPlan[];
  shapley: ShapleyRun | null;
}

export async function compareSharedVsSeparate(
  scenario: Scenario,
  day: number,
  options: CompareOptions = {},
): Promise<PlanResult> {
  return (await compareDetailed(scenario, day, options)).plan;
}

/** The day's carriers (with parcels), restricted to options.carriers, and each one's parcels (down + up). */
function dayCarriers(
  rows: Scenario['demand'],
  options: CompareOptions,
): { selected: string[]; parcelsBy: Map<string, number> } {
  const byCarrier = parcelsByCarrier(rows);
  const carriersOnDay = [...byCarrier.keys()].sort();
  const selected = options.carriers ? carriersOnDay.filter((c) => options.carriers!.includes(c)) : carriersOnDay;
  const parcelsBy = new Map(
    selected.map(
      (c) => [c, parcelsOf({ parcelsDown: byCarrier.get(c)!.down, parcelsUp: byCarrier.get(c)!.up })] as const,
    ),
  );
  return { selected, parcelsBy };
}

/** The fleet a carrier plans with alone (own rows, or a split of the shared fleet; hiring as ALLOCATION_RULE says). */
function carrierFleet(
  scenario: Scenario,
  rows: Scenario['demand'],
  carrierId: string,
  share: number,
  options: CompareOptions,
): FleetRow[] {
  const common = sharedFleet(scenario);
  const own = scenario.fleet.filter((f) => f.carrierId === carrierId);
  let fleet: FleetRow[] =
    own.length > 0
      ? own.map((f) => ({ ...f }))
      : common.map((f) => ({
          ...f,
          id: `${f.id}@${carrierId}`,
          count: Math.max(1, Math.ceil(f.count * share)),
          carrierId,
        }));
  // A carrier alone must still serve all its parcels: it may hire as many of its own delivery vehicle types as it
  // needs (count raised to its number of stations); a carrier with cold items and no cold vehicle hires the shared
  // cold van type the same way. Otherwise the baseline would look cheap by leaving stations unserved.
  if (options.separateHire !== false) {
    const carrierDemand = aggregateDemand(rows.filter((r) => r.carrierId === carrierId));
    const stationsOfCarrier = carrierDemand.size;
    const hasCold = [...carrierDemand.values()].some((d) => hasParcels(d.cold));
    fleet = fleet.map((f) => (isTrunk(f) ? f : { ...f, count: Math.max(f.count, stationsOfCarrier) }));
    if (hasCold && !fleet.some((f) => f.cold && !isTrunk(f))) {
      fleet.push(
        ...common
          .filter((f) => f.cold && !isTrunk(f))
          .map((f) => ({ ...f, id: `${f.id}@${carrierId}`, count: Math.max(f.count, stationsOfCarrier), carrierId })),
      );
    }
  }
  return fleet;
}

/** Progress of slice k of n equal slices. */
function sliceProgress(options: CompareOptions, k: number, slices: number) {
  return options.onProgress ? (f: number, cost: number) => options.onProgress!((k + f) / slices, cost) : undefined;
}

/** Every selected carrier's own plan (the separate baseline); progress in slices firstSlice.. of `slices`. */
async function separatePlans(
  scenario: Scenario,
  day: number,
  selected: string[],
  parcelsBy: Map<string, number>,
  options: CompareOptions & { matrix: TravelMatrix },
  firstSlice: number,
  slices: number,
): Promise<CarrierPlan[]> {
  const rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  const totalParcels = [...parcelsBy.values()].reduce((a, b) => a + b, 0);
  const separate: CarrierPlan[] = [];
  for (const [k, carrierId] of selected.entries()) {
    const own = scenario.fleet.some((f) => f.carrierId === carrierId);
    const share = totalParcels > 0 ? (parcelsBy.get(carrierId) ?? 0) / totalParcels : 0;
    // Status quo: the carrier's own vans from the warehouse, no bus lines (those belong to the shared network).
    const detail = await planDayDetailed(scenario, day, {
      ...options,
      fleet: carrierFleet(scenario, rows, carrierId, share, options),
      carriers: [carrierId],
      noBus: true,
      timeLimit: options.separateTimeLimit ?? carrierSeconds(options, rows, selected, carrierId),
      onProgress: sliceProgress(options, firstSlice + k, slices),
    });
    separate.push({ carrierId, plan: { ...detail.plan, mode: 'separate' }, fleetSource: own ? 'own' : 'split' });
  }
  return separate;
}

/** Engine seconds of a carrier's own plan: the shared plan's seconds per station × the carrier's stations. */
function carrierSeconds(
  options: CompareOptions,
  rows: Scenario['demand'],
  selected: string[],
  carrierId: string,
): number {
  return solveSeconds(secondsPerStation(options.timeLimit, stationsOf(rows, selected)), stationsOf(rows, [carrierId]));
}

/** Baseline separateSameNetwork: each carrier alone with the shared fleet rows (depots, hubs, vehicle types, buses). */
async function sameNetworkPlans(
  scenario: Scenario,
  day: number,
  selected: string[],
  options: CompareOptions & { matrix: TravelMatrix },
  firstSlice: number,
  slices: number,
): Promise<CarrierPlan[]> {
  const rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  const out: CarrierPlan[] = [];
  for (const [k, carrierId] of selected.entries()) {
    const detail = await planDayDetailed(scenario, day, {
      ...options,
      fleet: options.fleet ?? sharedFleet(scenario),
      carriers: [carrierId],
      timeLimit: carrierSeconds(options, rows, selected, carrierId),
      onProgress: sliceProgress(options, firstSlice + k, slices),
    });
    out.push({ carrierId, plan: { ...detail.plan, mode: 'separate' }, fleetSource: 'split' });
  }
  return out;
}

export async function compareDetailed(
  scenario: Scenario,
  day: number,
  options: CompareOptions = {},
): Promise<CompareDetail> {
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  const rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  const { selected, parcelsBy } = dayCarriers(rows, options);
  // Progress: the shared plan, each carrier alone twice, and the coalitions (one slice) are equal slices.
  const slices = 2 + 2 * selected.length;
  const shared = await planDayDetailed(scenario, day, {
    ...options,
    matrix,
    fleet: options.fleet ?? sharedFleet(scenario),
    carriers: selected,
    onProgress: sliceProgress(options, 0, slices),
  });
  const separate = await separatePlans(scenario, day, selected, parcelsBy, { ...options, matrix }, 1, slices);
  const sameNetwork = await sameNetworkPlans(
    scenario,
    day,
    selected,
    { ...options, matrix },
    1 + selected.length,
    slices,
  );
  const shapley = options.noShapley
    ? null
    : await shapleySettlement(scenario, day, selected, shared.exactCost, {
        ...options,
        matrix,
        onProgress: sliceProgress(options, slices - 1, slices),
      });
  const compare = compareResult(shared.plan, separate, rows, selected, parcelsBy);
  addBaselines(compare, {
    shared: shared.plan,
    sameNetwork,
    shapley,
    rows,
    selected,
    parcelsBy,
    perStation: secondsPerStation(options.timeLimit, stationsOf(rows, selected)),
  });
  if (shared.withoutBusKpis) compare.sharedWithoutBus = shared.withoutBusKpis;
  const violations = [
    ...(shared.plan.check?.violations ?? []),
    ...separate.flatMap((s) => (s.plan.check?.violations ?? []).map((v) => `separate ${s.carrierId}: ${v}`)),
    ...sameNetwork.flatMap((s) =>
      (s.plan.check?.violations ?? []).map((v) => `separateSameNetwork ${s.carrierId}: ${v}`),
    ),
  ];
  const plan: PlanResult = {
    ...shared.plan,
    mode: 'compare',
    compare,
    check: { feasible: violations.length === 0 && shared.plan.check?.feasible !== false, violations },
  };
  return { plan, separate, sameNetwork, shapley };
}

/**
 * The separate baseline alone (mode 'separate'): every carrier's own plan, routes side by side (vehicle ids prefixed
 * by carrier), KPIs of the plans taken together. The shared plan is not solved.
 */
export async function planSeparate(scenario: Scenario, day: number, options: CompareOptions = {}): Promise<PlanResult> {
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  const rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  const { selected, parcelsBy } = dayCarriers(rows, options);
  const separate = await separatePlans(
    scenario,
    day,
    selected,
    parcelsBy,
    { ...options, matrix },
    0,
    Math.max(1, selected.length),
  );
  const violations = separate.flatMap((c) =>
    (c.plan.check?.violations ?? []).map((v) => `separate ${c.carrierId}: ${v}`),
  );
  return {
    day,
    mode: 'separate',
    estimatedTravel: matrix.estimated,
    kpis: combineKpis(
      separate.map((s) => s.plan),
      rows,
      selected,
    ),
    routes: separate.flatMap((c) => c.plan.routes.map((r) => ({ ...r, vehicle: `${c.carrierId}:${r.vehicle}` }))),
    unassigned: separate.flatMap((c) =>
      c.plan.unassigned.map((u) => ({ ...u, detail: `${c.carrierId}: ${u.detail ?? u.reason}` })),
    ),
    check: { feasible: separate.every((c) => c.plan.check?.feasible !== false), violations },
  };
}

function compareResult(
  sharedPlan: PlanResult,
  separate: CarrierPlan[],
  rows: Scenario['demand'],
  selected: string[],
  parcelsBy: Map<string, number>,
): CompareResult {
  const totalParcels = [...parcelsBy.values()].reduce((a, b) => a + b, 0);
  const sharedKpis = sharedPlan.kpis;
  const separateKpis = combineKpis(
    separate.map((s) => s.plan),
    rows,
    selected,
  );
  const costSaving = separateKpis.totalCost - sharedKpis.totalCost;
  return {
    shared: sharedKpis,
    separate: separateKpis,
    savings: {
      cost: round(costSaving),
      km: round(separateKpis.km - sharedKpis.km, 3),
      vehicles: separateKpis.vehiclesUsed - sharedKpis.vehiclesUsed,
      stops: separate.reduce((a, s) => a + deliveryStops(s.plan), 0) - deliveryStops(sharedPlan),
      costShare: separateKpis.totalCost > 0 ? round(costSaving / separateKpis.totalCost, 4) : 0,
    },
    perCarrier: separate.map((s) => {
      const allocated =
        totalParcels > 0 ? (sharedKpis.totalCost * (parcelsBy.get(s.carrierId) ?? 0)) / totalParcels : 0;
      return {
        carrierId: s.carrierId,
        separateCost: s.plan.kpis.totalCost,
        sharedAllocated: round(allocated),
        savings: round(s.plan.kpis.totalCost - allocated),
      };
    }),
    allocationRule: ALLOCATION_RULE,
  };
}

function deliveryStops(p: PlanResult): number {
  return p.routes.filter((r) => r.kind === 'delivery').reduce((a, r) => a + r.stops.length, 0);
}

/** KPIs of the separate plans taken together. Stations are counted once: served when every carrier's parcels are. */
function combineKpis(plans: PlanResult[], rows: Scenario['demand'], carriers: string[]): PlanKpis {
  const stations = new Set(aggregateDemand(rows.filter((r) => carriers.includes(r.carrierId))).keys());
  const unassigned = new Set(
    plans.flatMap((p) => p.unassigned.map((u) => u.stationId)).filter((id) => stations.has(id)),
  );
  let totalCost = 0;
  let km = 0;
  let hours = 0;
  let vehiclesUsed = 0;
  let parcelsDown = 0;
  let parcelsUp = 0;
  let busCost = 0;
  let compliantShareWeighted = 0;
  let stationCount = 0;
  for (const p of plans) {
    totalCost += p.kpis.totalCost;
    km += p.kpis.km;
    hours += p.kpis.hours;
    vehiclesUsed += p.kpis.vehiclesUsed;
    parcelsDown += p.kpis.parcelsDown;
    parcelsUp += p.kpis.parcelsUp;
    busCost += p.kpis.busCost ?? 0;
    const n = p.kpis.stationsServed + p.kpis.stationsUnassigned;
    compliantShareWeighted += p.kpis.serviceCompliance * n;
    stationCount += n;
  }
  // serviceCompliance: share of (station, carrier) deliveries meeting their limit, over all carriers' plans.
  return kpisFromTotals({
    totalCost,
    km,
    hours,
    vehiclesUsed,
    stationsServed: stations.size - unassigned.size,
    stationsUnassigned: unassigned.size,
    compliant: compliantShareWeighted,
    considered: stationCount,
    parcelsDown,
    parcelsUp,
    busCost,
  });
}

interface Baselines {
  shared: PlanResult;
  sameNetwork: CarrierPlan[];
  shapley: ShapleyRun | null;
  rows: Scenario['demand'];
  selected: string[];
  parcelsBy: Map<string, number>;
  perStation: number;
}

export const SHAPLEY_NOTE =
  'Shapley value of each carrier over every coalition of carriers, each planned on the shared network (same depots, hubs, ' +
  'vehicle types and bus lines) at a reduced engine time per station; coalition costs are scaled so that the grand ' +
  "coalition equals the shared plan's cost, so the values sum to it";

/** The second baseline, the savings decomposition, engine time and both allocations. */
function addBaselines(compare: CompareResult, b: Baselines): void {
  const sameKpis = combineKpis(
    b.sameNetwork.map((s) => s.plan),
    b.rows,
    b.selected,
  );
  const total = compare.separate.totalCost - compare.shared.totalCost;
  compare.separateSameNetwork = sameKpis;
  compare.savingsDecomposition = {
    total: round(total),
    network: round(compare.separate.totalCost - sameKpis.totalCost),
    pooling: round(sameKpis.totalCost - compare.shared.totalCost),
  };
  compare.engineTime = {
    secondsPerStation: round(b.perStation, 5),
    note: `every solve of the comparison (shared, each carrier alone in both baselines) got ${round(b.perStation, 5)} engine seconds per station of its own (at least 0.1 s)`,
  };
  const parcelShare = parcelShareAllocation(b.shared.kpis.totalCost, b.parcelsBy);
  const shapley = b.shapley
    ? Object.fromEntries(Object.entries(b.shapley.shapley).map(([c, v]) => [c, round(v)]))
    : null;
  compare.allocation = {
    parcelShare: Object.fromEntries(Object.entries(parcelShare).map(([c, v]) => [c, round(v)])),
    shapley,
    note: b.shapley ? SHAPLEY_NOTE : 'Shapley values not computed (more than 7 carriers, or switched off)',
  };
  if (b.shapley) {
    compare.allocation.coalitionCosts = b.shapley.coalitionCosts;
    compare.allocation.coalitionScale = round(b.shapley.scale, 6);
    compare.allocation.coalitionSecondsPerStation = b.shapley.secondsPerStation;
  }
  for (const p of compare.perCarrier ?? []) {
    p.sameNetworkCost = b.sameNetwork.find((s) => s.carrierId === p.carrierId)?.plan.kpis.totalCost;
    p.paysLessThanAloneParcelShare = (parcelShare[p.carrierId] ?? 0) < p.separateCost;
    if (shapley) {
      p.shapley = shapley[p.carrierId];
      p.paysLessThanAloneShapley = (shapley[p.carrierId] ?? 0) < p.separateCost;
    }
  }
}
