/**
 * Candidate schedules 'aligned' and 'sweep': each station of limit N ≥ 1 is visited every P-th day (P = N + 1,
 * lowered until one visit's load fits the largest vehicle of its depot). The stations of one depot and one P are
 * cut into angular sectors around the depot of about equal parcels, sector g visited on days g+1, g+1+P, …:
 * - sweep: P sectors (every day has work, each day's routes cover one compact sector);
 * - aligned: as few sectors as the depot's daily fleet capacity allows (often one: whole routes — and a hub's trunk
 *   stop — run only on those days).
 */
import { parcelsOf } from '../demand.ts';
import {
  capacityAt,
  copyPattern,
  fitsVehicle,
  loadOfDay,
  periodicDays,
  visitLoads,
  type HorizonContext,
} from './context.ts';
import type { Pattern } from './types.ts';

/** Visit period of each station that can be visited less often than every day. */
function periods(ctx: HorizonContext): Map<string, number> {
  const periodOf = new Map<string, number>();
  for (const s of ctx.stations) {
    const limit = ctx.limitOf.get(s)!;
    if (limit <= 0 || ctx.demandDays.get(s)!.length === 0) continue;
    for (let period = Math.min(limit + 1, ctx.days); period >= 2; period--) {
      // Capacity check with the worst offset.
      let ok = true;
      for (let o = 1; o <= period && ok; o++) ok = fitsVehicle(ctx, s, periodicDays(o, period, ctx.days));
      if (ok) {
        periodOf.set(s, period);
        break;
      }
    }
  }
  return periodOf;
}

interface Member {
  s: string;
  a: number;
  w: number;
}

/** Members sorted by angle around the depot, the ring starting after the widest angular gap. */
function ring(ctx: HorizonContext, depot: { lon: number; lat: number }, members: string[]): Member[] {
  const angle = (s: string) => {
    const p = ctx.placeById.get(s)!;
    return Math.atan2(p.lat - depot.lat, (p.lon - depot.lon) * Math.cos((depot.lat * Math.PI) / 180));
  };
  const weekly = (s: string) => ctx.demandDays.get(s)!.reduce((a, day) => a + parcelsOf(loadOfDay(ctx, s, day)), 0);
  const sorted = members
    .map((s) => ({ s, a: angle(s), w: weekly(s) }))
    .sort((x, y) => x.a - y.a || (x.s < y.s ? -1 : 1));
  // Start the cut at the widest angular gap so that no sector wraps across a crowded direction.
  let startIdx = 0;
  let widest = -1;
  for (let i = 0; i < sorted.length; i++) {
    const next = i + 1 < sorted.length ? sorted[i + 1].a : sorted[0].a + 2 * Math.PI;
    if (next - sorted[i].a > widest) {
      widest = next - sorted[i].a;
      startIdx = (i + 1) % sorted.length;
    }
  }
  return [...sorted.slice(startIdx), ...sorted.slice(0, startIdx)];
}

/** aligned: sectors needed so one visit day's load fits the depot's daily fleet capacity. */
function alignedSectors(ctx: HorizonContext, depot: string, members: string[], period: number, total: number): number {
  const cap = capacityAt(ctx, depot);
  const kgWeekly = members.reduce(
    (a, s) =>
      a +
      ctx.demandDays.get(s)!.reduce((b, day) => {
        const l = loadOfDay(ctx, s, day);
        return b + Math.max(l.kgDown, l.kgUp);
      }, 0),
    0,
  );
  const perVisitP = (total * period) / ctx.days;
  const perVisitK = (kgWeekly * period) / ctx.days;
  return Math.min(
    period,
    Math.max(1, Math.ceil(perVisitP / Math.max(1e-9, cap.dayP)), Math.ceil(perVisitK / Math.max(1e-9, cap.dayK))),
  );
}

export function sweepPattern(ctx: HorizonContext, everyDay: Pattern, mode: 'sweep' | 'aligned'): Pattern | null {
  const pattern = copyPattern(everyDay);
  const groups = new Map<string, string[]>();
  for (const [s, period] of periods(ctx)) {
    const key = `${ctx.depotOf.get(s)}\u0000${period}`;
    const g = groups.get(key) ?? [];
    g.push(s);
    groups.set(key, g);
  }
  let changed = false;
  for (const [key, members] of groups) {
    const [depot, periodText] = key.split('\u0000') as [string, string];
    const period = Number(periodText);
    const d = ctx.placeById.get(depot);
    if (!d) continue;
    const cut = ring(ctx, d, members);
    const total = cut.reduce((a, x) => a + x.w, 0);
    const sectors = mode === 'aligned' ? alignedSectors(ctx, depot, members, period, total) : period;
    let acc = 0;
    for (const x of cut) {
      const sector = Math.min(sectors - 1, Math.floor((sectors * (acc + x.w / 2)) / Math.max(1e-9, total)));
      acc += x.w;
      const visits = periodicDays(1 + Math.floor((sector * period) / sectors), period, ctx.days);
      if (visitLoads(ctx, x.s, visits)) {
        pattern.set(x.s, visits);
        changed = true;
      }
    }
  }
  return changed ? pattern : null;
}
