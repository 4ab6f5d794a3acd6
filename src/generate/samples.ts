/**
 * Sample operating data of a generated county: carriers, demand, fleet and tariffs. Every figure here is a
 * SAMPLE chosen to be realistic (DESIGN.md §8), not a measurement; data/counties/daming/README.md says so.
 */
import type { Carrier, DemandRow, FleetRow, Place, TariffRow } from '../model/types.ts';

export const CARRIERS: Carrier[] = [
  { id: 'ems', name: '邮政' },
  { id: 'zto', name: '中通' },
  { id: 'yto', name: '圆通' },
  { id: 'sto', name: '申通' },
  { id: 'yunda', name: '韵达' },
  { id: 'jt', name: '极兔' },
];

/** Sample market shares of downstream parcels in a north-China county. */
const CARRIER_SHARE: Record<string, number> = { ems: 0.14, zto: 0.24, yto: 0.17, sto: 0.11, yunda: 0.16, jt: 0.18 };

/** Day 1 is a Monday: parcels bunch after the weekend. */
const WEEKDAY_FACTOR = [1.18, 1.08, 1.0, 0.96, 0.94, 0.9, 0.94];

/** Local produce sent out of the county (upstream), with the per-parcel weight range (kg). */
export const PRODUCE = [
  { id: 'peanuts', name: '花生', kg: [2.5, 5] as const, weight: 0.4 },
  { id: 'sesame_oil', name: '小磨香油', kg: [1, 2.5] as const, weight: 0.25 },
  { id: 'flour', name: '面粉', kg: [5, 10] as const, weight: 0.2 },
  { id: 'straw_crafts', name: '草编', kg: [0.4, 1.5] as const, weight: 0.15 },
];

/** Destination zones of upstream parcels and their sample shares. */
const ZONES = [
  { id: 'hebei', share: 0.22 },
  { id: 'north', share: 0.3 },
  { id: 'east', share: 0.22 },
  { id: 'central', share: 0.12 },
  { id: 'south', share: 0.1 },
  { id: 'west', share: 0.04 },
];

function pick<T extends { weight?: number; share?: number }>(items: T[], rng: () => number): T {
  const total = items.reduce((s, it) => s + (it.weight ?? it.share ?? 1), 0);
  let r = rng() * total;
  for (const it of items) {
    r -= it.weight ?? it.share ?? 1;
    if (r < 0) return it;
  }
  return items[items.length - 1];
}

