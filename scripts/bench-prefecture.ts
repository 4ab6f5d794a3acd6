/**
 * Scale model of the BullMQ backend (issue 14): jobs per minute with 1 and 2 worker processes, Redis memory
 * per queued job, and the per-county cost (worker seconds and plan cost). Writes bench/results/prefecture-<time>.json
 * and prefecture-latest.json.
 *
 *   npm run bench:prefecture                       8 county jobs at 2 s engine time, Redis at 127.0.0.1:6379
 *   npm run bench:prefecture -- --jobs 20 --time 5 --redis redis://host:6379
 *   npm run bench:prefecture -- --acceptance       all 20 counties of Handan on 2 workers, one SIGKILLed 15 s in:
 *                                                  every county planned and stored once, ranking by score
 *
 * On a quiet machine with ≥ 2 cores the 2-worker run should be ≥ 1.7× the 1-worker run. The load average
 * before and after each run is recorded: on a shared machine other processes steal the second core.
 */
import { gitCommit } from './git-commit.ts';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { Job } from 'bullmq';
import { readScenarioFolder } from '../src/io/scenario-folder.ts';
import { QueueClient } from '../src/server/queue/producer.ts';
import type { QueueJobData } from '../src/server/queue/protocol.ts';
import type { CoverageJobResult } from '../src/server/queue/county-task.ts';
import type { QueueJobReturn } from '../src/server/queue/consumer.ts';
import { runPrefecture } from '../src/server/queue/prefecture-run.ts';
import { openStore } from '../src/store/sqlite.ts';

const ROOT = join(import.meta.dirname, '..');
const opts = new Command()
  .option('--redis <url>', 'Redis URL', process.env.GONGPEI_REDIS_URL ?? 'redis://127.0.0.1:6379')
  .option('--jobs <n>', 'county jobs per run (16 × 4 s: short runs measure worker start-up, not throughput)', '16')
  .option('--time <s>', 'engine seconds per county', '4')
  .option('--counties <codes>', 'counties to generate', '130404,130431,130432,130471')
  .option('--queued <n>', 'jobs queued (no worker) to measure Redis memory', '50')
  .option('--acceptance', 'run the SIGKILL acceptance on the whole prefecture instead')
  .option('--kill-after <s>', 'acceptance: SIGKILL one worker after this many seconds', '15')
  .parse(process.argv)
  .opts<{
    redis: string;
    jobs: string;
    time: string;
    counties: string;
    queued: string;
    acceptance?: boolean;
    killAfter: string;
  }>();

const workerLogs = new Map<ChildProcess, string>();

function startWorker(prefix: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/gongpei.js'), 'worker', '--redis', opts.redis, '--prefix', prefix],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      workerLogs.set(child, text);
      if (text.includes(' ready ')) resolve(child);
    });
    child.once('exit', () => reject(new Error(`worker exited: ${text}`)));
  });
}

async function drop(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

async function throughput(workers: number, dir: string, codes: string[], jobs: number, time: number, redis: Redis) {
  const prefix = `gongpei-bench-${process.pid}-${workers}`;
  const procs = await Promise.all(Array.from({ length: workers }, () => startWorker(prefix)));
  const client = await QueueClient.open(opts.redis, { prefix });
  const scenarios = codes.map((c) => readScenarioFolder(join(dir, c)));
  const load = loadavg()[0];
  try {
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < jobs; i++) {
      const id = `bench-${i}`;
      ids.push(id);
      await client.submit(id, 'coverage', codes[i % codes.length], scenarios[i % codes.length], {
        day: 1 + (i % 7),
        timeLimit: time,
        seed: 1,
      });
    }
    const perJob: Array<{ county: string; seconds: number; totalCost: number; costPerParcel: number }> = [];
    await client.waitAll(
      ids,
      async (o) => {
        if (!o.ok) throw new Error(`${o.id}: ${o.error}`);
        if (!o.value) throw new Error(`${o.id}: completed without a result: ${JSON.stringify(o)}`);
        const job = (await Job.fromId<QueueJobData, QueueJobReturn>(client.queue, o.id))!;
        const r = o.value.result as CoverageJobResult;
        perJob.push({
          county: job.data.scenarioId,
          seconds: ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000,
          totalCost: r.plan.kpis.totalCost,
          costPerParcel: r.plan.kpis.costPerParcel,
        });
      },
      200,
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      workers,
      jobs,
      seconds: Math.round(seconds * 10) / 10,
      jobsPerMinute: Math.round((600 * jobs) / seconds) / 10,
      loadBefore: load,
      loadAfter: loadavg()[0],
      perJob,
    };
  } finally {
    await client.close();
    for (const p of procs) p.kill('SIGTERM');
    await drop(redis, prefix);
  }
}

async function memoryPerQueuedJob(dir: string, code: string, n: number, redis: Redis) {
  const prefix = `gongpei-bench-mem-${process.pid}`;
  const client = await QueueClient.open(opts.redis, { prefix });
  const scenario = readScenarioFolder(join(dir, code));
  try {
    const before = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    for (let i = 0; i < n; i++) await client.submit(`mem-${i}`, 'coverage', code, scenario, { day: 1, timeLimit: 1 });
    const after = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const keyBytes = Number(await redis.call('MEMORY', 'USAGE', `${prefix}:gongpei-jobs:mem-0`));
    return {
      county: code,
      villages: scenario.places.filter((p) => p.kind === 'village').length,
      jobs: n,
      usedMemoryDeltaBytesPerJob: Math.round((after - before) / n),
      jobHashBytes: keyBytes,
    };
  } finally {
    await client.close();
    await drop(redis, prefix);
  }
}

