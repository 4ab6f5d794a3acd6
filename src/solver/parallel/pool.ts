/**
 * Worker threads for the search (HgsParams.threads > 1), driven synchronously so that solve() stays a plain
 * function: the calling thread posts tasks over MessagePorts, keeps searching itself, and then blocks in
 * Atomics.wait until a worker signals, reading its messages with receiveMessageOnPort (no event loop needed).
 *
 * The search matrices are copied once into SharedArrayBuffers that every worker's Instance reads directly.
 * Failures never throw out of here: a task whose worker throws, fails to boot, dies, or stays silent for
 * `silenceLimitMs` comes back as `{ ok: false, error }` and that worker is terminated and not used again;
 * the caller then simply goes on without its result. close() terminates every worker.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Instance, SearchMatrices } from '../instance.ts';
import type { HgsParams } from '../params.ts';
import type { RoutePlan } from '../search/localSearch.ts';
import type { Problem } from '../types.ts';
import type { Penalties } from '../cost.ts';

/** One genetic search in a worker: on `problem` (its jobs and vehicles; the matrices are the shared ones). */
export interface HgsTask {
  jobs: Problem['jobs'];
  vehicles: Problem['vehicles'];
  reloadDims?: number;
  routable: number[];
  timeLimit: number;
  maxIterations?: number;
  seed: number;
  clock?: 'wall' | 'cpu';
  params: HgsParams;
  initial?: RoutePlan[];
  /** Island mode: exchange the best solution with the calling thread every this many offspring. */
  exchangeEvery?: number;
  /**
   * Educator mode (parallel/educators.ts): instead of searching, answer `ready` (an empty result) and then
   * educate every offspring the calling thread sends, until the next task.
   */
  educator?: boolean;
  /** Test hook: the worker throws this message instead of searching. */
  fail?: string;
}

export type TaskResult = { ok: true; plans: RoutePlan[]; iterations: number } | { ok: false; error: string };

/** Messages from a worker (worker.ts). */
export type FromWorker =
  | { type: 'result'; plans: RoutePlan[]; iterations: number }
  | { type: 'error'; message: string }
  | { type: 'migrants'; plans: RoutePlan[] }
  | ({ type: 'educated' } & Educated);

/** An offspring educated by a worker: its routes, and those of the repair search when one ran. */
export interface Educated {
  plans: RoutePlan[];
  complete: boolean;
  repaired: RoutePlan[] | null;
  repairComplete: boolean;
}

/** Messages to a worker. */
export type ToWorker =
  | { type: 'task'; task: HgsTask }
  | { type: 'migrants'; plans: RoutePlan[] }
  | { type: 'educate'; plans: RoutePlan[]; pen: Penalties };

export interface WorkerInit {
  size: number;
  matrices: SearchMatrices;
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [0] the stop flag, then per worker its signal and heartbeat. */
  flags: Int32Array;
  index: number;
  entry: string;
}

/** The parts of a task that describe a problem (the matrices are the pool's shared ones). */
export function problemOf(p: Problem): Pick<HgsTask, 'jobs' | 'vehicles' | 'reloadDims'> {
  return { jobs: p.jobs, vehicles: p.vehicles, ...(p.reloadDims !== undefined ? { reloadDims: p.reloadDims } : {}) };
}

const BOOT_URL = new URL('./boot.mjs', import.meta.url);
const ENTRY_URL = new URL('./worker.ts', import.meta.url).href;

interface Slot {
  worker: Worker;
  port: MessagePort;
  inbox: FromWorker[];
  alive: boolean;
  busy: boolean;
  lastBeat: number;
  lastBeatAt: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly flags: Int32Array;

