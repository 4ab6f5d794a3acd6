/**
 * A search worker thread (started by pool.ts through boot.mjs): runs genetic searches on subproblems or as
 * an island, over the pool's shared matrices. Each task ends with exactly one `result` or `error` message
 * and a signal; uncaught failures are reported the same way.
 */
import { workerData, receiveMessageOnPort } from 'node:worker_threads';
import { Instance } from '../instance.ts';
import { hybridGeneticSearch, type HgsHooks } from '../hgs/hgs.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import type { FromWorker, HgsTask, WorkerInit } from './pool.ts';

const init = workerData as WorkerInit;
const { port, flags } = init;
const signal = 1 + 2 * init.index;
const beat = signal + 1;

function send(msg: FromWorker, final: boolean): void {
  port.postMessage(msg);
  if (!final) return;
  Atomics.add(flags, signal, 1);
  Atomics.notify(flags, signal);
}

function run(task: HgsTask): FromWorker {
  if (task.fail !== undefined) throw new Error(task.fail);
  const problem = {
    size: init.size,
    distances: init.matrices.dist,
    durations: init.matrices.dur,
    vehicles: task.vehicles,
    jobs: task.jobs,
    ...(task.reloadDims !== undefined ? { reloadDims: task.reloadDims } : {}),
  };
  const inst = new Instance(problem, init.matrices);
  let iterations = 0;
  const hooks: HgsHooks | undefined = task.exchangeEvery
    ? { exchangeEvery: task.exchangeEvery, exchange: (best) => exchange(best) }
    : undefined;
  const plans = hybridGeneticSearch(
    inst,
    task.routable,
    {
      timeLimit: task.timeLimit,
      seed: task.seed,
      clock: task.clock,
      ...(task.maxIterations !== undefined ? { maxIterations: task.maxIterations } : {}),
      shouldStop: () => {
        Atomics.add(flags, beat, 1);
        return Atomics.load(flags, 0) === 1;
      },
      onProgress: (p) => (iterations = p.iteration),
    },
    task.params,
    task.initial,
    hooks,
  );
  return { type: 'result', plans, iterations };
}

/** Island mode: post our best, take what the calling thread forwarded from the other islands. */
function exchange(best: RoutePlan[] | null): RoutePlan[][] {
  if (best) send({ type: 'migrants', plans: best }, false);
  const incoming: RoutePlan[][] = [];
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const msg = m.message as { type: string; plans?: RoutePlan[] };
    if (msg.type === 'migrants' && msg.plans) incoming.push(msg.plans);
  }
  return incoming;
}

function failure(err: unknown): FromWorker {
  const message = err instanceof Error ? err.message || err.name : String(err);
  return { type: 'error', message: message || 'the search worker failed without a message' };
}

process.on('uncaughtException', (err) => send(failure(err), true));
port.on('message', (msg: { type: string; task?: HgsTask }) => {
  if (msg.type !== 'task' || !msg.task) return; // migrants arriving after an island ended
  let reply: FromWorker;
  try {
    reply = run(msg.task);
  } catch (err) {
    reply = failure(err);
  }
  send(reply, true);
});
