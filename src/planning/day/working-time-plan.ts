/**
 * Working time in the plan: each vehicle's lunch break on its routes (`break` on the trip it follows, or on trip 1
 * when it comes before), and the unassigned reasons `max_work` and `break` for stations the limits keep out.
 */
import type { FleetRow } from '../../model/types.ts';
import type { UnassignedReason } from '../../solver/types.ts';
import { formatClock, parseClock } from '../../util/time.ts';
import type { DayContext } from './context.ts';
import type { Physical } from './trips.ts';
import { breakRule, closeBreak } from './working-time.ts';

/** Put each used vehicle's break (closing it after the last trip if not taken yet) on its routes. */
export function placeBreaks(ctx: DayContext, depot: string, physical: Physical[]): void {
  for (const p of physical) {
    const rule = breakRule(p.row);
    if (!p.used || !rule) continue;
    closeBreak(p.row, p.work);
    const at = p.work.breakAt!;
    const trips = ctx.routes.filter((r) => r.kind === 'delivery' && r.depot === depot && r.vehicle === p.id);
    const before = trips.filter((r) => parseClock(r.returnTime) <= at + 30);
    const host = before.length > 0 ? before[before.length - 1] : trips[0];
    host.break = { start: formatClock(at), end: formatClock(at + rule.seconds) };
  }
}

/**
 * Reason of a job the final round could not place: a shift or duration limit of a fleet with a working-day
 * limit is `max_work`; a shift or window limit of a fleet with a break is `break` (the break narrows the shift).
 */
export function workReason(rows: FleetRow[], reason: UnassignedReason): UnassignedReason | 'max_work' | 'break' {
  if ((reason === 'max_duration' || reason === 'shift') && rows.some((r) => r.maxWorkMinutes)) return 'max_work';
  if ((reason === 'shift' || reason === 'time_window') && rows.some((r) => breakRule(r))) return 'break';
  return reason;
}
