/** Cheapest insertion of jobs into the local search's routes (penalised cost, O(route length) per route). */
import type { LocalSearch } from './search/localSearch.ts';

export function insertJobs(ls: LocalSearch, jobs: readonly number[]): void {
  const inst = ls.inst;
  const m = inst.nTypes;
  for (const j of jobs) {
    let bestDelta = Infinity;
    let bestRoute = -1;
    let bestPos = 0;
    const emptySeen = new Uint8Array(m);
    for (const r of ls.routes) {
      if (inst.compatible[j * m + r.type] === 0) continue;
      if (r.length === 0) {
        if (emptySeen[r.type]) continue;
        emptySeen[r.type] = 1;
      }
      for (let p = 0; p <= r.length; p++) {
        const delta =
          ls.propA
            .prefix(r, p)
            .client(j)
            .suffix(r, p + 1)
            .finish(r.type, ls.pen) - r.cost;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestRoute = r.index;
          bestPos = p;
        }
      }
    }
    if (bestRoute < 0) continue;
    const r = ls.routes[bestRoute];
    const next = r.jobs.slice();
    next.splice(bestPos, 0, j);
    ls.commit([[r, next]]);
  }
}
