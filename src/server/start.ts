/**
 * Running server: opens the store, recovers from a previous run (jobs left queued/running → failed),
 * seeds the embedded default county on first start, and listens (127.0.0.1:8080 by default).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { openStore } from '../store/sqlite.ts';
import { MAX_JOB_ATTEMPTS, type Store } from '../store/types.ts';
import { readScenarioFolder } from '../io/scenario-folder.ts';
import { createApp, REPO_ROOT, type GongpeiApp } from './app.ts';
import { useRemoteJobBackend } from './jobs.ts';
import { loadTokens, parseAllowedOrigins, readsNeedToken } from './security.ts';

export const DEFAULT_SCENARIO_ID = 'daming';
export const DEFAULT_SCENARIO_DIR = path.join(REPO_ROOT, 'data', 'counties', 'daming');

export interface StartOptions {
  /** default: $PORT or 8080; 0 = ephemeral */
  port?: number;
  /** default: $HOST or 127.0.0.1 */
  host?: string;
  /** Store directory (default: $GONGPEI_DATA_DIR or ./var, as the CLI). */
  dataDir?: string;
  /** default: $GONGPEI_TOKEN */
  token?: string;
  webDir?: string;
  /** Seed folder for the default scenario (default data/counties/daming); null = no seeding. */
  seedDir?: string | null;
  seedId?: string;
  log?: (line: string) => void;
  /** Run jobs on BullMQ workers (`gongpei worker`) through this Redis (default $GONGPEI_REDIS_URL); none = worker threads. */
  redisUrl?: string;
  /** Queue key prefix (default 'gongpei'). */
  queuePrefix?: string;
  /** Request log lines (default: none; `gongpei serve` logs to stderr unless GONGPEI_REQUEST_LOG=0). */
  requestLog?: (line: string) => void;
}

export interface RunningServer {
  app: GongpeiApp;
  store: Store;
  server: Server;
  url: string;
  port: number;
  /** Jobs a crash or kill (not a graceful drain) had left queued/running: re-queued, done or failed now. */
  interruptedJobs: number;
  seeded: boolean;
  /** Jobs this start put back in the queue (left by a graceful drain or by a crash). */
  requeuedJobs: number;
  close(): Promise<void>;
  /**
   * Graceful stop (SIGTERM): no new jobs, running ones may finish for `graceMs`, the rest are re-queued for
   * the next start, SSE clients get a final `shutdown` event; then the server and store close.
   */
  shutdown(graceMs: number): Promise<{ finished: number; requeued: number }>;
}

/** Retention (days) of finished jobs and of plans no job references; see docs/data-and-store.md. */
export const RETENTION = {
  jobDays: Number(process.env.GONGPEI_RETENTION_JOB_DAYS ?? 30),
  planDays: Number(process.env.GONGPEI_RETENTION_PLAN_DAYS ?? 90),
  everyMs: 6 * 3600 * 1000,
};

