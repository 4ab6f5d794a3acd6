/**
 * PlanParams: every tuning number of the county planners in one object (as PyVRP's PenaltyParams): a default, a
 * meaning and a valid range each, checked by planParams(). docs/planning.md lists them. The county's own settings
 * (shift times, service minutes, transfer minutes) live in county.json, not here: these are the planner's knobs.
 */

export interface PlanParams {
  /** Engine seconds for one daily plan (split over the trunk and depot problems). */
  timeLimit: number;
  /** Trips per delivery vehicle and day (reload at its depot between trips). */
  maxTrips: number;
  /**
   * How a depot's trips are planned: 1 = inside the engine (reloads, engine-trips.ts), 0 = the older greedy rounds
   * (trips.ts: round 1 does not know a van may go out again). For like-for-like comparisons (bench:county).
   */
  engineTrips: number;
  /** Share of a hub's nominal daily van capacity (count × capacity × trips) that the hub spill-over rule plans for. */
  hubUtilisation: number;
  /** Share of the trunks' total capacity the trunk spill-over rule plans for (packing hub loads needs slack). */
  trunkUtilisation: number;
  /** A hub's trunk load is cut into chunks of at most (largest trunk capacity) / trunkChunks, so it packs across trunks. */
  trunkChunks: number;
  /** Trunk plans tried, each without the hubs the previous one could not supply. */
  trunkAttempts: number;
  /** Engine seconds of a repeated trunk attempt (at most). */
  trunkRetrySeconds: number;
  /** Share of the day's engine time given to the trunk problem … */
  trunkTimeShare: number;
  /** … but never more than this many seconds. */
  trunkTimeMax: number;
  /** Share of a depot's engine time spent on its first trip round. */
  firstTripShare: number;
  /** Share of a depot's engine time for each later trip round (× the share of the depot's jobs still pending). */
  laterTripShare: number;
  /** Least engine seconds of any one solve. */
  minSolveSeconds: number;
  /** Periodic (horizon) plan: share of a depot's daily fleet capacity a visit-day schedule may fill. */
  horizonFleetUtilisation: number;
  /**
   * With bus lines: share of the day's engine time for the plan without buses that picks the bus stations (1: a full
   * plan, as before; below 1 saves engine time, but a rougher plan picks worse bus stations — 0.25 cost 3.8% on
   * Daming, docs/planning.md).
   */
  busProbeTimeShare: number;
  /**
   * Periodic plan: 1 = the candidate schedules' days ride the every-day plan's bus runs and are planned once (a third
   * less engine time; measured +1.5% total cost on Daming, docs/planning.md); 0 = each day planned with and without
   * buses, as the every-day plan.
   */
  horizonBusReuse: number;
  /** Periodic plan: worker threads planning its days in parallel (0 = one per core, 1 = in the calling thread). */
  horizonThreads: number;
}

interface ParamSpec {
  default: number;
  min: number;
  max: number;
  /** min is excluded (x > min). */
  minOpen?: boolean;
  integer?: boolean;
  meaning: string;
}

/** Defaults, ranges and meanings: the single source of the table in docs/planning.md. */
export const PLAN_PARAM_SPECS: { readonly [K in keyof PlanParams]: ParamSpec } = {
  timeLimit: { default: 3, min: 0, max: 3600, meaning: 'engine seconds per daily plan' },
  maxTrips: { default: 3, min: 1, max: 10, integer: true, meaning: 'trips per delivery vehicle and day' },
  engineTrips: {
    default: 1,
    min: 0,
    max: 1,
    integer: true,
    meaning: 'trips planned inside the engine (1) or as greedy rounds (0)',
  },
  hubUtilisation: {
    default: 0.8,
    min: 0,
    minOpen: true,
    max: 1,
    meaning: "share of a hub's daily van capacity the hub spill-over plans for",
  },
  trunkUtilisation: {
    default: 0.9,
    min: 0,
    minOpen: true,
    max: 1,
    meaning: "share of the trunks' capacity the trunk spill-over plans for",
  },
  trunkChunks: {
    default: 3,
    min: 1,
    max: 20,
    integer: true,
    meaning: 'a hub load is cut into chunks of at most trunk capacity / trunkChunks',
  },
  trunkAttempts: {
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    meaning: 'trunk plans tried, dropping hubs the trunk cannot supply',
  },
  trunkRetrySeconds: {
    default: 0.2,
    min: 0,
    minOpen: true,
    max: 60,
    meaning: 'engine seconds of a repeated trunk attempt (at most)',
  },
  trunkTimeShare: {
    default: 0.1,
    min: 0,
    minOpen: true,
    max: 0.5,
    meaning: "share of the day's engine time for the trunk problem",
  },
  trunkTimeMax: { default: 0.5, min: 0, minOpen: true, max: 60, meaning: 'cap (seconds) on the trunk problem' },
  firstTripShare: {
    default: 0.8,
    min: 0,
    minOpen: true,
    max: 1,
    meaning: "share of a depot's engine time for its first trip round",
  },
  laterTripShare: {
    default: 0.2,
    min: 0,
    minOpen: true,
    max: 1,
    meaning: "share of a depot's engine time per later round (× pending share)",
  },
  minSolveSeconds: { default: 0.05, min: 0, minOpen: true, max: 10, meaning: 'least engine seconds of any solve' },
  horizonFleetUtilisation: {
    default: 0.9,
    min: 0,
    minOpen: true,
    max: 1,
    meaning: "horizon: share of a depot's daily fleet capacity a schedule may fill",
  },
  busProbeTimeShare: {
    default: 1,
    min: 0,
    minOpen: true,
    max: 1,
    meaning: "bus lines: share of the day's engine time for the probe plan without buses that picks bus stations",
  },
  horizonBusReuse: {
    default: 0,
    min: 0,
    max: 1,
    integer: true,
    meaning: "horizon: 1 = candidate days reuse the every-day plan's bus stations (faster, a little dearer), 0 = not",
  },
  horizonThreads: {
    default: 0,
    min: 0,
    max: 64,
    integer: true,
    meaning: 'horizon: threads planning its days in parallel (0 = one per core, 1 = no worker threads)',
  },
};

export const DEFAULT_PLAN_PARAMS: Readonly<PlanParams> = Object.freeze(
  Object.fromEntries(Object.entries(PLAN_PARAM_SPECS).map(([k, s]) => [k, s.default])) as unknown as PlanParams,
);

/** An out-of-range or unknown planner parameter. */
export class PlanParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanParamsError';
  }
}

/** Defaults overridden by `overrides`, every value range-checked: throws PlanParamsError naming the parameter. */
export function planParams(overrides: Partial<PlanParams> = {}): PlanParams {
  const out = { ...DEFAULT_PLAN_PARAMS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const spec = (PLAN_PARAM_SPECS as Record<string, ParamSpec>)[key];
    if (!spec)
      throw new PlanParamsError(
        `plan parameter "${key}": unknown (known: ${Object.keys(PLAN_PARAM_SPECS).join(', ')})`,
      );
    const low = spec.minOpen ? value > spec.min : value >= spec.min;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      !low ||
      value > spec.max ||
      (spec.integer && !Number.isInteger(value))
    ) {
      const range = `${spec.minOpen ? '(' : '['}${spec.min}, ${spec.max}]${spec.integer ? ', whole number' : ''}`;
      throw new PlanParamsError(`plan parameter ${key} = ${String(value)}: out of range ${range} (${spec.meaning})`);
    }
    (out as Record<string, number>)[key] = value;
  }
  return out;
}
