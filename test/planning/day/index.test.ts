import { describe, expect, it } from 'vitest';
import { planDay, planDayDetailed } from '../../../src/planning/day.ts';
import { clock, county, demand, matrixOf, place, recomputeRoutes, van } from '../helpers.ts';
import type { FleetRow } from '../../../src/model/types.ts';

const T = 0.2; // engine seconds per plan: tiny on purpose

function twoTierCounty(fleetChange: (f: FleetRow[]) => FleetRow[] = (f) => f) {
  const places = [
    place('W', 'warehouse', 0, 0),
    place('H', 'hub', 20, 0),
    place('S1', 'village', 2, 1),
    place('S2', 'village', -3, 2),
    place('S3', 'village', 1, -2),
    place('S4', 'village', 21, 1),
    place('S5', 'village', 19, -2),
  ];
  const fleet = fleetChange([
    van('wvan', 'W'),
    van('cold', 'W', { count: 1, cold: true, type: 'cold_van', fixedCost: 150 }),
    van('hvan', 'H', { count: 1 }),
    van('trunk', 'W', {
      type: 'trunk',
      count: 1,
      capacityParcels: 500,
      capacityKg: 5000,
      shiftStart: '06:00',
      shiftEnd: '12:00',
      fixedCost: 200,
      costPerKm: 2,
    }),
  ]);
  const rows = [
    demand(1, 'S1', 'a', 10),
    demand(1, 'S1', 'b', 7),
    demand(1, 'S2', 'a', 5, { parcelsUp: 3, kgUp: 9, upZone: 'z' }),
    demand(1, 'S3', 'b', 8),
    demand(1, 'S4', 'a', 6),
    demand(1, 'S4', 'b', 2, { cold: true }),
    demand(1, 'S5', 'b', 9),
  ];
  return county(places, fleet, rows);
}

