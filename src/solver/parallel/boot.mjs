// Entry of a search worker thread (pool.ts). Worker threads do not inherit tsx's loader, so register it here,
// then load the TypeScript worker. Plain .mjs on purpose: it must run before any TS can. A failure to boot
// is reported over the pool's port and signal, so that the blocked calling thread learns of it at once.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

try {
  register();
  await import(workerData.entry);
} catch (err) {
  workerData.port.postMessage({
    type: 'error',
    message: `worker boot: ${err instanceof Error ? err.message : String(err)}`,
  });
  Atomics.add(workerData.flags, 1 + 2 * workerData.index, 1);
  Atomics.notify(workerData.flags, 1 + 2 * workerData.index);
}
