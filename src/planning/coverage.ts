/**
 * Coverage scorecard (issue 5, scope 2): the policy indicators of DESIGN.md §2 for a scenario, with the
 * county's own targets (county.json `targets`; a missing id takes DEFAULT_TARGETS of model/schemas.ts), a
 * per-township table and the villages that should have a station and do not. Definitions are in
 * docs/hubs-coverage.md; every indicator says in `detail` how it was computed.
 */
import type { IndicatorTarget, Place, Scenario } from '../model/types.ts';
import type { TravelMatrix } from '../network/types.ts';
import type { PlanResult } from './types.ts';
import { DEFAULT_TARGETS } from '../model/schemas.ts';
import { parseClock } from '../util/time.ts';
import { secondsBetween, stationLimitDays, round, sharedFleet } from './common.ts';
import { upstreamCost } from './upstream.ts';
import { aggregateDemand, parcelsByCarrier, totalLoad } from './demand.ts';

/** Villages with at least this many residents must have a station (Daming 2017 rule). */
export const DEFAULT_LARGE_VILLAGE_POPULATION = 500;

export type IndicatorId =
  | 'village_station_share'
  | 'poverty_village_station_share'
  | 'large_village_station_share'
  | 'township_express_share'
  | 'same_day_share'
  | 'within_limit_share'
  | 'carriers_shared'
  | 'upstream_parity'
  | 'produce_station_share';

export interface Indicator {
  id: IndicatorId;
  label: string;
  labelZh: string;
  /** null when not computed (see detail). Shares are 0..1. */
  value: number | null;
  target: number;
  op: '>=' | '<=';
  /** null when the value is not computed. */
  pass: boolean | null;
  detail: string;
  /** Numerator and denominator of a share. */
  count?: { of: number; total: number };
}

export interface TownshipCoverage {
  township: string;
  name: string;
  villages: number;
  stations: number;
  povertyVillages: number;
  povertyCovered: number;
  largeVillages: number;
  largeCovered: number;
  hasHub: boolean;
  /** Express service: see township_express_share. */
  express: boolean;
  pass: { poverty: boolean; large: boolean; express: boolean };
}

export interface MissingStation {
  villageId: string;
  name: string;
  township: string;
  townshipName: string;
  why: 'poverty' | 'large' | 'poverty,large';
  population: number | null;
}

export interface CoverageResult {
  indicators: Indicator[];
  townships: TownshipCoverage[];
  missingStations: MissingStation[];
  /** Where same-day / within-limit / carriers / upstream figures come from. */
  basis: { plan: { day: number; mode: PlanResult['mode']; id?: string } | null; estimatedTravel: boolean | null };
  largeVillagePopulation: number;
}

export interface CoverageOptions {
  plan?: PlanResult | null;
  planId?: string;
  /** Travel matrix over the scenario's places; needed for express service and the travel-time indicators. */
  matrix?: TravelMatrix | null;
  largeVillagePopulation?: number;
}

const LABELS: Record<IndicatorId, [string, string]> = {
  village_station_share: ['Administrative villages with a station', '建有村级服务站的行政村占比'],
  poverty_village_station_share: ['Poverty villages with a station', '贫困村服务站覆盖率'],
  large_village_station_share: ['Villages of 500+ residents with a station', '500人以上行政村服务站覆盖率'],
  township_express_share: ['Townships with express service', '快递服务覆盖乡镇占比'],
  same_day_share: ['Stations reached the same day', '当日送达站点占比'],
  within_limit_share: ['Stations served within their service limit', '时效达标站点占比'],
  carriers_shared: ['Carriers in shared delivery', '参与共同配送的快递企业数'],
  upstream_parity: ['Upstream cost per parcel vs provincial capital', '上行寄递成本与省会比值'],
  produce_station_share: ['Stations with farm-produce pick-up', '具备农产品上行功能的站点占比'],
};

const ORDER: IndicatorId[] = [
  'village_station_share',
  'poverty_village_station_share',
  'large_village_station_share',
  'township_express_share',
  'same_day_share',
  'within_limit_share',
  'carriers_shared',
  'upstream_parity',
  'produce_station_share',
];

/** The county's target of an indicator, else the built-in default (DESIGN.md §2). */
export function targetOf(scenario: Scenario, id: IndicatorId): IndicatorTarget {
  const own = scenario.county.targets.find((t) => t.id === id);
  if (own) return own;
  const def = DEFAULT_TARGETS.find((t) => t.id === id);
  return def ?? { id, label: LABELS[id][0], target: 0, op: '>=' };
}