async function acceptance() {
  const dir = mkdtempSync(join(tmpdir(), 'gongpei-accept-pref-'));
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/make-prefecture.ts'), '--out', dir], {
    stdio: 'inherit',
  });
  const prefix = `gongpei-accept-${process.pid}`;
  const redis = new Redis(opts.redis);
  const workers = await Promise.all([startWorker(prefix), startWorker(prefix)]);
  const store = openStore(mkdtempSync(join(tmpdir(), 'gongpei-accept-store-')));
  const load = loadavg()[0];
  try {
    // SIGKILL the first worker once the run is `--kill-after` seconds old AND it is inside a job.
    const killAt = Number(opts.killAfter) * 1000;
    let killedAt = -1;
    const t0 = performance.now();
    const timer = setInterval(() => {
      if (performance.now() - t0 < killAt || !/coverage of/.test(workerLogs.get(workers[0]) ?? '')) return;
      clearInterval(timer);
      workers[0].kill('SIGKILL');
      killedAt = (performance.now() - t0) / 1000;
      process.stderr.write(`SIGKILLed worker ${workers[0].pid} at ${killedAt.toFixed(1)} s\n`);
    }, 200);
    const run = await runPrefecture(dir, {
      day: 1,
      store,
      redisUrl: opts.redis,
      prefix,
      timeLimit: Number(opts.time),
      log: (l) => process.stderr.write(`${l}\n`),
    });
    clearInterval(timer);
    // Jobs the killed worker had started and not finished, and who finished them.
    const victimLog = workerLogs.get(workers[0]) ?? '';
    const survivorLog = workerLogs.get(workers[1]) ?? '';
    const started = [...victimLog.matchAll(/(job-\S+): coverage of (\S+)/g)].map((m) => ({
      jobId: m[1],
      scenario: m[2],
    }));
    const interrupted = started
      .filter((j) => !victimLog.includes(`${j.jobId}: done`))
      .map((j) => ({ ...j, rerunBySurvivor: survivorLog.includes(`${j.jobId}: done`) }));
    const plansPerCounty = run.counties.map((c) => ({
      id: c.id,
      plans: c.scenarioId ? store.listPlans(c.scenarioId).length : 0,
    }));
    const sorted = run.ranking.every((c, i) => i === 0 || run.ranking[i - 1].score! >= c.score!);
    const inRange = run.ranking.every((c) => c.score! >= 0 && c.score! <= 100);
    const result = {
      date: new Date().toISOString(),
      commit: gitCommit(ROOT),
      machine: { cores: cpus().length, loadBefore: load, loadAfter: loadavg()[0] },
      counties: run.counties.length,
      failed: run.failed,
      killedWorkerAtSeconds: killedAt,
      interruptedJobs: interrupted,
      seconds: run.seconds,
      everyCountyPlannedOnce: plansPerCounty.every((p) => p.plans === 1),
      rankingSortedByScore: sorted,
      scoresIn0to100: inRange,
      ranking: run.ranking.map((c) => ({
        id: c.id,
        name: c.name,
        score: c.score,
        totalCost: c.totalCost,
        costPerParcel: c.costPerParcel,
      })),
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench/results/prefecture-acceptance-latest.json'),
      `${JSON.stringify(result, null, 1)}\n`,
    );
    process.stderr.write(
      `${run.counties.length} counties, ${run.failed} failed, planned once each: ${result.everyCountyPlannedOnce}, sorted: ${sorted}, 0..100: ${inRange}, ${run.seconds} s; written to bench/results/prefecture-acceptance-latest.json\n`,
    );
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    store.close();
    await drop(redis, prefix);
    redis.disconnect();
  }
}

async function main() {
  if (opts.acceptance) return acceptance();
  const codes = opts.counties.split(',');
  const dir = mkdtempSync(join(tmpdir(), 'gongpei-bench-pref-'));
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/make-prefecture.ts'), '--out', dir, '--only', codes.join(',')],
    { stdio: 'inherit' },
  );
  const redis = new Redis(opts.redis);
  const jobs = Number(opts.jobs);
  const time = Number(opts.time);
  try {
    const memory = await memoryPerQueuedJob(dir, codes[0], Number(opts.queued), redis);
    process.stderr.write(`memory: ${JSON.stringify(memory)}\n`);
    const one = await throughput(1, dir, codes, jobs, time, redis);
    process.stderr.write(
      `1 worker: ${one.jobsPerMinute} jobs/min (${one.seconds} s, load ${one.loadBefore.toFixed(2)} → ${one.loadAfter.toFixed(2)})\n`,
    );
    const two = await throughput(2, dir, codes, jobs, time, redis);
    process.stderr.write(
      `2 workers: ${two.jobsPerMinute} jobs/min (${two.seconds} s, load ${two.loadBefore.toFixed(2)} → ${two.loadAfter.toFixed(2)})\n`,
    );
    const speedup = Math.round((100 * two.jobsPerMinute) / one.jobsPerMinute) / 100;
    const result = {
      date: new Date().toISOString(),
      commit: gitCommit(ROOT),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
      settings: { jobs, engineSeconds: time, counties: codes, redis: opts.redis.replace(/\/\/[^@/]*@/, '//***@') },
      memory,
      runs: [one, two],
      speedup,
      acceptance: { required: 1.7, met: speedup >= 1.7 },
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    const text = `${JSON.stringify(result, null, 1)}\n`;
    writeFileSync(join(ROOT, 'bench/results', `prefecture-${result.date.slice(0, 19).replace(/:/g, '-')}.json`), text);
    writeFileSync(join(ROOT, 'bench/results/prefecture-latest.json'), text);
    process.stderr.write(
      `speedup ${speedup}× (${speedup >= 1.7 ? 'meets' : 'below'} 1.7×); written to bench/results/prefecture-latest.json\n`,
    );
  } finally {
    redis.disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`bench-prefecture: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
