/** Human text of an engine's unassigned reason for a station part served from a depot. */
import type { UnassignedReason } from '../../solver/types.ts';

export function reasonText(
  reason: UnassignedReason | 'max_work' | 'break',
  part: string,
  depot: string,
  detail?: string,
): string {
  const what = part === 'cold' ? 'cold items' : 'parcels';
  const base: Record<string, string> = {
    capacity: `${what} exceed the capacity of every vehicle at ${depot}`,
    time_window: `no vehicle from ${depot} can arrive inside the working day`,
    shift: `a round trip from ${depot} does not fit in any vehicle's shift`,
    skill: `no vehicle at ${depot} has the skill the ${what} need`,
    unreachable: `no road route from ${depot}`,
    max_distance: `the round trip from ${depot} exceeds every vehicle's max km`,
    max_duration: `the round trip from ${depot} exceeds every vehicle's max duration`,
    max_work: `no vehicle at ${depot} can take it within its working day (max_work_minutes)`,
    break: `no vehicle at ${depot} can take it and still have its lunch break in the break window`,
    fleet: `the fleet at ${depot} is too small for the day's stations (all vehicles are full or their shifts are used up)`,
  };
  const text = base[reason] ?? `${reason} (${what}, depot ${depot})`;
  return detail ? `${text}: ${detail}` : text;
}
