/**
 * The job-thread side of the protocol (./protocol.ts), shared by the server's own job threads (./worker.ts) and the
 * queue worker's threads (./queue/thread.ts): say `ready`, take one `run` message, report progress, then the result
 * or an error. The stop flag is a SharedArrayBuffer so that a cancel reaches a solver that never yields.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from './protocol.ts';
import type { TaskHooks } from './tasks.ts';

export function serveOneTask<T>(run: (task: T, hooks: TaskHooks) => Promise<unknown>): void {
  const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);
  parentPort!.once('message', async (msg: { type: 'run'; task: T; stop: SharedArrayBuffer }) => {
    const stop = new Int32Array(msg.stop);
    try {
      const result = await run(msg.task, {
        onProgress: (fraction, bestCost) => post({ type: 'progress', fraction, bestCost: bestCost ?? null }),
        shouldStop: () => Atomics.load(stop, 0) === 1,
      });
      post({ type: 'result', result });
    } catch (err) {
      // Never an empty reason: some errors carry no message.
      const message =
        err instanceof Error ? err.message || err.name || String(err.stack ?? '').split('\n')[0] : String(err);
      post({ type: 'error', message: message || 'the job failed without a message' });
    }
  });
  post({ type: 'ready' });
}
