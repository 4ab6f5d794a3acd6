/**
 * Shapley settlement of the shared cost: every coalition of the day's carriers is planned on the shared network (same
 * depots, hubs, vehicle types, bus lines) at a reduced engine time per station; the coalition costs are scaled so the
 * grand coalition equals the shared plan's cost (the shared plan had more engine time), and the Shapley value of each
 * carrier is computed exactly from them (allocation.ts). 2^n − 1 plans: n ≤ 7 carriers.
 */
import type { Scenario } from '../../model/types.ts';
import type { TravelMatrix } from '../../network/types.ts';
import { planDayDetailed, type PlanDayOptions } from '../day.ts';
import { sharedFleet } from '../common.ts';
import { MAX_SHAPLEY_PLAYERS, coalitionKey, shapleyValues } from '../allocation.ts';
import { SHAPLEY_SECONDS_PER_STATION, solveSeconds, stationsOf } from './engine-time.ts';

export interface ShapleyRun {
  shapley: Record<string, number>;
  /** Coalition ('a+b') → planned cost before scaling. */
  coalitionCosts: Record<string, number>;
  /** Factor applied to every coalition cost: shared plan cost / planned grand-coalition cost. */
  scale: number;
  secondsPerStation: number;
}

export interface ShapleyOptions extends PlanDayOptions {
  matrix: TravelMatrix;
  /** Engine seconds per station of a coalition plan (default SHAPLEY_SECONDS_PER_STATION). */
  shapleySecondsPerStation?: number;
  log?: (text: string) => void;
}

/** Plan every coalition and settle sharedCost by Shapley values; null when there are too many carriers. */
export async function shapleySettlement(
  scenario: Scenario,
  day: number,
  carriers: string[],
  sharedCost: number,
  options: ShapleyOptions,
): Promise<ShapleyRun | null> {
  const n = carriers.length;
  if (n === 0 || n > MAX_SHAPLEY_PLAYERS) return null;
  const rows = options.rows ?? scenario.demand.filter((r) => r.day === day);
  const perStation = options.shapleySecondsPerStation ?? SHAPLEY_SECONDS_PER_STATION;
  const full = (1 << n) - 1;
  const raw = new Float64Array(full + 1);
  const coalitionCosts: Record<string, number> = {};
  for (let mask = 1; mask <= full; mask++) {
    const members = carriers.filter((_, i) => mask & (1 << i));
    const detail = await planDayDetailed(scenario, day, {
      ...options,
      fleet: options.fleet ?? sharedFleet(scenario),
      carriers: members,
      onProgress: undefined,
      timeLimit: solveSeconds(perStation, stationsOf(rows, members)),
    });
    raw[mask] = detail.exactCost;
    coalitionCosts[coalitionKey(carriers, mask)] = Math.round(detail.exactCost * 100) / 100;
    options.log?.(`shapley: coalition ${mask}/${full} (${members.join('+')}) cost ${detail.plan.kpis.totalCost}`);
    options.onProgress?.(mask / full, detail.exactCost);
  }
  const scale = raw[full] > 0 ? sharedCost / raw[full] : 1;
  const shapley = shapleyValues(carriers, (mask) => raw[mask] * scale);
  return { shapley, coalitionCosts, scale, secondsPerStation: perStation };
}
