/**
 * Passenger-bus legs (客运班车带货) on a hand-made county, recomputed from the plan JSON: run capacity, timetable
 * arrivals, busCost from the line's prices, totalCost = routes + buses, every parcel on exactly one van or bus.
 */
import { describe, expect, it } from 'vitest';
import type { BusLine, Scenario } from '../../../src/model/types.ts';
import type { PlanResult } from '../../../src/planning/types.ts';
import { planDayDetailed } from '../../../src/planning/day.ts';
import { clock, county, demand, matrixOf, place, recomputeRoutes, van } from '../helpers.ts';

const LINE: BusLine = {
  id: 'L1', name: 'line 1', stops: ['W', 'S1'], departures: ['07:00', '08:30', '12:00'], minutes: [0, 30],
  capacityParcels: 15, pricePerParcel: 0.5, pricePerKg: 0.1, handoverMinutes: 10, pickupRadiusM: 2000,
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

/** Independent recomputation of the bus legs of a plan. */
function busProblems(scenario: Scenario, plan: PlanResult): string[] {
  const problems: string[] = [];
  const lines = new Map((scenario.busLines ?? []).map((l) => [l.id, l] as const));
  let cost = 0;
  for (const leg of plan.busLegs ?? []) {
    const line = lines.get(leg.line)!;
    const parcels = leg.stops.reduce((a, s) => a + s.parcels, 0);
    if (parcels > line.capacityParcels) problems.push(`${leg.line} ${leg.departure}: ${parcels} parcels > capacity ${line.capacityParcels}`);
    if (!line.departures.includes(leg.departure)) problems.push(`${leg.line}: ${leg.departure} is not in the timetable`);
    if (clock(leg.departure) < clock(scenario.county.defaults.dayStart)) problems.push(`${leg.line} ${leg.departure}: leaves before the parcels are ready`);
    for (const s of leg.stops) {
      const k = line.stops.indexOf(s.stopId);
      const expected = clock(leg.departure) + (line.minutes[k]! + line.handoverMinutes) * 60;
      if (k < 1 || clock(s.arrival) !== expected) problems.push(`${s.stationId}: arrival ${s.arrival}, timetable says ${expected / 60} min`);
      if (clock(s.arrival) > clock(scenario.county.defaults.dayEnd)) problems.push(`${s.stationId}: arrives after the day`);
      cost += s.parcels * line.pricePerParcel + s.kg * line.pricePerKg;
    }
  }
  if (Math.abs(cost - (plan.kpis.busCost ?? 0)) > 0.02) problems.push(`busCost ${plan.kpis.busCost}, recomputed ${cost}`);
  return problems;
}

/** Parcels down per station over van stops and bus legs. */
function parcelsPerStation(plan: PlanResult): Map<string, number> {
  const out = new Map<string, number>();
  const add = (id: string, n: number) => out.set(id, (out.get(id) ?? 0) + n);
  for (const r of plan.routes) if (r.kind === 'delivery') for (const s of r.stops) add(s.stationId, s.parcelsDown);
  for (const leg of plan.busLegs ?? []) for (const s of leg.stops) add(s.stationId, s.parcels);
  return out;
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
    const up = { ...scenario, demand: scenario.demand.map((r) => (r.stationId === 'A' ? { ...r, parcelsUp: 3, kgUp: 5 } : r)) };
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
