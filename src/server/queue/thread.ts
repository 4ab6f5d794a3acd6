/**
 * Worker thread of a queue worker (started through ../worker-boot.mjs): runs one plan, hubs or coverage task
 * with the same messages as the server's own job threads (../protocol.ts). The BullMQ worker's event loop
 * stays free for lock renewal while the solver keeps this thread busy.
 */
import { runTask, type TaskHooks } from '../tasks.ts';
import { serveOneTask } from '../thread-task.ts';
import { runCoverageTask } from './county-task.ts';
import type { QueueTask } from './protocol.ts';

function run(task: QueueTask, hooks: TaskHooks): Promise<unknown> {
  if (task.kind === 'coverage') return runCoverageTask(task.scenario, task.params, hooks);
  return runTask(task, hooks);
}

serveOneTask<QueueTask>(run);
