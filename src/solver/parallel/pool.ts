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
  /** Test hook: the worker throws this message instead of searching. */
  fail?: string;
}

export type TaskResult = { ok: true; plans: RoutePlan[]; iterations: number } | { ok: false; error: string };

/** Messages from a worker (worker.ts). */
export type FromWorker =
  | { type: 'result'; plans: RoutePlan[]; iterations: number }
  | { type: 'error'; message: string }
  | { type: 'migrants'; plans: RoutePlan[] };

export interface WorkerInit {
  size: number;
  matrices: SearchMatrices;
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [0] the stop flag, then per worker its signal and heartbeat. */
  flags: Int32Array;
  index: number;
  entry: string;
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
    s.inbox = s.inbox.filter((m) => m.type === 'migrants');
    s.lastBeat = Atomics.load(this.flags, 2 + 2 * k);
    s.lastBeatAt = performance.now();
    s.port.postMessage({ type: 'task', task });
  }

  /** Tell a worker in island mode about other islands' best solutions. */
  sendMigrants(k: number, plans: RoutePlan[]): void {
    if (this.slots[k].alive) this.slots[k].port.postMessage({ type: 'migrants', plans });
  }

  /** Migrants posted by worker k so far (non-blocking). */
  takeMigrants(k: number): RoutePlan[][] {
    const s = this.slots[k];
    this.drain(s);
    const out = s.inbox.flatMap((m) => (m.type === 'migrants' ? [m.plans] : []));
    s.inbox = s.inbox.filter((m) => m.type !== 'migrants');
    return out;
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
      const done = s.inbox.find((m) => m.type !== 'migrants');
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
