import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_PARAMS, PLAN_PARAM_SPECS, PlanParamsError, planParams } from '../../src/planning/params.ts';
import { planDay } from '../../src/planning/day.ts';
import { county, demand, matrixOf, place, van } from './helpers.ts';

describe('PlanParams', () => {
  it('defaults are the documented tuning numbers and lie in their own ranges', () => {
    expect(DEFAULT_PLAN_PARAMS).toMatchObject({
      timeLimit: 3,
      maxTrips: 3,
      engineTrips: 1,
      hubUtilisation: 0.8,
      trunkUtilisation: 0.9,
      trunkChunks: 3,
      trunkAttempts: 3,
      trunkTimeShare: 0.1,
      trunkTimeMax: 0.5,
      firstTripShare: 0.8,
      laterTripShare: 0.2,
      minSolveSeconds: 0.05,
      horizonFleetUtilisation: 0.9,
    });
    expect(planParams()).toEqual(DEFAULT_PLAN_PARAMS);
    for (const [k, s] of Object.entries(PLAN_PARAM_SPECS)) {
      expect(s.default, k).toBeGreaterThanOrEqual(s.min);
      expect(s.default, k).toBeLessThanOrEqual(s.max);
      expect(s.meaning.length, k).toBeGreaterThan(10);
    }
  });

  it('overrides within range are taken; out-of-range, non-integer and unknown ones are refused by name', () => {
    expect(planParams({ hubUtilisation: 0.5, maxTrips: 1 })).toMatchObject({
      hubUtilisation: 0.5,
      maxTrips: 1,
      trunkUtilisation: 0.9,
    });
    expect(() => planParams({ hubUtilisation: 1.2 })).toThrow(PlanParamsError);
    expect(() => planParams({ hubUtilisation: 1.2 })).toThrow(
      'plan parameter hubUtilisation = 1.2: out of range (0, 1]',
    );
    expect(() => planParams({ hubUtilisation: 0 })).toThrow('hubUtilisation = 0');
    expect(() => planParams({ trunkChunks: 2.5 })).toThrow('trunkChunks = 2.5: out of range [1, 20], whole number');
    expect(() => planParams({ minSolveSeconds: Number.NaN })).toThrow('minSolveSeconds = NaN');
    expect(() => planParams({ bogus: 1 } as never)).toThrow('plan parameter "bogus": unknown');
    expect(planParams({ engineTrips: 0 }).engineTrips).toBe(0);
    expect(() => planParams({ engineTrips: 2 })).toThrow('engineTrips = 2: out of range [0, 1], whole number');
    expect(() => planParams({ engineTrips: 0.5 })).toThrow('engineTrips = 0.5');
  });

  it('the planner refuses a bad parameter before solving anything', async () => {
    const s = county(
      [place('W', 'warehouse', 0, 0), place('A', 'village', 3, 0)],
      [van('v', 'W')],
      [demand(1, 'A', 'a', 5)],
    );
    await expect(planDay(s, 1, { matrix: matrixOf(s), params: { trunkUtilisation: 2 } })).rejects.toThrow(
      'trunkUtilisation = 2',
    );
    await expect(planDay(s, 1, { matrix: matrixOf(s), maxTrips: 0 })).rejects.toThrow('maxTrips = 0');
  });
});
