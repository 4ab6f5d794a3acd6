import { describe, expect, it } from 'vitest';
import { compareDetailed } from '../../src/planning/compare.ts';
import { county, demand, matrixOf, place, recomputeRoutes, van } from './helpers.ts';

const T = 0.2;

describe('compareSharedVsSeparate', () => {
  it('shared delivery beats each carrier alone; savings and the parcel-share allocation add up', async () => {
    const ring = [
      [5, 0],
      [3, 4],
      [-3, 4],
      [-5, 0],
      [-3, -4],
      [3, -4],
    ] as const;
    const places = [place('W', 'warehouse', 0, 0), ...ring.map(([x, y], i) => place(`S${i + 1}`, 'village', x, y))];
    const rows = ring.flatMap((_, i) => [demand(1, `S${i + 1}`, 'a', 6), demand(1, `S${i + 1}`, 'b', 3)]);
    const fleet = [
      van('shared', 'W', { count: 2 }),
      van('avan', 'W', { count: 1, carrierId: 'a' }),
      van('bvan', 'W', { count: 1, carrierId: 'b' }),
    ];
    const scenario = county(places, fleet, rows);
    const matrix = matrixOf(scenario);
    const { plan, separate } = await compareDetailed(scenario, 1, { timeLimit: T, matrix });
    const c = plan.compare!;
    expect(plan.mode).toBe('compare');
    expect(plan.check).toEqual({ feasible: true, violations: [] });
    expect(recomputeRoutes(scenario, plan, matrix)).toEqual([]);

    // Shared routes use the shared fleet only; separate ones each carrier's own van.
    expect(new Set(plan.routes.map((r) => r.fleetId))).toEqual(new Set(['shared']));
    expect(
      separate.map((s) => [s.carrierId, s.fleetSource, [...new Set(s.plan.routes.map((r) => r.fleetId))]]),
    ).toEqual([
      ['a', 'own', ['avan']],
      ['b', 'own', ['bvan']],
    ]);
    for (const s of separate) expect(recomputeRoutes(scenario, s.plan, matrix)).toEqual([]);

    expect(c.separate.totalCost).toBeCloseTo(
      separate.reduce((a, s) => a + s.plan.kpis.totalCost, 0),
      2,
    );
    expect(c.shared.totalCost).toBe(plan.kpis.totalCost);
    // One tour instead of two: at least one vehicle's fixed cost (100) saved.
    expect(c.savings.cost).toBeGreaterThan(100);
    expect(c.savings.cost).toBeCloseTo(c.separate.totalCost - c.shared.totalCost, 2);
    expect(c.savings.costShare).toBeCloseTo(c.savings.cost / c.separate.totalCost, 3);
    expect(c.savings.stops).toBe(12 - 6);
    expect(c.savings.vehicles).toBe(c.separate.vehiclesUsed - c.shared.vehiclesUsed);
    expect(c.separate.stationsUnassigned).toBe(0);
    expect(c.separate.stationsServed).toBe(6);

    // Parcel-share allocation: a has 36 parcels, b 18 → 2 : 1, summing to the shared cost.
    const alloc = Object.fromEntries(c.perCarrier!.map((p) => [p.carrierId, p]));
    expect(alloc.a!.sharedAllocated + alloc.b!.sharedAllocated).toBeCloseTo(c.shared.totalCost, 1);
    expect(alloc.a!.sharedAllocated).toBeCloseTo((2 / 3) * c.shared.totalCost, 1);
    for (const p of c.perCarrier!) expect(p.savings).toBeCloseTo(p.separateCost - p.sharedAllocated, 1);
    expect(c.allocationRule).toContain('in proportion to their parcels');
  });

  it('a carrier without own vehicles plans with a stated split of the shared fleet', async () => {
    const places = [place('W', 'warehouse', 0, 0), place('A', 'village', 4, 0), place('B', 'village', 0, 4)];
    const rows = [demand(1, 'A', 'a', 5), demand(1, 'B', 'c', 5)];
    const fleet = [van('shared', 'W', { count: 2 }), van('avan', 'W', { count: 1, carrierId: 'a' })];
    const scenario = county(places, fleet, rows);
    const { separate } = await compareDetailed(scenario, 1, { timeLimit: T, matrix: matrixOf(scenario) });
    const c = separate.find((s) => s.carrierId === 'c')!;
    expect(c.fleetSource).toBe('split');
    expect(c.plan.routes.map((r) => r.fleetId)).toEqual(['shared@c']);
    expect(c.plan.unassigned).toEqual([]);
  });
});
