/**
 * Defect 1 of issue 15: deleting a scenario while one of its jobs runs must never end the server, whether
 * the delete comes through the API or from another process (`gongpei scenarios delete`). On d8320a6 the
 * worker's next progress report hit SqliteStore.updateJob("unknown job") inside an event handler: an
 * uncaught exception that killed the process.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openStore } from '../../src/store/sqlite.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { REPO, TINY_DIR, json, post, startTestServer, type TestServer } from './helpers.ts';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function waitRunning(url: string, jobId: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const job = await json(await fetch(`${url}/api/jobs/${jobId}`));
    if (job.status === 'running' && job.progress > 0) return;
    if (job.status !== 'queued' && job.status !== 'running')
      throw new Error(`job ended early: ${job.status} ${job.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job never reported progress');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('DELETE /api/scenarios/:id cancels its running job first; the server keeps serving', async () => {
  srv = await startTestServer({ seedTiny: true });
  const { jobId } = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 20, seed: 1 }));
  await waitRunning(srv.url, jobId);
  const events = fetch(`${srv.url}/api/jobs/${jobId}/events`).then((r) => r.text());
  const del = await fetch(`${srv.url}/api/scenarios/tiny`, { method: 'DELETE' });
  expect(del.status).toBe(204);
  expect(await events).toMatch(/event: cancelled/);
  await sleep(1500); // a late progress report would have crashed the old server here
  expect(srv.app.jobs.activeCount).toBe(0);
  expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
  expect((await fetch(`${srv.url}/api/jobs/${jobId}`)).status).toBe(404);
  // the queue still works after the delete
  srv.store.saveScenario('tiny', await readScenarioFolder(TINY_DIR));
  const next = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 1, seed: 1 }));
  for (let i = 0; i < 300; i++) {
    const job = await json(await fetch(`${srv.url}/api/jobs/${next.jobId}`));
    if (job.status === 'done') return;
    expect(['queued', 'running']).toContain(job.status);
    await sleep(100);
  }
  throw new Error('the next job never finished');
}, 60_000);

test('a delete from another process (store opened separately) while the job runs: server survives, job ends', async () => {
  srv = await startTestServer({ seedTiny: true });
  const { jobId } = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 20, seed: 1 }));
  await waitRunning(srv.url, jobId);
  const other = openStore(srv.dir); // as `gongpei scenarios delete --force` in another process does
  expect(other.deleteScenario('tiny')).toBe(true);
  other.close();
  await sleep(2500); // several progress reports (each a store write at most every 500 ms)
  expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
  expect(srv.app.jobs.activeCount).toBe(0);
  expect((await fetch(`${srv.url}/api/jobs/${jobId}`)).status).toBe(404);
}, 60_000);

test('`gongpei scenarios delete` refuses while a job runs (exit 1, names the job) and --force deletes; server survives', async () => {
  srv = await startTestServer({ seedTiny: true });
  // A long job: each CLI process takes seconds to start on a loaded machine, and the job must still run then
  // (the forced delete cancels it, so the test does not wait for it).
  const { jobId } = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 120, seed: 1 }));
  await waitRunning(srv.url, jobId);
  // Asynchronous: the server runs in this process and must keep serving while the CLI runs.
  const cli = (...args: string[]) =>
    new Promise<{ status: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(REPO, 'bin/gongpei.js'), '--data-dir', srv!.dir, ...args],
        (err, _out, stderr) => {
          resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr });
        },
      );
    });
  const refused = await cli('scenarios', 'delete', 'tiny');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain(jobId);
  expect((await fetch(`${srv.url}/api/scenarios/tiny`)).status).toBe(200);
  const forced = await cli('scenarios', 'delete', 'tiny', '--force');
  expect(forced.status, forced.stderr).toBe(0);
  await sleep(2500);
  expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
  expect(srv.app.jobs.activeCount).toBe(0);
}, 180_000);
