/**
 * Job runner: plan and hub-location jobs run in worker threads so the API stays responsive.
 *
 * Life of a job: the row is written to the store (status queued) BEFORE any work starts, so a crash or
 * restart can never lose a job: at the next start `recoverInterruptedJobs()` puts queued/running rows back in
 * the queue (run again with their stored params; a plan job whose plan is already stored is just marked done;
 * a job a crash interrupted MAX_JOB_ATTEMPTS times is failed). One worker runs at a time by default (the machine has few cores and one solve uses one fully);
 * the others wait in a FIFO queue.
 *
 * Cancel: the stop flag (SharedArrayBuffer) is raised for solvers that poll `shouldStop`, the job is marked
 * cancelled at once and the worker is terminated. The best-so-far solution of a cancelled job is NOT
 * stored as a plan: a plan in the store is always a finished solve of the requested time limit.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { REQUEUED_MARK, type Store, type JobRecord, type JobStatus } from '../store/types.ts';
import type { PlanResult } from '../planning/types.ts';
import type { HubJobParams, PlanJobParams, WorkerInput, WorkerMessage, WorkerRun, WorkerTask } from './protocol.ts';

const BOOT_URL = new URL('./worker-boot.mjs', import.meta.url);
const WORKER_URL = new URL('./worker.ts', import.meta.url).href;

export const TERMINAL: ReadonlySet<JobStatus> = new Set(['done', 'failed', 'cancelled']);

/** The job as the API shows it (GET /api/jobs/:id and every SSE event). */
export interface JobView {
  id: string;
  jobId: string;
  scenarioId: string;
  kind: string;
  params: unknown;
  status: JobStatus;
  progress: number;
  bestCost?: number;
  planId?: string;
  result?: unknown;
  error?: string;
  createdAt: string;
  updatedAt: string;
  /** Who submitted it (token name or 'anonymous'). */
  createdBy?: string;
}

/** The queue is full: the API answers 429 with Retry-After. */
export class QueueFullError extends Error {
  readonly code = 'queue_full';
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`the job queue is full (${limit} jobs waiting): try again in ${retryAfterSeconds} s`);
  }
}

export { REQUEUED_MARK };

