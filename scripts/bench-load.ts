/**
 * Load benchmark (`npm run bench:load [-- --minutes N]`, default 10): the server in a child process on
 * loopback with the Daming county, then at once
 *   - 50 concurrent readers (autocannon) on the read endpoints, measured in 10 s windows;
 *   - a plan job submitted every 5 s;
 *   - one burst of 500 submissions at the start of the second window;
 *   - a plan by date every 30 s and a manifest upload (2,000 unknown station ids) every 10 s;
 * and the server's RSS sampled every 10 s. Reports: 5xx (must be 0), 202/429 of the burst (429 beyond the
 * queue bound), read p99 in windows with and without a running solve, RSS per minute (last minute within
 * 10% of minute 2), the server's own event-loop delay max (perf_hooks monitorEventLoopDelay, reported by the
 * server on stderr with GONGPEI_EVENT_LOOP_REPORT_MS). `--minutes 1` for a short run. Writes bench/results/load-latest.json with the commit.
 */
import { gitCommit } from './git-commit.ts';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const REPO = path.resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number`);
  return v;
};
const MINUTES = arg('minutes', 10);
const WINDOW_S = 10;
const READERS = 50;
const BURST = 500;
const JOB_EVERY_MS = 5000;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  let loopMaxMs = 0;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gongpei-load-'));
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin/gongpei.js'), '--data-dir', dataDir, 'serve', '--port', '0', '--host', '127.0.0.1'],
    {
      env: {
        ...process.env,
        GONGPEI_REQUEST_LOG: '0',
        GONGPEI_TOKEN: '',
        GONGPEI_CACHE_DIR: path.join(dataDir, 'cache'),
        GONGPEI_EVENT_LOOP_REPORT_MS: '1000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      for (const l of d.toString().matchAll(/event-loop max ([\d.]+) ms/g))
        loopMaxMs = Math.max(loopMaxMs, Number(l[1]));
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error(`server did not start: ${err}`)), 120_000).unref();
  });
  process.stderr.write(`server ${url} (pid ${child.pid}); ${MINUTES} min of load\n`);

  const counts = {
    periodic: { accepted: 0, refused429: 0, other: 0 },
    burst: { accepted: 0, refused429: 0, other: 0, fiveXX: 0 },
  };
  const submit = () =>
    fetch(`${url}/api/scenarios/daming/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ day: 1, timeLimit: 1 }),
    });
  const periodic = setInterval(() => {
    submit()
      .then((r) => {
        void r.arrayBuffer();
        if (r.status === 202) counts.periodic.accepted++;
        else if (r.status === 429) counts.periodic.refused429++;
        else counts.periodic.other++;
      })
      .catch(() => counts.periodic.other++);
  }, JOB_EVERY_MS);

  // a plan by date every 30 s and a manifest upload (2,000 unknown ids: the hint path) every 10 s
  const others = { datePlan: {} as Record<string, number>, manifest: {} as Record<string, number> };
  const tally = (o: Record<string, number>, status: number) => (o[status] = (o[status] ?? 0) + 1);
  const manifestCsv =
    'station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n' +
    Array.from({ length: 2000 }, (_, i) => `UNKNOWN-${i}-abcdefghij,1,1,0,0,false,\n`).join('');
  const datePlan = () =>
    fetch(`${url}/api/scenarios/daming/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ date: '2026-12-01', timeLimit: 5 }),
    })
      .then((r) => (void r.arrayBuffer(), tally(others.datePlan, r.status)))
      .catch(() => tally(others.datePlan, 0));
  const manifest = () =>
    fetch(`${url}/api/scenarios/daming/manifests?date=2026-12-01&carrier=ems`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: manifestCsv,
    })
      .then((r) => (void r.arrayBuffer(), tally(others.manifest, r.status)))
      .catch(() => tally(others.manifest, 0));
  void datePlan();
  const datePlanTimer = setInterval(() => void datePlan(), 30_000);
  const manifestTimer = setInterval(() => void manifest(), 10_000);

  const rss: Array<{ t: number; mb: number }> = [];
  const t0 = Date.now();
  const rssTimer = setInterval(() => rss.push({ t: (Date.now() - t0) / 1000, mb: rssMb(child.pid!) }), 10_000);
  rss.push({ t: 0, mb: rssMb(child.pid!) });

  const windows: Array<{
    start: number;
    p99: number;
    p50: number;
    requests: number;
    fiveXX: number;
    non2xx: number;
    solving: boolean;
  }> = [];
  const totalWindows = Math.max(1, Math.round((MINUTES * 60) / WINDOW_S));
  for (let w = 0; w < totalWindows; w++) {
    if (w === 1) {
      // the burst, concurrent with the readers of this window
      void Promise.all(
        Array.from({ length: BURST }, () =>
          submit()
            .then((r) => {
              void r.arrayBuffer();
              if (r.status === 202) counts.burst.accepted++;
              else if (r.status === 429) counts.burst.refused429++;
              else if (r.status >= 500) counts.burst.fiveXX++;
              else counts.burst.other++;
            })
            .catch(() => counts.burst.other++),
        ),
      );
    }
    const health = async () => (await (await fetch(`${url}/api/health`)).json()) as { activeJobs: number };
    const activeBefore = (await health()).activeJobs;
    const result = await autocannon({
      url,
      connections: READERS,
      duration: WINDOW_S,
      requests: [
        { path: '/api/scenarios' },
        { path: '/api/scenarios/daming' },
        { path: '/api/jobs?limit=20' },
        { path: '/api/health' },
      ],
    });
    const activeAfter = (await health()).activeJobs;
    windows.push({
      start: (Date.now() - t0) / 1000 - WINDOW_S,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      fiveXX: result['5xx'],
      non2xx: result.non2xx,
      solving: activeBefore > 0 && activeAfter > 0,
    });
    process.stderr.write(
      `window ${w + 1}/${totalWindows}: p99 ${result.latency.p99} ms, ${result.requests.total} reads, 5xx ${result['5xx']}, solving ${activeBefore > 0 && activeAfter > 0}\n`,
    );
  }
  clearInterval(periodic);
  clearInterval(datePlanTimer);
  clearInterval(manifestTimer);
  clearInterval(rssTimer);
  rss.push({ t: (Date.now() - t0) / 1000, mb: rssMb(child.pid!) });

  const p99Of = (ws: typeof windows) => (ws.length ? Math.max(...ws.map((w) => w.p99)) : null);
  const perMinute: number[] = [];
  for (const s of rss) {
    const minute = Math.min(Math.floor(s.t / 60), Math.ceil(MINUTES) - 1);
    perMinute[minute] = Math.max(perMinute[minute] ?? 0, s.mb);
  }
  const minute2 = perMinute[1];
  const last = perMinute[perMinute.length - 1];
  const fiveXX = windows.reduce((s, w) => s + w.fiveXX, 0) + counts.burst.fiveXX;
  const result = {
    commit: gitCommit(REPO),
    date: new Date().toISOString(),
    minutes: MINUTES,
    eventLoopDelayMaxMs: loopMaxMs,
    datePlans: others.datePlan,
    manifestUploads: others.manifest,
    readers: READERS,
    jobEverySeconds: JOB_EVERY_MS / 1000,
    fiveXX,
    reads: windows.reduce((s, w) => s + w.requests, 0),
    burst: { size: BURST, ...counts.burst },
    periodic: counts.periodic,
    readP99Ms: {
      withSolve: p99Of(windows.filter((w) => w.solving)),
      withoutSolve: p99Of(windows.filter((w) => !w.solving)),
    },
    rssMbPerMinute: perMinute.map((v) => Math.round(v)),
    rssFlat:
      minute2 !== undefined && last !== undefined && perMinute.length >= 3
        ? Math.abs(last - minute2) <= 0.1 * minute2
        : null,
    windows,
  };
  const out = path.join(REPO, 'bench/results/load-latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  const { windows: _w, ...summary } = result;
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  if (fiveXX > 0) process.exitCode = 1;
}

await main();
