/**
 * The API server's BullMQ backend (GONGPEI_REDIS_URL): jobs of the JobRunner are added to the queue under their
 * store id, progress comes back through QueueEvents (relayed to SSE by the runner), results are polled and
 * handed to the runner once per job, which stores them (the store stays on the API server: docs/prefecture.md).
 */
import type { JobRecord } from '../../store/types.ts';
import type { RemoteJobBackend } from '../jobs.ts';
import type { WorkerTask } from '../protocol.ts';
import { QueueClient } from './producer.ts';
import type { QueueKind } from './protocol.ts';

type Hooks = Parameters<RemoteJobBackend['start']>[2];

export class RedisJobBackend implements RemoteJobBackend {
  private readonly live = new Map<string, Hooks>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  private constructor(private readonly client: QueueClient) {}

  static async open(url: string, prefix?: string): Promise<RedisJobBackend> {
    const client = await QueueClient.open(url, { prefix });
    const backend = new RedisJobBackend(client);
    await client.onProgress((jobId, data) => {
      const p = data as { fraction?: number; bestCost?: number | null } | null;
      if (p && typeof p.fraction === 'number') backend.live.get(jobId)?.progress(p.fraction, p.bestCost ?? null);
    });
    backend.timer = setInterval(() => void backend.poll(), 500);
    backend.timer.unref();
    return backend;
  }

  start(job: JobRecord, task: WorkerTask, hooks: Hooks): void {
    this.live.set(job.id, hooks);
    this.client
      .submit(job.id, task.kind as QueueKind, task.scenarioId, task.scenario, task.params)
      .catch((err: Error) => this.finish(job.id, (h) => h.failed(`could not queue the job: ${err.message}`)));
  }

  cancel(jobId: string): void {
    this.live.delete(jobId);
    void this.client.cancel(jobId).catch(() => {});
  }

  private finish(jobId: string, call: (h: Hooks) => void): void {
    const hooks = this.live.get(jobId);
    if (!hooks) return;
    this.live.delete(jobId);
    call(hooks);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of [...this.live.keys()]) {
        const outcome = await this.client.outcome(id).catch(() => null);
        if (!outcome) continue;
        this.finish(id, (h) => (outcome.ok ? h.result(outcome.value.result) : h.failed(outcome.error)));
      }
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.live.clear();
    await this.client.close();
  }
}