describe('planDay: two-tier shared plan', () => {
  it('pools carriers into one stop per station, serves hub stations after the trunk, and passes the checker', async () => {
    const scenario = twoTierCounty();
    const matrix = matrixOf(scenario);
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix });
    expect(plan.check).toEqual({ feasible: true, violations: [] });
    expect(plan.unassigned).toEqual([]);
    expect(recomputeRoutes(scenario, plan, matrix)).toEqual([]);

    // Every station's parcels delivered exactly (pooled over carriers), each non-cold part in one stop.
    const delivery = plan.routes.filter((r) => r.kind === 'delivery');
    const down = new Map<string, number>();
    for (const r of delivery)
      for (const s of r.stops) down.set(s.stationId, (down.get(s.stationId) ?? 0) + s.parcelsDown);
    expect(Object.fromEntries(down)).toEqual({ S1: 17, S2: 5, S3: 8, S4: 8, S5: 9 });
    const s1Stops = delivery.flatMap((r) => r.stops).filter((s) => s.stationId === 'S1');
    expect(s1Stops).toHaveLength(1);
    expect(s1Stops[0].parcelsDown).toBe(17);
    expect(plan.kpis.stationsServed).toBe(5);
    expect(plan.kpis.parcelsDown).toBe(47);
    expect(plan.kpis.parcelsUp).toBe(3);

    // Cold items of S4 ride on the cold van; its other parcels on the hub van.
    const coldRoute = delivery.find((r) => r.fleetId === 'cold' && r.stops.some((s) => s.stationId === 'S4'));
    expect(coldRoute).toBeDefined();
    const hubRoutes = delivery.filter((r) => r.depot === 'H');
    expect(hubRoutes.flatMap((r) => r.stops.map((s) => s.stationId)).sort()).toEqual(['S4', 'S5']);
    expect(hubRoutes.flatMap((r) => r.stops).find((s) => s.stationId === 'S4')!.parcelsDown).toBe(6);

    // Trunk: carries the hub stations' non-cold parcels; hub vans leave after trunk service + transfer (30 min).
    const trunk = plan.routes.filter((r) => r.kind === 'trunk');
    expect(trunk).toHaveLength(1);
    expect(trunk[0].hubs).toEqual(['H']);
    expect(trunk[0].stops.reduce((a, s) => a + s.parcelsDown, 0)).toBe(15);
    const trunkDone = Math.max(...trunk[0].stops.map((s) => clock(s.departure)));
    for (const r of hubRoutes) expect(clock(r.departure)).toBeGreaterThanOrEqual(trunkDone + 30 * 60 - 60);

    // Same-day limit (county default 0): every arrival inside the working day.
    for (const r of delivery)
      for (const s of r.stops) {
        expect(clock(s.arrival)).toBeLessThanOrEqual(clock('18:00'));
      }
    expect(plan.kpis.serviceCompliance).toBe(1);
  });

  it('gives every stop its parcels per carrier and marks the cold job as its own stop', async () => {
    const scenario = twoTierCounty();
    const matrix = matrixOf(scenario);
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix });
    const stops = plan.routes.filter((r) => r.kind === 'delivery').flatMap((r) => r.stops);
    // Recomputed from the demand rows, independently of the planner: station × carrier × cold → parcels.
    const expected = new Map<string, { down: number; up: number }>();
    for (const r of scenario.demand) {
      const key = `${r.stationId}|${r.carrierId}|${r.cold}`;
      const e = expected.get(key) ?? { down: 0, up: 0 };
      expected.set(key, { down: e.down + r.parcelsDown, up: e.up + r.parcelsUp });
    }
    const got = new Map<string, { down: number; up: number }>();
    for (const s of stops) {
      // Per stop the carriers add up to the stop's parcels.
      expect(Object.values(s.byCarrier).reduce((a, c) => a + c.down, 0)).toBe(s.parcelsDown);
      expect(Object.values(s.byCarrier).reduce((a, c) => a + c.up, 0)).toBe(s.parcelsUp);
      for (const [c, p] of Object.entries(s.byCarrier)) {
        const key = `${s.stationId}|${c}|${s.cold}`;
        const e = got.get(key) ?? { down: 0, up: 0 };
        got.set(key, { down: e.down + p.down, up: e.up + p.up });
      }
    }
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
    // S4: 6 ambient parcels of carrier a on the hub van, 2 cold parcels of b on the cold van, two separate stops.
    const s4 = stops.filter((s) => s.stationId === 'S4');
    expect(
      s4.map((s) => ({ cold: s.cold, byCarrier: s.byCarrier })).sort((x, y) => Number(x.cold) - Number(y.cold)),
    ).toEqual([
      { cold: false, byCarrier: { a: { down: 6, up: 0 } } },
      { cold: true, byCarrier: { b: { down: 2, up: 0 } } },
    ]);
    // Trunk stop at the hub: the hub stations' ambient parcels per carrier (S4 a 6, S5 b 9).
    const trunkStops = plan.routes.filter((r) => r.kind === 'trunk').flatMap((r) => r.stops);
    const trunkBy: Record<string, number> = {};
    for (const s of trunkStops)
      for (const [c, p] of Object.entries(s.byCarrier)) trunkBy[c] = (trunkBy[c] ?? 0) + p.down;
    expect(trunkBy).toEqual({ a: 6, b: 9 });
    expect(trunkStops.every((s) => !s.cold)).toBe(true);
  });

  it('honours a per-station depot override', async () => {
    const scenario = twoTierCounty();
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix: matrixOf(scenario), assignment: { S4: 'W' } });
    const s4 = plan.routes.filter(
      (r) => r.kind === 'delivery' && r.stops.some((s) => s.stationId === 'S4' && s.parcelsDown >= 6),
    );
    expect(s4.map((r) => r.depot)).toEqual(['W']);
    await expect(
      planDay(scenario, 1, { timeLimit: T, matrix: matrixOf(scenario), assignment: { S4: 'S1' } }),
    ).rejects.toThrow('assignment: station S4 → S1: S1 is not a depot (warehouse or hub)');
  });

  it('rejects a day without demand with a clear error', async () => {
    const scenario = twoTierCounty();
    await expect(planDay(scenario, 9, { timeLimit: T, matrix: matrixOf(scenario) })).rejects.toThrow(
      'no demand on day 9: demand.csv has rows for days 1',
    );
  });

  it('reports cold items without a cold vehicle, and still serves the rest of the station', async () => {
    const scenario = twoTierCounty((f) => f.filter((r) => !r.cold));
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix: matrixOf(scenario) });
    expect(plan.unassigned).toHaveLength(1);
    expect(plan.unassigned[0]).toMatchObject({ stationId: 'S4', reason: 'no_cold_vehicle' });
    expect(plan.unassigned[0].detail).toContain('2 cold-chain parcels but no cold vehicle at the warehouse W');
    const s4 = plan.routes.flatMap((r) => (r.kind === 'delivery' ? r.stops : [])).filter((s) => s.stationId === 'S4');
    expect(s4.reduce((a, s) => a + s.parcelsDown, 0)).toBe(6);
    expect(plan.kpis.stationsUnassigned).toBe(1);
    expect(plan.kpis.serviceCompliance).toBeCloseTo(4 / 5, 6);
    expect(plan.check!.feasible).toBe(true);
  });

  it('names the unreachable hub for a station only that hub reaches', async () => {
    const scenario = twoTierCounty();
    const matrix = matrixOf(scenario);
    const idx = new Map(matrix.ids.map((id, i) => [id, i] as const));
    const cut = (a: string, b: string) => {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        matrix.distanceM[idx.get(x)! * matrix.size + idx.get(y)!] = Infinity;
        matrix.durationS[idx.get(x)! * matrix.size + idx.get(y)!] = Infinity;
      }
    };
    // The hub side of the county is cut off from the warehouse (a river without a bridge, say).
    for (const east of ['H', 'S4', 'S5']) for (const west of ['W', 'S1', 'S2', 'S3']) cut(east, west);
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix });
    const reasons = plan.unassigned.map((u) => `${u.stationId} ${u.reason}`).sort();
    // S4's cold items come from the warehouse's cold van, which cannot reach it either.
    expect(reasons).toEqual(['S4 hub_unreachable', 'S4 unreachable', 'S5 hub_unreachable']);
    expect(plan.unassigned.find((u) => u.reason === 'unreachable')!.detail).toBe(
      'cold items: no road route between W and S4',
    );
    expect(plan.unassigned.find((u) => u.stationId === 'S5')!.detail).toContain(
      'hub H cannot be reached from the warehouse',
    );
    expect(plan.routes.some((r) => r.kind === 'trunk')).toBe(false);
    expect(plan.kpis.stationsServed).toBe(3);
    expect(plan.check!.feasible).toBe(true);
  });

  it('a fleet too small for the day: unassigned with reason fleet; with reloads the same van makes more trips', async () => {
    const places = [
      place('W', 'warehouse', 0, 0),
      place('A', 'village', 3, 0),
      place('B', 'village', 0, 3),
      place('C', 'village', -3, 0),
    ];
    const rows = [demand(1, 'A', 'a', 15), demand(1, 'B', 'a', 15), demand(1, 'C', 'a', 15)];
    const scenario = county(places, [van('v', 'W', { count: 1, capacityParcels: 20 })], rows);
    const matrix = matrixOf(scenario);

    const single = await planDay(scenario, 1, { timeLimit: T, matrix, maxTrips: 1 });
    expect(single.unassigned).toHaveLength(2);
    for (const u of single.unassigned) {
      expect(u.reason).toBe('fleet');
      expect(u.detail).toContain("the fleet at W is too small for the day's stations");
    }
    expect(single.kpis.stationsServed).toBe(1);

    const multi = await planDayDetailed(scenario, 1, { timeLimit: T, matrix });
    expect(multi.plan.unassigned).toEqual([]);
    expect(multi.plan.kpis.vehiclesUsed).toBe(1);
    const trips = multi.plan.routes.slice().sort((a, b) => clock(a.departure) - clock(b.departure));
    expect(trips.map((r) => r.trip ?? 1)).toEqual([1, 2, 3]);
    for (let k = 1; k < trips.length; k++) {
      // Reload at the depot takes transferMinutes (30).
      expect(clock(trips[k].departure)).toBeGreaterThanOrEqual(clock(trips[k - 1].returnTime) + 30 * 60 - 60);
    }
    expect(recomputeRoutes(scenario, multi.plan, matrix)).toEqual([]);
    expect(multi.plan.check).toEqual({ feasible: true, violations: [] });
    // The checker's cost (sum over every engine problem) equals the plan's total.
    expect(Math.abs(multi.exactCost - multi.plan.kpis.totalCost)).toBeLessThan(0.01);
  });

  it('a same-day station too far for the working day is unassigned with a window/shift reason', async () => {
    const places = [place('W', 'warehouse', 0, 0), place('NEAR', 'village', 2, 0), place('FAR', 'village', 300, 0)];
    const rows = [demand(1, 'NEAR', 'a', 5), demand(1, 'FAR', 'a', 5)];
    const scenario = county(places, [van('v', 'W', { count: 1 })], rows);
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix: matrixOf(scenario) });
    expect(plan.unassigned.map((u) => u.stationId)).toEqual(['FAR']);
    expect(['time_window', 'shift']).toContain(plan.unassigned[0].reason);
    expect(plan.kpis.stationsServed).toBe(1);
  });

  it('an overloaded hub hands the stations nearest the warehouse back to it; explicit assignments stay', async () => {
    const places = [
      place('W', 'warehouse', 0, 0),
      place('H', 'hub', 20, 0),
      place('A', 'village', 18, 0),
      place('B', 'village', 21, 0),
      place('C', 'village', 23, 2),
    ];
    const rows = [demand(1, 'A', 'a', 8), demand(1, 'B', 'a', 8), demand(1, 'C', 'a', 8)];
    const fleet = [
      van('wvan', 'W', { count: 2 }),
      van('hvan', 'H', { count: 1, capacityParcels: 10 }),
      van('trunk', 'W', { type: 'trunk', count: 1, capacityParcels: 500, shiftStart: '06:00' }),
    ];
    const scenario = county(places, fleet, rows);
    const matrix = matrixOf(scenario);
    // Hub capacity for the rule: 1 van × 10 parcels × 1 trip × 80% = 8 parcels → one station stays at the hub.
    const detail = await planDayDetailed(scenario, 1, { timeLimit: T, matrix, maxTrips: 1 });
    expect(detail.plan.unassigned).toEqual([]);
    // Extra travel from the warehouse instead of the hub: A 16 km, C 19.5 km, B 20 km → A and C move.
    expect(Object.fromEntries(detail.assignment)).toEqual({ A: 'W', B: 'H', C: 'W' });
    expect(detail.plan.check).toEqual({ feasible: true, violations: [] });
    // Pinned to the hub: not moved; the hub van cannot take all three in one trip → a clear 'fleet' reason.
    const pinned = await planDay(scenario, 1, {
      timeLimit: T,
      matrix,
      maxTrips: 1,
      assignment: { A: 'H', B: 'H', C: 'H' },
    });
    expect(pinned.unassigned.map((u) => u.reason)).toEqual(['fleet', 'fleet']);
  });

  it('hubs needing more than the trunks can carry hand stations back to the warehouse', async () => {
    const places = [
      place('W', 'warehouse', 0, 0),
      place('H', 'hub', 20, 0),
      place('A', 'village', 17, 0),
      place('B', 'village', 21, 0),
      place('C', 'village', 22, 3),
    ];
    const rows = [demand(1, 'A', 'a', 40), demand(1, 'B', 'a', 40), demand(1, 'C', 'a', 40)];
    const fleet = [
      van('wvan', 'W', { count: 2 }),
      van('hvan', 'H', { count: 2 }),
      van('trunk', 'W', { type: 'trunk', count: 1, capacityParcels: 100, capacityKg: 5000, shiftStart: '06:00' }),
    ];
    const scenario = county(places, fleet, rows);
    const detail = await planDayDetailed(scenario, 1, { timeLimit: T, matrix: matrixOf(scenario) });
    // 120 parcels for the hub > 90% of one 100-parcel trunk: A (least extra travel from W) goes to the warehouse.
    expect(Object.fromEntries(detail.assignment)).toEqual({ A: 'W', B: 'H', C: 'H' });
    const trunk = detail.plan.routes.filter((r) => r.kind === 'trunk');
    expect(trunk.flatMap((r) => r.stops).reduce((a, s) => a + s.parcelsDown, 0)).toBe(80);
    expect(detail.plan.unassigned).toEqual([]);
    expect(detail.plan.check).toEqual({ feasible: true, violations: [] });
  });
});

