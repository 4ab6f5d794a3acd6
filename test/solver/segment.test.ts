/**
 * The two merges of segment.ts: associative (so any split of a route into pieces gives the same summary),
 * and equal to a direct simulation of the visiting sequence. Property-based (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurationSegment, mergeLoad } from '../../src/solver/segment.ts';

interface Node {
  service: number;
  open: number;
  close: number;
  edge: number; // travel time from the previous node
}

const node = fc
  .record({
    service: fc.integer({ min: 0, max: 20 }),
    open: fc.integer({ min: 0, max: 100 }),
    width: fc.integer({ min: 0, max: 100 }),
    edge: fc.integer({ min: 0, max: 30 }),
  })
  .map((n) => ({ service: n.service, open: n.open, close: n.open + n.width, edge: n.edge }));

/** Summary of nodes[i..j] built left to right. */
function fold(nodes: Node[], i: number, j: number): DurationSegment {
  const s = new DurationSegment().set(nodes[i].service, 0, nodes[i].open, nodes[i].close);
  for (let k = i + 1; k <= j; k++) s.merge(nodes[k].edge, nodes[k].service, 0, nodes[k].open, nodes[k].close);
  return s;
}

/**
 * Direct: the first service may start at any integer time in its window; simulate with time-warp semantics
 * (arrive late → pay the lateness and continue from the close); keep the least time warp, then duration.
 */
function direct(nodes: Node[]): { duration: number; timeWarp: number } {
  let best = { duration: Infinity, timeWarp: Infinity };
  for (let start = nodes[0].open; start <= nodes[0].close; start++) {
    let t = start + nodes[0].service;
    let tw = 0;
    for (let k = 1; k < nodes.length; k++) {
      const n = nodes[k];
      t += n.edge;
      if (t < n.open) t = n.open;
      if (t > n.close) {
        tw += t - n.close;
        t = n.close;
      }
      t += n.service;
    }
    // PyVRP semantics: duration counts travel, service and waiting; the warp back in time is not subtracted.
    const cand = { duration: t - start + tw, timeWarp: tw };
    if (cand.timeWarp < best.timeWarp || (cand.timeWarp === best.timeWarp && cand.duration < best.duration))
      best = cand;
  }
  return best;
}

describe('DurationSegment.merge', () => {
  it('is associative: (a ⊕ b) ⊕ c = a ⊕ (b ⊕ c) for every cut of a sequence', () => {
    fc.assert(
      fc.property(fc.array(node, { minLength: 2, maxLength: 8 }), fc.nat(), (nodes, cutSeed) => {
        const whole = fold(nodes, 0, nodes.length - 1);
        const cut = 1 + (cutSeed % (nodes.length - 1));
        const left = fold(nodes, 0, cut - 1);
        const right = fold(nodes, cut, nodes.length - 1);
        left.merge(nodes[cut].edge, right.duration, right.timeWarp, right.early, right.late);
        expect(left.duration).toBeCloseTo(whole.duration, 9);
        expect(left.timeWarp).toBeCloseTo(whole.timeWarp, 9);
        expect(left.early).toBeCloseTo(whole.early, 9);
        expect(left.late).toBeCloseTo(whole.late, 9);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('gives the least time warp and its least duration, as a direct simulation', () => {
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 6 }), (nodes) => {
        const s = fold(nodes, 0, nodes.length - 1);
        const d = direct(nodes);
        expect(s.timeWarp).toBe(d.timeWarp);
        expect(s.duration).toBe(d.duration);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('mergeLoad', () => {
  it('peak load of a sequence = max over stops of (deliveries still on board + pickups collected)', () => {
    const stop = fc.record({ del: fc.integer({ min: 0, max: 9 }), pick: fc.integer({ min: 0, max: 9 }) });
    fc.assert(
      fc.property(fc.array(stop, { minLength: 1, maxLength: 8 }), fc.nat(), (stops, cutSeed) => {
        const summarise = (from: number, to: number) => {
          const del = new Float64Array(1);
          const pick = new Float64Array(1);
          const load = new Float64Array(1);
          for (let k = from; k < to; k++) {
            const s = stops[k];
            mergeLoad(del, pick, load, 0, del[0], pick[0], load[0], s.del, s.pick, Math.max(s.del, s.pick));
          }
          return { del: del[0], pick: pick[0], load: load[0] };
        };
        // direct: everything delivered along the route is on board at the start
        let onBoard = stops.reduce((a, s) => a + s.del, 0);
        let peak = onBoard;
        for (const s of stops) {
          onBoard += s.pick - s.del;
          peak = Math.max(peak, onBoard);
        }
        const cut = cutSeed % (stops.length + 1);
        const a = summarise(0, cut);
        const b = summarise(cut, stops.length);
        const out = { del: new Float64Array(1), pick: new Float64Array(1), load: new Float64Array(1) };
        mergeLoad(out.del, out.pick, out.load, 0, a.del, a.pick, a.load, b.del, b.pick, b.load);
        expect(out.load[0]).toBe(peak);
        expect(out.del[0]).toBe(stops.reduce((x, s) => x + s.del, 0));
        expect(out.pick[0]).toBe(stops.reduce((x, s) => x + s.pick, 0));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