export function isLarge(p: Place, threshold: number): boolean {
  return p.population !== null && p.population >= threshold;
}

/** Minimum share/count of `id` needed: the smallest whole count reaching target × total. */
export function neededCount(target: number, total: number): number {
  return Math.max(0, Math.ceil(target * total - 1e-9));
}

/** Travel-time view of the network used by coverage and siting (depots = first warehouse + hubs). */
export interface Reach {
  /** Seconds of the fastest depot → station → depot loop that starts at day start, or Infinity. */
  loopEnd(stationId: string): number;
  reachable(stationId: string): boolean;
}

export function makeReach(scenario: Scenario, matrix: TravelMatrix): Reach {
  const t = secondsBetween(matrix);
  const d = scenario.county.defaults;
  const dayStart = parseClock(d.dayStart);
  const warehouse = scenario.places.find((p) => p.kind === 'warehouse');
  const hubs = scenario.places.filter((p) => p.kind === 'hub');
  const serviceS = d.serviceMinutesBase * 60;
  return {
    loopEnd(s: string): number {
      if (!warehouse) return Infinity;
      // from the warehouse directly, or by trunk to a hub, transfer, then the hub's own van
      let best = dayStart + t(warehouse.id, s) + serviceS + t(s, warehouse.id);
      for (const h of hubs) {
        const viaHub = dayStart + t(warehouse.id, h.id) + d.transferMinutes * 60 + t(h.id, s) + serviceS + t(s, h.id);
        if (viaHub < best) best = viaHub;
      }
      return best;
    },
    reachable(s: string): boolean {
      if (!warehouse) return false;
      if (Number.isFinite(t(warehouse.id, s)) && Number.isFinite(t(s, warehouse.id))) return true;
      return hubs.some(
        (h) => Number.isFinite(t(warehouse.id, h.id)) && Number.isFinite(t(h.id, s)) && Number.isFinite(t(s, h.id)),
      );
    },
  };
}

function share(of: number, total: number): number | null {
  return total > 0 ? of / total : null;
}

/** What every indicator phase of coverage() reads. */
interface CoverageContext {
  scenario: Scenario;
  plan: PlanResult | null;
  reach: ReturnType<typeof makeReach> | null;
  large: number;
  villages: Place[];
  stations: Place[];
  dayEnd: number;
  out: IndicatorList;
}

/** The indicators computed so far, each against its county target. */
class IndicatorList {
  readonly items: Indicator[] = [];
  constructor(private readonly scenario: Scenario) {}
  add(id: IndicatorId, value: number | null, detail: string, count?: { of: number; total: number }): void {
    const t = targetOf(this.scenario, id);
    const v = value === null ? null : round(value, 4);
    this.items.push({
      id,
      label: t.label || LABELS[id][0],
      labelZh: LABELS[id][1],
      value: v,
      target: t.target,
      op: t.op,
      pass: v === null ? null : t.op === '>=' ? v >= t.target - 1e-9 : v <= t.target + 1e-9,
      detail,
      ...(count ? { count } : {}),
    });
  }
  share(id: IndicatorId, of: number, total: number, what: string, emptyValue: number | null = 1): void {
    const v = share(of, total);
    this.add(id, v ?? emptyValue, total > 0 ? `${of} of ${total} ${what}` : `no ${what}`, { of, total });
  }
}

export function coverage(scenario: Scenario, options: CoverageOptions = {}): CoverageResult {
  const plan = options.plan ?? null;
  const matrix = options.matrix ?? null;
  const villages = scenario.places.filter((p) => p.kind === 'village');
  const ctx: CoverageContext = {
    scenario,
    plan,
    villages,
    large: options.largeVillagePopulation ?? DEFAULT_LARGE_VILLAGE_POPULATION,
    stations: villages.filter((v) => v.hasStation),
    reach: matrix ? makeReach(scenario, matrix) : null,
    dayEnd: parseClock(scenario.county.defaults.dayEnd),
    out: new IndicatorList(scenario),
  };
  villageIndicators(ctx);
  const townships = townshipCoverage(ctx);
  if (plan) planServiceIndicators(ctx, plan);
  else travelServiceIndicators(ctx);
  carrierIndicator(ctx);
  upstreamIndicator(ctx);
  // Produce stations: stations with upstream pick-ups in demand.csv.
  const produce = new Set(
    [...aggregateDemand(scenario.demand).values()].filter((d) => totalLoad(d).parcelsUp > 0).map((d) => d.stationId),
  );
  ctx.out.share(
    'produce_station_share',
    ctx.stations.filter((s) => produce.has(s.id)).length,
    ctx.stations.length,
    'stations have farm-produce pick-ups in demand.csv',
    null,
  );
  const indicators = ctx.out.items.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
  return {
    indicators,
    townships,
    missingStations: missingStations(ctx),
    basis: {
      plan: plan ? { day: plan.day, mode: plan.mode, ...(options.planId ? { id: options.planId } : {}) } : null,
      estimatedTravel: matrix ? matrix.estimated : null,
    },
    largeVillagePopulation: ctx.large,
  };
}

