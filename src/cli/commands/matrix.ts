/**
 * `gongpei matrix <scenario> [--json] [--out FILE]`: travel matrix among all places of a scenario
 * (folder or stored id), with a progress bar on stderr; summary on stdout.
 */
import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { scenarioNetwork } from '../../network/index.ts';
import type { TravelMatrix } from '../../network/types.ts';
import { loadScenarioArg } from '../scenario-arg.ts';
import { dataDirOption } from '../store-arg.ts';

interface MatrixCliOptions {
  json?: boolean;
  out?: string;
  metric?: string;
  cache?: boolean;
  threads?: string;
}

/** Summary of a matrix (the --json document). */
export function matrixSummary(m: TravelMatrix, seconds: number) {
  const snaps = m.snaps.map((s) => s.snapDistanceM).filter(Number.isFinite);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    size: m.size,
    estimated: m.estimated,
    seconds: Math.round(seconds * 1000) / 1000,
    unreachable: m.unreachable,
    snaps: {
      max: snaps.length ? round1(Math.max(...snaps)) : 0,
      mean: snaps.length ? round1(snaps.reduce((a, b) => a + b, 0) / snaps.length) : 0,
    },
    ids: m.ids,
  };
}

/** Full matrix as JSON: row-major arrays, null where no route exists (JSON has no Infinity). */
export function matrixToJson(m: TravelMatrix): object {
  const finite = (a: Float64Array) => Array.from(a, (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null));
  return {
    ids: m.ids,
    size: m.size,
    estimated: m.estimated,
    distanceM: finite(m.distanceM),
    durationS: finite(m.durationS),
    snaps: m.snaps.map((s) => ({ ...s, snapDistanceM: Number.isFinite(s.snapDistanceM) ? s.snapDistanceM : null })),
    unreachable: m.unreachable,
  };
}

export function register(program: Command): void {
  program
    .command('matrix')
    .description('compute the travel matrix (road distance and time) among all places of a scenario')
    .argument('<scenario>', 'scenario folder or stored scenario id')
    .option('--json', 'print a JSON summary { size, estimated, seconds, unreachable, snaps, ids }')
    .option('--out <file>', 'write the full matrix as JSON (null = no route)')
    .option('--metric <metric>', 'route choice: duration (fastest) or distance (shortest)', 'duration')
    .option('--no-cache', 'do not read or write the matrix cache ($GONGPEI_CACHE_DIR or .cache/matrices)')
    .option(
      '--threads <n>',
      'search threads, main thread included (1 = main thread only; default: all cores for large matrices)',
    )
    .action(async (arg: string, opts: MatrixCliOptions, cmd: Command) => {
      const { scenario } = await loadScenarioArg(arg, { dataDir: dataDirOption(cmd) });
      if (opts.metric !== 'duration' && opts.metric !== 'distance') {
        throw new Error(`--metric: must be duration or distance, got "${opts.metric}"`);
      }
      let threads: number | undefined;
      if (opts.threads !== undefined) {
        threads = Number(opts.threads);
        if (!Number.isInteger(threads) || threads < 0)
          throw new Error(`--threads: must be a whole number ≥ 0, got "${opts.threads}"`);
      }
      const showBar = process.stderr.isTTY && scenario.places.length >= 50;
      const bar = new SingleBar({
        format: 'matrix |{bar}| {percentage}% | {eta}s left',
        stream: process.stderr,
        hideCursor: true,
      });
      if (showBar) bar.start(100, 0);
      const started = performance.now();
      let network;
      try {
        network = await scenarioNetwork(scenario, {
          metric: opts.metric,
          ...(opts.cache === false ? { cacheDir: null } : {}),
          ...(threads !== undefined ? { threads } : {}),
          onProgress: (f) => showBar && bar.update(Math.round(f * 100)),
        });
      } finally {
        if (showBar) bar.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const m = network.matrix;
      if (opts.out) {
        writeFileSync(opts.out, JSON.stringify(matrixToJson(m)));
        process.stderr.write(`gongpei: wrote the ${m.size}×${m.size} matrix to ${opts.out}\n`);
      }
      const summary = matrixSummary(m, seconds);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const lines = [
        `${scenario.county.name}: ${m.size}×${m.size} travel matrix (${m.estimated ? 'estimate' : opts.metric === 'duration' ? 'fastest routes' : 'shortest routes'})`,
        m.estimated
          ? `ESTIMATE: no road data — straight line × ${scenario.county.defaults.detourFactor} at ${scenario.county.defaults.defaultSpeedKmh} km/h`
          : `on roads; snap distance to the road: max ${summary.snaps.max} m, mean ${summary.snaps.mean} m`,
        `unreachable: ${m.unreachable.length}`,
        ...m.unreachable.map((u) => `  ${u.id}: ${u.reason} — ${u.detail}`),
        `time: ${summary.seconds.toFixed(2)} s${network.fromCache ? ' (from cache)' : ''}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