/** Saves the default county as `id` unless the store already has it. Returns true if it seeded. */
export async function seedDefaultScenario(store: Store, dir: string, id: string): Promise<boolean> {
  if (store.getScenario(id)) return false;
  if (!existsSync(path.join(dir, 'county.json'))) return false;
  store.saveScenario(id, await readScenarioFolder(dir));
  return true;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT: expected a port number 0..65535, got "${process.env.PORT}"`);
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const token = options.token ?? process.env.GONGPEI_TOKEN ?? undefined;
  const redisUrl = options.redisUrl ?? process.env.GONGPEI_REDIS_URL ?? undefined;
  // The access settings are checked before anything is opened: a server that would expose one carrier's data
  // to another (or ignore a malformed setting) does not start at all (ConfigError, zh + en).
  const tokens = loadTokens(process.env, token || undefined);
  const requireTokenForReads = readsNeedToken(tokens, process.env.GONGPEI_REQUIRE_TOKEN_FOR_READS);
  const allowedOrigins = parseAllowedOrigins(process.env.GONGPEI_ALLOWED_ORIGINS);
  if (tokens.some((t) => t.carrier) && !process.env.GONGPEI_REQUIRE_TOKEN_FOR_READS)
    log(
      'carrier tokens are configured: every API read needs a token (carrier isolation; docs/security.md) / 已配置快递公司令牌：所有读取都需要令牌',
    );
  // Connect first: an unreachable Redis is a clear error at start, before the store is opened.
  // BullMQ is loaded only when a Redis URL is given: the embedded default never pays for it.
  const remote = redisUrl
    ? await (await import('./queue/backend.ts')).RedisJobBackend.open(redisUrl, options.queuePrefix)
    : null;
  const store = openStore(options.dataDir ?? process.env.GONGPEI_DATA_DIR ?? undefined);
  // Jobs the last process left queued or running (graceful drain, crash, SIGKILL) run again, once each.
  const recovered = store.recoverInterruptedJobs();
  const requeue = recovered.requeue;
  const interruptedJobs = recovered.interrupted;
  if (recovered.completed > 0)
    log(`marked ${recovered.completed} interrupted job(s) whose plan was already stored as done`);
  if (recovered.failed > 0)
    log(`marked ${recovered.failed} job(s) interrupted ${MAX_JOB_ATTEMPTS} times as failed (not retried again)`);
  const cleanup = () => {
    try {
      const removed = store.cleanup(RETENTION.jobDays, RETENTION.planDays);
      if (removed.jobs + removed.plans > 0)
        log(`retention: removed ${removed.jobs} old job(s) and ${removed.plans} unreferenced plan(s)`);
    } catch (err) {
      log(`retention cleanup failed: ${err instanceof Error ? err.message : err}`);
    }
  };
  cleanup();
  const cleanupTimer = setInterval(cleanup, RETENTION.everyMs);
  cleanupTimer.unref();
  let seeded = false;
  const seedDir = options.seedDir === undefined ? DEFAULT_SCENARIO_DIR : options.seedDir;
  if (seedDir) {
    seeded = await seedDefaultScenario(store, seedDir, options.seedId ?? DEFAULT_SCENARIO_ID);
    if (seeded)
      log(
        `seeded scenario "${options.seedId ?? DEFAULT_SCENARIO_ID}" from ${path.relative(process.cwd(), seedDir) || seedDir}`,
      );
  }
  // The address the server is bound to is a name it may be reached by; a wildcard bind needs the names listed.
  const allowedHosts = (process.env.GONGPEI_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (host !== '0.0.0.0' && host !== '::') allowedHosts.push(host.includes(':') ? `[${host}]` : host);
  else if (!process.env.GONGPEI_ALLOWED_HOSTS) {
    log(
      `listening on all interfaces: only loopback names are served until GONGPEI_ALLOWED_HOSTS lists this machine's names or addresses (docs/security.md)`,
    );
  }
  useRemoteJobBackend(remote);
  const app = createApp({
    store,
    tokens,
    requireTokenForReads,
    webDir: options.webDir,
    requestLog: options.requestLog,
    allowedHosts,
    allowedOrigins,
  });
  useRemoteJobBackend(null);
  if (remote)
    log(
      `jobs run on BullMQ workers via ${redisUrl!.replace(/\/\/[^@/]*@/, '//***@')} (start them with: gongpei worker --redis URL)`,
    );
  app.jobs.warmUp();
  if (requeue.length > 0) {
    app.jobs.resume(requeue);
    log(`re-queued ${requeue.length} job(s) left by the last shutdown`);
  }
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once('error', reject);
    });
  } catch (err) {
    clearInterval(cleanupTimer);
    await app.shutdown();
    store.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new Error(`port ${port} on ${host} is already in use (choose another with PORT=… or --port)`);
    if (code === 'EADDRNOTAVAIL')
      throw new Error(`cannot bind to ${host}: no such address on this machine (HOST / --host)`);
    throw err;
  }
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  let closing: Promise<void> | null = null;
  const running: RunningServer = {
    app,
    store,
    server,
    url,
    port: actualPort,
    interruptedJobs,
    seeded,
    requeuedJobs: requeue.length,
    close() {
      closing ??= (async () => {
        clearInterval(cleanupTimer);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await app.shutdown();
        store.close();
      })();
      return closing;
    },
    async shutdown(graceMs: number) {
      const outcome = await app.jobs.drain(graceMs);
      await running.close();
      return outcome;
    },
  };
  return running;
}
