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
    const { propA, pen } = this.ctx;
    propA.prefix(rU, a).reversed(rU, a + 1, b).suffix(rU, b + 1);
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
