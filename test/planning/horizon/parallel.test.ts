/**
 * The horizon's days on worker threads (day-pool.ts): with an iteration cap and a seed the plan is the one planned in
 * this thread, its total is recomputed from the routes, and a failing day rejects the horizon cleanly.
 */
import { describe, expect, it } from 'vitest';
import type { BusLine, Scenario } from '../../../src/model/types.ts';
import { planHorizon } from '../../../src/planning/horizon.ts';
import { busLine, county, demand, matrixOf, place, recomputeRoutes, van } from '../helpers.ts';

// One bus line from the warehouse to the far stop S1, two runs a day (15 parcels each).
const LINE: BusLine = busLine('L1', ['W', 'S1'], [0, 30], ['08:30', '12:00']);

function weekCounty(days: number): Scenario {
  const places = [
    place('W', 'warehouse', 0, 0),
    place('S1', 'hub_candidate', 25, 0),
    place('A', 'village', 25.5, 0),
    place('N1', 'village', 2, 1),
    place('N2', 'village', -3, 2),
    place('F1', 'village', 0, 22, { serviceLimitDays: 2 }),
    place('F2', 'village', 1, 24, { serviceLimitDays: 2 }),
    place('F3', 'village', -1, 23, { serviceLimitDays: 1 }),
  ];
  const rows = [];
  for (let d = 1; d <= days; d++) {
    rows.push(demand(d, 'A', 'a', 6 + d), demand(d, 'N1', 'a', 4), demand(d, 'N2', 'b', 3 + (d % 2)));
    for (const f of ['F1', 'F2', 'F3']) rows.push(demand(d, f, 'b', 3, { parcelsUp: 1, kgUp: 2, upZone: 'z' }));
  }
  return { ...county(places, [van('v', 'W', { count: 2 })], rows), busLines: [LINE] };
}

describe('planHorizon on day threads', () => {
  const days = 4;
  const scenario = weekCounty(days);
  const matrix = matrixOf(scenario);
  const options = { matrix, timeLimit: 20, maxIterations: 60, seed: 5 };
  const reuse = { horizonBusReuse: 1 };

  it('gives the plan of the single-thread run, and its total is the sum of routes and bus legs recomputed', async () => {
    const alone = await planHorizon(scenario, days, { ...options, params: { ...reuse, horizonThreads: 1 } });
    const threads = await planHorizon(scenario, days, { ...options, params: { ...reuse, horizonThreads: 2 } });
    expect(threads.strategy).toBe(alone.strategy);
    expect(threads.horizon.stations).toEqual(alone.horizon.stations);
    expect(threads.horizon.perDay).toEqual(alone.horizon.perDay);
    expect(threads.horizon.totalCost).toBe(alone.horizon.totalCost);
    expect(threads.horizon.everyDayCost).toBe(alone.horizon.everyDayCost);
    expect(threads.horizon.totalCost).toBeLessThanOrEqual(threads.horizon.everyDayCost);
    let total = 0;
    for (const p of threads.dayPlans) {
      if (!p) continue;
      expect(p.check).toEqual({ feasible: true, violations: [] });
      const vans = p.routes.reduce((a, r) => a + r.cost, 0);
      // Bus legs are priced from the line: parcels × price per parcel + kg × price per kg.
      const buses = (p.busLegs ?? []).reduce(
        (a, l) => a + l.stops.reduce((b, s) => b + s.parcels * LINE.pricePerParcel + s.kg * LINE.pricePerKg, 0),
        0,
      );
      expect(recomputeRoutes(scenario, { ...p, kpis: { ...p.kpis, totalCost: vans } }, matrix)).toEqual([]);
      total += vans + buses;
    }
    expect(total).toBeCloseTo(threads.horizon.totalCost, 0);
    // With horizonBusReuse a candidate schedule's days ride only the every-day plan's bus runs, and only stations
    // still visited every day.
    // (Every station has parcels every day here: visited every day = all `days` days.)
    const everyDay = new Set(
      threads.horizon.stations.filter((s) => s.visitDays.length === days).map((s) => s.stationId),
    );
    threads.dayPlans.forEach((p, k) => {
      const onBus = (p?.busLegs ?? []).flatMap((l) => l.stops.map((x) => `${l.line} ${l.departure} ${x.stationId}`));
      const before = (threads.everyDayPlans[k]?.busLegs ?? []).flatMap((l) =>
        l.stops.map((x) => `${l.line} ${l.departure} ${x.stationId}`),
      );
      for (const leg of onBus) expect(before).toContain(leg);
      for (const leg of onBus) expect(everyDay.has(leg.split(' ')[2])).toBe(true);
    });
    expect(threads.everyDayPlans.some((p) => (p?.busLegs ?? []).length > 0)).toBe(true);
    expect(threads.periodicKept).toBe(true);
  }, 120_000);

  it('without bus reuse (default) too: threads give the single-thread plan', async () => {
    const alone = await planHorizon(scenario, days, { ...options, params: { horizonThreads: 1 } });
    const threads = await planHorizon(scenario, days, { ...options, params: { horizonThreads: 2 } });
    expect(threads.horizon.perDay).toEqual(alone.horizon.perDay);
    expect(threads.horizon.totalCost).toBe(alone.horizon.totalCost);
    for (const p of threads.dayPlans) if (p) expect(p.check).toEqual({ feasible: true, violations: [] });
  }, 120_000);

  it("a day that fails on its thread rejects the horizon with that day's message", async () => {
    // No warehouse: the day planner refuses every day (in the thread), the horizon rejects once, no thread is left.
    const broken: Scenario = { ...scenario, places: scenario.places.filter((p) => p.kind !== 'warehouse') };
    await expect(planHorizon(broken, days, { ...options, matrix, params: { horizonThreads: 2 } })).rejects.toThrow(
      'the scenario has no warehouse',
    );
  }, 60_000);
});
