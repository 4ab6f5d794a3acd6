/**
 * Acceptance on Daming day 1: the plan uses at least one bus leg and costs no more than the plan without buses;
 * the legs respect capacity, timetable and prices (recomputed), and every parcel is on a van or a bus.
 */
import { describe, expect, it } from 'vitest';
import { readScenarioFolder } from '../../../src/io/scenario-folder.ts';
import { DAMING_DIR } from '../../../src/generate/daming.ts';
import { planDayDetailed } from '../../../src/planning/day.ts';
import { aggregateDemand, rowsOfDay } from '../../../src/planning/demand.ts';
import { busProblems, parcelsPerStation } from './bus-check.ts';

describe('Daming bus legs', () => {
  it('day 1 uses bus legs and is not dearer than without', async () => {
    const scenario = readScenarioFolder(DAMING_DIR);
    const detail = await planDayDetailed(scenario, 1, { timeLimit: 1.5, seed: 1 });
    const plan = detail.plan;
    expect(plan.busLegs!.length).toBeGreaterThanOrEqual(1);
    expect(detail.withBusCost!).toBeLessThanOrEqual(detail.withoutBusCost!);
    expect(plan.kpis.totalCost).toBeLessThanOrEqual(detail.withoutBusKpis!.totalCost);
    expect(busProblems(scenario, plan)).toEqual([]);
    expect(plan.check?.feasible).toBe(true);
    const expected = new Map(
      [...aggregateDemand(rowsOfDay(scenario.demand, 1))].map(([id, d]) => [
        id,
        d.normal.parcelsDown + d.cold.parcelsDown,
      ]),
    );
    expect(Object.fromEntries(parcelsPerStation(plan))).toEqual(Object.fromEntries(expected));
    expect(plan.kpis.serviceCompliance).toBe(1);
  }, 120_000);
});
