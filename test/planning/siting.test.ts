import { describe, expect, it } from 'vitest';
import { siteStations, stationAddCosts } from '../../src/planning/siting.ts';
import { coverage } from '../../src/planning/coverage.ts';
import { straightLineMatrix } from '../../src/network/index.ts';
import type { Scenario } from '../../src/model/types.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import { handCounty } from './hand-county.ts';

const matrixOf = (s: Scenario) =>
  straightLineMatrix(
    s.places.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat })),
    s.county.defaults,
  );

function withTargets(s: Scenario, village: number, poverty: number, large: number): Scenario {
  return {
    ...s,
    county: {
      ...s.county,
      targets: [
        { id: 'village_station_share', label: 'v', target: village, op: '>=' },
        { id: 'poverty_village_station_share', label: 'p', target: poverty, op: '>=' },
        { id: 'large_village_station_share', label: 'l', target: large, op: '>=' },
      ],
    },
  };
}

/** Brute force: cheapest subset of villages without a station that meets the three share targets. */
function bruteForce(s: Scenario, cost: Map<string, { cost: number }>): number {
  const villages = s.places.filter((p) => p.kind === 'village');
  const free = villages.filter((v) => !v.hasStation);
  const t = (id: string) => s.county.targets.find((x) => x.id === id)!.target;
  let best = Infinity;
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const has = (v: (typeof villages)[number]) => v.hasStation || free.some((f, k) => f === v && mask & (1 << k));
    const ok = (group: typeof villages, target: number) =>
      group.length === 0 || group.filter(has).length >= Math.ceil(target * group.length - 1e-9);
    if (!ok(villages, t('village_station_share'))) continue;
    if (
      !ok(
        villages.filter((v) => v.poverty),
        t('poverty_village_station_share'),
      )
    )
      continue;
    if (
      !ok(
        villages.filter((v) => v.population !== null && v.population >= 500),
        t('large_village_station_share'),
      )
    )
      continue;
    let c = 0;
    free.forEach((f, k) => {
      if (mask & (1 << k)) c += cost.get(f.id)!.cost;
    });
    best = Math.min(best, c);
  }
  return best;
}

describe('station siting', () => {
  it('adds the required villages and reaches every target', async () => {
    const s = handCounty();
    const m = matrixOf(s);
    const r = await siteStations(s, m);
    // B1, B2 are required (poverty), A3 and B2 (500+); three new stations give 6 of 9 ≥ 50%
    expect(r.stations.map((x) => x.villageId).sort()).toEqual(['A3', 'B1', 'B2']);
    expect(r.stations.find((x) => x.villageId === 'B2')!.why).toBe('poverty,large');
    expect(r.reached).toBe(true);
    expect(r.after).toEqual({ village: 0.6667, poverty: 1, large: 1 });
    expect(r.costBasis).toBe('round-trip-estimate');
    // the scorecard of the sited county passes the three coverage indicators
    const sited = new Set(r.stations.map((x) => x.villageId));
    const after = coverage(
      { ...s, places: s.places.map((p) => (sited.has(p.id) ? { ...p, hasStation: true } : p)) },
      { matrix: m },
    );
    for (const id of ['village_station_share', 'poverty_village_station_share', 'large_village_station_share']) {
      expect(after.indicators.find((i) => i.id === id)!.pass).toBe(true);
    }
    expect(after.missingStations).toEqual([]);
  });

  for (const [village, poverty, large] of [
    [0.8, 1, 1],
    [0.7, 0.5, 0.5],
    [0.4, 0.6, 0.3],
    [1, 0, 0],
  ] as const) {
    it(`is the cheapest set of brute force (targets ${village}/${poverty}/${large})`, async () => {
      const s = withTargets(handCounty(), village, poverty, large);
      const m = matrixOf(s);
      const free = s.places.filter((p) => p.kind === 'village' && !p.hasStation);
      const costs = stationAddCosts(s, m, free, null);
      const r = await siteStations(s, m);
      expect(r.reached).toBe(true);
      expect(r.addedCost).toBeCloseTo(bruteForce(s, costs), 1);
      expect(r.addedCost).toBeCloseTo(
        r.stations.reduce((a, x) => a + x.addedCost, 0),
        1,
      );
    });
  }

  it('prices a village on a planned route by cheapest insertion', async () => {
    const s = handCounty();
    const m = matrixOf(s);
    const stop = (stationId: string) => ({
      stationId,
      arrival: '09:00',
      departure: '09:10',
      parcelsDown: 1,
      parcelsUp: 0,
      kgDown: 1,
      kgUp: 0,
      load: 0,
      loadKg: 0,
      byCarrier: { c1: { down: 1, up: 0 } },
      cold: false,
    });
    const plan: PlanResult = {
      day: 1,
      mode: 'shared',
      estimatedTravel: true,
      kpis: {
        totalCost: 1,
        costPerParcel: 1,
        km: 1,
        hours: 1,
        vehiclesUsed: 1,
        stationsServed: 2,
        stationsUnassigned: 0,
        serviceCompliance: 1,
        parcelsDown: 2,
        parcelsUp: 0,
      },
      routes: [
        {
          vehicle: 'van#1',
          fleetId: 'van',
          depot: 'W',
          kind: 'delivery',
          departure: '08:00',
          returnTime: '10:00',
          km: 5,
          hours: 2,
          cost: 1,
          stops: [stop('A1'), stop('A2')],
        },
      ],
      unassigned: [],
    };
    const free = s.places.filter((p) => p.kind === 'village' && !p.hasStation);
    const costs = stationAddCosts(s, m, free, plan);
    // independent recomputation for A3: best of the three gaps W–A1, A1–A2, A2–W with the van's rates
    const idx = new Map(m.ids.map((id, i) => [id, i]));
    const d = (a: string, b: string) => m.distanceM[idx.get(a)! * m.size + idx.get(b)!];
    const t = (a: string, b: string) => m.durationS[idx.get(a)! * m.size + idx.get(b)!];
    const service = s.county.defaults.serviceMinutesBase * 60;
    const expected = Math.min(
      ...[
        ['W', 'A1'],
        ['A1', 'A2'],
        ['A2', 'W'],
      ].map(
        ([a, b]) =>
          ((d(a!, 'A3') + d('A3', b!) - d(a!, b!)) / 1000) * 1 +
          ((t(a!, 'A3') + t('A3', b!) - t(a!, b!) + service) / 3600) * 30,
      ),
    );
    expect(costs.get('A3')!.cost).toBeCloseTo(expected, 6);
    expect(costs.get('A3')!.basis).toBe('insertion into route van#1');
    const r = await siteStations(s, m, { plan });
    expect(r.costBasis).toBe('plan-insertion');
  });
});