/** Poisson draw (Knuth for small means, normal approximation above 30). */
export function poisson(mean: number, rng: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

export function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Seven (or `days`) days of demand for every station and carrier. All-zero rows are left out (a missing
 * row means no parcels). Returns also the mean daily downstream parcels per station (used for overrides).
 */
export function sampleDemand(
  stations: Place[],
  days: number,
  rng: () => number,
): { rows: DemandRow[]; meanDaily: Map<string, number> } {
  const rows: DemandRow[] = [];
  const meanDaily = new Map<string, number>();
  for (const st of stations) {
    const pop = st.population ?? 500;
    const community = /社区|居委/.test(st.name);
    // Parcels per resident per day ~0.011 in villages, 0.012 in town communities; log-normal spread.
    const rate = community ? 0.012 : 0.011;
    const base = Math.max(0.8, pop * rate * Math.exp(0.55 * gaussian(rng)));
    meanDaily.set(st.id, base);
    // Carrier mix varies a little per station.
    const shares = CARRIERS.map((c) => CARRIER_SHARE[c.id] * Math.exp(0.35 * gaussian(rng)));
    const shareSum = shares.reduce((s, v) => s + v, 0);
    // ~40% of stations sell local produce (upstream); each has one main product and one or two carriers.
    const sells = rng() < (community ? 0.15 : 0.42);
    const product = pick(PRODUCE, rng);
    const upCarriers = new Set<string>([CARRIERS[Math.floor(rng() * CARRIERS.length)].id]);
    if (rng() < 0.4) upCarriers.add(CARRIERS[Math.floor(rng() * CARRIERS.length)].id);
    const upMean = sells ? 0.5 + 4 * rng() ** 2 * (pop / 600) : 0;
    const zone = pick(ZONES, rng).id;
    for (let day = 1; day <= days; day++) {
      const dayFactor = WEEKDAY_FACTOR[(day - 1) % 7];
      // A few stations receive a chilled parcel batch (fresh fruit, meat) via EMS's cold chain some days.
      const coldToday = rng() < 0.015;
      CARRIERS.forEach((c, ci) => {
        const cold = coldToday && c.id === 'ems';
        const parcelsDown = cold ? 1 + Math.floor(rng() * 4) : poisson((base * dayFactor * shares[ci]) / shareSum, rng);
        let kgDown = 0;
        for (let p = 0; p < parcelsDown; p++)
          kgDown += cold ? 2 + 3 * rng() : 0.3 + Math.exp(-0.4 + 0.8 * gaussian(rng));
        let parcelsUp = 0;
        let kgUp = 0;
        if (!cold && upCarriers.has(c.id) && upMean > 0) {
          parcelsUp = poisson(upMean / upCarriers.size, rng);
          for (let p = 0; p < parcelsUp; p++) kgUp += product.kg[0] + (product.kg[1] - product.kg[0]) * rng();
        }
        if (parcelsDown === 0 && parcelsUp === 0) return;
        rows.push({
          day,
          stationId: st.id,
          carrierId: c.id,
          parcelsDown,
          kgDown: round1(kgDown),
          parcelsUp,
          kgUp: round1(kgUp),
          cold,
          upZone: parcelsUp > 0 ? zone : '',
        });
      });
    }
  }
  return { rows, meanDaily };
}

/**
 * Sample fleet: the shared fleet at the warehouse (vans, light trucks, one refrigerated van, trunk trucks
 * for the warehouse → hub line-haul), two vans at each hub, and each carrier's own small fleet (carrier_id)
 * for the separate baseline. Sizes scale with the number of stations.
 */
export function sampleFleet(warehouseId: string, hubIds: string[], stationCount: number): FleetRow[] {
  const scale = Math.max(1, stationCount / 370);
  const row = (
    r: Omit<FleetRow, 'maxKm' | 'carrierId'> & { maxKm?: number | null; carrierId?: string | null },
  ): FleetRow => ({
    maxKm: null,
    carrierId: null,
    ...r,
  });
  const fleet: FleetRow[] = [
    row({
      id: 'WH-VAN',
      depotId: warehouseId,
      type: 'van',
      count: Math.ceil(8 * scale),
      capacityParcels: 150,
      capacityKg: 1500,
      cold: false,
      fixedCost: 180,
      costPerKm: 1.1,
      costPerHour: 32,
      shiftStart: '07:30',
      shiftEnd: '18:30',
      maxKm: 260,
    }),
    row({
      id: 'WH-TRUCK',
      depotId: warehouseId,
      type: 'light_truck',
      count: Math.ceil(3 * scale),
      capacityParcels: 400,
      capacityKg: 4000,
      cold: false,
      fixedCost: 260,
      costPerKm: 1.7,
      costPerHour: 36,
      shiftStart: '07:30',
      shiftEnd: '18:30',
      maxKm: 300,
    }),
    row({
      id: 'WH-COLD',
      depotId: warehouseId,
      type: 'cold_van',
      count: 1,
      capacityParcels: 80,
      capacityKg: 1000,
      cold: true,
      fixedCost: 280,
      costPerKm: 1.6,
      costPerHour: 36,
      shiftStart: '07:30',
      shiftEnd: '18:30',
      maxKm: 300,
    }),
    row({
      id: 'WH-TRUNK',
      depotId: warehouseId,
      type: 'trunk',
      count: Math.max(2, Math.ceil(hubIds.length / 2)),
      capacityParcels: 900,
      capacityKg: 6000,
      cold: false,
      fixedCost: 320,
      costPerKm: 2.3,
      costPerHour: 40,
      shiftStart: '06:30',
      shiftEnd: '18:30',
    }),
  ];
  for (const hub of hubIds) {
    fleet.push(
      row({
        id: `${hub}-VAN`,
        depotId: hub,
        type: 'van',
        count: Math.ceil(2 * Math.sqrt(scale)),
        capacityParcels: 120,
        capacityKg: 1200,
        cold: false,
        fixedCost: 150,
        costPerKm: 1.0,
        costPerHour: 30,
        shiftStart: '08:00',
        shiftEnd: '18:00',
        maxKm: 200,
      }),
    );
  }
  // Each carrier's own vans at the warehouse (China Post has the largest rural network).
  const own: Record<string, number> = { ems: 4, zto: 3, yto: 2, sto: 2, yunda: 2, jt: 2 };
  for (const c of CARRIERS) {
    fleet.push(
      row({
        id: `${c.id.toUpperCase()}-VAN`,
        depotId: warehouseId,
        type: 'van',
        count: Math.ceil(own[c.id] * scale),
        capacityParcels: 120,
        capacityKg: 1200,
        cold: false,
        fixedCost: 170,
        costPerKm: 1.1,
        costPerHour: 32,
        shiftStart: '07:30',
        shiftEnd: '18:30',
        maxKm: 260,
        carrierId: c.id,
      }),
    );
  }
  return fleet;
}

/**
 * Sample tariffs per carrier, origin and zone with volume tiers (daily parcels ≥ 0, 50, 200).
 * county = the carrier's outlet in the county; capital = its Shijiazhuang (石家庄) rate; platform = the
 * e-commerce platform's contracted rate. Base figures (yuan): first kg / per extra kg.
 */
export function sampleTariffs(): TariffRow[] {
  const base: Record<string, [number, number]> = {
    hebei: [3.0, 1.0],
    north: [3.5, 1.5],
    east: [4.0, 2.0],
    central: [4.0, 2.0],
    south: [5.0, 3.0],
    west: [7.0, 5.0],
  };
  // Origin premium: the county outlet charges more than the capital; platform deals are cheapest.
  const origin: Record<'county' | 'capital' | 'platform', [number, number]> = {
    county: [1.0, 0.5],
    capital: [0, 0],
    platform: [-0.4, -0.2],
  };
  const carrierPremium: Record<string, number> = { ems: 1.5, zto: 0, yto: 0.1, sto: 0.1, yunda: 0, jt: -0.2 };
  const tiers: Array<[number, number]> = [
    [0, 0],
    [50, -0.4],
    [200, -0.8],
  ];
  const rows: TariffRow[] = [];
  const r2 = (v: number) => Math.round(v * 100) / 100;
  for (const c of CARRIERS) {
    for (const o of ['county', 'capital', 'platform'] as const) {
      for (const [zone, [first, extra]] of Object.entries(base)) {
        for (const [minDailyVolume, discount] of tiers) {
          rows.push({
            carrierId: c.id,
            origin: o,
            zone,
            firstKg: 1,
            firstPrice: r2(Math.max(1.8, first + origin[o][0] + carrierPremium[c.id] + discount)),
            extraPerKg: r2(Math.max(0.5, extra + origin[o][1])),
            minDailyVolume,
          });
        }
      }
    }
  }
  return rows;
}
