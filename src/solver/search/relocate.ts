/** Relocate: move the chain of k consecutive clients starting at U to just after V (k = 1, 2, 3). */
import type { Route } from '../route.ts';
import { rangeCompatible, type NodeOperator, type SearchContext } from './operator.ts';

export class Relocate implements NodeOperator {
  readonly name: string;
  constructor(
    private readonly ctx: SearchContext,
    private readonly k: number,
  ) {
    this.name = `relocate${k}`;
  }

  evaluate(rU: Route, pU: number, rV: Route, pV: number): number {
    const k = this.k;
    const last = pU + k - 1;
    if (last > rU.length) return Infinity;
    const { propA, propB, pen } = this.ctx;
    if (rU === rV) {
      if (pV >= pU - 1 && pV <= last) return Infinity;
      // Distance after the move is exact in O(1); it bounds the cost from below.
      const inst = this.ctx.inst;
      const size = inst.size;
      const dist = inst.dist;
      const first = rU.loc(pU);
      const lastLoc = rU.loc(last);
      const prev = rU.loc(pU - 1);
      const next = rU.loc(last + 1);
      const vLoc = rU.loc(pV);
      const vNext = rU.loc(pV + 1);
      const newDist =
        rU.cumDist[rU.length + 1] -
        dist[prev * size + first] -
        dist[lastLoc * size + next] +
        dist[prev * size + next] -
        dist[vLoc * size + vNext] +
        dist[vLoc * size + first] +
        dist[lastLoc * size + vNext];
      if (inst.vFixed[rU.type] + inst.vCostDist[rU.type] * newDist >= rU.cost) return Infinity;
      if (pV < pU)
        propA
          .prefix(rU, pV)
          .range(rU, pU, last)
          .range(rU, pV + 1, pU - 1)
          .suffix(rU, last + 1);
      else
        propA
          .prefix(rU, pU - 1)
          .range(rU, last + 1, pV)
          .range(rU, pU, last)
          .suffix(rU, pV + 1);
      return propA.finish(rU.type, pen) - rU.cost;
    }
    if (!rangeCompatible(this.ctx, rU, pU, last, rV.type)) return Infinity;
    // Lower bound from distance and fixed costs alone (penalties and duration cost are ≥ 0).
    const inst = this.ctx.inst;
    const size = inst.size;
    const first = rU.loc(pU);
    const lastLoc = rU.loc(last);
    const vLoc = rV.loc(pV);
    const vNext = rV.loc(pV + 1);
    const uEmpties = pU === 1 && last === rU.length;
    const lbU = uEmpties
      ? 0
      : inst.vFixed[rU.type] +
        inst.vCostDist[rU.type] *
          (rU.cumDist[rU.length + 1] -
            rU.cumDist[last + 1] +
            rU.cumDist[pU - 1] +
            inst.dist[rU.loc(pU - 1) * size + rU.loc(last + 1)]);
    const lbV =
      inst.vFixed[rV.type] +
      inst.vCostDist[rV.type] *
        (rV.cumDist[rV.length + 1] -
          inst.dist[vLoc * size + vNext] +
          inst.dist[vLoc * size + first] +
          rU.cumDist[last] -
          rU.cumDist[pU] +
          inst.dist[lastLoc * size + vNext]);
    if (lbU + lbV >= rU.cost + rV.cost) return Infinity;
    const costV = propB
      .prefix(rV, pV)
      .range(rU, pU, last)
      .suffix(rV, pV + 1)
      .finish(rV.type, pen);
    if (costV - rV.cost >= rU.cost) return Infinity; // removing the chain cannot save more than rU's cost
    const costU = propA
      .prefix(rU, pU - 1)
      .suffix(rU, last + 1)
      .finish(rU.type, pen);
    return costU + costV - rU.cost - rV.cost;
  }

  apply(rU: Route, pU: number, rV: Route, pV: number): void {
    const k = this.k;
    if (rU === rV) {
      const jobs = rU.jobs.slice();
      const chain = jobs.splice(pU - 1, k);
      const insertAt = pV < pU ? pV : pV - k;
      jobs.splice(insertAt, 0, ...chain);
      this.ctx.commit([[rU, jobs]]);
      return;
    }
    const u = rU.jobs.slice();
    const chain = u.splice(pU - 1, k);
    const v = rV.jobs.slice();
    v.splice(pV, 0, ...chain);
    this.ctx.commit([
      [rU, u],
      [rV, v],
    ]);
  }
}
