/**
 * Passenger-bus legs (客运班车带货) on a hand-made county, recomputed from the plan JSON: run capacity, timetable
 * arrivals, busCost from the line's prices, totalCost = routes + buses, every parcel on exactly one van or bus.
 */
import { describe, expect, it } from 'vitest';
import type { BusLine, Scenario } from '../../../src/model/types.ts';
import { planDayDetailed } from '../../../src/planning/day.ts';
import { county, demand, matrixOf, place, recomputeRoutes, van } from '../helpers.ts';
import { busProblems, parcelsPerStation } from './bus-check.ts';

const LINE: BusLine = {
  id: 'L1',
  name: 'line 1',
  stops: ['W', 'S1'],
  departures: ['07:00', '08:30', '12:00'],
  minutes: [0, 30],
  capacityParcels: 15,
  pricePerParcel: 0.5,
  pricePerKg: 0.1,
  handoverMinutes: 10,
  pickupRadiusM: 2000,
};

function busCounty(): Scenario {
  const places = [
    place('W', 'warehouse', 0, 0),
    place('S1', 'hub_candidate', 25, 0),
    place('A', 'village', 25.5, 0),
    place('B', 'village', 25, 1),
    place('C', 'village', 0, 4),
    place('D', 'village', 1, 4),
  ];
  const rows = [demand(1, 'A', 'c1', 10), demand(1, 'B', 'c2', 8), demand(1, 'C', 'c1', 10), demand(1, 'D', 'c2', 6)];
  return { ...county(places, [van('V', 'W', { count: 3 })], rows), busLines: [LINE] };
}

describe('bus legs', () => {
  const scenario = busCounty();
  const matrix = matrixOf(scenario);

  it('puts the far stations on bus runs within capacity and timetable, and costs no more than vans alone', async () => {
    const detail = await planDayDetailed(scenario, 1, { matrix, timeLimit: 0.5, seed: 1 });
    const plan = detail.plan;
    expect(plan.busLegs!.length).toBeGreaterThan(0);
    expect(busProblems(scenario, plan)).toEqual([]);
    // A (10) and B (8) cannot share one 15-parcel run: two runs, both at or after day start (not the 07:00 run).
    const onBus = plan.busLegs!.flatMap((l) => l.stops.map((s) => s.stationId)).sort();
    expect(onBus).toEqual(['A', 'B']);
    expect(new Set(plan.busLegs!.map((l) => l.departure))).toEqual(new Set(['08:30', '12:00']));
    // Van routes are right on their own, and totalCost = Σ routes + busCost.
    const vanCost = plan.routes.reduce((a, r) => a + r.cost, 0);
    expect(plan.kpis.totalCost).toBeCloseTo(vanCost + plan.kpis.busCost!, 1);
    const noBusPlan = { ...plan, kpis: { ...plan.kpis, totalCost: vanCost } };
    expect(recomputeRoutes(scenario, noBusPlan, matrix)).toEqual([]);
    // Every parcel on exactly one vehicle; the bus stations are not on any van.
    expect(Object.fromEntries(parcelsPerStation(plan))).toEqual({ A: 10, B: 8, C: 10, D: 6 });
    expect(plan.kpis.parcelsDown).toBe(34);
    expect(plan.kpis.serviceCompliance).toBe(1);
    expect(detail.withBusCost).toBeLessThanOrEqual(detail.withoutBusCost!);
  });

  it('plans without buses on noBus, and that plan is not cheaper', async () => {
    const withBus = await planDayDetailed(scenario, 1, { matrix, timeLimit: 0.5, seed: 1 });
    const noBus = await planDayDetailed(scenario, 1, { matrix, timeLimit: 0.5, seed: 1, noBus: true });
    expect(noBus.plan.busLegs).toEqual([]);
    expect(noBus.plan.kpis.busCost).toBe(0);
    expect(Object.fromEntries(parcelsPerStation(noBus.plan))).toEqual({ A: 10, B: 8, C: 10, D: 6 });
    expect(withBus.plan.kpis.totalCost).toBeLessThanOrEqual(noBus.plan.kpis.totalCost);
  });

  it('keeps the van when the bus is dearer than the van saving, and when the station has produce to collect', async () => {
    const dear = { ...scenario, busLines: [{ ...LINE, pricePerParcel: 100 }] };
    expect((await planDayDetailed(dear, 1, { matrix, timeLimit: 0.3, seed: 1 })).plan.busLegs ?? []).toEqual([]);
    const up = {
      ...scenario,
      demand: scenario.demand.map((r) => (r.stationId === 'A' ? { ...r, parcelsUp: 3, kgUp: 5 } : r)),
    };
    const plan = (await planDayDetailed(up, 1, { matrix, timeLimit: 0.3, seed: 1 })).plan;
    expect(plan.busLegs!.flatMap((l) => l.stops.map((s) => s.stationId))).not.toContain('A');
    expect(busProblems(up, plan)).toEqual([]);
  });
});

describe('plan request noBus (CLI --no-bus)', () => {
  it('the one plan request passes noBus through', async () => {
    const { planRequest } = await import('../../../src/planning/request.ts');
    const scenario = busCounty();
    const matrix = matrixOf(scenario);
    const withBus = await planRequest(scenario, { day: 1, timeLimit: 0.3, seed: 1 }, { matrix });
    const noBus = await planRequest(scenario, { day: 1, timeLimit: 0.3, seed: 1, noBus: true }, { matrix });
    expect(withBus.busLegs!.length).toBeGreaterThan(0);
    expect(noBus.busLegs).toEqual([]);
  });
});
