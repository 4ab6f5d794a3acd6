/**
 * Worker thread of a queue worker (started through ../worker-boot.mjs): runs one plan, hubs or coverage task
 * with the same messages as the server's own job threads (../protocol.ts). The BullMQ worker's event loop
 * stays free for lock renewal while the solver keeps this thread busy.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../protocol.ts';
import { runTask, type TaskHooks } from '../tasks.ts';
import { runCoverageTask } from './county-task.ts';
import type { QueueTask } from './protocol.ts';

const post = (msg: WorkerMessage): void => parentPort!.postMessage(msg);

function run(task: QueueTask, hooks: TaskHooks): Promise<unknown> {
  if (task.kind === 'coverage') return runCoverageTask(task.scenario, task.params, hooks);
  return runTask(task, hooks);
}

parentPort!.once('message', async (msg: { type: 'run'; task: QueueTask; stop: SharedArrayBuffer }) => {
  const stop = new Int32Array(msg.stop);
  try {
    const result = await run(msg.task, {
      onProgress: (fraction, bestCost) => post({ type: 'progress', fraction, bestCost: bestCost ?? null }),
      shouldStop: () => Atomics.load(stop, 0) === 1,
    });
    post({ type: 'result', result });
  } catch (err) {
    const message = err instanceof Error ? err.message || err.name : String(err);
    post({ type: 'error', message: message || 'the job failed without a message' });
  }
});
post({ type: 'ready' });
