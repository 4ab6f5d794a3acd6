/**
 * Upstream (农产品进城) cost against the provincial capital and the platform rate (issue 4, scope 4).
 *
 * Per station, carrier and destination zone of the day's picked-up produce:
 * - first mile (documented allocation): each delivery route's cost is shared equally by every parcel it carries
 *   (down and up); a hub station's parcels also carry an equal per-parcel share of the trunk run(s) that visit the
 *   hub. This is an average-cost view. Pick-ups ride on routes that run anyway, so their marginal cost is much
 *   lower: we also report it as the extra service minutes per parcel × the vehicle's cost per hour.
 * - county tariff: tariffs.csv row (carrier, origin 'county', zone) of the volume tier: the row with the highest
 *   minDailyVolume ≤ the carrier's upstream parcels from the county that day. Price of a parcel of w kg =
 *   firstPrice + extraPerKg × max(0, ceil(w − firstKg)); w = the row's kg / parcels (average weight).
 * - provincial capital and platform: the same carrier, zone, weight and tier rule (origin 'capital' / 'platform').
 *   A tariff row with carrier '*' or '' applies to every carrier when the carrier has none of its own.
 * - parity = (first mile + county tariff) / capital price, per parcel and overall (DESIGN.md §7); ≤ 1 meets the
 *   policy target; parityPlatform likewise against the platform rate.
 * - pooled what-if: every carrier's county tariff taken at the tier of the county's total upstream volume (all
 *   carriers' parcels shipped under one contract).
 */
import type { Scenario, TariffOrigin, TariffRow } from '../model/types.ts';
import type { PlanResult } from './types.ts';
import { round } from './common.ts';
import { parcelsOf } from './demand.ts';

export interface UpstreamLine {
  stationId: string;
  carrierId: string;
  zone: string;
  parcels: number;
  kg: number;
  /** Average-cost first mile per parcel (route + trunk share). */
  firstMilePerParcel: number;
  /** Marginal first mile per parcel (extra service time only). */
  firstMileMarginalPerParcel: number;
  countyTariffPerParcel: number | null;
  countyPerParcel: number | null;
  capitalPerParcel: number | null;
  platformPerParcel: number | null;
  parity: number | null;
  parityPlatform: number | null;
}

export interface UpstreamTotals {
  parcels: number;
  firstMile: number;
  countyTariff: number;
  county: number;
  capital: number;
  platform: number;
  countyPerParcel: number;
  capitalPerParcel: number;
  platformPerParcel: number;
  parity: number | null;
  parityPlatform: number | null;
  /** Parity with the marginal first mile instead of the average one. */
  parityMarginal: number | null;
}

export interface UpstreamResult {
  day: number;
  allocationRule: string;
  lines: UpstreamLine[];
  carriers: Array<{
    carrierId: string;
    parcels: number;
    tier: number | null;
    pooledTier: number | null;
    countyTariff: number;
    pooledCountyTariff: number;
  }>;
  overall: UpstreamTotals;
  pooled: {
    volume: number;
    countyTariff: number;
    county: number;
    parity: number | null;
    parityPlatform: number | null;
    savings: number;
  };
  /** Parcels not priced: station unserved in the plan, or no tariff row. */
  missing: Array<{ stationId: string; carrierId: string; zone: string; parcels: number; reason: string }>;
  targetMet: boolean | null;
}

export const FIRST_MILE_RULE =
  "first mile = each route's cost shared equally by all parcels it carries (down + up), plus the trunk run's per-parcel share for hub stations; " +
  "marginal first mile = service minutes per parcel × the vehicle's cost per hour";

export function parcelPrice(row: TariffRow, kgPerParcel: number): number {
  return row.firstPrice + row.extraPerKg * Math.max(0, Math.ceil(kgPerParcel - row.firstKg - 1e-9));
}

