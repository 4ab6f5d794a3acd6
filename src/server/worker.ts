/**
 * Job worker thread (started through worker-boot.mjs). It loads the planning code at once, says `ready`, then
 * waits for one `run` message: so a spare worker can be started ahead of time and a job does not pay for
 * loading the TypeScript modules. One task per worker; the runner terminates it afterwards.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage, WorkerRun } from './protocol.ts';
import { runTask } from './tasks.ts';

const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);

parentPort!.once('message', async (msg: WorkerRun) => {
  const stop = new Int32Array(msg.stop);
  try {
    const result = await runTask(msg.task, {
      onProgress: (fraction, bestCost) => post({ type: 'progress', fraction, bestCost: bestCost ?? null }),
      shouldStop: () => Atomics.load(stop, 0) === 1,
    });
    post({ type: 'result', result });
  } catch (err) {
    // Never an empty reason: some errors carry no message.
    const message = err instanceof Error ? err.message || err.name || String(err.stack ?? '').split('\n')[0] : String(err);
    post({ type: 'error', message: message || 'the job failed without a message' });
  }
});
post({ type: 'ready' });