export function jobView(job: JobRecord): JobView {
  const view: JobView = {
    id: job.id,
    jobId: job.id,
    scenarioId: job.scenarioId,
    kind: job.kind,
    params: job.params,
    status: job.status,
    progress: job.progress,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
  if (job.bestCost !== null && job.bestCost !== undefined) view.bestCost = job.bestCost;
  if (job.planId) view.planId = job.planId;
  if (job.result !== null && job.result !== undefined) view.result = job.result;
  if (job.error) view.error = job.error;
  if (job.createdBy) view.createdBy = job.createdBy;
  return view;
}

export type JobEventType = 'status' | 'progress' | 'done' | 'failed' | 'cancelled' | 'shutdown';
export interface JobEvent {
  type: JobEventType;
  job: JobView;
}

interface RunningJob {
  worker: Worker;
  stop: Int32Array;
  lastStoreWrite: number;
  timer: NodeJS.Timeout;
}

export interface JobRunnerOptions {
  /** Parallel workers (default 1). */
  concurrency?: number;
  /** Progress is written to the store at most this often (ms); SSE gets every report. */
  storeThrottleMs?: number;
  /** Keep one worker started ahead of time, so a job does not wait for the modules to load (default true). */
  spareWorker?: boolean;
  /** Jobs waiting (not running) at most; one more is refused with QueueFullError (default 20). */
  maxQueued?: number;
}

interface Spare {
  worker: Worker;
  alive: boolean;
}

/**
 * Seam for a remote executor (the BullMQ backend, src/server/queue/backend.ts, chosen by start.ts when
 * GONGPEI_REDIS_URL is set): jobs go there instead of worker threads; the store and SSE stay here.
 */
export interface RemoteJobBackend {
  start(
    job: JobRecord,
    task: WorkerTask,
    hooks: {
      progress(fraction: number, bestCost: number | null): void;
      result(value: unknown): void;
      failed(message: string): void;
    },
  ): void;
  cancel(jobId: string): void;
  close(): Promise<void>;
}
let nextRemote: RemoteJobBackend | null = null;
/** The backend the next JobRunner uses (start.ts sets it around createApp). */
export function useRemoteJobBackend(backend: RemoteJobBackend | null): void {
  nextRemote = backend;
}

export class JobRunner {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, RunningJob>();
  private readonly events = new EventEmitter();
  private readonly concurrency: number;
  private readonly storeThrottleMs: number;
  private closed = false;
  private readonly keepSpare: boolean;
  private spare: Spare | null = null;
  private readonly remote = nextRemote;
  private readonly remoteRunning = new Set<string>();
  readonly maxQueued: number;

  constructor(
    private readonly store: Store,
    options: JobRunnerOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.storeThrottleMs = options.storeThrottleMs ?? 500;
    this.keepSpare = !this.remote && (options.spareWorker ?? true);
    this.maxQueued = Math.max(1, options.maxQueued ?? 20);
    this.events.setMaxListeners(0);
  }

  private spawn(): Spare {
    const input: WorkerInput = { entry: WORKER_URL };
    const spare: Spare = { worker: new Worker(BOOT_URL, { workerData: input }), alive: true };
    spare.worker.once('exit', () => (spare.alive = false));
    spare.worker.once('error', () => (spare.alive = false));
    return spare;
  }

  /** A started worker for the next job: the spare if it is alive, else a new one; then start the next spare. */
  private takeWorker(): Worker {
    let taken = this.spare && this.spare.alive ? this.spare : null;
    if (!taken && this.spare) void this.spare.worker.terminate();
    this.spare = null;
    taken ??= this.spawn();
    this.ensureSpare();
    return taken.worker;
  }

  /** Start the spare worker now (server start-up), so even the first job skips the module loading. */
  warmUp(): void {
    this.ensureSpare();
  }

  private ensureSpare(): void {
    if (this.closed || !this.keepSpare || (this.spare && this.spare.alive)) return;
    this.spare = this.spawn();
    // An idle spare must not keep the process alive (CLI exit, test teardown).
    this.spare.worker.unref();
  }

  submitPlan(scenarioId: string, params: PlanJobParams, createdBy?: string): JobRecord {
    return this.submit(scenarioId, 'plan', params, createdBy);
  }

  submitHubs(scenarioId: string, params: HubJobParams, createdBy?: string): JobRecord {
    return this.submit(scenarioId, 'hubs', params, createdBy);
  }

  private submit(scenarioId: string, kind: WorkerTask['kind'], params: unknown, createdBy?: string): JobRecord {
    if (this.closed) throw new QueueFullError(0, 30);
    if (this.queue.length >= this.maxQueued) throw new QueueFullError(this.maxQueued, this.retryAfterSeconds());
    const job = this.store.createJob(scenarioId, kind, params, createdBy);
    this.queue.push(job.id);
    this.ensureSpare();
    // Start on the next tick so the caller can answer 202 before a worker spins up.
    this.pumpSoon();
    return job;
  }

  /** A rough wait until a queue slot frees: queued jobs × their time limits, at least 5 s, at most 10 min. */
  private retryAfterSeconds(): number {
    let seconds = 0;
    for (const id of this.queue.slice(0, 1)) {
      const params = (this.store.getJob(id)?.params ?? {}) as { timeLimit?: number; horizon?: number };
      seconds += Number(params.timeLimit ?? 30) * Number(params.horizon ?? 1);
    }
    return Math.min(600, Math.max(5, Math.round(seconds)));
  }

  /**
   * Put jobs a previous process left behind back in the queue (server start: graceful drain or crash). They
   * were accepted once, so the queue bound does not refuse them; new submissions wait behind them.
   */
  resume(jobIds: string[]): void {
    for (const id of jobIds) {
      if (this.queue.includes(id)) continue;
      this.store.updateJob(id, { error: null });
      this.queue.push(id);
    }
    if (jobIds.length > 0) this.pumpSoon();
  }

  /**
   * Graceful stop (SIGTERM): take no new jobs, let running ones finish for up to `graceMs`, then put what is
   * left (queued and still running) back as queued with REQUEUED_MARK for the next start, and tell SSE
   * listeners with a final `shutdown` event.
   */
  async drain(graceMs: number): Promise<{ finished: number; requeued: number }> {
    this.closed = true;
    const runningAtStart = this.running.size;
    const deadline = Date.now() + graceMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const finished = runningAtStart - this.running.size;
    const left = [...this.queue.splice(0), ...this.running.keys()];
    for (const [id, run] of this.running) {
      this.running.delete(id);
      clearTimeout(run.timer);
      Atomics.store(run.stop, 0, 1);
      await run.worker.terminate();
    }
    for (const id of left) {
      try {
        const job = this.store.updateJob(id, { status: 'queued', progress: 0, error: REQUEUED_MARK });
        this.emit('shutdown', job);
      } catch {
        // row gone (scenario deleted): nothing to re-queue
      }
    }
    await this.close();
    return { finished, requeued: left.length };
  }

  /** Listen to one job's events; returns the unsubscribe function. */
  subscribe(jobId: string, listener: (event: JobEvent) => void): () => void {
    const channel = `job:${jobId}`;
    this.events.on(channel, listener);
    return () => this.events.off(channel, listener);
  }

  /** Cancel a queued or running job. Returns the updated record (unchanged if already finished). */
  cancel(jobId: string): JobRecord | null {
    const job = this.store.getJob(jobId);
    if (!job) return null;
    if (TERMINAL.has(job.status)) return job;
    const queued = this.queue.indexOf(jobId);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (this.remoteRunning.delete(jobId)) this.remote!.cancel(jobId);
    const run = this.running.get(jobId);
    if (run) {
      Atomics.store(run.stop, 0, 1);
      this.running.delete(jobId);
      clearTimeout(run.timer);
      void run.worker.terminate();
    }
    const updated = this.store.updateJob(jobId, { status: 'cancelled', error: 'cancelled by request' });
    this.emit('cancelled', updated);
    this.pumpSoon();
    return updated;
  }

  /** Number of jobs queued or running in this process. */
  get activeCount(): number {
    return this.queue.length + this.running.size + this.remoteRunning.size;
  }

  /** Stop all workers (server shutdown). Their jobs become failed: they did not finish. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.spare) {
      const spare = this.spare.worker;
      this.spare = null;
      await spare.terminate();
    }
    for (const id of this.queue.splice(0)) this.finishFailed(id, 'server shut down before the job started');
    const stops = [...this.running.entries()].map(async ([id, run]) => {
      this.running.delete(id);
      clearTimeout(run.timer);
      Atomics.store(run.stop, 0, 1);
      await run.worker.terminate();
      this.finishFailed(id, 'server shut down while the job was running');
    });
    await Promise.all(stops);
    await this.remote?.close();
    this.events.removeAllListeners();
  }

  private emit(type: JobEventType, job: JobRecord): void {
    this.events.emit(`job:${job.id}`, { type, job: jobView(job) } satisfies JobEvent);
  }

  private finishFailed(jobId: string, message: string): void {
    try {
      const job = this.store.updateJob(jobId, { status: 'failed', error: message });
      this.emit('failed', job);
    } catch {
      // store already closed: recoverInterruptedJobs() at the next start runs it again
    }
  }

  private pump(): void {
    while (!this.closed && (this.remote || this.running.size < this.concurrency) && this.queue.length > 0) {
      const id = this.queue.shift()!;
      try {
        this.start(id);
      } catch (err) {
        this.finishFailed(id, err instanceof Error ? err.message : String(err));
      }
    }
  }

  private start(jobId: string): void {
    const job = this.store.getJob(jobId);
    if (!job || job.status !== 'queued') return;
    const scenario = this.store.getScenario(job.scenarioId);
    if (!scenario) throw new Error(`scenario "${job.scenarioId}" no longer exists`);
    const task = { kind: job.kind, scenarioId: job.scenarioId, scenario, params: job.params } as WorkerTask;
    if (this.remote) return this.startRemote(job, task);
    const stopBuffer = new SharedArrayBuffer(4);
    const worker = this.takeWorker();
    worker.ref();
    worker.postMessage({ type: 'run', task, stop: stopBuffer } satisfies WorkerRun);
    // A solve that ignores its time limit must not hold the queue forever.
    // Periodic and compare plans run the engine many times (days × carriers), hence the generous factor.
    const params = job.params as { timeLimit?: number; horizon?: number };
    const engineSeconds = Number(params.timeLimit ?? 30) * Number(params.horizon ?? 1);
    // …but never more than two hours: the API caps what a job may ask for (routes/plans.ts MAX_JOB_SECONDS).
    const watchdogMs = Math.min(2 * 3600, engineSeconds * 16 + 300) * 1000;
    const timer = setTimeout(() => {
      if (!this.running.has(jobId)) return;
      this.running.delete(jobId);
      void worker.terminate();
      this.finishFailed(jobId, `job exceeded ${Math.round(watchdogMs / 1000)} s and was stopped`);
      this.pumpSoon();
    }, watchdogMs);
    timer.unref();
    const run: RunningJob = { worker, stop: new Int32Array(stopBuffer), lastStoreWrite: 0, timer };
    this.running.set(jobId, run);
    this.emit('status', this.store.updateJob(jobId, { status: 'running', progress: 0 }));

    let progress = 0;
    let bestCost: number | null = null;
    worker.on('message', (msg: WorkerMessage) =>
      this.guard(jobId, run, () => {
        if (this.running.get(jobId) !== run) return; // cancelled or timed out: ignore late messages
        if (msg.type === 'ready') return;
        if (msg.type === 'progress') {
          progress = Math.max(progress, Math.min(0.99, msg.fraction));
          if (msg.bestCost !== null && Number.isFinite(msg.bestCost)) bestCost = msg.bestCost;
          const now = Date.now();
          let record: JobRecord;
          if (now - run.lastStoreWrite >= this.storeThrottleMs) {
            run.lastStoreWrite = now;
            record = this.store.updateJob(jobId, { progress, bestCost });
          } else {
            const current = this.store.getJob(jobId);
            if (!current) throw new Error(`unknown job "${jobId}"`);
            record = { ...current, progress, bestCost };
          }
          this.emit('progress', record);
        } else if (msg.type === 'result') {
          this.settle(jobId, run, () => this.storeResult(job, msg.result));
        } else {
          this.settle(jobId, run, () => {
            const failed = this.store.updateJob(jobId, {
              status: 'failed',
              error: msg.message || 'the job failed without a message',
            });
            this.emit('failed', failed);
          });
        }
      }),
    );
    worker.on('error', (err) =>
      this.guard(jobId, run, () => {
        if (this.running.get(jobId) !== run) return;
        this.settle(jobId, run, () => this.finishFailed(jobId, `worker crashed: ${err.message}`));
      }),
    );
    worker.on('exit', (code) =>
      this.guard(jobId, run, () => {
        if (this.running.get(jobId) !== run) return;
        this.settle(jobId, run, () => this.finishFailed(jobId, `worker exited (code ${code}) without a result`));
      }),
    );
  }

  /**
   * Every worker callback runs through here: an exception thrown in an event handler would be uncaught and
   * end the whole server. The usual cause is the job's row vanishing under us (its scenario deleted by
   * another process, `gongpei scenarios delete`): then the job is dropped quietly, its worker stopped.
   */
  private guard(jobId: string, run: RunningJob, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (this.running.get(jobId) === run) {
        this.running.delete(jobId);
        clearTimeout(run.timer);
        Atomics.store(run.stop, 0, 1);
        void run.worker.terminate();
      }
      let job: JobRecord | null = null;
      try {
        job = this.store.getJob(jobId);
      } catch {
        // store closed: nothing to record
      }
      if (job && !TERMINAL.has(job.status)) this.finishFailed(jobId, message);
      else if (!job) this.emitGone(jobId, message);
      this.pumpSoon();
    }
  }

  /** Tell listeners of a job whose row no longer exists (scenario deleted) that it ended. */
  private emitGone(jobId: string, message: string): void {
    const now = new Date().toISOString();
    const view: JobView = {
      id: jobId,
      jobId,
      scenarioId: '',
      kind: '',
      params: null,
      status: 'cancelled',
      progress: 0,
      error: `job removed: ${message}`,
      createdAt: now,
      updatedAt: now,
    };
    this.events.emit(`job:${jobId}`, { type: 'cancelled', job: view } satisfies JobEvent);
  }

  /** pump() on the next tick, never throwing into the caller. */
  private pumpSoon(): void {
    setImmediate(() => {
      try {
        this.pump();
      } catch (err) {
        if (process.env.GONGPEI_LOG !== 'silent')
          process.stderr.write(`gongpei jobs: ${err instanceof Error ? err.message : err}\n`);
      }
    });
  }

  /**
   * Cancel every queued or running job of a scenario (before it is deleted). Returns how many were stopped.
   */
  cancelScenario(scenarioId: string): number {
    let n = 0;
    for (const job of this.store.listJobs(scenarioId)) {
      if (TERMINAL.has(job.status)) continue;
      this.cancel(job.id);
      n++;
    }
    return n;
  }

  private startRemote(job: JobRecord, task: WorkerTask): void {
    this.remoteRunning.add(job.id);
    this.emit('status', this.store.updateJob(job.id, { status: 'running', progress: 0 }));
    const live = () => this.remoteRunning.has(job.id) && !this.closed;
    const settle = (finish: () => void) => {
      if (!live()) return;
      this.remoteRunning.delete(job.id);
      try {
        finish();
      } catch (err) {
        this.finishFailed(job.id, err instanceof Error ? err.message : String(err));
      }
    };
    this.remote!.start(job, task, {
      progress: (fraction, bestCost) => {
        if (live())
          this.emit('progress', { ...this.store.getJob(job.id)!, progress: Math.min(0.99, fraction), bestCost });
      },
      result: (value) => settle(() => this.storeResult(job, value)),
      failed: (message) => settle(() => this.finishFailed(job.id, message)),
    });
  }

  private settle(jobId: string, run: RunningJob, finish: () => void): void {
    this.running.delete(jobId);
    clearTimeout(run.timer);
    try {
      finish();
    } catch (err) {
      this.finishFailed(jobId, err instanceof Error ? err.message : String(err));
    }
    void run.worker.terminate();
    this.pumpSoon();
  }

  private storeResult(job: JobRecord, result: unknown): void {
    if (job.kind === 'plan') {
      const plan = result as PlanResult;
      plan.scenarioId = job.scenarioId;
      // Plan and done in one transaction: a crash in between would make the restart solve it a second time.
      const { job: done } = this.store.finishPlanJob(job.id, plan);
      this.emit('done', done);
    } else {
      const done = this.store.updateJob(job.id, { status: 'done', progress: 1, result });
      this.emit('done', done);
    }
  }
}
