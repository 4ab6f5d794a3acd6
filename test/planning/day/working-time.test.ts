import { describe, expect, it } from 'vitest';
import { planDay, planDayDetailed } from '../../../src/planning/day.ts';
import { checkVehicleDays } from '../../../src/planning/day/vehicle-days.ts';
import { fleetRowSchema } from '../../../src/model/schemas.ts';
import type { FleetRow } from '../../../src/model/types.ts';
import type { PlanRoute } from '../../../src/planning/types.ts';
import { breakProblems, clock, county, demand, matrixOf, place, van, vehicleDays as days } from '../helpers.ts';

const LIMITED: Partial<FleetRow> = {
  count: 3,
  maxKm: 150,
  maxWorkMinutes: 240,
  breakMinutes: 30,
  breakWindow: { start: '11:30', end: '13:30' },
};

function scenario() {
  const villages = Array.from({ length: 12 }, (_, i) => {
    const a = (i / 12) * 2 * Math.PI;
    const r = 6 + (i % 3) * 3;
    return place(`V${i}`, 'village', r * Math.cos(a), r * Math.sin(a));
  });
  return county(
    [place('W', 'warehouse', 0, 0), ...villages],
    [van('v', 'W', LIMITED)],
    villages.map((v, i) => demand(1, v.id, i % 2 ? 'a' : 'b', 30 + (i % 4) * 5)),
  );
}

