/** 2-opt (intra-route): reverse the clients between U and V so that U is followed by V. O(segment) evaluation. */
import type { Route } from '../route.ts';
import type { NodeOperator, SearchContext } from './operator.ts';

export class TwoOpt implements NodeOperator {
  readonly name = 'two-opt';
  constructor(private readonly ctx: SearchContext) {}

  evaluate(rU: Route, pU: number, rV: Route, pV: number): number {
    if (rU !== rV) return Infinity;
    const a = Math.min(pU, pV);
    const b = Math.max(pU, pV);
    if (b - a < 2) return Infinity;
    const { propA, pen, inst } = this.ctx;
    const size = inst.size;
    const newDist =
      rU.cumDist[a] +
      inst.dist[rU.loc(a) * size + rU.loc(b)] +
      (rU.cumRevDist[b] - rU.cumRevDist[a + 1]) +
      inst.dist[rU.loc(a + 1) * size + rU.loc(b + 1)] +
      (rU.cumDist[rU.length + 1] - rU.cumDist[b + 1]);
    if (inst.vFixed[rU.type] + inst.vCostDist[rU.type] * newDist >= rU.cost) return Infinity;
    propA
      .prefix(rU, a)
      .reversed(rU, a + 1, b)
      .suffix(rU, b + 1);
    return propA.finish(rU.type, pen) - rU.cost;
  }

  apply(rU: Route, pU: number, _rV: Route, pV: number): void {
    const a = Math.min(pU, pV);
    const b = Math.max(pU, pV);
    const jobs = rU.jobs;
    const next = [...jobs.slice(0, a), ...jobs.slice(a, b).reverse(), ...jobs.slice(b)];
    this.ctx.commit([[rU, next]]);
  }
}
