/**
 * SIGTERM (RunningServer.shutdown): no new jobs, running ones finish within the grace period, the rest are
 * re-queued and run at the next start (not failed), SSE clients get a final `shutdown` event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../src/store/sqlite.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { startServer } from '../../src/server/start.ts';
import { TINY_DIR, json, post } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const quiet = () => {};

async function waitStatus(url: string, id: string, want: string[], ms = 60_000): Promise<any> {
  const t0 = Date.now();
  for (;;) {
    const job = await json(await fetch(`${url}/api/jobs/${id}`));
    if (want.includes(job.status)) return job;
    if (Date.now() - t0 > ms) throw new Error(`job ${id} stuck in ${job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('graceful shutdown: the running job finishes, the queued one is re-queued and runs after restart', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gongpei-sigterm-'));
  dirs.push(dataDir);
  process.env.GONGPEI_CACHE_DIR ??= path.join(dataDir, 'cache');
  const seed = openStore(dataDir);
  seed.saveScenario('tiny', readScenarioFolder(TINY_DIR));
  seed.close();

  const first = await startServer({ port: 0, dataDir, seedDir: null, log: quiet });
  const a = (await json(await post(`${first.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 2, seed: 1 }))).jobId;
  const b = (await json(await post(`${first.url}/api/scenarios/tiny/plans`, { day: 2, timeLimit: 1, seed: 1 }))).jobId;
  await waitStatus(first.url, a, ['running']);
  const events = fetch(`${first.url}/api/jobs/${b}/events`).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 200));
  const outcome = await first.shutdown(60_000);
  expect(outcome).toEqual({ finished: 1, requeued: 1 });
  expect(await events).toMatch(/event: shutdown/);

  const check = openStore(dataDir);
  expect(check.getJob(a)!.status).toBe('done');
  expect(check.getJob(b)!.status).toBe('queued');
  check.close();

  const second = await startServer({ port: 0, dataDir, seedDir: null, log: quiet });
  try {
    expect(second.requeuedJobs).toBe(1);
    expect(second.interruptedJobs).toBe(0);
    const job = await waitStatus(second.url, b, ['done', 'failed']);
    expect(job.status).toBe('done');
    expect(job.planId).toMatch(/^plan-/);
  } finally {
    await second.close();
  }
}, 120_000);

test('a job still running when the grace period ends is re-queued, not failed; new submissions are refused meanwhile', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gongpei-sigterm-'));
  dirs.push(dataDir);
  const seed = openStore(dataDir);
  seed.saveScenario('tiny', readScenarioFolder(TINY_DIR));
  seed.close();
  const srv = await startServer({ port: 0, dataDir, seedDir: null, log: quiet });
  const a = (await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 30, seed: 1 }))).jobId;
  await waitStatus(srv.url, a, ['running']);
  const stopping = srv.shutdown(1500);
  await new Promise((r) => setTimeout(r, 200));
  const refused = await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 1 });
  expect(refused.status).toBe(429);
  expect((await stopping).requeued).toBe(1);
  const check = openStore(dataDir);
  expect(check.getJob(a)).toMatchObject({ status: 'queued', error: 're-queued at shutdown' });
  check.close();
}, 120_000);
