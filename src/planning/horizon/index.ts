/**
 * N-day service limit: periodic plan over the horizon (issue 4, scope 3), as phases over one context (context.ts).
 *
 * A station with limit N may be visited on fewer days as long as no parcel waits more than N days at the
 * warehouse. Parcels (and produce waiting at the station) of demand day d are handled on the first visit day
 * v ≥ d; the wait is v − d. Horizon boundary: the week is cyclic (steady state) — parcels of the last days
 * that have no later visit in the horizon go on the first visit of the next week, i.e. wait = (v − d) mod days.
 *
 * Method: start from visiting every station on every day it has parcels (the every-day plan), then try candidate
 * schedules (sweep.ts: aligned, sweep; greedy.ts), each solved day by day with the accumulated loads, and keep the
 * cheapest. Cold-chain items are perishable: never held back, they go out on their own day. A candidate is kept
 * only if it costs less and leaves no more stations unassigned than the best so far, so total ≤ every-day always.
 * The days are planned on worker threads (day-pool.ts, PlanParams.horizonThreads), aligned and sweep together; a
 * day's engine solutions are kept for the other schedules of that day (solve-cache.ts).
 */
import type { Scenario } from '../../model/types.ts';
import { planningNetwork } from '../network.ts';
import { createHorizonContext, copyPattern, type HorizonContext } from './context.ts';
import { costOf, solvePattern, unassignedOf, type DayPlans } from './solve-days.ts';
import { sweepPattern } from './sweep.ts';
import { greedyPattern } from './greedy.ts';
import { horizonDetail } from './result.ts';
import type { HorizonDetail, HorizonOptions, Pattern, Strategy } from './types.ts';
import { dayThreads, openDayRunner, type DayRunner } from './day-pool.ts';

type Slice = [number, number];

export type { HorizonDetail, HorizonOptions } from './types.ts';
export { waitFor } from './context.ts';

/** The best schedule so far. */
export interface Best {
  pattern: Pattern;
  plans: DayPlans;
  cost: number;
  unassigned: number;
}

export async function planHorizon(scenario: Scenario, days = 7, options: HorizonOptions = {}): Promise<HorizonDetail> {
  if (!Number.isInteger(days) || days < 1) throw new Error(`horizon: days must be a positive integer, got ${days}`);
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  // Days finish in any order on threads: progress only moves forward.
  const report = options.onProgress;
  let reached = 0;
  const onProgress = report && ((f: number, c: number) => report((reached = Math.max(reached, f)), c));
  const ctx = createHorizonContext(scenario, days, { ...options, onProgress }, matrix);
  const strategies = options.strategies ?? ['aligned', 'sweep', 'greedy'];
  // At most two schedules' days are planned at once (aligned and sweep).
  const runner = openDayRunner(ctx, dayThreads(ctx, 2 * days));
  try {
    return await planSchedules(ctx, runner, strategies);
  } finally {
    await runner.close();
  }
}

/** A candidate schedule and its day plans (under way). */
interface Candidate {
  pattern: Pattern | null;
  plans: Promise<DayPlans> | null;
}

function startCandidate(ctx: HorizonContext, runner: DayRunner, pattern: Pattern | null, slice: Slice): Candidate {
  const plans = pattern ? solvePattern(ctx, runner, pattern, slice) : null;
  // Awaited later (in order); a failure then is reported there, not as an unhandled rejection now.
  plans?.catch(() => undefined);
  return { pattern, plans };
}

async function planSchedules(ctx: HorizonContext, runner: DayRunner, strategies: Strategy[]): Promise<HorizonDetail> {
  const slices = 1 + strategies.length;
  const slice = (k: number): Slice => [k / slices, (k + 1) / slices];
  const everyDay = new Map(ctx.stations.map((s) => [s, ctx.demandDays.get(s)!.slice()] as const));
  const everyDayPlans = await solvePattern(ctx, runner, everyDay, slice(0));
  assignDepots(ctx, everyDayPlans);
  // The every-day plan decided each day's bus stations; with horizonBusReuse the candidates' days ride them.
  ctx.everyDayBus = everyDayPlans.map((p) => p?.busChoice ?? []);
  let best: Best = {
    pattern: everyDay,
    plans: everyDayPlans,
    cost: costOf(everyDayPlans),
    unassigned: unassignedOf(everyDayPlans),
  };
  let chosen = 'every-day';
  // aligned and sweep depend on the every-day plan only: their days are planned together (in parallel on threads).
  const started = strategies.map((st, k) =>
    st === 'greedy' ? null : startCandidate(ctx, runner, sweepPattern(ctx, everyDay, st), slice(1 + k)),
  );
  for (const [k, strategy] of strategies.entries()) {
    // Greedy is the fallback: after a kept aligned/sweep schedule it rarely pays for its seven more solves.
    if (strategy === 'greedy' && chosen !== 'every-day' && strategies.length > 1) continue;
    const candidate = started[k] ?? startCandidate(ctx, runner, greedyPattern(ctx, best), slice(1 + k));
    const kept = await settle(ctx, runner, candidate, best, everyDay, slice(1 + k));
    if (kept) {
      best = kept;
      chosen = strategy;
    }
  }
  ctx.options.onProgress?.(1, best.cost);
  return horizonDetail(ctx, best, everyDayPlans, chosen);
}

/** Depot of each station from the every-day plan; cold-only stations: the warehouse (cold vans). */
function assignDepots(ctx: HorizonContext, plans: DayPlans): void {
  for (const p of plans) if (p) for (const [s, d] of p.assignment) if (!ctx.depotOf.has(s)) ctx.depotOf.set(s, d);
  const warehouseId = ctx.scenario.places.find((p) => p.kind === 'warehouse')?.id ?? '';
  for (const s of ctx.stations) if (!ctx.depotOf.has(s)) ctx.depotOf.set(s, warehouseId);
}

/** A solved candidate (with one repair): the new best when it is cheaper and serves no fewer stations. */
async function settle(
  ctx: HorizonContext,
  runner: DayRunner,
  candidate: Candidate,
  best: Best,
  everyDay: Pattern,
  slice: Slice,
): Promise<Best | null> {
  const { pattern } = candidate;
  if (!pattern || !candidate.plans) return null;
  let plans = await candidate.plans;
  let cost = costOf(plans);
  let unassigned = unassignedOf(plans);
  if (unassigned > best.unassigned && cost < best.cost) {
    // Repair once: stations the engine could not fit on their visit day go back to every-day visits.
    const dropped = new Set(plans.flatMap((p) => (p ? p.plan.unassigned.map((u) => u.stationId) : [])));
    for (const st of dropped) if (pattern.has(st)) pattern.set(st, everyDay.get(st)!.slice());
    plans = await solvePattern(ctx, runner, pattern, slice);
    cost = costOf(plans);
    unassigned = unassignedOf(plans);
  }
  if (cost < best.cost - 1e-9 && unassigned <= best.unassigned)
    return { pattern: copyPattern(pattern), plans, cost, unassigned };
  return null;
}
