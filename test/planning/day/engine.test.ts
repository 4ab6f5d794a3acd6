import { describe, expect, it } from 'vitest';
import { verifyEngineCost } from '../../../src/planning/day/engine.ts';
import { planDayDetailed } from '../../../src/planning/day.ts';
import { check } from '../../../src/solver/check.ts';
import { county, demand, matrixOf, place, van } from '../helpers.ts';

describe("engine cost vs the checker's recomputation", () => {
  it("every run of a plan: the engine's reported cost equals the checker's, and the plan's total is their sum", async () => {
    const s = county(
      [
        place('W', 'warehouse', 0, 0),
        place('A', 'village', 3, 0),
        place('B', 'village', 0, 4),
        place('C', 'village', -5, 1),
      ],
      [van('v', 'W', { count: 2 })],
      [demand(1, 'A', 'a', 5), demand(1, 'B', 'b', 7), demand(1, 'C', 'a', 3, { parcelsUp: 2, kgUp: 3, upZone: 'z' })],
    );
    const detail = await planDayDetailed(s, 1, { matrix: matrixOf(s), timeLimit: 0.2 });
    let total = 0;
    for (const run of detail.runs) {
      const verdict = check(run.problem, run.solution);
      expect(Math.abs(verdict.cost - run.solution.cost)).toBeLessThanOrEqual(1e-6 * Math.max(1, verdict.cost));
      total += verdict.cost;
    }
    expect(detail.exactCost).toBeCloseTo(total, 6);
  });

  it('throws with both numbers when the engine reports a cost the checker does not find', async () => {
    const s = county(
      [place('W', 'warehouse', 0, 0), place('A', 'village', 3, 0)],
      [van('v', 'W')],
      [demand(1, 'A', 'a', 5)],
    );
    const detail = await planDayDetailed(s, 1, { matrix: matrixOf(s), timeLimit: 0.1 });
    const run = detail.runs[0];
    const checked = check(run.problem, run.solution);
    expect(() => verifyEngineCost(run.name, run.solution, checked)).not.toThrow();
    const tampered = { ...run.solution, cost: run.solution.cost * (1 + 1e-4) };
    expect(() => verifyEngineCost(run.name, tampered, checked)).toThrow(
      `depot W: engine cost ${tampered.cost} differs from the checker's recomputation ${checked.cost}`,
    );
    // Within 1e-6 relative: accepted (sums of floats).
    expect(() =>
      verifyEngineCost(run.name, { ...run.solution, cost: run.solution.cost * (1 + 1e-9) }, checked),
    ).not.toThrow();
  });
});