/** Villages and stations: all, poverty, large. */
function villageIndicators(ctx: CoverageContext): void {
  const { villages, stations, large } = ctx;
  const poverty = villages.filter((v) => v.poverty);
  const bigOnes = villages.filter((v) => isLarge(v, large));
  const unknownPopulation = villages.filter((v) => v.population === null).length;
  ctx.out.share('village_station_share', stations.length, villages.length, 'administrative villages have a station');
  ctx.out.share(
    'poverty_village_station_share',
    poverty.filter((v) => v.hasStation).length,
    poverty.length,
    'poverty villages have a station',
  );
  ctx.out.share(
    'large_village_station_share',
    bigOnes.filter((v) => v.hasStation).length,
    bigOnes.length,
    `villages of ${large}+ residents have a station${unknownPopulation ? ` (${unknownPopulation} villages of unknown population not counted)` : ''}`,
  );
}

/**
 * Townships: express service = the township has the warehouse or a hub, or at least one of its stations is
 * reachable by the shared network (warehouse or a hub, both ways).
 */
function townshipCoverage(ctx: CoverageContext): TownshipCoverage[] {
  const { scenario, villages, large, reach } = ctx;
  const hubTownships = new Set(
    scenario.places.filter((p) => p.kind === 'hub' || p.kind === 'warehouse').map((p) => p.township),
  );
  const townships: TownshipCoverage[] = scenario.townships.map((t) => {
    const vs = villages.filter((v) => v.township === t.id);
    const st = vs.filter((v) => v.hasStation);
    const pv = vs.filter((v) => v.poverty);
    const lv = vs.filter((v) => isLarge(v, large));
    const hasHub = hubTownships.has(t.id);
    const express = hasHub || st.some((s) => (reach ? reach.reachable(s.id) : true));
    const pc = pv.filter((v) => v.hasStation).length;
    const lc = lv.filter((v) => v.hasStation).length;
    return {
      township: t.id,
      name: t.name,
      villages: vs.length,
      stations: st.length,
      povertyVillages: pv.length,
      povertyCovered: pc,
      largeVillages: lv.length,
      largeCovered: lc,
      hasHub,
      express,
      pass: { poverty: pc === pv.length, large: lc === lv.length, express },
    };
  });
  ctx.out.share(
    'township_express_share',
    townships.filter((t) => t.express).length,
    townships.length,
    reach
      ? 'townships have express service (a hub/the warehouse, or a station reachable by the shared network)'
      : 'townships have express service (a hub/the warehouse or a station; reachability not checked: no travel matrix)',
  );
  return townships;
}

/** Same day and within limit, from a plan. */
function planServiceIndicators(ctx: CoverageContext, plan: PlanResult): void {
  const served = new Map<string, number>(); // station → latest arrival (s); a station may get two stops (cold part)
  for (const r of plan.routes) {
    if (r.kind !== 'delivery') continue;
    for (const s of r.stops)
      served.set(s.stationId, Math.max(served.get(s.stationId) ?? -Infinity, parseClock(s.arrival)));
  }
  const unassignedIds = new Set(plan.unassigned.map((u) => u.stationId));
  const withParcels = new Set([...served.keys(), ...unassignedIds]);
  let sameDay = 0;
  for (const [id, arrival] of served) if (arrival <= ctx.dayEnd && !unassignedIds.has(id)) sameDay++;
  ctx.out.share(
    'same_day_share',
    sameDay,
    withParcels.size,
    `stations with parcels on day ${plan.day} reached by ${ctx.scenario.county.defaults.dayEnd} in the plan`,
    null,
  );
  if (plan.horizon) {
    const ok = plan.horizon.stations.filter((s) => s.maxWaitDays <= s.limitDays).length;
    ctx.out.share(
      'within_limit_share',
      ok,
      plan.horizon.stations.length,
      `stations within their N-day limit over the ${plan.horizon.days}-day plan`,
      null,
    );
  } else {
    ctx.out.add(
      'within_limit_share',
      plan.kpis.serviceCompliance,
      `plan service compliance of day ${plan.day} (stations with parcels whose limit is met)`,
    );
  }
}

