/**
 * Station siting (issue 5, scope 3): the cheapest set of new village stations that reaches the coverage
 * targets (village share, poverty share, 500+ share).
 *
 * Added cost of a station at village v (yuan per delivery day, an estimate; docs/hubs-coverage.md):
 * - with a plan: cheapest insertion of v into one of the plan's delivery routes — extra km × the route
 *   vehicle's cost_per_km + (extra driving + base service minutes) × its cost_per_hour; capacity and time
 *   windows are not re-checked (a new station adds few parcels);
 * - without a plan (or no route can take it): a round trip from the nearest existing station or depot with
 *   the median shared delivery vehicle's rates, plus base service time.
 * Costs of different villages are independent under this estimate, so the choice is a small MIP: binary
 * z_v, minimise Σ cost_v z_v subject to one cardinality row per target (poverty villages, 500+ villages,
 * all villages). Solved exactly (HiGHS, or javascript-lp-solver for tiny models, ./mip.ts).
 */
import type { FleetRow, Place, Scenario } from '../model/types.ts';
import type { TravelMatrix } from '../network/types.ts';
import type { PlanResult } from './types.ts';
import { MipBuilder, solveMip, type MipSolveOptions } from './mip.ts';
import { isTrunk, round, sharedFleet } from './common.ts';
import { DEFAULT_LARGE_VILLAGE_POPULATION, isLarge, neededCount, targetOf } from './coverage.ts';

export interface SitedStation {
  villageId: string;
  name: string;
  township: string;
  /** Why it was chosen: required by a 100%-type target, or to reach the village share. */
  why: 'poverty' | 'large' | 'poverty,large' | 'share';
  population: number | null;
  /** Estimated added routing cost, yuan per delivery day. */
  addedCost: number;
  /** How the cost was estimated: a plan route (vehicle id) or 'round-trip from <place id>'. */
  basis: string;
}

export interface SitingShares {
  village: number | null;
  poverty: number | null;
  large: number | null;
}

export interface SitingResult {
  stations: SitedStation[];
  addedCost: number;
  costBasis: 'plan-insertion' | 'round-trip-estimate';
  before: SitingShares;
  after: SitingShares;
  /** true when every share target (op >=) is reached after siting. */
  reached: boolean;
  /** Villages that could not be priced (unreachable) — they cannot be sited. */
  unreachable: Array<{ villageId: string; reason: string }>;
  /** Targets that cannot be reached even with every reachable village. */
  unmet: string[];
  solver: string;
  seconds: number;
}

export interface SitingOptions {
  plan?: PlanResult | null;
  largeVillagePopulation?: number;
  mip?: MipSolveOptions;
}

interface Rates {
  perKm: number;
  perHour: number;
}

function medianRates(rows: FleetRow[]): Rates {
  const del = rows.filter((f) => !isTrunk(f));
  if (del.length === 0) return { perKm: 1.2, perHour: 30 };
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { perKm: med(del.map((f) => f.costPerKm)), perHour: med(del.map((f) => f.costPerHour)) };
}

/** Estimated added cost (yuan/day) of serving each village without a station; Infinity when unreachable. */
export function stationAddCosts(
  scenario: Scenario,
  matrix: TravelMatrix,
  candidates: Place[],
  plan: PlanResult | null,
): Map<string, { cost: number; basis: string }> {
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const n = matrix.size;
  const dist = (a: number, b: number) => matrix.distanceM[a * n + b];
  const dur = (a: number, b: number) => matrix.durationS[a * n + b];
  const serviceS = scenario.county.defaults.serviceMinutesBase * 60;
  const fleetById = new Map(scenario.fleet.map((f) => [f.id, f] as const));
  const rates = medianRates(sharedFleet(scenario));

  // Route sequences (matrix indices) of the plan's delivery routes.
  const routes: Array<{ seq: number[]; rates: Rates; vehicle: string }> = [];
  if (plan) {
    for (const r of plan.routes) {
      if (r.kind !== 'delivery' || r.stops.length === 0) continue;
      const ids = [r.depot, ...r.stops.map((s) => s.stationId), r.depot];
      const seq = ids.map((id) => index.get(id) ?? -1);
      if (seq.some((k) => k < 0)) continue;
      const row = fleetById.get(r.fleetId) ?? fleetById.get(r.fleetId.split('@')[0]);
      routes.push({ seq, rates: row ? { perKm: row.costPerKm, perHour: row.costPerHour } : rates, vehicle: r.vehicle });
    }
  }
  // Round-trip anchors: depots (first warehouse, hubs) and existing stations.
  const anchors = scenario.places
    .filter((p) => p.kind === 'warehouse' || p.kind === 'hub' || (p.kind === 'village' && p.hasStation))
    .map((p) => ({ id: p.id, k: index.get(p.id) ?? -1 }))
    .filter((a) => a.k >= 0);

  const out = new Map<string, { cost: number; basis: string }>();
  for (const v of candidates) {
    const kv = index.get(v.id);
    if (kv === undefined) {
      out.set(v.id, { cost: Infinity, basis: 'not in the travel matrix' });
      continue;
    }
    let best = Infinity;
    let basis = 'unreachable';
    for (const r of routes) {
      for (let q = 0; q + 1 < r.seq.length; q++) {
        const a = r.seq[q];
        const b = r.seq[q + 1];
        const dm = dist(a, kv) + dist(kv, b) - dist(a, b);
        const ds = dur(a, kv) + dur(kv, b) - dur(a, b) + serviceS;
        const c = (dm / 1000) * r.rates.perKm + (ds / 3600) * r.rates.perHour;
        if (c < best) {
          best = c;
          basis = `insertion into route ${r.vehicle}`;
        }
      }
    }
    if (!Number.isFinite(best)) {
      for (const a of anchors) {
        const dm = dist(a.k, kv) + dist(kv, a.k);
        const ds = dur(a.k, kv) + dur(kv, a.k) + serviceS;
        const c = (dm / 1000) * rates.perKm + (ds / 3600) * rates.perHour;
        if (c < best) {
          best = c;
          basis = `round trip from ${a.id}`;
        }
      }
    }
    out.set(v.id, { cost: best, basis });
  }
  return out;
}

