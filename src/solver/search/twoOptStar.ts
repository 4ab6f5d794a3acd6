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
    const costU = propA.prefix(rU, pU).suffix(rV, pV + 1).finish(rU.type, pen);
    const costV = propB.prefix(rV, pV).suffix(rU, pU + 1).finish(rV.type, pen);
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
