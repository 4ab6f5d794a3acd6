/**
 * `gongpei worker`: a BullMQ worker that runs plan, hubs and coverage jobs, each in a worker thread. It needs
 * only the Redis URL (the scenario is in the job). Cancel: the submitter sets the job's cancel key; the worker
 * polls it, stops the thread and fails the job without retry. A SIGKILLed worker's job lock expires and
 * BullMQ's stalled-job check puts the job back for another worker.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { openRedis } from './redis.ts';
import {
  cancelKey,
  DEFAULT_QUEUE_PREFIX,
  QUEUE_NAME,
  unpackScenario,
  type QueueJobData,
  type QueueTask,
} from './protocol.ts';
import { dropSpareThread, prewarmThread, runInThread } from './thread-run.ts';

export interface QueueWorkerOptions {
  url: string;
  prefix?: string;
  concurrency?: number;
  /** BullMQ lock duration (ms): how long a killed worker's job waits before it is re-run elsewhere. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  name?: string;
  log?: (line: string) => void;
}

/** What a worker returns: the task's result and who computed it. */
export interface QueueJobReturn {
  worker: string;
  result: unknown;
}

export const CANCELLED = 'cancelled by request';
const CANCEL_POLL_MS = 300;
const PROGRESS_EVERY_MS = 500;

export async function startQueueWorker(options: QueueWorkerOptions): Promise<{ name: string; close(): Promise<void> }> {
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? (() => {});
  const connection = await openRedis(options.url);

  const processor = async (job: Job<QueueJobData>): Promise<QueueJobReturn> => {
    const data = job.data;
    if (await connection.exists(cancelKey(prefix, data.jobId))) throw new UnrecoverableError(CANCELLED);
    log(`${data.jobId}: ${data.kind} of ${data.scenarioId} (attempt ${job.attemptsMade + 1})`);
    const task = {
      kind: data.kind,
      scenarioId: data.scenarioId,
      scenario: unpackScenario(data.scenarioGz),
      params: data.params,
    } as QueueTask;
    let lastProgress = 0;
    const run = runInThread(task, (fraction, bestCost) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS && fraction < 1) return;
      lastProgress = now;
      void job.updateProgress({ fraction, bestCost }).catch(() => {});
    });
    let cancelled = false;
    const poll = setInterval(() => {
      void connection.exists(cancelKey(prefix, data.jobId)).then(
        (n) => {
          if (n && !cancelled) {
            cancelled = true;
            run.abort(CANCELLED);
          }
        },
        () => {},
      );
    }, CANCEL_POLL_MS);
    try {
      const result = await run.result;
      log(`${data.jobId}: done`);
      return { worker: name, result };
    } catch (err) {
      if (cancelled) {
        log(`${data.jobId}: failed: ${CANCELLED}`);
        throw new UnrecoverableError(CANCELLED);
      }
      log(`${data.jobId}: failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    } finally {
      clearInterval(poll);
    }
  };

  const worker = new Worker<QueueJobData, QueueJobReturn>(QUEUE_NAME, processor, {
    connection,
    prefix,
    name,
    concurrency: Math.max(1, options.concurrency ?? 1),
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 3,
  });
  worker.on('error', (err) => log(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  prewarmThread();
  return {
    name,
    async close() {
      await worker.close();
      await dropSpareThread();
      connection.disconnect();
    },
  };
}
