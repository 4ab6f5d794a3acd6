/**
 * Job worker thread (started through worker-boot.mjs). It loads the planning code at once, says `ready`, then
 * waits for one `run` message: so a spare worker can be started ahead of time and a job does not pay for
 * loading the TypeScript modules. One task per worker; the runner terminates it afterwards.
 */
import type { WorkerTask } from './protocol.ts';
import { runTask } from './tasks.ts';
import { serveOneTask } from './thread-task.ts';

serveOneTask<WorkerTask>(runTask);
