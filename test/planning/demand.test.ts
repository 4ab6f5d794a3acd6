import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  aggregateDemand,
  emptyLoad,
  hasParcels,
  parcelsByCarrier,
  splitLoad,
  totalLoad,
  type Load,
} from '../../src/planning/demand.ts';
import { demand } from './helpers.ts';

describe('demand aggregation (station × carrier × cold → load)', () => {
  it('pools rows per station into an ambient and a cold load with parcels per carrier', () => {
    const rows = [
      demand(1, 'S1', 'a', 10, { kgDown: 12 }),
      demand(1, 'S1', 'b', 7, { parcelsUp: 2, kgUp: 5, upZone: 'z' }),
      demand(1, 'S1', 'b', 3, { cold: true, kgDown: 4 }),
      demand(1, 'S2', 'a', 0),
      demand(1, 'S3', 'a', 0, { parcelsUp: 1, kgUp: 1, upZone: 'z' }),
    ];
    const d = aggregateDemand(rows);
    expect([...d.keys()]).toEqual(['S1', 'S3']); // S2 has no parcel
    const s1 = d.get('S1')!;
    expect(s1.normal).toEqual({
      parcelsDown: 17,
      kgDown: 12 + rows[1].kgDown,
      parcelsUp: 2,
      kgUp: 5,
      byCarrier: { a: { down: 10, up: 0 }, b: { down: 7, up: 2 } },
    });
    expect(s1.cold.byCarrier).toEqual({ b: { down: 3, up: 0 } });
    expect(totalLoad(s1).byCarrier).toEqual({ a: { down: 10, up: 0 }, b: { down: 10, up: 2 } });
    expect(aggregateDemand(rows, true).has('S2')).toBe(true);
    expect(Object.fromEntries(parcelsByCarrier(rows))).toEqual({ a: { down: 10, up: 1 }, b: { down: 10, up: 2 } });
    expect(hasParcels({ parcelsDown: 0, parcelsUp: 0 })).toBe(false);
    expect(hasParcels({ parcelsDown: 0, parcelsUp: 1 })).toBe(true);
  });

  it('splits a load into parts that fit, keeping whole per-carrier counts that add up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: fc.constantFrom('a', 'b', 'c', 'd'), down: fc.nat(300), up: fc.nat(100) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 120 }),
        (items, capP) => {
          const load: Load = emptyLoad();
          for (const it of items) {
            load.parcelsDown += it.down;
            load.parcelsUp += it.up;
            load.kgDown += it.down;
            load.kgUp += it.up;
            if (it.down + it.up > 0) {
              const e = load.byCarrier[it.c] ?? (load.byCarrier[it.c] = { down: 0, up: 0 });
              e.down += it.down;
              e.up += it.up;
            }
          }
          const parts = splitLoad(load, capP, 1e9);
          let down = 0;
          let up = 0;
          const per: Record<string, { down: number; up: number }> = {};
          for (const p of parts) {
            expect(p.parcelsDown).toBeLessThanOrEqual(Math.max(capP, 0));
            expect(p.parcelsUp).toBeLessThanOrEqual(capP);
            expect(Object.values(p.byCarrier).reduce((a, c) => a + c.down, 0)).toBe(p.parcelsDown);
            expect(Object.values(p.byCarrier).reduce((a, c) => a + c.up, 0)).toBe(p.parcelsUp);
            down += p.parcelsDown;
            up += p.parcelsUp;
            for (const [c, v] of Object.entries(p.byCarrier)) {
              expect(Number.isInteger(v.down) && Number.isInteger(v.up)).toBe(true);
              const e = per[c] ?? (per[c] = { down: 0, up: 0 });
              e.down += v.down;
              e.up += v.up;
            }
          }
          expect(down).toBe(load.parcelsDown);
          expect(up).toBe(load.parcelsUp);
          for (const c of Object.keys(load.byCarrier)) expect(per[c]).toEqual(load.byCarrier[c]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
