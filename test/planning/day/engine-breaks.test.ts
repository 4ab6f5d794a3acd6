import { describe, expect, it } from 'vitest';
import { planDayDetailed } from '../../../src/planning/day.ts';
import { checkVehicleDays } from '../../../src/planning/day/vehicle-days.ts';
import { placeEngineBreak, type Trip } from '../../../src/planning/day/engine-breaks.ts';
import type { FleetRow } from '../../../src/model/types.ts';
import type { Job, VehicleType } from '../../../src/solver/types.ts';
import {
  breakCounty,
  breakProblems,
  clock,
  county,
  demand,
  matrixOf,
  place,
  recomputeRoutes,
  van,
  vehicleDays,
} from '../helpers.ts';

const H = 3600;

/** A one-stop trip: leaves at dep, arrives at arr, starts service at start, 10 minutes of service, back at ret. */
function trip(job: number, dep: number, arr: number, start: number, ret: number, costPerDuration: number): Trip {
  return {
    jobs: [job],
    sched: {
      distance: 0,
      duration: ret - dep,
      departure: dep,
      returnTime: ret,
      arrivals: [arr],
      serviceStarts: [start],
      departures: [start + 600],
      loads: [[0, 0]],
      cost: costPerDuration * (ret - dep),
    },
  };
}

function job(windows: Array<[number, number]>): Job {
  return {
    id: 'j',
    location: 1,
    delivery: [1],
    pickup: [0],
    service: 600,
    timeWindows: windows,
    skills: [],
    priority: 0,
  };
}

describe('lunch break with engine trips: placed by the schedule (engine-breaks.ts)', () => {
  const row = van('v', 'W', { breakMinutes: 60, breakWindow: { start: '12:00', end: '13:30' } }) as FleetRow;
  const v = { costPerDuration: 1 / 60 } as VehicleType; // 1 yuan a minute

  it('at a reload: later trips leave after break + reload, waiting at a windowed stop absorbs the delay', () => {
    // Trip 1 08:00–12:10; trip 2 leaves 12:40 (reload 30), arrives 13:00, waits for its window 14:00, back 14:40.
    const jobs = [job([]), job([[14 * H, 15 * H]])];
    const trips = [
      trip(0, 8 * H, 10 * H, 10 * H, 12 * H + 600, v.costPerDuration),
      trip(1, 12 * H + 2400, 13 * H, 14 * H, 14 * H + 2400, v.costPerDuration),
    ];
    const day = placeEngineBreak(jobs, v, row, trips);
    expect(day).not.toBeNull();
    // Nothing fits before 08:00 or after 14:40 (window closes 13:30): the break is 12:10–13:10 after trip 1.
    expect(day!.brk).toEqual({ start: 12 * H + 600, end: 13 * H + 600, host: 0 });
    const t2 = day!.trips[1].sched;
    expect(t2.departure).toBe(13 * H + 600 + 1800); // break end + reload 30 min = 13:40
    expect(t2.arrivals[0]).toBe(14 * H); // 20 minutes later than 13:00 plus the one-hour delay
    expect(t2.serviceStarts[0]).toBe(14 * H); // the wait absorbed the delay
    expect(t2.returnTime).toBe(14 * H + 2400); // back as before
    expect(t2.cost).toBeCloseTo(60, 9); // 13:40 → 14:40 at 1 yuan a minute (was 120 from 12:40)
    expect(day!.trips[0]).toBe(trips[0]); // trip 1 untouched
  });

  it('no gap fits when the delay would miss a later stop window: null (the depot goes to greedy rounds)', () => {
    const jobs = [job([]), job([[13 * H, 13 * H + 1800]])];
    const trips = [
      trip(0, 8 * H, 10 * H, 10 * H, 12 * H + 600, 1),
      trip(1, 12 * H + 2400, 13 * H, 13 * H, 13 * H + 2400, 1),
    ];
    expect(placeEngineBreak(jobs, v, row, trips)).toBeNull();
  });

  it('a day that ends before the window takes the break after its last return, nothing moved', () => {
    const trips = [trip(0, 8 * H, 9 * H, 9 * H, 10 * H, 1)];
    const day = placeEngineBreak([job([])], v, row, trips);
    expect(day).toEqual({ trips, brk: { start: 12 * H, end: 13 * H, host: 0 } });
  });
});

