// Entry of a job worker thread. Worker threads do not inherit tsx's loader from the parent (in Node 20
// `--import tsx` in execArgv does not cover the worker's own entry), so register tsx here, then load the
// TypeScript worker named in workerData. Plain .mjs on purpose: it must run before any TS can.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
