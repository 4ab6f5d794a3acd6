/**
 * The BullMQ backend against the real Redis at 127.0.0.1:6379 (no mocks): two worker processes, a SIGKILLed
 * worker whose job is re-run by the other and stored once, a cancelled job, a duplicated submission, a broken
 * county mid-prefecture, Redis unreachable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScenarioFolder } from '../../../src/io/scenario-folder.ts';
import { openStore, type SqliteStore } from '../../../src/store/sqlite.ts';
import { QueueClient } from '../../../src/server/queue/producer.ts';
import { runPrefecture, type PrefectureRun } from '../../../src/server/queue/prefecture-run.ts';
import { DEFAULT_SCORE_WEIGHTS } from '../../../src/planning/prefecture.ts';
import { dropPrefix, makePrefecture, REDIS_URL, ROOT, SMALL, uniquePrefix } from './helpers.ts';

interface WorkerProc {
  child: ChildProcess;
  log: () => string;
  name: () => string;
}

function startWorker(prefix: string, lockMs = 8000): Promise<WorkerProc> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/gongpei.js'), 'worker', '--redis', REDIS_URL, '--prefix', prefix, '--lock-ms', String(lockMs)],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let text = '';
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const proc: WorkerProc = { child, log: () => text, name: () => /worker (\S+) ready/.exec(text)?.[1] ?? '' };
  return waitFor(
    () => proc.name() !== '',
    30_000,
    () => `worker did not start: ${text}`,
  ).then(() => proc);
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timeout: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Score recomputed from the indicator points: Σ points / Σ weights × 100. */
function recomputedScore(c: PrefectureRun['counties'][number]): number {
  const ind = Object.values(c.indicators);
  const w = ind.reduce((s, i) => s + i.weight, 0);
  return Math.round((1000 * ind.reduce((s, i) => s + i.points, 0)) / w) / 10;
}

function checkRanking(run: PrefectureRun): void {
  for (let i = 1; i < run.ranking.length; i++)
    expect(run.ranking[i - 1].score!).toBeGreaterThanOrEqual(run.ranking[i].score!);
  for (const c of run.ranking) {
    expect(c.score!).toBeGreaterThanOrEqual(0);
    expect(c.score!).toBeLessThanOrEqual(100);
    expect(Math.abs(c.score! - recomputedScore(c))).toBeLessThanOrEqual(0.11);
    // Points of one indicator: weight × attainment, recomputed here from value and target.
    for (const [id, i] of Object.entries(c.indicators)) {
      const att =
        i.value === null
          ? 0
          : i.op === '>='
            ? i.target <= 0
              ? 1
              : Math.min(1, i.value / i.target)
            : i.value <= i.target
              ? 1
              : i.target / i.value;
      expect(i.points, id).toBeCloseTo(i.weight * att, 1);
      expect(i.weight).toBe(DEFAULT_SCORE_WEIGHTS[id as keyof typeof DEFAULT_SCORE_WEIGHTS]);
    }
  }
}

