import { describe, expect, it } from 'vitest';
import { coverage, type Indicator } from '../../src/planning/coverage.ts';
import { upstreamCost } from '../../src/planning/upstream.ts';
import { straightLineMatrix } from '../../src/network/index.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import { handCounty } from './hand-county.ts';

const byId = (list: Indicator[], id: string) => list.find((i) => i.id === id)!;

function matrixOf(s: ReturnType<typeof handCounty>) {
  return straightLineMatrix(
    s.places.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat })),
    s.county.defaults,
  );
}

describe('coverage scorecard on a hand-made county', () => {
  it('computes every indicator from travel times when no plan is given', () => {
    const s = handCounty();
    const r = coverage(s, { matrix: matrixOf(s) });
    expect(r.indicators.map((i) => i.id)).toEqual([
      'village_station_share',
      'poverty_village_station_share',
      'large_village_station_share',
      'township_express_share',
      'same_day_share',
      'within_limit_share',
      'carriers_shared',
      'upstream_parity',
      'produce_station_share',
    ]);
    const v = (id: string) => byId(r.indicators, id);
    // 3 stations (A1, A2, B3) among 9 villages
    expect(v('village_station_share')).toMatchObject({
      value: 0.3333,
      target: 0.5,
      pass: false,
      count: { of: 3, total: 9 },
    });
    expect(v('village_station_share').label).toBe('Villages with a station'); // the county's own label
    // poverty: A2 (station), B1, B2 (none)
    expect(v('poverty_village_station_share')).toMatchObject({
      value: 0.3333,
      target: 1,
      pass: false,
      count: { of: 1, total: 3 },
    });
    // 500+: A1 (station), A3, B2 (none); D2 has no population and is not counted
    expect(v('large_village_station_share')).toMatchObject({ value: 0.3333, pass: false, count: { of: 1, total: 3 } });
    expect(v('large_village_station_share').detail).toContain('1 villages of unknown population not counted');
    // T1 has the warehouse, T2 the hub, T3 neither and no station
    expect(v('township_express_share')).toMatchObject({ value: 0.6667, pass: false, count: { of: 2, total: 3 } });
    // B3 is ~180 km away: its loop does not fit in 08:00–18:00
    expect(v('same_day_share')).toMatchObject({ value: 0.6667, count: { of: 2, total: 3 } });
    // A2 must be same day (fits); A1, B3 have the 1-day county limit and are reachable
    expect(v('within_limit_share')).toMatchObject({ value: 1, pass: true });
    expect(v('carriers_shared')).toMatchObject({ value: 2, target: 2, pass: true });
    expect(v('upstream_parity')).toMatchObject({ value: null, pass: null });
    expect(v('upstream_parity').detail).toMatch(/^not computed/);
    // only A1 has pick-ups
    expect(v('produce_station_share')).toMatchObject({ value: 0.3333, target: 0.3, pass: true });
    for (const i of r.indicators) expect(i.labelZh.length).toBeGreaterThan(0);
  });

  it('lists the villages left without a required station and the township table', () => {
    const s = handCounty();
    const r = coverage(s, { matrix: matrixOf(s) });
    expect(r.missingStations.map((m) => [m.villageId, m.why])).toEqual([
      ['A3', 'large'],
      ['B1', 'poverty'],
      ['B2', 'poverty,large'],
    ]);
    expect(r.missingStations[0]).toMatchObject({ name: 'A3村', township: 'T1', townshipName: '一镇', population: 600 });
    const t = Object.fromEntries(r.townships.map((x) => [x.township, x]));
    expect(t['T1']).toMatchObject({
      villages: 4,
      stations: 2,
      povertyVillages: 1,
      povertyCovered: 1,
      largeVillages: 2,
      largeCovered: 1,
      hasHub: true,
      express: true,
      pass: { poverty: true, large: false, express: true },
    });
    expect(t['T2']).toMatchObject({
      villages: 3,
      stations: 1,
      povertyVillages: 2,
      povertyCovered: 0,
      largeVillages: 1,
      largeCovered: 0,
      hasHub: true,
      express: true,
    });
    expect(t['T3']).toMatchObject({
      villages: 2,
      stations: 0,
      hasHub: false,
      express: false,
      pass: { poverty: true, large: true, express: false },
    });
  });

  it('counts a township without hub as served only when one of its stations is reachable', () => {
    const s = handCounty();
    s.places = s.places.map((p) => (p.id === 'D1' ? { ...p, hasStation: true } : p));
    const m = matrixOf(s);
    expect(coverage(s, { matrix: m }).townships.find((t) => t.township === 'T3')!.express).toBe(true);
    // cut D1 off the network: every travel time to or from it is Infinity
    const k = m.ids.indexOf('D1');
    for (let x = 0; x < m.size; x++) {
      m.durationS[k * m.size + x] = m.durationS[x * m.size + k] = Infinity;
      m.distanceM[k * m.size + x] = m.distanceM[x * m.size + k] = Infinity;
    }
    m.durationS[k * m.size + k] = 0;
    const r = coverage(s, { matrix: m });
    expect(r.townships.find((t) => t.township === 'T3')!.express).toBe(false);
    expect(byId(r.indicators, 'township_express_share')).toMatchObject({ count: { of: 2, total: 3 } });
    // D1 (limit 1 day) cannot meet its limit either
    expect(byId(r.indicators, 'within_limit_share')).toMatchObject({ count: { of: 3, total: 4 } });
  });

  it('takes within-limit from a horizon plan', () => {
    const s = handCounty();
    const plan: PlanResult = {
      day: 1,
      mode: 'shared',
      estimatedTravel: true,
      kpis: {
        totalCost: 0,
        costPerParcel: 0,
        km: 0,
        hours: 0,
        vehiclesUsed: 0,
        stationsServed: 0,
        stationsUnassigned: 0,
        serviceCompliance: 1,
        parcelsDown: 0,
        parcelsUp: 0,
      },
      routes: [],
      unassigned: [],
      horizon: {
        days: 7,
        totalCost: 0,
        everyDayCost: 0,
        stations: [
          { stationId: 'A1', visitDays: [1, 4], maxWaitDays: 2, limitDays: 3 },
          { stationId: 'A2', visitDays: [1], maxWaitDays: 1, limitDays: 0 },
          { stationId: 'B3', visitDays: [2], maxWaitDays: 3, limitDays: 3 },
        ],
      },
    };
    expect(byId(coverage(s, { plan }).indicators, 'within_limit_share')).toMatchObject({
      value: 0.6667,
      count: { of: 2, total: 3 },
      pass: false,
    });
  });

  it('uses the large-village threshold setting', () => {
    const s = handCounty();
    const r = coverage(s, { matrix: matrixOf(s), largeVillagePopulation: 1000 });
    expect(byId(r.indicators, 'large_village_station_share')).toMatchObject({ count: { of: 0, total: 1 } });
    expect(r.missingStations.find((m) => m.villageId === 'A3')).toBeUndefined();
  });

  it('takes same day, limits, carriers and upstream parity from a plan', () => {
    const s = handCounty();
    const stop = (stationId: string, arrival: string, down: number, up: number) => ({
      stationId,
      arrival,
      departure: arrival,
      parcelsDown: down,
      parcelsUp: up,
      kgDown: down,
      kgUp: up * 2,
      load: 0,
      loadKg: 0,
      byCarrier: { c1: { down, up } },
      cold: false,
    });
    const plan: PlanResult = {
      day: 1,
      mode: 'shared',
      estimatedTravel: true,
      kpis: {
        totalCost: 200,
        costPerParcel: 10,
        km: 30,
        hours: 3,
        vehiclesUsed: 1,
        stationsServed: 2,
        stationsUnassigned: 1,
        serviceCompliance: 0.6667,
        parcelsDown: 15,
        parcelsUp: 4,
      },
      routes: [
        {
          vehicle: 'van#1',
          fleetId: 'van',
          depot: 'W',
          kind: 'delivery',
          departure: '08:00',
          returnTime: '19:00',
          km: 30,
          hours: 3,
          cost: 200,
          stops: [stop('A1', '09:00', 10, 4), stop('A2', '18:30', 5, 0)],
        },
      ],
      unassigned: [{ stationId: 'B3', reason: 'unreachable', detail: 'too far' }],
    };
    const r = coverage(s, { plan, planId: 'p1', matrix: matrixOf(s) });
    // A1 before 18:00, A2 after, B3 unassigned
    expect(byId(r.indicators, 'same_day_share')).toMatchObject({ value: 0.3333, count: { of: 1, total: 3 } });
    expect(byId(r.indicators, 'within_limit_share')).toMatchObject({ value: 0.6667, pass: false });
    // B3 (carrier c2's only other station) is unassigned, but c2 still rides on A2
    expect(byId(r.indicators, 'carriers_shared')).toMatchObject({ value: 2 });
    const parity = upstreamCost(s, plan).overall.parity;
    expect(parity).not.toBeNull();
    expect(byId(r.indicators, 'upstream_parity')).toMatchObject({
      value: Math.round(parity! * 1e4) / 1e4,
      pass: parity! <= 1,
    });
    expect(r.basis.plan).toEqual({ day: 1, mode: 'shared', id: 'p1' });

    const separate = coverage(s, { plan: { ...plan, mode: 'separate' } });
    expect(byId(separate.indicators, 'carriers_shared')).toMatchObject({ value: 0, pass: false });
  });
});
