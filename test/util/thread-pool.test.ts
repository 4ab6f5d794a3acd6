import { describe, expect, it } from 'vitest';
import { ThreadPool } from '../../src/util/thread-pool.ts';

type Task = { op: 'square'; x: number; spinMs?: number } | { op: 'throw' | 'throw-empty' | 'exit' };
type Reply = { value: number; thread: number };
const ENTRY = new URL('./fixtures/pool-worker.ts', import.meta.url);

describe('ThreadPool', () => {
  it('runs every task once on its threads, with the init data, and spreads busy tasks over the threads', async () => {
    const pool = new ThreadPool<Task, Reply>(ENTRY, 2, { factor: 3 });
    try {
      const xs = [1, 2, 3, 4, 5, 6];
      const out = await Promise.all(xs.map((x) => pool.run({ op: 'square', x, spinMs: 150 })));
      expect(out.map((r) => r.value)).toEqual(xs.map((x) => 3 * x * x));
      expect(new Set(out.map((r) => r.thread)).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('a task that throws rejects with its message; the pool goes on with the next tasks', async () => {
    const pool = new ThreadPool<Task, Reply>(ENTRY, 1, { factor: 1 });
    try {
      await expect(pool.run({ op: 'throw' })).rejects.toThrow('task refused: bad input');
      await expect(pool.run({ op: 'throw-empty' })).rejects.toThrow(/\S/);
      expect((await pool.run({ op: 'square', x: 7 })).value).toBe(49);
    } finally {
      await pool.close();
    }
  });

  it('a thread that dies rejects its task, the queued ones and later ones cleanly', async () => {
    const pool = new ThreadPool<Task, Reply>(ENTRY, 1, { factor: 1 });
    const dying = pool.run({ op: 'exit' });
    const queued = pool.run({ op: 'square', x: 2 });
    await expect(dying).rejects.toThrow('worker thread exited (code 3)');
    await expect(queued).rejects.toThrow('worker thread exited (code 3)');
    await expect(pool.run({ op: 'square', x: 2 })).rejects.toThrow('worker thread exited (code 3)');
    await pool.close();
  });

  it('an entry that cannot load rejects the first task instead of hanging', async () => {
    const pool = new ThreadPool<Task, Reply>(new URL('./fixtures/no-such-worker.ts', import.meta.url), 1, {});
    await expect(pool.run({ op: 'square', x: 1 })).rejects.toThrow();
    await pool.close();
  });

  it('refuses a size below one', () => {
    expect(() => new ThreadPool(ENTRY, 0, {})).toThrow('size must be ≥ 1');
  });
});
