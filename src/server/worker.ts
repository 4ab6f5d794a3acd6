/**
 * Job worker thread (started through worker-boot.mjs): runs one task and posts progress and the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput, WorkerMessage } from './protocol.ts';
import { runTask } from './tasks.ts';

const input = workerData as WorkerInput;
const stop = new Int32Array(input.stop);
const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);

try {
  const result = await runTask(input.task, {
    onProgress: (fraction, bestCost) => post({ type: 'progress', fraction, bestCost: bestCost ?? null }),
    shouldStop: () => Atomics.load(stop, 0) === 1,
  });
  post({ type: 'result', result });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