describe('working time: max_work_minutes, lunch break, max_km per vehicle-day', () => {
  it('plans every vehicle-day within 240 minutes with its break placed, trips sequential and loads within capacity', async () => {
    const s = scenario();
    const plan = await planDay(s, 1, { matrix: matrixOf(s), timeLimit: 0.6, seed: 3 });
    const vehicleDays = days(plan);
    expect(vehicleDays.size).toBeGreaterThan(0);
    expect([...vehicleDays.values()].some((t) => t.length >= 2)).toBe(true); // the limits bite on later trips too
    for (const [id, trips] of vehicleDays) {
      trips.forEach((t, i) => {
        expect(t.trip ?? 1, id).toBe(i + 1);
        expect(clock(t.departure)).toBeGreaterThanOrEqual(clock('07:00'));
        expect(clock(t.returnTime)).toBeLessThanOrEqual(clock('19:00'));
        if (i > 0)
          expect(clock(t.departure), `${id} trip ${i + 1}`).toBeGreaterThanOrEqual(clock(trips[i - 1].returnTime));
        let load = t.stops.reduce((a, x) => a + x.parcelsDown, 0);
        expect(load).toBeLessThanOrEqual(100);
        for (const stop of t.stops) {
          load += stop.parcelsUp - stop.parcelsDown;
          expect(stop.load).toBe(load);
        }
      });
      const work = (clock(trips[trips.length - 1].returnTime) - clock(trips[0].departure)) / 60;
      expect(work, id).toBeLessThanOrEqual(240);
      expect(trips.reduce((a, t) => a + t.km, 0)).toBeLessThanOrEqual(150 + 1e-9);
      expect(breakProblems(trips, 30, '11:30', '13:30').problems, id).toEqual([]);
    }
    expect(plan.check!.violations.filter((v) => v.startsWith('vehicle '))).toEqual([]);
    // What does not fit in three 240-minute days is unassigned with a working-time or fleet reason.
    for (const u of plan.unassigned) expect(['max_work', 'break', 'fleet']).toContain(u.reason);
  });

  it('engine trips (no break): each vehicle-day one engine route; trips sequential with the reload, ≤ 240 minutes, one fixed cost', async () => {
    const base = scenario();
    const s = { ...base, fleet: base.fleet.map((f) => ({ ...f, breakMinutes: null, breakWindow: null })) };
    const detail = await planDayDetailed(s, 1, { matrix: matrixOf(s), timeLimit: 0.6, seed: 3 });
    const plan = detail.plan;
    expect(detail.runs).toHaveLength(1); // one solve, no rounds
    const vehicleDays = days(plan);
    expect([...vehicleDays.values()].some((t) => t.length >= 2)).toBe(true);
    for (const [id, trips] of vehicleDays) {
      for (let i = 1; i < trips.length; i++) {
        // Reload at the depot takes transferMinutes (30); clock strings are rounded to the minute.
        expect(clock(trips[i].departure), id).toBeGreaterThanOrEqual(clock(trips[i - 1].returnTime) + 30 * 60 - 60);
      }
      for (const t of trips) expect(t.stops.reduce((a, x) => a + x.parcelsDown, 0)).toBeLessThanOrEqual(100);
      expect((clock(trips[trips.length - 1].returnTime) - clock(trips[0].departure)) / 60, id).toBeLessThanOrEqual(
        240 + 1,
      );
      expect(trips.reduce((a, t) => a + t.km, 0)).toBeLessThanOrEqual(150 + 1e-9);
      // One fixed cost per vehicle-day: trip 1 carries it (cost − km − hours × rate = 100), later trips do not.
      const fixedOf = (t: PlanRoute) => t.cost - t.km * 1 - t.hours * 30 - ((t.trip ?? 1) > 1 ? 0.5 * 30 : 0);
      expect(fixedOf(trips[0])).toBeCloseTo(100, 0);
      for (const t of trips.slice(1)) expect(Math.abs(fixedOf(t))).toBeLessThan(0.1);
    }
    expect(plan.check!.violations).toEqual([]);
    expect(Math.abs(plan.routes.reduce((a, r) => a + r.cost, 0) - plan.kpis.totalCost)).toBeLessThan(
      0.01 * plan.routes.length,
    );
  });

  it('the vehicle-day checker rejects overlapping trips, over-capacity trips, a missing break and over-long days', async () => {
    const s = scenario();
    const plan = await planDay(s, 1, { matrix: matrixOf(s), timeLimit: 0.4, seed: 5 });
    const fleet = s.fleet;
    expect(checkVehicleDays(plan.routes, fleet)).toEqual([]);
    const [id, trips] = [...days(plan)].find(([, t]) => t.length >= 2)!;
    const tamper = (f: (mine: PlanRoute[]) => void): string[] => {
      const routes = structuredClone(plan.routes);
      f(routes.filter((r) => r.vehicle === id).sort((a, b) => (a.trip ?? 1) - (b.trip ?? 1)));
      return checkVehicleDays(routes, fleet);
    };
    expect(
      tamper((m) => {
        m[1].departure = m[0].stops[0].arrival;
      }).join('\n'),
    ).toMatch(/before trip 1 is back/);
    expect(
      tamper((m) => {
        m[0].stops[0].parcelsDown += 100;
      }).join('\n'),
    ).toMatch(/parcels on board at the start, capacity 100/);
    expect(
      tamper((m) => {
        for (const t of m) delete t.break;
      }).join('\n'),
    ).toMatch(/has 0 breaks/);
    expect(
      tamper((m) => {
        m[m.length - 1].returnTime = '18:59';
      }).join('\n'),
    ).toMatch(/above max_work_minutes 240/);
    expect(
      tamper((m) => {
        m[0].km += 200;
      }).join('\n'),
    ).toMatch(/above max_km 150/);
    expect(trips.length).toBeGreaterThanOrEqual(2);
  });

  it('fleet.csv: the working-time columns are optional; a bad break window names its field', () => {
    const base = {
      id: 'v',
      depot_id: 'W',
      type: 'van',
      count: '2',
      capacity_parcels: '100',
      capacity_kg: '1000',
      cold: 'false',
      fixed_cost: '100',
      cost_per_km: '1',
      cost_per_hour: '30',
      shift_start: '07:00',
      shift_end: '19:00',
      max_km: '',
      carrier_id: '',
      max_work_minutes: '',
      break_minutes: '',
      break_window: '',
    };
    const plain = fleetRowSchema.parse(base);
    // empty optional columns are absent from the row (a fleet without them reads back unchanged)
    expect(['maxWorkMinutes', 'breakMinutes', 'breakWindow'].filter((k) => k in plain)).toEqual([]);
    const full = fleetRowSchema.parse({
      ...base,
      max_work_minutes: '240',
      break_minutes: '30',
      break_window: '11:30-13:30',
    });
    expect(full.breakWindow).toEqual({ start: '11:30', end: '13:30' });
    const bad = fleetRowSchema.safeParse({ ...base, break_minutes: '30', break_window: '13:30-11:30' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['break_window']);
    const lone = fleetRowSchema.safeParse({ ...base, break_minutes: '30' });
    expect(lone.error!.issues[0].path).toEqual(['break_window']);
  });
});