describe('planDay: parcels per carrier of a split station', () => {
  it('a station larger than a van is split into whole-parcel parts; each stop names its carriers and all add up', async () => {
    const scenario = county(
      [place('W', 'warehouse', 0, 0), place('BIG', 'village', 3, 1), place('S', 'village', -2, 2)],
      [van('v', 'W', { count: 4 })],
      [demand(1, 'BIG', 'a', 130, { kgDown: 130 }), demand(1, 'BIG', 'b', 77, { kgDown: 77 }), demand(1, 'S', 'c', 9)],
    );
    const matrix = matrixOf(scenario);
    const plan = await planDay(scenario, 1, { timeLimit: T, matrix });
    expect(plan.unassigned).toEqual([]);
    expect(recomputeRoutes(scenario, plan, matrix)).toEqual([]);
    const big = plan.routes.flatMap((r) => r.stops).filter((s) => s.stationId === 'BIG');
    expect(big.length).toBeGreaterThanOrEqual(3); // 207 parcels, vans of 100
    const per: Record<string, number> = {};
    for (const s of big) {
      expect(s.parcelsDown).toBeLessThanOrEqual(100);
      expect(Object.values(s.byCarrier).reduce((a, c) => a + c.down, 0)).toBe(s.parcelsDown);
      for (const [c, p] of Object.entries(s.byCarrier)) {
        expect(Number.isInteger(p.down)).toBe(true);
        per[c] = (per[c] ?? 0) + p.down;
      }
    }
    expect(per).toEqual({ a: 130, b: 77 });
    expect(plan.routes.flatMap((r) => r.stops).find((s) => s.stationId === 'S')!.byCarrier).toEqual({
      c: { down: 9, up: 0 },
    });
  });
});
