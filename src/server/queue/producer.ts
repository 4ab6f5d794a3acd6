/**
 * The submitting side (the API server or `gongpei prefecture run --redis`): add jobs under our job id
 * (idempotent: a duplicate add is the same job), cancel them, and collect results. Only the submitter stores
 * results, and it stores a job's result once: a job completes once in BullMQ even when a killed worker's
 * attempt is re-run elsewhere.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Scenario } from '../../model/types.ts';
import { openRedis } from './redis.ts';
import {
  cancelKey,
  DEFAULT_QUEUE_PREFIX,
  packScenario,
  QUEUE_NAME,
  type QueueJobData,
  type QueueKind,
  type QueueParams,
} from './protocol.ts';
import type { QueueJobReturn } from './consumer.ts';

export type JobOutcome = { id: string; ok: true; value: QueueJobReturn } | { id: string; ok: false; error: string };

export interface QueueClientOptions {
  prefix?: string;
  /** Attempts per job (retries with exponential backoff from `backoffMs`). */
  attempts?: number;
  backoffMs?: number;
}

export class QueueClient {
  private constructor(
    private readonly connection: Redis,
    readonly queue: Queue<QueueJobData>,
    private readonly prefix: string,
    private readonly options: QueueClientOptions,
    private events: QueueEvents | null = null,
    private eventsConnection: Redis | null = null,
  ) {}

  static async open(url: string, options: QueueClientOptions = {}): Promise<QueueClient> {
    const connection = await openRedis(url);
    const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
    const queue = new Queue<QueueJobData>(QUEUE_NAME, { connection, prefix });
    return new QueueClient(connection, queue, prefix, options);
  }

  /** Add a job under `jobId`; adding the same id again does nothing (BullMQ keeps the first). */
  async submit(
    jobId: string,
    kind: QueueKind,
    scenarioId: string,
    scenario: Scenario,
    params: QueueParams,
  ): Promise<void> {
    const data: QueueJobData = { jobId, kind, scenarioId, scenarioGz: packScenario(scenario), params };
    await this.queue.add(kind, data, {
      jobId,
      attempts: this.options.attempts ?? 3,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 1000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
  }

  /** Cancel: drop it if no worker has it yet, else ask the worker running it to stop. */
  async cancel(jobId: string): Promise<void> {
    await this.connection.set(cancelKey(this.prefix, jobId), '1', 'EX', 24 * 3600);
    const job = await Job.fromId(this.queue, jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') await job.remove().catch(() => {});
  }

  /** Progress reports of running jobs (relayed to SSE by the server). */
  async onProgress(listener: (jobId: string, progress: unknown) => void): Promise<void> {
    if (!this.events) {
      this.eventsConnection = this.connection.duplicate();
      this.events = new QueueEvents(QUEUE_NAME, { connection: this.eventsConnection, prefix: this.prefix });
    }
    this.events.on('progress', ({ jobId, data }) => listener(jobId, data));
    await this.events.waitUntilReady();
  }

  /** Current outcome of a job, or null while it is waiting, running or being retried. */
  async outcome(jobId: string): Promise<JobOutcome | null> {
    // State first, then the job: read the other way round, a job finishing in between looks completed
    // without its return value.
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown')
      return {
        id: jobId,
        ok: false,
        error: (await this.connection.exists(cancelKey(this.prefix, jobId)))
          ? 'cancelled by request'
          : 'job not found in the queue',
      };
    if (state !== 'completed' && state !== 'failed') return null;
    const job = await Job.fromId<QueueJobData, QueueJobReturn>(this.queue, jobId);
    if (!job) return { id: jobId, ok: false, error: 'job removed from the queue before its result was read' };
    if (state === 'completed') return { id: jobId, ok: true, value: job.returnvalue };
    return { id: jobId, ok: false, error: job.failedReason || 'failed' };
  }

  /** Wait until every job finished; `onDone` is called exactly once per job, as it finishes. */
  async waitAll(jobIds: string[], onDone: (outcome: JobOutcome) => void | Promise<void>, pollMs = 500): Promise<void> {
    const open = new Set(jobIds);
    while (open.size > 0) {
      for (const id of [...open]) {
        const outcome = await this.outcome(id);
        if (!outcome) continue;
        open.delete(id);
        await onDone(outcome);
      }
      if (open.size > 0) await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async close(): Promise<void> {
    await this.events?.close();
    this.eventsConnection?.disconnect();
    await this.queue.close();
    this.connection.disconnect();
  }
}
