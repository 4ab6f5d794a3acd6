/**
 * Parallel education (HgsParams.parallelEducation): the genetic search on the calling thread hands offspring to
 * pool workers, each holding the same instance, neighbourhood and local search, and takes their educated
 * routes back into its one population while it educates offspring of its own. Never blocks: a worker that is
 * still booting or busy just takes nothing, and one that fails is dropped.
 */
import type { Instance } from '../instance.ts';
import type { HgsParams } from '../params.ts';
import type { Penalties } from '../cost.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import type { Educators } from '../hgs/hgs.ts';
import { problemOf, type Educated, type WorkerPool } from './pool.ts';

type State = 'starting' | 'ready' | 'busy' | 'dead';

export class PoolEducators implements Educators {
  private readonly state = new Map<number, State>();

  constructor(
    private readonly pool: WorkerPool,
    inst: Instance,
    routable: number[],
    params: HgsParams,
    seed: number,
  ) {
    pool.available().forEach((k, i) => {
      pool.post(k, {
        ...problemOf(inst.problem),
        routable,
        params,
        seed: seed + 7919 * (i + 1),
        timeLimit: 0,
        educator: true,
      });
      this.state.set(k, 'starting');
    });
  }

  free(): number {
    this.update();
    let n = 0;
    for (const s of this.state.values()) if (s === 'ready') n++;
    return n;
  }

  post(plans: RoutePlan[], pen: Penalties): void {
    for (const [k, s] of this.state) {
      if (s !== 'ready') continue;
      this.pool.send(k, { type: 'educate', plans, pen: { ...pen } });
      this.state.set(k, 'busy');
      return;
    }
  }

  take(): Educated[] {
    const out: Educated[] = [];
    for (const [k, s] of this.state) {
      if (s !== 'busy') continue;
      const done = this.pool.take(k, 'educated');
      if (done.length > 0) this.state.set(k, 'ready');
      out.push(...done);
    }
    this.update();
    return out;
  }

  /** End of the search: the workers may take other tasks (an education still running finishes first). */
  close(): void {
    for (const [k, s] of this.state) if (s !== 'dead') this.pool.release(k);
  }

  private update(): void {
    for (const [k, s] of this.state) {
      if (s === 'dead') continue;
      const failed = this.pool.take(k, 'error');
      if (failed.length > 0 || !this.pool.alive(k)) {
        this.pool.fail(k, failed[0]?.message ?? 'worker stopped');
        this.state.set(k, 'dead');
      } else if (s === 'starting' && this.pool.take(k, 'result').length > 0) this.state.set(k, 'ready');
    }
  }
}