describe('prefecture on BullMQ workers (real Redis)', () => {
  const prefix = uniquePrefix();
  let dir: string;
  let store: SqliteStore;
  let workers: WorkerProc[] = [];
  beforeAll(async () => {
    dir = makePrefecture();
    store = openStore(mkdtempSync(join(tmpdir(), 'gongpei-pref-store-')));
    // Lock 8 s: short enough for a quick stalled-job recovery, long enough that a loaded machine does not
    // miss a lock renewal (which would re-run a job that did not fail).
    workers = await Promise.all([startWorker(prefix), startWorker(prefix)]);
  }, 90_000);
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    store?.close();
    await dropPrefix(prefix);
  });

  it('a duplicated submission is one job, run once', async () => {
    const client = await QueueClient.open(REDIS_URL, { prefix });
    try {
      const scenario = readScenarioFolder(join(dir, '130471'));
      const id = `dup-${Date.now()}`;
      await client.submit(id, 'coverage', 's', scenario, { day: 1, timeLimit: 0.5 });
      await client.submit(id, 'coverage', 's', scenario, { day: 1, timeLimit: 0.5 });
      const counts = await client.queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      const outcomes: unknown[] = [];
      await client.waitAll([id], (o) => void outcomes.push(o));
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]).toMatchObject({ ok: true });
      const runs = workers.map(
        (w) =>
          w
            .log()
            .split('\n')
            .filter((l) => l.includes(`${id}: coverage`)).length,
      );
      expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('a cancelled running job stops at once and is not retried', async () => {
    const client = await QueueClient.open(REDIS_URL, { prefix });
    try {
      const id = `cancel-${Date.now()}`;
      await client.submit(id, 'coverage', 's', readScenarioFolder(join(dir, '130432')), { day: 1, timeLimit: 60 });
      await waitFor(
        () => workers.some((w) => w.log().includes(`${id}: coverage`)),
        30_000,
        () => 'job never started',
      );
      const t0 = Date.now();
      await client.cancel(id);
      let outcome: Awaited<ReturnType<QueueClient['outcome']>> = null;
      await waitFor(
        async () => (outcome = await client.outcome(id)) !== null,
        15_000,
        () => 'cancel not seen',
      );
      // Well under the 60 s the job would run (generous: the test machine may be heavily loaded).
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(outcome).toEqual({ id, ok: false, error: 'cancelled by request' });
      await new Promise((r) => setTimeout(r, 1500));
      const starts = workers.map(
        (w) =>
          w
            .log()
            .split('\n')
            .filter((l) => l.includes(`${id}: coverage`)).length,
      );
      expect(starts.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('plans every county once while a worker is SIGKILLed mid-job; its job is re-run by the other and stored once', async () => {
    const victim = workers[0];
    const survivor = workers[1];
    const running = runPrefecture(dir, { day: 1, store, redisUrl: REDIS_URL, prefix, timeLimit: 3 });
    // Kill the first worker as soon as it is inside a prefecture job.
    let killedJob = '';
    await waitFor(
      () => {
        const m = /(job-\S+): coverage of pref-/.exec(victim.log());
        if (m) killedJob = m[1];
        return m !== null;
      },
      60_000,
      () => 'victim never took a job',
    );
    victim.child.kill('SIGKILL');
    const run = await running;
    expect(run.failed).toBe(0);
    expect(run.counties.map((c) => c.id)).toEqual(SMALL);
    checkRanking(run);
    // The killed job finished on the survivor and was stored once; every county has exactly one plan.
    expect(survivor.log()).toContain(`${killedJob}: done`);
    expect(victim.log()).not.toContain(`${killedJob}: done`);
    for (const c of run.counties) {
      expect(store.listPlans(`pref-${c.id}`)).toHaveLength(1);
      expect(store.getPlan(c.planId!)!.plan.kpis.totalCost).toBe(c.totalCost);
      expect(store.getJob(c.jobId!)!.status).toBe('done');
    }
  }, 180_000);

  it('a broken county fails with its error; the others finish (in process)', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'gongpei-pref-broken-'));
    cpSync(dir, broken, { recursive: true });
    const places = join(broken, '130431', 'places.csv');
    const lines = readFileSync(places, 'utf8').split('\n');
    lines[5] = lines[5].replace(/,(-?\d+\.\d+),(-?\d+\.\d+),/, ',east,$2,');
    writeFileSync(places, lines.join('\n'));
    // Another county scores with its own weights from county.json.
    const countyJson = join(broken, '130432', 'county.json');
    writeFileSync(
      countyJson,
      JSON.stringify({
        ...JSON.parse(readFileSync(countyJson, 'utf8')),
        scorecard: { weights: { within_limit_share: 50, village_station_share: 50 } },
      }),
    );
    const local = openStore(mkdtempSync(join(tmpdir(), 'gongpei-pref-store-')));
    try {
      const run = await runPrefecture(broken, { day: 1, store: local, timeLimit: 0.5 });
      const bad = run.counties.find((c) => c.id === '130431')!;
      expect(bad.error).toMatch(/places\.csv:6:lon/);
      expect(bad.score).toBeNull();
      expect(run.failed).toBe(1);
      expect(run.ranking.map((c) => c.id).sort()).toEqual(SMALL.filter((c) => c !== '130431').sort());
      const own = run.counties.find((c) => c.id === '130432')!;
      expect(own.indicators.within_limit_share!.weight).toBe(50);
      expect(own.indicators.carriers_shared!.weight).toBe(0);
      expect(own.score).toBeCloseTo(recomputedScore(own), 1);
      checkRanking({ ...run, ranking: run.ranking.filter((c) => c.id !== '130432') });
    } finally {
      local.close();
    }
  }, 120_000);

  it('an unknown folder and an unreachable Redis are clear errors at start, without a hang', async () => {
    await expect(runPrefecture(join(dir, 'nope'), { day: 1, store })).rejects.toThrow(
      /nope: no such prefecture folder/,
    );
    await expect(runPrefecture(join(dir, '130471'), { day: 1, store })).rejects.toThrow(/not a prefecture folder/);
    const t0 = Date.now();
    await expect(runPrefecture(dir, { day: 1, store, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /Redis unreachable at redis:\/\/127\.0\.0\.1:1/,
    );
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 30_000);
});
