/**
 * A pool of N long-lived worker threads running one TypeScript entry, for CPU-bound tasks that are independent of
 * each other (the horizon's day plans). Threads start through src/server/worker-boot.mjs, which registers tsx in
 * the thread, so the entry runs the same under tsx, vitest and `node bin/gongpei.js`.
 *
 * Each thread receives `init` once (structured clone; SharedArrayBuffers are shared, not copied), then takes tasks
 * one at a time; the next queued task goes to whichever thread is free. The entry calls serveThreadTasks(). A task
 * that throws rejects that task only (with the thread's message). A thread that dies (uncaught error, exit) rejects
 * its task, every queued task and every later run() with the reason, and the other threads are stopped.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';

const BOOT_URL = new URL('../server/worker-boot.mjs', import.meta.url);

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

interface Pending {
  id: number;
  task: unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

export class ThreadPool<T, R> {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private failure: Error | null = null;
  private closed = false;
  private nextId = 1;

  /** `entry`: URL of a module that calls serveThreadTasks(); `size` ≥ 1 threads. */
  constructor(entry: URL, size: number, init: unknown) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`thread pool: size must be ≥ 1, got ${size}`);
    for (let k = 0; k < size; k++) {
      const slot: Slot = { worker: new Worker(BOOT_URL, { workerData: { entry: entry.href, init } }), busy: null };
      slot.worker.on('message', (m: Reply) => this.reply(slot, m));
      slot.worker.on('error', (err) => this.fail(err instanceof Error ? err : new Error(String(err))));
      slot.worker.on('exit', (code) => this.fail(new Error(`worker thread exited (code ${code}) with work pending`)));
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  run(task: T): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('thread pool: closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stop every thread (pending tasks reject). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new Error('thread pool: closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = next;
      slot.worker.postMessage({ id: next.id, task: next.task });
    }
  }

  private reply(slot: Slot, m: Reply): void {
    const p = slot.busy;
    if (!p || p.id !== m.id) return;
    slot.busy = null;
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.message));
    this.dispatch();
  }

  private fail(err: Error): void {
    if (this.closed || this.failure) return;
    this.failure = err;
    this.closed = true;
    this.rejectAll(err);
    for (const s of this.slots) void s.worker.terminate();
  }

  private rejectAll(err: Error): void {
    for (const s of this.slots) {
      s.busy?.reject(err);
      s.busy = null;
    }
    for (const p of this.queue.splice(0)) p.reject(err);
  }
}

/** Never an empty reason: some errors carry no message. */
function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name || String(err.stack ?? '').split('\n')[0] : String(err);
  return text || 'the task failed without a message';
}

/**
 * The thread side: `setup(init)` once (it may build what every task shares), then each task message is run and
 * answered in order.
 */
export function serveThreadTasks<I, T, R>(setup: (init: I) => (task: T) => Promise<R> | R): void {
  const port = parentPort;
  if (!port) throw new Error('serveThreadTasks: not in a worker thread');
  const run = setup((workerData as { init: I }).init);
  let chain = Promise.resolve();
  port.on('message', (msg: { id: number; task: T }) => {
    chain = chain.then(async () => {
      try {
        port.postMessage({ id: msg.id, ok: true, value: await run(msg.task) } satisfies Reply);
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, message: errorText(err) } satisfies Reply);
      }
    });
  });
}