/** Tariff row of the tier for `volume`: highest minDailyVolume ≤ volume; carrier rows first, then '*' / '' rows. */
export function tariffFor(
  tariffs: TariffRow[],
  carrierId: string,
  origin: TariffOrigin,
  zone: string,
  volume: number,
): TariffRow | null {
  const pick = (carrier: (c: string) => boolean) => {
    let best: TariffRow | null = null;
    for (const t of tariffs) {
      if (!carrier(t.carrierId) || t.origin !== origin || t.zone !== zone || t.minDailyVolume > volume) continue;
      if (!best || t.minDailyVolume > best.minDailyVolume) best = t;
    }
    return best;
  };
  return pick((c) => c === carrierId) ?? pick((c) => c === '*' || c === '');
}

interface Group {
  stationId: string;
  carrierId: string;
  zone: string;
  parcels: number;
  kg: number;
}

interface FirstMile {
  avg: number;
  marginal: number;
  up: number;
}

/** Running sums over the priced lines. */
interface Totals {
  parcels: number;
  firstMile: number;
  firstMileMarginal: number;
  countyTariff: number;
  capital: number;
  platform: number;
  pooledTariff: number;
  platformParcels: number;
}

type CarrierTotals = Map<
  string,
  { countyTariff: number; pooledCountyTariff: number; tier: number | null; pooledTier: number | null }
>;

export function upstreamCost(scenario: Scenario, plan: PlanResult): UpstreamResult {
  const firstMile = firstMileByStation(scenario, plan, trunkShares(plan));
  const unassigned = new Set(plan.unassigned.map((u) => u.stationId));
  const missing: UpstreamResult['missing'] = [];
  const priced: Array<{ g: Group; fm: FirstMile }> = [];
  const volumeBy = new Map<string, number>();
  for (const g of upstreamGroups(scenario, plan.day)) {
    const fm = firstMile.get(g.stationId);
    if (!fm || unassigned.has(g.stationId)) {
      missing.push({ ...pick(g), reason: 'station not served in the plan' });
      continue;
    }
    priced.push({ g, fm });
    volumeBy.set(g.carrierId, (volumeBy.get(g.carrierId) ?? 0) + g.parcels);
  }
  const pooledVolume = [...volumeBy.values()].reduce((a, b) => a + b, 0);
  const lines: UpstreamLine[] = [];
  const totals: Totals = {
    parcels: 0,
    firstMile: 0,
    firstMileMarginal: 0,
    countyTariff: 0,
    capital: 0,
    platform: 0,
    pooledTariff: 0,
    platformParcels: 0,
  };
  const carrierTotals: CarrierTotals = new Map();
  for (const { g, fm } of priced) {
    const line = priceLine(scenario, g, fm, volumeBy.get(g.carrierId)!, pooledVolume);
    lines.push(line.line);
    if (line.countyTariff === null || line.capitalPer === null) {
      missing.push({
        ...pick(g),
        reason: `no ${line.countyTariff === null ? 'county' : 'capital'} tariff for carrier ${g.carrierId}, zone ${g.zone}`,
      });
      continue;
    }
    addToTotals(totals, carrierTotals, g, fm, {
      ...line,
      countyTariff: line.countyTariff,
      capitalPer: line.capitalPer,
    });
  }
  return upstreamResult(plan.day, lines, totals, carrierTotals, volumeBy, pooledVolume, missing);
}

/** Trunk per-parcel share by hub: each trunk route's cost shared by the parcels it carries. */
function trunkShares(plan: PlanResult): Map<string, { cost: number; parcels: number }> {
  const trunkShare = new Map<string, { cost: number; parcels: number }>();
  for (const r of plan.routes) {
    if (r.kind !== 'trunk') continue;
    const parcels = r.stops.reduce((a, s) => a + parcelsOf(s), 0);
    if (parcels === 0) continue;
    for (const s of r.stops) {
      const t = trunkShare.get(s.stationId) ?? { cost: 0, parcels: 0 };
      const p = parcelsOf(s);
      trunkShare.set(s.stationId, { cost: t.cost + (r.cost * p) / parcels, parcels: t.parcels + p });
    }
  }
  return trunkShare;
}

