/**
 * Route sheets: a hand-over list per bus run (kind 'bus'), and cold stops flagged — recomputed from the plan JSON.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { planDay } from '../../src/planning/day.ts';
import { routeSheetsCsv } from '../../src/planning/export.ts';
import { county, demand, matrixOf, place, van } from './helpers.ts';

describe('route sheets with bus runs and cold stops', () => {
  it('lists each bus run in arrival order with the parcels left on board, and marks cold stops', async () => {
    const places = [
      place('W', 'warehouse', 0, 0),
      place('S1', 'hub_candidate', 25, 0),
      place('A', 'village', 25.5, 0),
      place('B', 'village', 25, 1),
      place('C', 'village', 0, 4),
    ];
    const rows = [
      demand(1, 'A', 'c1', 6),
      demand(1, 'B', 'c2', 5),
      demand(1, 'C', 'c1', 10),
      demand(1, 'C', 'c2', 2, { cold: true }),
    ];
    const scenario = {
      ...county(places, [van('V', 'W'), van('COLD', 'W', { cold: true, count: 1 })], rows),
      busLines: [
        {
          id: 'L1',
          name: 'l',
          stops: ['W', 'S1'],
          departures: ['09:00'],
          minutes: [0, 30],
          capacityParcels: 50,
          pricePerParcel: 0.5,
          pricePerKg: 0,
          handoverMinutes: 5,
          pickupRadiusM: 2000,
        },
      ],
    };
    const plan = await planDay(scenario, 1, { matrix: matrixOf(scenario), timeLimit: 0.4, seed: 1 });
    const sheet = parse(routeSheetsCsv(scenario, plan, 'en').replace(/^\uFEFF/, ''), { columns: true }) as Array<
      Record<string, string>
    >;
    const bus = sheet.filter((r) => r.kind === 'bus');
    const legs = plan.busLegs ?? [];
    expect(bus).toHaveLength(legs.reduce((a, l) => a + l.stops.length, 0));
    expect(legs.length).toBe(1);
    const total = legs[0].stops.reduce((a, s) => a + s.parcels, 0);
    let left = total;
    bus.forEach((r, i) => {
      const s = legs[0].stops[i];
      left -= s.parcels;
      expect([r.vehicle, r.station_id, r.arrival, Number(r.parcels_down), Number(r.load)]).toEqual([
        'L1 09:00',
        s.stationId,
        '09:35',
        s.parcels,
        left,
      ]);
    });
    const coldRows = sheet.filter((r) => r.cold === '1');
    const coldStops = plan.routes.flatMap((r) => r.stops.filter((s) => s.cold));
    expect(coldStops.map((s) => s.stationId)).toEqual(['C']);
    expect(coldRows.map((r) => [r.station_id, r.parcels_down])).toEqual([['C', '2']]);
  });
});