describe('lunch break with engine trips: a whole-day plan', () => {
  it('one engine solve; each vehicle-day has one break in its window, outside every trip; times recomputed from the matrix', async () => {
    const s = breakCounty();
    const matrix = matrixOf(s);
    const detail = await planDayDetailed(s, 1, { matrix, timeLimit: 10, maxIterations: 60, seed: 3 });
    const plan = detail.plan;
    expect(detail.runs.map((r) => r.name)).toEqual(['depot W']); // engine trips, no fallback to rounds
    expect(plan.notes).toBeUndefined();
    expect(plan.check!.violations).toEqual([]);
    expect(recomputeRoutes(s, plan, matrix)).toEqual([]);
    const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
    const travel = (a: string, b: string) => matrix.durationS[index.get(a)! * matrix.size + index.get(b)!];
    let atReload = 0;
    for (const [id, trips] of vehicleDays(plan)) {
      const { problems, start: b0, end: b1 } = breakProblems(trips, 45, '11:30', '13:30');
      expect(problems, id).toEqual([]);
      trips.forEach((t, i) => {
        // The trip after the break leaves after break end + reload (30 minutes); clocks are rounded to the minute.
        if (i > 0 && b0 >= clock(trips[i - 1].returnTime) && b1 <= clock(t.departure)) {
          atReload++;
          expect(clock(t.departure)).toBeGreaterThanOrEqual(b1 + 30 * 60 - 60);
        }
        // Arrivals from the matrix: never before the previous departure + travel; same-day window 08:00–18:00.
        let at = t.depot;
        let free = clock(t.departure);
        for (const stop of t.stops) {
          expect(clock(stop.arrival), `${id} ${stop.stationId}`).toBeGreaterThanOrEqual(
            free + travel(at, stop.stationId) - 60,
          );
          expect(clock(stop.arrival)).toBeLessThanOrEqual(clock('18:00'));
          at = stop.stationId;
          free = clock(stop.departure);
        }
        expect(clock(t.returnTime)).toBeGreaterThanOrEqual(free + travel(at, t.depot) - 60);
        expect(clock(t.returnTime)).toBeLessThanOrEqual(clock('19:00'));
      });
    }
    expect(atReload).toBeGreaterThan(0); // at least one break sits between two trips (later trips moved)
    expect(plan.unassigned).toEqual([]);
  });

  it('PlanParams.engineTrips = 0 plans the same day in greedy rounds (one solve per round), break still placed', async () => {
    const villages = Array.from({ length: 8 }, (_, i) => place(`V${i}`, 'village', 8 * Math.cos(i), 8 * Math.sin(i)));
    const s = county(
      [place('W', 'warehouse', 0, 0), ...villages],
      [van('v', 'W', { count: 1, breakMinutes: 30, breakWindow: { start: '11:30', end: '13:30' } })],
      villages.map((x) => demand(1, x.id, 'a', 40)),
    );
    const detail = await planDayDetailed(s, 1, {
      matrix: matrixOf(s),
      timeLimit: 0.3,
      seed: 1,
      params: { engineTrips: 0 },
    });
    expect(detail.runs.map((r) => r.name)).toEqual(['depot W', 'depot W trip 2', 'depot W trip 3']);
    expect(detail.plan.check!.violations).toEqual([]);
    expect(detail.plan.routes.filter((r) => r.break)).toHaveLength(1);
    const engine = await planDayDetailed(s, 1, { matrix: matrixOf(s), timeLimit: 0.3, seed: 1 });
    expect(engine.runs.map((r) => r.name)).toEqual(['depot W']);
  });

  it('one long trip across the window: the break is taken at the stop on the way; if the shift cannot absorb it, rounds and a note', async () => {
    // One village 90 km out: the trip runs from 07:00 past noon, so the 60-minute window 11:30–12:30 is neither
    // before, after nor between trips.
    const far = (shiftEnd: string) =>
      county(
        [place('W', 'warehouse', 0, 0), place('A', 'village', 90, 0)],
        [van('v', 'W', { count: 1, shiftEnd, breakMinutes: 60, breakWindow: { start: '11:30', end: '12:30' } })],
        [demand(1, 'A', 'a', 10)],
        { dayEnd: '18:00' },
      );
    const s = far('19:00');
    const matrix = matrixOf(s);
    const detail = await planDayDetailed(s, 1, { matrix, timeLimit: 0.3, seed: 1 });
    expect(detail.runs.map((r) => r.name)).toEqual(['depot W']);
    const [r] = detail.plan.routes;
    expect(r.break).toMatchObject({ start: '11:30', end: '12:30', stationId: 'A', afterStop: 1 });
    // From the plan JSON and the matrix: the van waits at A from its departure through the break, then drives back.
    const back = matrix.durationS[matrix.ids.indexOf('A') * matrix.size + matrix.ids.indexOf('W')];
    expect(clock(r.stops[0].departure)).toBeLessThanOrEqual(clock('11:30'));
    expect(Math.abs(clock(r.returnTime) - (clock('12:30') + back))).toBeLessThanOrEqual(60);
    expect(detail.plan.check!.violations).toEqual([]);
    expect(recomputeRoutes(s, detail.plan, matrix)).toEqual([]);
    // The checker reads the break on the way from the plan: one that runs into the drive back is refused.
    const late = structuredClone(detail.plan.routes);
    late[0].break = { ...late[0].break!, start: '12:00', end: '13:00' };
    late[0].returnTime = '12:30';
    expect(checkVehicleDays(late, s.fleet).join(' ')).toMatch(/is not between its departure .* and the next arrival/);

    // Shift end 15:00: the break on the way would bring the van back after it: the depot goes to rounds, where the
    // van must be back by 11:30 for its break, so A is unassigned with reason break.
    const tight = far('15:00');
    const rounds = await planDayDetailed(tight, 1, { matrix: matrixOf(tight), timeLimit: 0.3, seed: 1 });
    expect(rounds.plan.notes?.join(' ')).toMatch(
      /depot W: the lunch break of a v vehicle fits no gap of its engine trips/,
    );
    expect(rounds.runs.every((x) => !x.problem.vehicles.some((v) => (v.maxTrips ?? 1) > 1))).toBe(true);
    expect(rounds.plan.unassigned.map((u) => [u.stationId, u.reason])).toEqual([['A', 'break']]);
    expect(rounds.plan.check!.violations).toEqual([]);
  });

  it('acceptance: max_work_minutes 240 and a lunch break with engine trips — every vehicle-day ≤ 240 minutes, break placed', async () => {
    const villages = Array.from({ length: 12 }, (_, i) => {
      const a = (i / 12) * 2 * Math.PI;
      return place(`V${i}`, 'village', (6 + (i % 3) * 3) * Math.cos(a), (6 + (i % 3) * 3) * Math.sin(a));
    });
    const row = { count: 3, maxWorkMinutes: 240, breakMinutes: 30, breakWindow: { start: '11:30', end: '13:30' } };
    const s = county(
      [place('W', 'warehouse', 0, 0), ...villages],
      [van('v', 'W', row)],
      villages.map((x, i) => demand(1, x.id, i % 2 ? 'a' : 'b', 30 + (i % 4) * 5)),
    );
    const matrix = matrixOf(s);
    const detail = await planDayDetailed(s, 1, { matrix, timeLimit: 10, maxIterations: 60, seed: 3 });
    expect(detail.runs.map((r) => r.name)).toEqual(['depot W']);
    const plan = detail.plan;
    expect(plan.check!.violations).toEqual([]);
    expect(recomputeRoutes(s, plan, matrix)).toEqual([]);
    const byVehicle = vehicleDays(plan);
    expect([...byVehicle.values()].some((t) => t.length >= 2)).toBe(true);
    for (const [id, trips] of byVehicle) {
      const work = (clock(trips[trips.length - 1].returnTime) - clock(trips[0].departure)) / 60;
      expect(work, id).toBeLessThanOrEqual(240 + 1); // clocks rounded to the minute
      expect(breakProblems(trips, 30, '11:30', '13:30').problems, id).toEqual([]);
    }
    const served = plan.routes.flatMap((r) => r.stops.map((x) => x.stationId));
    for (const u of plan.unassigned) expect(['max_work', 'break', 'fleet']).toContain(u.reason);
    expect(new Set(served).size + new Set(plan.unassigned.map((u) => u.stationId)).size).toBe(12);
  });
});
