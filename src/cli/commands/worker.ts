/**
 * `gongpei worker --redis URL [--concurrency N]`: consume plan, hubs and coverage jobs from the BullMQ queue.
 * Needs only the Redis URL: scenarios travel in the jobs, results go back through Redis to the submitter.
 */
import type { Command } from 'commander';

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected an integer ≥ 1, got "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('run plan, hub and coverage jobs from the BullMQ queue on Redis (stop with Ctrl-C)')
    .option('--redis <url>', 'Redis URL (default $GONGPEI_REDIS_URL)')
    .option('--concurrency <n>', 'jobs at a time (one core each)', '1')
    .option('--prefix <prefix>', 'queue key prefix', 'gongpei')
    .option('--lock-ms <ms>', "job lock: a killed worker's job is re-run elsewhere after this long", '30000')
    .option('--quiet', 'no log lines')
    .action(async (opts: { redis?: string; concurrency: string; prefix: string; lockMs: string; quiet?: boolean }) => {
      const url = opts.redis ?? process.env.GONGPEI_REDIS_URL;
      if (!url) throw new Error('--redis URL (or GONGPEI_REDIS_URL) is required');
      const lock = positiveInt(opts.lockMs, '--lock-ms');
      const log = opts.quiet
        ? undefined
        : (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      // BullMQ loads only for this command (it adds most of a second to every other command's start).
      const { startQueueWorker } = await import('../../server/queue/consumer.ts');
      const worker = await startQueueWorker({
        url,
        prefix: opts.prefix,
        concurrency: positiveInt(opts.concurrency, '--concurrency'),
        lockDurationMs: lock,
        stalledIntervalMs: Math.max(1000, Math.round(lock / 2)),
        log,
      });
      log?.(`worker ${worker.name} ready (queue prefix ${opts.prefix})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      log?.('stopping: finishing the running jobs');
      await worker.close();
    });
}
