/**
 * A search worker thread (started by pool.ts through boot.mjs): runs genetic searches on subproblems or as
 * an island, over the pool's shared matrices. Each task ends with exactly one `result` or `error` message
 * and a signal; uncaught failures are reported the same way.
 */
import { workerData, receiveMessageOnPort } from 'node:worker_threads';
import { Instance } from '../instance.ts';
import { hybridGeneticSearch, type HgsHooks } from '../hgs/hgs.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import { nearestNeighbours } from '../neighbours.ts';
import { insertJobs } from '../construct.ts';
import { LocalSearch } from '../search/localSearch.ts';
import { Individual } from '../hgs/individual.ts';
import type { Penalties } from '../cost.ts';
import { createRng } from '../../util/rng.ts';
import type { Educated, FromWorker, HgsTask, ToWorker, WorkerInit } from './pool.ts';

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

const shouldStop = (): boolean => {
  Atomics.add(flags, beat, 1);
  return Atomics.load(flags, 0) === 1;
};

/** Educator mode: the search state offspring are educated in, kept between `educate` messages. */
interface Session {
  ls: LocalSearch;
  pen: Penalties;
  routable: number[];
  rng: () => number;
  task: HgsTask;
}
let session: Session | null = null;

function instanceOf(task: HgsTask): Instance {
  const problem = {
    size: init.size,
    distances: init.matrices.dist,
    durations: init.matrices.dur,
    vehicles: task.vehicles,
    jobs: task.jobs,
    ...(task.reloadDims !== undefined ? { reloadDims: task.reloadDims } : {}),
  };
  return new Instance(problem, init.matrices);
}

function startSession(task: HgsTask): FromWorker {
  const inst = instanceOf(task);
  const pen = { load: 1, timeWarp: 1, distance: 1 };
  const ls = new LocalSearch(inst, pen, nearestNeighbours(inst, task.params.neighbours, task.params), task.params);
  ls.shouldStop = shouldStop;
  session = { ls, pen, routable: task.routable, rng: createRng(task.seed), task };
  return { type: 'result', plans: [], iterations: 0 };
}

/** As HgsRun.educate: local search, then (sometimes) a repair search under boosted penalties. */
function educate(s: Session, plans: RoutePlan[], pen: Penalties): Educated {
  const { ls, params } = { ls: s.ls, params: s.task.params };
  Object.assign(s.pen, pen);
  ls.load(plans);
  const missing = s.routable.filter((j) => ls.routeOf[j] < 0);
  if (missing.length > 0) insertJobs(ls, missing);
  const complete = ls.run(s.rng);
  const out: Educated = { plans: ls.export(), complete, repaired: null, repairComplete: false };
  if (!complete || Individual.fromSearch(ls).feasible || s.rng() >= params.repairProbability) return out;
  s.pen.load *= params.repairBooster;
  s.pen.timeWarp *= params.repairBooster;
  s.pen.distance *= params.repairBooster;
  ls.refresh();
  out.repairComplete = ls.run(s.rng);
  out.repaired = ls.export();
  return out;
}

function run(task: HgsTask): FromWorker {
  if (task.fail !== undefined) throw new Error(task.fail);
  session = null;
  if (task.educator) return startSession(task);
  const inst = instanceOf(task);
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
      shouldStop,
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
port.on('message', (msg: ToWorker) => {
  if (msg.type === 'migrants') return; // arriving after an island ended
  let reply: FromWorker;
  try {
    if (msg.type === 'educate') {
      if (!session) return; // the session ended
      reply = { type: 'educated', ...educate(session, msg.plans, msg.pen) };
    } else reply = run(msg.task);
  } catch (err) {
    reply = failure(err);
  }
  send(reply, true);
});