/** First mile per up parcel by station (parcel-weighted over the stops that picked up there). */
function firstMileByStation(
  scenario: Scenario,
  plan: PlanResult,
  trunkShare: Map<string, { cost: number; parcels: number }>,
): Map<string, FirstMile> {
  const fleetById = new Map(scenario.fleet.map((f) => [f.id, f] as const));
  const perParcelMinutes = scenario.county.defaults.serviceMinutesPerParcel;
  const firstMile = new Map<string, FirstMile>();
  for (const r of plan.routes) {
    if (r.kind !== 'delivery') continue;
    const parcels = r.stops.reduce((a, s) => a + parcelsOf(s), 0);
    if (parcels === 0) continue;
    const row = fleetById.get(r.fleetId) ?? fleetById.get(r.fleetId.split('@')[0]);
    const perHour = row ? row.costPerHour : 0;
    const trunk = trunkShare.get(r.depot);
    const trunkPerParcel = trunk && trunk.parcels > 0 ? trunk.cost / trunk.parcels : 0;
    for (const s of r.stops) {
      if (s.parcelsUp === 0) continue;
      const f = firstMile.get(s.stationId) ?? { avg: 0, marginal: 0, up: 0 };
      const avg = r.cost / parcels + trunkPerParcel;
      const marginal = (perParcelMinutes / 60) * perHour;
      const up = f.up + s.parcelsUp;
      firstMile.set(s.stationId, {
        avg: (f.avg * f.up + avg * s.parcelsUp) / up,
        marginal: (f.marginal * f.up + marginal * s.parcelsUp) / up,
        up,
      });
    }
  }
  return firstMile;
}

/** The day's upstream rows per (station, carrier, zone). */
function upstreamGroups(scenario: Scenario, day: number): Group[] {
  const groups = new Map<string, Group>();
  for (const r of scenario.demand) {
    if (r.day !== day || r.parcelsUp <= 0) continue;
    const key = `${r.stationId}\u0000${r.carrierId}\u0000${r.upZone}`;
    const g = groups.get(key) ?? { stationId: r.stationId, carrierId: r.carrierId, zone: r.upZone, parcels: 0, kg: 0 };
    g.parcels += r.parcelsUp;
    g.kg += r.kgUp;
    groups.set(key, g);
  }
  return [...groups.values()];
}

interface PricedLine {
  line: UpstreamLine;
  w: number;
  county: TariffRow | null;
  pooled: TariffRow | null;
  countyTariff: number | null;
  capitalPer: number | null;
  platformPer: number | null;
}

/** One (station, carrier, zone) line priced at the carrier's volume tier (and the pooled one). */
function priceLine(scenario: Scenario, g: Group, fm: FirstMile, volume: number, pooledVolume: number): PricedLine {
  const w = g.kg / g.parcels;
  const county = tariffFor(scenario.tariffs, g.carrierId, 'county', g.zone, volume);
  const capital = tariffFor(scenario.tariffs, g.carrierId, 'capital', g.zone, volume);
  const platform = tariffFor(scenario.tariffs, g.carrierId, 'platform', g.zone, volume);
  const pooled = tariffFor(scenario.tariffs, g.carrierId, 'county', g.zone, pooledVolume);
  const countyTariff = county ? parcelPrice(county, w) : null;
  const countyPer = countyTariff === null ? null : fm.avg + countyTariff;
  const capitalPer = capital ? parcelPrice(capital, w) : null;
  const platformPer = platform ? parcelPrice(platform, w) : null;
  const r3 = (x: number | null) => (x === null ? null : round(x, 3));
  const line: UpstreamLine = {
    stationId: g.stationId,
    carrierId: g.carrierId,
    zone: g.zone,
    parcels: g.parcels,
    kg: round(g.kg, 3),
    firstMilePerParcel: round(fm.avg, 3),
    firstMileMarginalPerParcel: round(fm.marginal, 3),
    countyTariffPerParcel: r3(countyTariff),
    countyPerParcel: r3(countyPer),
    capitalPerParcel: r3(capitalPer),
    platformPerParcel: r3(platformPer),
    parity: countyPer !== null && capitalPer ? round(countyPer / capitalPer, 4) : null,
    parityPlatform: countyPer !== null && platformPer ? round(countyPer / platformPer, 4) : null,
  };
  return { line, w, county, pooled, countyTariff, capitalPer, platformPer };
}

