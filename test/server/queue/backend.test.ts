/**
 * The API server with GONGPEI_REDIS_URL: plan jobs go to a `gongpei worker` process over the real Redis,
 * progress reaches the SSE stream, the result is stored once on the server, cancel stops the remote job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScenarioFolder } from '../../../src/io/scenario-folder.ts';
import { startServer, type RunningServer } from '../../../src/server/start.ts';
import { json, post, readJobEvents, TINY_DIR } from '../helpers.ts';
import { dropPrefix, makePrefecture, REDIS_URL, ROOT, uniquePrefix } from './helpers.ts';

describe('API server on BullMQ workers (real Redis)', () => {
  const prefix = uniquePrefix();
  let server: RunningServer;
  let worker: ChildProcess;
  let log = '';
  beforeAll(async () => {
    const dir = makePrefecture(['130471']);
    server = await startServer({
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'gongpei-srv-')),
      seedDir: null,
      redisUrl: REDIS_URL,
      queuePrefix: prefix,
      log: () => {},
    });
    server.store.saveScenario('tiny', readScenarioFolder(TINY_DIR));
    server.store.saveScenario('kfq', readScenarioFolder(join(dir, '130471')));
    worker = spawn(
      process.execPath,
      [join(ROOT, 'bin/gongpei.js'), 'worker', '--redis', REDIS_URL, '--prefix', prefix],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const end = Date.now() + 30_000;
    while (!log.includes(' ready ') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  }, 60_000);
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await server?.close();
    await dropPrefix(prefix);
  });

  it('a plan job runs on the remote worker; SSE shows progress; the plan is stored once', async () => {
    const res = await post(`${server.url}/api/scenarios/kfq/plans`, { day: 1, timeLimit: 2 });
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    const events = await readJobEvents(server.url, jobId, 60_000);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(events.some((e) => e.event === 'progress' && e.data.progress > 0 && e.data.progress < 1)).toBe(true);
    expect(log).toContain(`${jobId}: plan of kfq`);
    const plans = server.store.listPlans('kfq');
    expect(plans).toHaveLength(1);
    expect(plans[0].id).toBe(done.data.planId);
    const plan = server.store.getPlan(done.data.planId)!.plan;
    // Cost recomputed from the routes.
    expect(plan.routes.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(plan.kpis.totalCost, 0);
  }, 90_000);

  it('cancel stops the remote job and stores nothing', async () => {
    const before = server.store.listPlans('kfq').length;
    const { jobId } = await json(await post(`${server.url}/api/scenarios/kfq/plans`, { day: 2, timeLimit: 60 }));
    const end = Date.now() + 30_000;
    while (!log.includes(`${jobId}: plan`) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${server.url}/api/jobs/${jobId}`, { method: 'DELETE' });
    expect((await json(res)).status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 2000));
    expect(log).toContain(`${jobId}: failed: cancelled by request`);
    expect(server.store.getJob(jobId)!.status).toBe('cancelled');
    expect(server.store.listPlans('kfq')).toHaveLength(before);
    expect(server.store.getJob(jobId)!.planId).toBeNull();
  }, 60_000);

  it('an unreachable Redis stops the server start with a clear error', async () => {
    await expect(
      startServer({
        port: 0,
        dataDir: mkdtempSync(join(tmpdir(), 'gongpei-srv-')),
        seedDir: null,
        redisUrl: 'redis://127.0.0.1:1',
        log: () => {},
      }),
    ).rejects.toThrow(/Redis unreachable at redis:\/\/127\.0\.0\.1:1/);
  });
});