  /**
   * Start `count` workers over `inst`'s matrices. `entry` (tests only) replaces the worker module.
   * `silenceLimitMs`: a busy worker whose heartbeat has not moved for this long counts as dead.
   */
  constructor(
    inst: Instance,
    count: number,
    private readonly silenceLimitMs = 60_000,
    entry = ENTRY_URL,
  ) {
    const matrices = { dist: sharedCopy(inst.dist), dur: sharedCopy(inst.dur) };
    this.flags = new Int32Array(new SharedArrayBuffer(4 * (1 + 2 * count)));
    for (let k = 0; k < count; k++) {
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = { size: inst.size, matrices, port: port2, flags: this.flags, index: k, entry };
      const worker = new Worker(BOOT_URL, { workerData: init, transferList: [port2] });
      worker.unref();
      // Errors are read from the port; these listeners only keep an 'error' event from becoming uncaught.
      worker.on('error', () => undefined);
      this.slots.push({ worker, port: port1, inbox: [], alive: true, busy: false, lastBeat: 0, lastBeatAt: 0 });
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Indices of the workers that can take a task. */
  available(): number[] {
    return this.slots.flatMap((s, k) => (s.alive && !s.busy ? [k] : []));
  }

  post(k: number, task: HgsTask): void {
    const s = this.slots[k];
    s.busy = true;
    s.inbox = [];
    s.lastBeat = Atomics.load(this.flags, 2 + 2 * k);
    s.lastBeatAt = performance.now();
    this.send(k, { type: 'task', task });
  }

  /** A message to a running task (island migrants, offspring to educate). */
  send(k: number, msg: ToWorker): void {
    if (this.slots[k].alive) this.slots[k].port.postMessage(msg);
  }

  /** The messages of this type worker k has posted so far (non-blocking). */
  take<T extends FromWorker['type']>(k: number, type: T): Array<Extract<FromWorker, { type: T }>> {
    const s = this.slots[k];
    this.drain(s);
    const out = s.inbox.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
    if (out.length > 0) s.inbox = s.inbox.filter((m) => m.type !== type);
    return out;
  }

  /** Whether worker k is still usable. */
  alive(k: number): boolean {
    return this.slots[k].alive;
  }

  /** A task that ends without a result (an educator session): worker k can take the next task. */
  release(k: number): void {
    this.slots[k].busy = false;
  }

  /** Worker k failed in a way the caller detected: terminate it. */
  fail(k: number, error: string): TaskResult {
    return this.kill(this.slots[k], error);
  }

  /** Set the shared stop flag: every worker's search returns its best so far. */
  stopAll(): void {
    Atomics.store(this.flags, 0, 1);
  }

  /** Block until worker k's task ends (or it is declared dead). `shouldStop` is polled meanwhile. */
  collect(k: number, shouldStop?: () => boolean): TaskResult {
    const s = this.slots[k];
    const signal = 1 + 2 * k;
    for (;;) {
      const seen = Atomics.load(this.flags, signal);
      this.drain(s);
      const done = s.inbox.find((m) => m.type === 'result' || m.type === 'error');
      if (done) {
        s.busy = false;
        s.inbox = s.inbox.filter((m) => m !== done);
        if (done.type === 'result') return { ok: true, plans: done.plans, iterations: done.iterations };
        if (done.type === 'error') return this.kill(s, done.message);
      }
      if (!s.alive) return { ok: false, error: 'worker is not running' };
      if (shouldStop?.()) this.stopAll();
      const beat = Atomics.load(this.flags, 2 + 2 * k);
      const now = performance.now();
      if (beat !== s.lastBeat) {
        s.lastBeat = beat;
        s.lastBeatAt = now;
      } else if (now - s.lastBeatAt > this.silenceLimitMs) {
        return this.kill(s, `worker silent for ${Math.round((now - s.lastBeatAt) / 1000)} s`);
      }
      Atomics.wait(this.flags, signal, seen, 50);
    }
  }

  /** Terminate every worker (they are idle or stopping by now). */
  close(): void {
    for (const s of this.slots) {
      s.alive = false;
      s.port.close();
      void s.worker.terminate().catch(() => undefined);
    }
  }

  private drain(s: Slot): void {
    for (let m = receiveMessageOnPort(s.port); m; m = receiveMessageOnPort(s.port)) {
      s.inbox.push(m.message as FromWorker);
    }
  }

  private kill(s: Slot, error: string): TaskResult {
    s.alive = false;
    s.busy = false;
    void s.worker.terminate().catch(() => undefined);
    return { ok: false, error };
  }
}

function sharedCopy(a: Float64Array): Float64Array {
  const copy = new Float64Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}
