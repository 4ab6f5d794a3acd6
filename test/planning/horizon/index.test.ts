import { describe, expect, it } from 'vitest';
import { planHorizon, waitFor } from '../../../src/planning/horizon.ts';
import { county, demand, matrixOf, place, van } from '../helpers.ts';

describe('waitFor (cyclic horizon)', () => {
  it('takes the first visit on or after the demand day, wrapping into the next week', () => {
    expect(waitFor([1, 4], 2, 4)).toEqual({ visit: 4, wait: 2 });
    expect(waitFor([1, 4], 4, 4)).toEqual({ visit: 4, wait: 0 });
    expect(waitFor([2], 4, 4)).toEqual({ visit: 2, wait: 2 });
    expect(waitFor([3, 6], 7, 7)).toEqual({ visit: 3, wait: 3 });
  });
});

describe('planHorizon', () => {
  it('visits a remote cluster with a 2-day limit less often, never beyond its limit, and costs less than every day', async () => {
    const places = [
      place('W', 'warehouse', 0, 0),
      place('N', 'village', 2, 1),
      place('F1', 'village', 25, 0, { serviceLimitDays: 2 }),
      place('F2', 'village', 26, 2, { serviceLimitDays: 2 }),
      place('F3', 'village', 24, -2, { serviceLimitDays: 2 }),
    ];
    const days = 4;
    const rows = [];
    for (let d = 1; d <= days; d++) {
      rows.push(demand(d, 'N', 'a', 4));
      for (const f of ['F1', 'F2', 'F3']) rows.push(demand(d, f, 'a', 3, { parcelsUp: 1, kgUp: 2, upZone: 'z' }));
    }
    const scenario = county(places, [van('v', 'W', { count: 2 })], rows);
    const detail = await planHorizon(scenario, days, { timeLimit: 0.15, matrix: matrixOf(scenario) });
    const h = detail.horizon;
    expect(h.days).toBe(days);
    expect(h.totalCost).toBeLessThan(h.everyDayCost);
    expect(detail.periodicKept).toBe(true);

    const byId = Object.fromEntries(h.stations.map((s) => [s.stationId, s]));
    expect(byId.N!.visitDays).toEqual([1, 2, 3, 4]);
    expect(byId.N!.limitDays).toBe(0);
    for (const s of h.stations) {
      // Independent wait: for each demand day, days until the next visit (cyclic).
      let worst = 0;
      for (let d = 1; d <= days; d++) {
        const waits = s.visitDays.map((v) => (((v - d) % days) + days) % days);
        worst = Math.max(worst, Math.min(...waits));
      }
      expect(s.maxWaitDays).toBe(worst);
      expect(s.maxWaitDays).toBeLessThanOrEqual(s.limitDays);
    }
    expect(byId.F1!.visitDays.length).toBeLessThan(days);

    // Every parcel of the horizon is delivered and picked up exactly once over the kept day plans.
    const down = detail.dayPlans.reduce((a, p) => a + (p?.kpis.parcelsDown ?? 0), 0);
    const up = detail.dayPlans.reduce((a, p) => a + (p?.kpis.parcelsUp ?? 0), 0);
    expect(down).toBe(days * (4 + 3 * 3));
    expect(up).toBe(days * 3);
    for (const p of detail.dayPlans) if (p) expect(p.check).toEqual({ feasible: true, violations: [] });
    const total = detail.dayPlans.reduce((a, p) => a + (p?.kpis.totalCost ?? 0), 0);
    expect(total).toBeCloseTo(h.totalCost, 1);
  });

  it('keeps every-day visits when every station is same-day (total = every-day cost)', async () => {
    const places = [place('W', 'warehouse', 0, 0), place('A', 'village', 5, 0), place('B', 'village', 0, 5)];
    const rows = [1, 2].flatMap((d) => [demand(d, 'A', 'a', 4), demand(d, 'B', 'a', 4)]);
    const scenario = county(places, [van('v', 'W')], rows);
    const detail = await planHorizon(scenario, 2, { timeLimit: 0.1, matrix: matrixOf(scenario) });
    expect(detail.periodicKept).toBe(false);
    expect(detail.horizon.totalCost).toBe(detail.horizon.everyDayCost);
    expect(detail.horizon.stations.map((s) => s.visitDays)).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('a horizon without parcels is a clear error', async () => {
    const scenario = county(
      [place('W', 'warehouse', 0, 0), place('A', 'village', 1, 0)],
      [van('v', 'W')],
      [demand(9, 'A', 'a', 1)],
    );
    await expect(planHorizon(scenario, 7, { timeLimit: 0.1, matrix: matrixOf(scenario) })).rejects.toThrow(
      'horizon: no parcels in days 1–7 of demand.csv',
    );
  });
});
