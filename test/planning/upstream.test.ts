import { describe, expect, it } from 'vitest';
import { parcelPrice, tariffFor, upstreamCost } from '../../src/planning/upstream.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import type { TariffRow } from '../../src/model/types.ts';
import { county, demand, place, van } from './helpers.ts';

const tariff = (
  carrierId: string,
  origin: TariffRow['origin'],
  firstPrice: number,
  extraPerKg: number,
  minDailyVolume = 0,
): TariffRow => ({
  carrierId,
  origin,
  zone: 'z',
  firstKg: 1,
  firstPrice,
  extraPerKg,
  minDailyVolume,
});

function setup() {
  const scenario = county(
    [place('W', 'warehouse', 0, 0), place('S1', 'village', 3, 0), place('S2', 'village', 0, 3)],
    [van('v', 'W')],
    [
      demand(1, 'S1', 'a', 10, { parcelsUp: 10, kgUp: 25, upZone: 'z' }),
      demand(1, 'S2', 'b', 0, { parcelsUp: 4, kgUp: 4, upZone: 'z' }),
    ],
  );
  scenario.tariffs = [
    tariff('a', 'county', 5, 2),
    tariff('a', 'county', 4, 1, 12),
    tariff('a', 'capital', 4, 1.5),
    tariff('a', 'platform', 3.5, 1.5),
    tariff('b', 'county', 6, 1),
    tariff('b', 'capital', 5, 1),
    tariff('*', 'platform', 4, 1),
  ];
  const stop = (stationId: string, parcelsDown: number, parcelsUp: number, load: number) => ({
    stationId,
    arrival: '08:10',
    departure: '08:20',
    parcelsDown,
    parcelsUp,
    kgDown: 0,
    kgUp: 0,
    load,
    loadKg: 0,
    byCarrier: {},
    cold: false,
  });
  // One route of cost 60 carrying 24 parcels (10 down + 14 up) → 2.5 per parcel.
  const plan: PlanResult = {
    day: 1,
    mode: 'shared',
    estimatedTravel: true,
    kpis: {
      totalCost: 60,
      costPerParcel: 2.5,
      km: 10,
      hours: 1,
      vehiclesUsed: 1,
      stationsServed: 2,
      stationsUnassigned: 0,
      serviceCompliance: 1,
      parcelsDown: 10,
      parcelsUp: 14,
    },
    routes: [
      {
        vehicle: 'v#1',
        fleetId: 'v',
        depot: 'W',
        kind: 'delivery',
        departure: '08:00',
        returnTime: '09:00',
        km: 10,
        hours: 1,
        cost: 60,
        stops: [stop('S1', 10, 10, 10), stop('S2', 0, 4, 14)],
      },
    ],
    unassigned: [],
  };
  return { scenario, plan };
}

describe('upstreamCost', () => {
  it('prices first mile + county tariff against the capital and platform rates, with volume tiers', () => {
    const { scenario, plan } = setup();
    const r = upstreamCost(scenario, plan);
    const s1 = r.lines.find((l) => l.stationId === 'S1')!;
    // 2.5 kg a parcel: ceil(2.5 − 1) = 2 extra kg. Volume of a = 10 < 12 → base tier.
    expect(s1).toMatchObject({
      carrierId: 'a',
      parcels: 10,
      firstMilePerParcel: 2.5,
      countyTariffPerParcel: 9,
      countyPerParcel: 11.5,
      capitalPerParcel: 7,
      platformPerParcel: 6.5,
    });
    expect(s1.parity).toBeCloseTo(11.5 / 7, 4);
    // Marginal first mile: 0.5 service minutes a parcel × 30 yuan/h.
    expect(s1.firstMileMarginalPerParcel).toBeCloseTo(0.25, 3);
    const s2 = r.lines.find((l) => l.stationId === 'S2')!;
    // The '*' platform row applies to b, which has none of its own.
    expect(s2).toMatchObject({ carrierId: 'b', countyPerParcel: 8.5, capitalPerParcel: 5, platformPerParcel: 4 });
    expect(r.overall.county).toBeCloseTo(149, 2);
    expect(r.overall.capital).toBeCloseTo(90, 2);
    expect(r.overall.parity).toBeCloseTo(149 / 90, 4);
    expect(r.targetMet).toBe(false);
    // Pooled: 14 parcels reach a's 12-parcel tier: 4 + 1 × 2 = 6 instead of 9 for a's 10 parcels.
    expect(r.pooled.volume).toBe(14);
    expect(r.pooled.countyTariff).toBeCloseTo(60 + 24, 2);
    expect(r.pooled.savings).toBeCloseTo(30, 2);
    expect(r.carriers.find((c) => c.carrierId === 'a')).toMatchObject({ tier: 0, pooledTier: 12 });
    expect(r.missing).toEqual([]);
  });

  it('lists pick-ups of unserved stations and missing tariffs instead of pricing them', () => {
    const { scenario, plan } = setup();
    plan.routes[0].stops = plan.routes[0].stops.filter((s) => s.stationId === 'S1');
    plan.unassigned = [{ stationId: 'S2', reason: 'fleet' }];
    scenario.tariffs = scenario.tariffs.filter((t) => !(t.carrierId === 'a' && t.origin === 'capital'));
    const r = upstreamCost(scenario, plan);
    expect(r.missing).toEqual([
      { stationId: 'S2', carrierId: 'b', zone: 'z', parcels: 4, reason: 'station not served in the plan' },
      { stationId: 'S1', carrierId: 'a', zone: 'z', parcels: 10, reason: 'no capital tariff for carrier a, zone z' },
    ]);
    expect(r.overall.parcels).toBe(0);
    expect(r.overall.parity).toBeNull();
  });

  it('tier rule and price formula', () => {
    const rows = [tariff('a', 'county', 5, 2), tariff('a', 'county', 4, 1, 50), tariff('a', 'county', 3, 1, 200)];
    expect(tariffFor(rows, 'a', 'county', 'z', 49)!.firstPrice).toBe(5);
    expect(tariffFor(rows, 'a', 'county', 'z', 50)!.firstPrice).toBe(4);
    expect(tariffFor(rows, 'a', 'county', 'z', 1000)!.firstPrice).toBe(3);
    expect(tariffFor(rows, 'b', 'county', 'z', 1000)).toBeNull();
    expect(parcelPrice(rows[0], 1)).toBe(5);
    expect(parcelPrice(rows[0], 1.01)).toBe(7);
    expect(parcelPrice(rows[0], 3)).toBe(9);
  });
});