function addToTotals(
  totals: Totals,
  carrierTotals: CarrierTotals,
  g: Group,
  fm: FirstMile,
  l: PricedLine & { countyTariff: number; capitalPer: number },
): void {
  const pooledPrice = l.pooled ? parcelPrice(l.pooled, l.w) : l.countyTariff;
  totals.parcels += g.parcels;
  totals.firstMile += fm.avg * g.parcels;
  totals.firstMileMarginal += fm.marginal * g.parcels;
  totals.countyTariff += l.countyTariff * g.parcels;
  totals.capital += l.capitalPer * g.parcels;
  totals.pooledTariff += pooledPrice * g.parcels;
  if (l.platformPer !== null) {
    totals.platform += l.platformPer * g.parcels;
    totals.platformParcels += g.parcels;
  }
  const c = carrierTotals.get(g.carrierId) ?? {
    countyTariff: 0,
    pooledCountyTariff: 0,
    tier: l.county?.minDailyVolume ?? null,
    pooledTier: l.pooled?.minDailyVolume ?? null,
  };
  c.countyTariff += l.countyTariff * g.parcels;
  c.pooledCountyTariff += pooledPrice * g.parcels;
  carrierTotals.set(g.carrierId, c);
}

function upstreamResult(
  day: number,
  lines: UpstreamLine[],
  totals: Totals,
  carrierTotals: CarrierTotals,
  volumeBy: Map<string, number>,
  pooledVolume: number,
  missing: UpstreamResult['missing'],
): UpstreamResult {
  const county = totals.firstMile + totals.countyTariff;
  const pooledCounty = totals.firstMile + totals.pooledTariff;
  const per = (x: number, p: number) => (p > 0 ? round(x / p, 3) : 0);
  // Platform parity compares the same parcels that have a platform rate.
  const platformShare = totals.parcels > 0 ? totals.platformParcels / totals.parcels : 0;
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 4) : null);
  const overall: UpstreamTotals = {
    parcels: totals.parcels,
    firstMile: round(totals.firstMile),
    countyTariff: round(totals.countyTariff),
    county: round(county),
    capital: round(totals.capital),
    platform: round(totals.platform),
    countyPerParcel: per(county, totals.parcels),
    capitalPerParcel: per(totals.capital, totals.parcels),
    platformPerParcel: per(totals.platform, totals.platformParcels),
    parity: ratio(county, totals.capital),
    parityPlatform: platformShare > 0 ? ratio(county / totals.parcels, totals.platform / totals.platformParcels) : null,
    parityMarginal: ratio(totals.firstMileMarginal + totals.countyTariff, totals.capital),
  };
  return {
    day,
    allocationRule: FIRST_MILE_RULE,
    lines: lines.sort((a, b) => (a.stationId + a.carrierId + a.zone < b.stationId + b.carrierId + b.zone ? -1 : 1)),
    carriers: [...volumeBy.entries()].sort().map(([carrierId, parcels]) => {
      const c = carrierTotals.get(carrierId);
      return {
        carrierId,
        parcels,
        tier: c?.tier ?? null,
        pooledTier: c?.pooledTier ?? null,
        countyTariff: round(c?.countyTariff ?? 0),
        pooledCountyTariff: round(c?.pooledCountyTariff ?? 0),
      };
    }),
    overall,
    pooled: {
      volume: pooledVolume,
      countyTariff: round(totals.pooledTariff),
      county: round(pooledCounty),
      parity: ratio(pooledCounty, totals.capital),
      parityPlatform:
        platformShare > 0 ? ratio(pooledCounty / totals.parcels, totals.platform / totals.platformParcels) : null,
      savings: round(county - pooledCounty),
    },
    missing,
    targetMet: overall.parity === null ? null : overall.parity <= 1,
  };
}

function pick(g: { stationId: string; carrierId: string; zone: string; parcels: number }) {
  return { stationId: g.stationId, carrierId: g.carrierId, zone: g.zone, parcels: g.parcels };
}
