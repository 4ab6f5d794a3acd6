/**
 * Split (Prins / Vidal): cut a giant tour into routes optimally by a shortest path over tour positions.
 * Every vehicle type is tried for each route piece (so a piece also picks its depot), route costs are the
 * penalised costs of the search (capacity excess allowed up to a bound, time warp penalised), and each
 * extension is O(1) with segment summaries, so the split is O(n · L · types) for route length bound L.
 * Vehicle counts are then enforced: surplus routes of a type move to a type with a free vehicle, else they
 * are merged into a neighbouring route (the local search repairs the rest with penalties).
 */
import type { Instance } from '../instance.ts';
import { Proposal, Route, type Penalties } from '../route.ts';
import { DEFAULT_HGS_PARAMS, type HgsParams } from '../params.ts';
import type { RoutePlan } from '../search/localSearch.ts';

export class Splitter {
  private readonly inst: Instance;
  private readonly prop: Proposal;
  private readonly depots: Route[];
  private readonly types: number[];
  private readonly capTotal: Float64Array;
  private readonly maxRouteLength: number;

  constructor(
    inst: Instance,
    params: Pick<HgsParams, 'splitMaxLoadFactor' | 'splitMaxRouteLength'> = DEFAULT_HGS_PARAMS,
  ) {
    this.maxRouteLength = params.splitMaxRouteLength;
    this.inst = inst;
    this.prop = new Proposal(inst);
    this.depots = [];
    const none = { load: 0, timeWarp: 0, distance: 0 };
    for (let t = 0; t < inst.nTypes; t++) {
      const r = new Route(inst, -1, t);
      r.update(none);
      this.depots.push(r);
    }
    // Identical vehicle types need only be tried once.
    this.types = [];
    for (let t = 0; t < inst.nTypes; t++)
      if (inst.vCount[t] > 0 && (!inst.homogeneous || this.types.length === 0)) this.types.push(t);
    this.capTotal = new Float64Array(inst.nTypes * inst.dims);
    for (let i = 0; i < this.capTotal.length; i++) this.capTotal[i] = inst.capacity[i] * params.splitMaxLoadFactor;
  }

  split(tour: readonly number[], pen: Penalties): RoutePlan[] {
    const inst = this.inst;
    const n = tour.length;
    const dims = inst.dims;
    const m = inst.nTypes;
    const best = new Float64Array(n + 1).fill(Infinity);
    const pred = new Int32Array(n + 1);
    const predType = new Int32Array(n + 1);
    best[0] = 0;
    const del = new Float64Array(dims);
    const pick = new Float64Array(dims);
    for (let i = 0; i < n; i++) {
      const base = best[i];
      if (base === Infinity) continue;
      for (const t of this.types) {
        this.prop.prefix(this.depots[t], 0);
        del.fill(0);
        pick.fill(0);
        for (let j = i; j < n && j - i < this.maxRouteLength; j++) {
          const job = tour[j];
          if (inst.compatible[job * m + t] === 0) break;
          let over = false;
          for (let k = 0; k < dims; k++) {
            del[k] += inst.delivery[job * dims + k];
            pick[k] += inst.pickup[job * dims + k];
            if (Math.max(del[k], pick[k]) > this.capTotal[t * dims + k]) over = true;
          }
          if (over && j > i) break;
          this.prop.client(job);
          const c = base + this.prop.finish(t, pen);
          if (c < best[j + 1]) {
            best[j + 1] = c;
            pred[j + 1] = i;
            predType[j + 1] = t;
          }
        }
      }
    }
    const plans: RoutePlan[] = [];
    let j = n;
    while (j > 0) {
      const i = pred[j];
      plans.push({ type: predType[j], jobs: tour.slice(i, j) });
      j = i;
    }
    plans.reverse();
    return enforceCounts(inst, plans);
  }
}

/** Make the number of routes of each type ≤ its count. */
export function enforceCounts(inst: Instance, plans: RoutePlan[]): RoutePlan[] {
  const m = inst.nTypes;
  const slots = (t: number) => Math.min(inst.vCount[t], Math.max(1, inst.n));
  const used = new Array<number>(m).fill(0);
  for (const p of plans) used[p.type]++;
  if (used.every((u, t) => u <= slots(t))) return plans;
  const fits = (jobs: number[], t: number) => jobs.every((j) => inst.compatible[j * m + t] === 1);
  for (const p of plans) {
    if (used[p.type] <= slots(p.type)) continue;
    for (let t = 0; t < m; t++) {
      if (used[t] < slots(t) && fits(p.jobs, t)) {
        used[p.type]--;
        used[t]++;
        p.type = t;
        break;
      }
    }
  }
  // Still too many: merge the smallest surplus routes into a compatible neighbour.
  let out = plans;
  for (let t = 0; t < m; t++) {
    while (used[t] > slots(t)) {
      let victim = -1;
      for (let i = 0; i < out.length; i++) {
        if (out[i].type === t && (victim < 0 || out[i].jobs.length < out[victim].jobs.length)) victim = i;
      }
      const v = out[victim];
      let host = -1;
      for (let d = 1; d < out.length && host < 0; d++) {
        for (const k of [victim - d, victim + d]) {
          if (k >= 0 && k < out.length && fits(v.jobs, out[k].type)) {
            host = k;
            break;
          }
        }
      }
      if (host < 0) break; // nothing compatible: leave it, the caller's slots decide
      out[host].jobs.push(...v.jobs);
      out = out.filter((_, i) => i !== victim);
      used[t]--;
    }
  }
  // A type whose routes still exceed its slots (no compatible host): drop its extra routes' jobs into the
  // first compatible route of any type, ignoring order; the search will sort them out.
  for (let t = 0; t < m; t++) {
    while (used[t] > slots(t)) {
      const idx = out.findIndex((p) => p.type === t);
      const v = out[idx];
      out = out.filter((_, i) => i !== idx);
      used[t]--;
      for (const j of v.jobs) {
        const host = out.find((p) => inst.compatible[j * m + p.type] === 1);
        if (host) host.jobs.push(j);
      }
    }
  }
  return out;
}
