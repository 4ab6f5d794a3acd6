/**
 * Restart recovery: a job left queued/running by a previous process becomes failed at the next start,
 * never lost; finished jobs and plans are kept. Also first-start seeding.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../src/store/sqlite.ts';
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

test('jobs left queued or running become failed at start; done jobs stay done', async () => {
  const dataDir = tempDir();
  const store = openStore(dataDir);
  store.saveScenario('tiny', await readScenarioFolder(TINY_DIR));
  const running = store.createJob('tiny', 'plan', { day: 1 });
  store.updateJob(running.id, { status: 'running', progress: 0.4 });
  const queued = store.createJob('tiny', 'plan', { day: 2 });
  const done = store.createJob('tiny', 'plan', { day: 1 });
  store.updateJob(done.id, { status: 'done', progress: 1 });
  store.close();

  const server = await startServer({ port: 0, dataDir, seedDir: null, log: quiet });
  try {
    expect(server.interruptedJobs).toBe(2);
    for (const id of [running.id, queued.id]) {
      const job = await json(await fetch(`${server.url}/api/jobs/${id}`));
      expect(job.status).toBe('failed');
      expect(job.error).toMatch(/restart/i);
    }
    expect((await json(await fetch(`${server.url}/api/jobs/${done.id}`))).status).toBe('done');
  } finally {
    await server.close();
  }
});

test('a server killed mid-solve: the job is failed after restart, not lost', async () => {
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
    const { jobId } = await json(await post(`${url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 60 }));
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
      const job = await json(await fetch(`${server.url}/api/jobs/${jobId}`));
      expect(job.status).toBe('failed');
      expect(job.planId).toBeUndefined();
    } finally {
      await server.close();
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

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
