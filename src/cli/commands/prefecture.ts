/**
 * `gongpei prefecture run DIR --day D [--redis URL] [--json]`: plan every county of a prefecture folder, score
 * each on the 100-point scorecard and print the ranking (docs/prefecture.md).
 */
import type { Command } from 'commander';
import type { PrefectureRun } from '../../server/queue/prefecture-run.ts';
import { openCommandStore } from '../store-arg.ts';
import { textTable } from './coverage.ts';

function number(value: string | undefined, flag: string, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${flag}: invalid value "${value}"`);
  return n;
}

function text(run: PrefectureRun): string {
  const rows = run.ranking.map((c, i) => [
    String(i + 1),
    c.id,
    c.name,
    c.score!.toFixed(1),
    c.totalCost!.toFixed(0),
    c.costPerParcel!.toFixed(2),
    c.planId ?? '',
  ]);
  const failed = run.counties.filter((c) => c.error).map((c) => `${c.id} ${c.name}: FAILED: ${c.error}`);
  return [
    `${run.name}: ${run.ranking.length} counties ranked, ${run.failed} failed, ${run.seconds} s`,
    textTable(['>#', 'id', 'name', '>score', '>cost', '>cost/parcel', 'plan'], rows),
    ...failed,
  ].join('\n');
}

export function register(program: Command): void {
  const prefecture = program
    .command('prefecture')
    .description('every county of a prefecture: plans, scorecards, ranking');
  prefecture
    .command('run')
    .description('plan every county of a prefecture folder for a day and rank the counties by scorecard')
    .argument('<dir>', 'prefecture folder (npm run make:prefecture -- --out DIR)')
    .requiredOption('--day <d>', 'day of the demand to plan')
    .option(
      '--redis <url>',
      'run the counties on BullMQ workers (gongpei worker) via this Redis; default: in this process',
    )
    .option('--prefix <prefix>', 'queue key prefix', 'gongpei')
    .option('--time <s>', 'engine seconds per county')
    .option('--seed <n>', 'engine seed')
    .option('--json', 'print JSON')
    .action(
      async (
        dir: string,
        opts: { day: string; redis?: string; prefix: string; time?: string; seed?: string; json?: boolean },
        cmd: Command,
      ) => {
        const day = number(opts.day, '--day', (n) => Number.isInteger(n) && n >= 1)!;
        const timeLimit = number(opts.time, '--time', (n) => n > 0);
        const seed = number(opts.seed, '--seed', Number.isInteger);
        const store = openCommandStore(cmd);
        try {
          const { runPrefecture } = await import('../../server/queue/prefecture-run.ts'); // BullMQ only when used
          const run = await runPrefecture(dir, {
            day,
            store,
            redisUrl: opts.redis,
            prefix: opts.prefix,
            timeLimit,
            seed,
            log: (line) => process.stderr.write(`${line}\n`),
          });
          const { counties, ranking, seconds } = run;
          process.stdout.write(
            opts.json
              ? `${JSON.stringify({ name: run.name, counties, ranking, failed: run.failed, seconds }, null, 2)}\n`
              : `${text(run)}\n`,
          );
          if (run.failed > 0) process.exitCode = 1;
        } finally {
          store.close();
        }
      },
    );
}
