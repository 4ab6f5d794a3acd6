/** 2-opt* (inter-route tail exchange): U's route continues with what followed V, and V's with what followed U. */
import type { Route } from '../route.ts';
import { rangeCompatible, type NodeOperator, type SearchContext } from './operator.ts';

export class TwoOptStar implements NodeOperator {
  readonly name = 'two-opt*';
  constructor(private readonly ctx: SearchContext) {}

  evaluate(rU: Route, pU: number, rV: Route, pV: number): number {
    if (rU === rV) return Infinity;
    const { propA, propB, pen } = this.ctx;
    if (!rangeCompatible(this.ctx, rV, pV + 1, rV.length, rU.type)) return Infinity;
    if (!rangeCompatible(this.ctx, rU, pU + 1, rU.length, rV.type)) return Infinity;
    // Lower bound from distance and fixed costs alone (penalties and duration cost are ≥ 0).
    const inst = this.ctx.inst;
    const size = inst.size;
    const nU = rU.length;
    const nV = rV.length;
    const uLoc = rU.loc(pU);
    const vLoc = rV.loc(pV);
    const tailV = rV.cumDist[nV] - rV.cumDist[Math.min(pV + 1, nV)];
    const tailU = rU.cumDist[nU] - rU.cumDist[Math.min(pU + 1, nU)];
    // new route U: prefix(U, pU) → V's tail → U's end depot
    const distU =
      pV + 1 <= nV
        ? rU.cumDist[pU] +
          inst.dist[uLoc * size + rV.loc(pV + 1)] +
          tailV +
          inst.dist[rV.loc(nV) * size + inst.vEnd[rU.type]]
        : rU.cumDist[pU] + inst.dist[uLoc * size + inst.vEnd[rU.type]];
    const distV =
      pU + 1 <= nU
        ? rV.cumDist[pV] +
          inst.dist[vLoc * size + rU.loc(pU + 1)] +
          tailU +
          inst.dist[rU.loc(nU) * size + inst.vEnd[rV.type]]
        : rV.cumDist[pV] + inst.dist[vLoc * size + inst.vEnd[rV.type]];
    const emptyU = pU === 0 && pV + 1 > nV;
    const emptyV = pV === 0 && pU + 1 > nU;
    const lb =
      (emptyU ? 0 : inst.vFixed[rU.type] + inst.vCostDist[rU.type] * distU) +
      (emptyV ? 0 : inst.vFixed[rV.type] + inst.vCostDist[rV.type] * distV);
    if (lb >= rU.cost + rV.cost) return Infinity;
    const costU = propA
      .prefix(rU, pU)
      .suffix(rV, pV + 1)
      .finish(rU.type, pen);
    const costV = propB
      .prefix(rV, pV)
      .suffix(rU, pU + 1)
      .finish(rV.type, pen);
    return costU + costV - rU.cost - rV.cost;
  }

  apply(rU: Route, pU: number, rV: Route, pV: number): void {
    const u = [...rU.jobs.slice(0, pU), ...rV.jobs.slice(pV)];
    const v = [...rV.jobs.slice(0, pV), ...rU.jobs.slice(pU)];
    this.ctx.commit([
      [rU, u],
      [rV, v],
    ]);
  }
}
