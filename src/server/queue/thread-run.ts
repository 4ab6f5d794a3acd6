/**
 * Run one queue task in a worker thread; `abort()` raises the stop flag and terminates the thread.
 * One thread is kept loaded ahead (like the server's spare worker), so a job does not wait for the
 * TypeScript modules to load.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from '../protocol.ts';
import type { QueueTask } from './protocol.ts';

const BOOT_URL = new URL('../worker-boot.mjs', import.meta.url);
const THREAD_URL = new URL('./thread.ts', import.meta.url).href;

export interface ThreadRun {
  result: Promise<unknown>;
  abort(reason: string): void;
}

interface Loaded {
  worker: Worker;
  ready: Promise<boolean>;
}

let spare: Loaded | null = null;

function load(): Loaded {
  const worker = new Worker(BOOT_URL, { workerData: { entry: THREAD_URL } });
  const ready = new Promise<boolean>((resolve) => {
    worker.on('message', (msg: WorkerMessage) => msg.type === 'ready' && resolve(true));
    worker.once('exit', () => resolve(false));
    worker.once('error', () => resolve(false));
  });
  return { worker, ready };
}

/** Load the next job's thread now (an idle one does not keep the process alive). */
export function prewarmThread(): void {
  if (spare) return;
  spare = load();
  spare.worker.unref();
}

/** Drop the idle thread (worker shutdown). */
export async function dropSpareThread(): Promise<void> {
  const s = spare;
  spare = null;
  await s?.worker.terminate();
}

export function runInThread(
  task: QueueTask,
  onProgress: (fraction: number, bestCost: number | null) => void,
): ThreadRun {
  const taken = spare ?? load();
  spare = null;
  const { worker } = taken;
  worker.ref();
  prewarmThread();
  const stop = new SharedArrayBuffer(4);
  let settle: { resolve: (v: unknown) => void; reject: (e: Error) => void } | null = null;
  const result = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (err: Error | null, value?: unknown) => {
    if (!settle) return;
    const s = settle;
    settle = null;
    void worker.terminate();
    if (err) s.reject(err);
    else s.resolve(value);
  };
  void taken.ready.then((ok) =>
    ok ? worker.postMessage({ type: 'run', task, stop }) : finish(new Error('job thread failed to start')),
  );
  worker.on('message', (msg: WorkerMessage) => {
    if (msg.type === 'progress') onProgress(msg.fraction, msg.bestCost);
    else if (msg.type === 'result') finish(null, msg.result);
    else if (msg.type === 'error') finish(new Error(msg.message));
  });
  worker.on('error', (err) => finish(err));
  worker.on('exit', (code) => finish(new Error(`job thread exited (code ${code}) before finishing`)));
  return {
    result,
    abort(reason) {
      Atomics.store(new Int32Array(stop), 0, 1);
      finish(new Error(reason));
    },
  };
}
