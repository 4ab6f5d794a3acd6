/**
 * Restart recovery: a job left queued/running by a previous process (even one killed with SIGKILL) runs again
 * at the next start, storing exactly one plan; a job interrupted 3 times is failed; finished jobs and plans are kept. Also first-start seeding.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { startServer } from '../../src/server/start.ts';
import { REPO, TINY_DIR, json, post } from './helpers.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'gongpei-restart-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const quiet = () => {};

test('recovery at start: a stored plan makes its job done, the attempts cap fails, the rest are re-queued', async () => {
  const dataDir = tempDir();
  const store = openStore(dataDir);
  store.saveScenario('tiny', await readScenarioFolder(TINY_DIR));
  const plan = { kpis: { totalCost: 42 } } as unknown as PlanResult;
  const mk = (status: 'queued' | 'running' | 'done', attempts = 0) => {
    const job = store.createJob('tiny', 'plan', { day: 1 });
    store.updateJob(job.id, { status });
    store.handle.prepare('UPDATE jobs SET attempts = ? WHERE id = ?').run(attempts, job.id);
    return job.id;
  };
  const doomed = mk('running', 2);
  const solved = mk('running');
  const storedPlan = store.savePlan('tiny', plan, solved);
  // one job, one plan: a second plan for the same job is refused by the store
  expect(() => store.savePlan('tiny', plan, solved)).toThrow(/UNIQUE/);
  const queued = mk('queued');
  const running = mk('running');
  const done = mk('done');

  const out = store.recoverInterruptedJobs();
  // Jobs made in the same millisecond tie on created_at: compare the set of re-queued jobs, not their order.
  expect({ ...out, requeue: [...out.requeue].sort() }).toEqual({
    requeue: [queued, running].sort(),
    completed: 1,
    failed: 1,
    interrupted: 4,
  });
  expect(store.getJob(doomed)).toMatchObject({ status: 'failed', attempts: 3 });
  expect(store.getJob(doomed)!.error).toContain('interrupted 3 times');
  expect(store.getJob(solved)).toMatchObject({ status: 'done', planId: storedPlan.id, bestCost: 42 });
  expect(store.getJob(queued)).toMatchObject({ status: 'queued', attempts: 0, error: null });
  expect(store.getJob(running)).toMatchObject({ status: 'queued', attempts: 1, error: null });
  expect(store.getJob(done)!.status).toBe('done');
  expect(store.listPlans('tiny')).toHaveLength(1);
  // Nothing left to recover: a second start changes nothing.
  const before = store.logicalDump();
  expect(store.recoverInterruptedJobs()).toEqual({
    requeue: [queued, running],
    completed: 0,
    failed: 0,
    interrupted: 2,
  });
  expect(store.logicalDump().plans).toEqual(before.plans);
  store.close();
});

test('a server killed mid-solve: the same job runs again after restart and stores exactly one plan', async () => {
  const dataDir = tempDir();
  const env = {
    ...process.env,
    GONGPEI_DATA_DIR: dataDir,
    GONGPEI_CACHE_DIR: path.join(dataDir, 'cache'),
    PORT: '0',
    GONGPEI_TOKEN: '',
  };
  const seed = openStore(dataDir);
  seed.saveScenario('tiny', await readScenarioFolder(TINY_DIR));
  seed.close();
  const child = spawn(process.execPath, [path.join(REPO, 'bin/gongpei.js'), 'serve', '--no-seed'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const m = /serving (http:\/\/\S+)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    });
    const { jobId } = await json(await post(`${url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 8 }));
    // Wait until the worker reports it is running, then kill the whole process without a goodbye.
    for (let i = 0; i < 100; i++) {
      if ((await json(await fetch(`${url}/api/jobs/${jobId}`))).status === 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const server = await startServer({ port: 0, dataDir, seedDir: null, log: quiet });
    try {
      expect(server.interruptedJobs).toBe(1);
      expect(server.requeuedJobs).toBe(1);
      let job = await json(await fetch(`${server.url}/api/jobs/${jobId}`));
      for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = await json(await fetch(`${server.url}/api/jobs/${jobId}`));
      }
      expect(job.status).toBe('done');
      expect(job.planId).toMatch(/^plan-/);
      const store = server.store as SqliteStore;
      const plans = store.handle.prepare('SELECT id FROM plans WHERE job_id = ?').all(jobId) as Array<{ id: string }>;
      expect(plans.map((p) => p.id)).toEqual([job.planId]);
      expect(store.listPlans('tiny')).toHaveLength(1);
      expect(store.listJobs('tiny')).toHaveLength(1);
      expect(store.getJob(jobId)!.attempts).toBe(1);
    } finally {
      await server.close();
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);

test('first start seeds the default scenario once', async () => {
  const dataDir = tempDir();
  const first = await startServer({ port: 0, dataDir, seedDir: TINY_DIR, seedId: 'tiny', log: quiet });
  expect(first.seeded).toBe(true);
  const list = await json(await fetch(`${first.url}/api/scenarios`));
  expect(list.scenarios.map((s: { id: string }) => s.id)).toEqual(['tiny']);
  await first.close();
  const second = await startServer({ port: 0, dataDir, seedDir: TINY_DIR, seedId: 'tiny', log: quiet });
  expect(second.seeded).toBe(false);
  await second.close();
});

test('a port in use is a clear error, and the store is released', async () => {
  const dataDir = tempDir();
  const first = await startServer({ port: 0, dataDir, seedDir: null, log: quiet });
  try {
    await expect(startServer({ port: first.port, dataDir: tempDir(), seedDir: null, log: quiet })).rejects.toThrow(
      `port ${first.port} on 127.0.0.1 is already in use (choose another with PORT=… or --port)`,
    );
  } finally {
    await first.close();
  }
});