/** Same day and within limit without a plan: from travel times when there is a matrix. */
function travelServiceIndicators(ctx: CoverageContext): void {
  const { reach, scenario, stations } = ctx;
  if (!reach) {
    ctx.out.add('same_day_share', null, 'not computed: needs a plan or a travel matrix');
    ctx.out.add('within_limit_share', null, 'not computed: needs a plan or a travel matrix');
    return;
  }
  let sameDay = 0;
  let within = 0;
  for (const s of stations) {
    const fits = reach.loopEnd(s.id) <= ctx.dayEnd;
    if (fits) sameDay++;
    const limit = stationLimitDays(scenario, s);
    if (limit === 0 ? fits : reach.reachable(s.id)) within++;
  }
  const d = scenario.county.defaults;
  ctx.out.share(
    'same_day_share',
    sameDay,
    stations.length,
    `stations whose depot → station → depot loop fits in the working day ${d.dayStart}–${d.dayEnd} (travel times, no plan)`,
    null,
  );
  ctx.out.share(
    'within_limit_share',
    within,
    stations.length,
    'stations that can meet their limit: same-day ones fit in the working day, N-day ones are reachable (travel times, no plan)',
    null,
  );
}

/** Carriers in shared delivery. */
function carrierIndicator(ctx: CoverageContext): void {
  const { plan, scenario } = ctx;
  if (plan && plan.mode === 'separate') {
    ctx.out.add('carriers_shared', 0, 'the plan is a separate (per-carrier) plan: no shared delivery');
  } else if (plan) {
    const servedStations = new Set<string>();
    for (const r of plan.routes) if (r.kind === 'delivery') for (const s of r.stops) servedStations.add(s.stationId);
    const carriers = new Set(
      parcelsByCarrier(scenario.demand.filter((r) => r.day === plan.day && servedStations.has(r.stationId))).keys(),
    );
    ctx.out.add(
      'carriers_shared',
      carriers.size,
      `carriers with parcels on the shared routes of day ${plan.day}: ${[...carriers].sort().join(', ') || 'none'}`,
    );
  } else {
    const shared = sharedFleet(scenario).some((f) => !f.carrierId);
    const carriers = new Set(parcelsByCarrier(scenario.demand).keys());
    ctx.out.add(
      'carriers_shared',
      shared ? carriers.size : 0,
      shared
        ? `carriers with demand, all carried by the shared fleet (no plan): ${[...carriers].sort().join(', ') || 'none'}`
        : 'no shared fleet (every fleet row belongs to a carrier)',
    );
  }
}

/** Upstream parity (needs a plan: first-mile cost comes from the routes). */
function upstreamIndicator(ctx: CoverageContext): void {
  const { plan, scenario } = ctx;
  if (!plan) {
    ctx.out.add(
      'upstream_parity',
      null,
      'not computed: needs a plan (first-mile cost comes from the routes); pass --plan ID or let the CLI plan a day',
    );
    return;
  }
  const up = upstreamCost(scenario, plan);
  const parity = up.overall.parity;
  ctx.out.add(
    'upstream_parity',
    parity,
    parity === null
      ? `not computed: no upstream parcel of day ${plan.day} has both a county and a capital tariff (${up.missing.length} lines unpriced)`
      : `(first mile + county tariff) / provincial-capital price over ${up.overall.parcels} upstream parcels of day ${plan.day}`,
  );
}

/** Poverty or large villages without a station. */
function missingStations(ctx: CoverageContext): MissingStation[] {
  const { scenario, villages, large } = ctx;
  const townshipName = new Map(scenario.townships.map((t) => [t.id, t.name] as const));
  return villages
    .filter((v) => !v.hasStation && (v.poverty || isLarge(v, large)))
    .map((v) => ({
      villageId: v.id,
      name: v.name,
      township: v.township,
      townshipName: townshipName.get(v.township) ?? v.township,
      why: v.poverty && isLarge(v, large) ? 'poverty,large' : v.poverty ? 'poverty' : 'large',
      population: v.population,
    }));
}