type TargetGroup = {
  id: 'village_station_share' | 'poverty_village_station_share' | 'large_village_station_share';
  members: (v: Place) => boolean;
};

/** The three station-coverage targets siting meets, each over its group of villages. */
function targetGroups(large: number): TargetGroup[] {
  return [
    { id: 'village_station_share', members: () => true },
    { id: 'poverty_village_station_share', members: (v) => v.poverty },
    { id: 'large_village_station_share', members: (v) => isLarge(v, large) },
  ];
}

/**
 * One covering row per '>=' target: at least the missing number of the group's candidates open (as many as can be
 * reached). Returns the targets that cannot be met, with why.
 */
function addTargetRows(
  b: MipBuilder,
  scenario: Scenario,
  groups: TargetGroup[],
  villages: Place[],
  usable: Place[],
  col: number[],
): string[] {
  const unmet: string[] = [];
  for (const g of groups) {
    const t = targetOf(scenario, g.id);
    if (t.op !== '>=') continue;
    const members = villages.filter(g.members);
    const need = neededCount(t.target, members.length) - members.filter((v) => v.hasStation).length;
    if (need <= 0) continue;
    const cols = usable.flatMap((v, k) => (g.members(v) ? [col[k]] : []));
    if (cols.length < need)
      unmet.push(`${g.id}: needs ${need} more stations, only ${cols.length} reachable candidates`);
    const reachable = Math.min(need, cols.length);
    if (reachable > 0)
      b.addRow(
        cols,
        cols.map(() => 1),
        reachable,
        Infinity,
      );
  }
  return unmet;
}

function sitedStation(v: Place, c: { cost: number; basis: SitedStation['basis'] }, large: number): SitedStation {
  const lg = isLarge(v, large);
  return {
    villageId: v.id,
    name: v.name,
    township: v.township,
    why: v.poverty && lg ? 'poverty,large' : v.poverty ? 'poverty' : lg ? 'large' : 'share',
    population: v.population,
    addedCost: round(c.cost, 2),
    basis: c.basis,
  };
}

export async function siteStations(
  scenario: Scenario,
  matrix: TravelMatrix,
  options: SitingOptions = {},
): Promise<SitingResult> {
  const large = options.largeVillagePopulation ?? DEFAULT_LARGE_VILLAGE_POPULATION;
  const plan = options.plan ?? null;
  const villages = scenario.places.filter((p) => p.kind === 'village');
  const without = villages.filter((v) => !v.hasStation);
  const costs = stationAddCosts(scenario, matrix, without, plan);
  const usable = without.filter((v) => Number.isFinite(costs.get(v.id)!.cost));
  const unreachable = without
    .filter((v) => !Number.isFinite(costs.get(v.id)!.cost))
    .map((v) => ({
      villageId: v.id,
      reason:
        costs.get(v.id)!.basis === 'not in the travel matrix'
          ? 'not in the travel matrix'
          : 'no road route to or from any depot or station',
    }));

  const groups = targetGroups(large);
  const shares = (has: (v: Place) => boolean): SitingShares => {
    const s = (m: (v: Place) => boolean) => {
      const all = villages.filter(m);
      return all.length ? round(all.filter(has).length / all.length, 4) : null;
    };
    return { village: s(groups[0].members), poverty: s(groups[1].members), large: s(groups[2].members) };
  };

  const b = new MipBuilder();
  const col = usable.map((v) => b.addCol(costs.get(v.id)!.cost, 0, 1, true));
  const unmet = addTargetRows(b, scenario, groups, villages, usable, col);
  const model = b.build();
  const r = await solveMip(model, options.mip ?? { timeLimitS: 60 });
  if (!Number.isFinite(r.objective)) throw new Error(`station siting: ${r.detail ?? r.status}`);
  const chosen = new Set(usable.filter((_, k) => (r.x[col[k]] ?? 0) > 0.5).map((v) => v.id));
  const stations: SitedStation[] = usable
    .filter((v) => chosen.has(v.id))
    .map((v) => sitedStation(v, costs.get(v.id)!, large))
    .sort((a, b) => a.addedCost - b.addedCost);
  return {
    stations,
    addedCost: round(
      stations.reduce((a, s) => a + costs.get(s.villageId)!.cost, 0),
      2,
    ),
    costBasis:
      plan && plan.routes.some((x) => x.kind === 'delivery' && x.stops.length > 0)
        ? 'plan-insertion'
        : 'round-trip-estimate',
    before: shares((v) => v.hasStation),
    after: shares((v) => v.hasStation || chosen.has(v.id)),
    reached: unmet.length === 0,
    unreachable,
    unmet,
    solver: r.solver,
    seconds: round(r.seconds, 3),
  };
}
