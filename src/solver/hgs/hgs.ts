/** Search driver (first version: cheapest insertion + local search). */
import type { Instance } from '../instance.ts';
import { nearestNeighbours } from '../neighbours.ts';
import { insertJobs } from '../construct.ts';
import { LocalSearch, type RoutePlan } from '../search/localSearch.ts';
import type { SolveOptions } from '../types.ts';
import { createRng } from '../../util/rng.ts';

export function hybridGeneticSearch(inst: Instance, routable: number[], options: SolveOptions): RoutePlan[] {
  const rng = createRng(options.seed ?? 1);
  const neighbours = nearestNeighbours(inst);
  const pen = { load: 1e4, timeWarp: 1e4, distance: 1e4 };
  const ls = new LocalSearch(inst, pen, neighbours);
  ls.load([]);
  insertJobs(ls, routable);
  ls.run(rng);
  return ls.export();
}
