/**
 * Route sheets (route-sheets.csv): a vehicle's lunch break is a row of kind break / 午休 at its depot, with the break's
 * start and end as arrival and departure and its minutes in the station column; after the trip's last stop, or
 * before its first when it ends before the trip leaves. Expectations come from the plan JSON alone.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { planDay } from '../../src/planning/day.ts';
import { routeSheetsCsv } from '../../src/planning/export.ts';
import { breakCounty, clock, county, demand, matrixOf, place, van } from './helpers.ts';

const rowsOf = (csv: string) => parse(csv.replace(/^\ufeff/, ''), { columns: true }) as Array<Record<string, string>>;

describe('route sheets: the lunch break row', () => {
  it('one break row per vehicle with a break, placed in time order among its trips, zh and en', async () => {
    const s = breakCounty();
    const plan = await planDay(s, 1, { matrix: matrixOf(s), timeLimit: 10, maxIterations: 60, seed: 3 });
    const withBreak = plan.routes.filter((r) => r.break);
    expect(withBreak.length).toBe(new Set(plan.routes.map((r) => r.vehicle)).size);
    const en = rowsOf(routeSheetsCsv(s, plan, 'en'));
    const breaks = en.filter((r) => r.kind === 'break');
    expect(breaks).toHaveLength(withBreak.length);
    for (const r of withBreak) {
      const row = breaks.find((b) => b.vehicle === r.vehicle)!;
      expect(row.trip).toBe(String(r.trip ?? 1));
      expect([row.arrival, row.departure]).toEqual([r.break!.start, r.break!.end]);
      expect(row.station).toBe(`lunch break ${(clock(r.break!.end) - clock(r.break!.start)) / 60} min`);
      expect(row.station_id).toBe('W');
      expect([row.parcels_down, row.parcels_up, row.load]).toEqual(['0', '0', '0']);
      // The rows of this vehicle read in time order: the break sits between the stops before and after it.
      const mine = en.filter((x) => x.vehicle === r.vehicle);
      const at = mine.indexOf(row);
      if (at > 0) expect(clock(mine[at - 1].departure)).toBeLessThanOrEqual(clock(row.arrival));
      if (at + 1 < mine.length) expect(clock(mine[at + 1].arrival)).toBeGreaterThanOrEqual(clock(row.departure));
    }
    const zh = rowsOf(routeSheetsCsv(s, plan));
    const zhBreaks = zh.filter((r) => r['类型'] === '午休');
    expect(zhBreaks).toHaveLength(withBreak.length);
    expect(zhBreaks[0]['站点']).toMatch(/^午休 \d+ 分钟$/);
    // Stop rows are unchanged: one per stop.
    expect(en.filter((r) => r.kind === 'delivery')).toHaveLength(plan.routes.reduce((a, r) => a + r.stops.length, 0));
  });

  it('a break before the trip comes before its first stop (seq 0)', async () => {
    const s = county(
      [place('W', 'warehouse', 0, 0), place('A', 'village', 3, 0)],
      [van('v', 'W', { count: 1, breakMinutes: 30, breakWindow: { start: '11:30', end: '13:30' } })],
      [demand(1, 'A', 'a', 5)],
    );
    const plan = await planDay(s, 1, { matrix: matrixOf(s), timeLimit: 0.2, seed: 1 });
    const r = plan.routes[0];
    // Move the trip after the break (a plan JSON as a later trip would read).
    r.departure = '12:30';
    r.break = { start: '11:30', end: '12:00' };
    const rows = rowsOf(routeSheetsCsv(s, plan, 'en')).filter((x) => x.vehicle === r.vehicle);
    expect(rows.map((x) => [x.kind, x.seq])).toEqual([
      ['break', '0'],
      ['delivery', '1'],
    ]);
  });

  it('a break on the way comes right after its stop, with that stop’s seq, station and load on board', async () => {
    const s = county(
      [place('W', 'warehouse', 0, 0), place('A', 'village', 3, 0), place('B', 'village', 0, 3)],
      [van('v', 'W', { count: 1, breakMinutes: 30, breakWindow: { start: '11:30', end: '13:30' } })],
      [demand(1, 'A', 'a', 5), demand(1, 'B', 'a', 7)],
    );
    const plan = await planDay(s, 1, { matrix: matrixOf(s), timeLimit: 0.2, seed: 1 });
    const r = plan.routes[0];
    expect(r.stops).toHaveLength(2);
    r.break = { start: '11:30', end: '12:00', stationId: r.stops[0].stationId, afterStop: 1 };
    const rows = rowsOf(routeSheetsCsv(s, plan, 'en')).filter((x) => x.vehicle === r.vehicle);
    expect(rows.map((x) => [x.kind, x.seq, x.station_id])).toEqual([
      ['delivery', '1', r.stops[0].stationId],
      ['break', '1', r.stops[0].stationId],
      ['delivery', '2', r.stops[1].stationId],
    ]);
    expect(rows[1].load).toBe(String(r.stops[1].parcelsDown)); // what is still on board for B
  });
});
