/** Public types of the N-day periodic plan. */
import type { HorizonResult, PlanResult } from '../types.ts';
import type { PlanDayOptions } from '../day/types.ts';

export type Strategy = 'aligned' | 'sweep' | 'greedy';

export interface HorizonOptions extends PlanDayOptions {
  /** Candidate schedules tried after the every-day plan, in order (default ['aligned', 'sweep', 'greedy']); the cheapest is kept. */
  strategies?: Strategy[];
}

export interface HorizonDetail {
  horizon: HorizonResult;
  /** The kept plan of every day 1..days (null on a day without parcels). */
  dayPlans: Array<PlanResult | null>;
  everyDayPlans: Array<PlanResult | null>;
  /** Whether the periodic schedule was kept (false: the every-day plan was cheaper or served more). */
  periodicKept: boolean;
  /** Which schedule was kept: 'every-day', 'aligned', 'sweep' or 'greedy'. */
  strategy: string;
}

/** Station → 1-based visit days. */
export type Pattern = Map<string, number[]>;
