/**
 * Runs matrixRowsKernel over worker threads. The graph, the point attachments and the output matrices
 * live in SharedArrayBuffers (no copy per worker); workers take chunks of rows from a shared counter
 * (Atomics), so a slow chunk does not leave a core idle, and post progress to the main thread.
 */
import { Worker } from 'node:worker_threads';
import { matrixRowsKernel, type KernelGraph, type KernelPoints } from './dijkstra.ts';

type Typed = Int32Array | Float64Array | Uint8Array | Int8Array;

function shared<T extends Typed>(a: T): T {
  const Ctor = a.constructor as new (buf: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

const CHUNK_ROWS = 8;

// Worker body (CommonJS, eval). `__name` is defined because esbuild (tsx/vitest) may emit calls to it
// when it keeps function names.
const workerSource = (kernel: string) => `
var __name = function (f) { return f; };
const { parentPort, workerData } = require('node:worker_threads');
const kernel = (${kernel});
const { g, p, outCost, outOther, counter, rows, chunk } = workerData;
let done = 0;
for (;;) {
  const start = Atomics.add(counter, 0, chunk);
  if (start >= rows) break;
  const end = Math.min(rows, start + chunk);
  kernel(g, p, start, end, outCost, outOther, null);
  parentPort.postMessage(end - start);
}
parentPort.postMessage('done');
`;

/**
 * Fill the whole count×count matrices with `workers` worker threads plus the main thread, which takes
 * chunks from the same counter between turns of the event loop (so worker progress still arrives).
 * Using the main thread saves one worker start-up (~0.1 s of CPU each). Resolves when all rows are done.
 */
export async function runKernelParallel(
  g: KernelGraph,
  p: KernelPoints,
  outCost: Float64Array,
  outOther: Float64Array,
  workers: number,
  onRows: (rowsDone: number) => void,
): Promise<void> {
  const sg: KernelGraph = {
    nodeCount: g.nodeCount,
    arcOffset: shared(g.arcOffset),
    arcTarget: shared(g.arcTarget),
    arcCost: shared(g.arcCost),
    arcOther: shared(g.arcOther),
  };
  const sp = { ...p } as KernelPoints;
  for (const k of Object.keys(p) as Array<keyof KernelPoints>) {
    const v = p[k];
    if (ArrayBuffer.isView(v)) (sp as unknown as Record<string, unknown>)[k] = shared(v as Typed);
  }
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const source = workerSource(matrixRowsKernel.toString());
  let rowsDone = 0;
  const runs: Array<Promise<void>> = [];
  for (let t = 0; t < workers; t++) {
    runs.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(source, {
          eval: true,
          workerData: { g: sg, p: sp, outCost, outOther, counter, rows: p.count, chunk: CHUNK_ROWS },
        });
        worker.on('message', (m: number | 'done') => {
          if (m === 'done') return;
          rowsDone += m;
          onRows(rowsDone);
        });
        worker.on('error', reject);
        worker.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`matrix worker exited with code ${code}`)),
        );
      }),
    );
  }
  // A failed worker rejects at once (the caller then recomputes on the main thread).
  const failed = Promise.all(runs).then(
    () => null,
    (err: unknown) => err,
  );
  let failure: unknown = null;
  void failed.then((err) => (failure = err));
  for (;;) {
    if (failure) throw failure;
    const start = Atomics.add(counter, 0, CHUNK_ROWS);
    if (start >= p.count) break;
    const end = Math.min(p.count, start + CHUNK_ROWS);
    matrixRowsKernel(g, p, start, end, outCost, outOther, null);
    rowsDone += end - start;
    onRows(rowsDone);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const err = await failed;
  if (err) throw err;
}
