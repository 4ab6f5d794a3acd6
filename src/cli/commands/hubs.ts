/**
 * `gongpei hubs <scenario> (--p N | --max-minutes T | --fixed-costs) [--pin a,b] [--ban c] [--no-replan] [--json]`:
 * choose township hubs (p-median, set covering or capacitated facility location, solved with HiGHS) and price
 * the layout with re-planned routes against the current layout.
 */
import type { Command } from 'commander';
import { locateHubs, type HubModel, type HubsResult, type RoutingSummary } from '../../planning/hubs.ts';
import { loadScenarioArg } from '../scenario-arg.ts';
import { dataDirOption } from '../store-arg.ts';
import { textTable } from './coverage.ts';

interface HubsCliOptions {
  p?: string;
  maxMinutes?: string;
  fixedCosts?: boolean;
  fixedCost?: string;
  capacity?: string;
  costPerParcelHour?: string;
  pin?: string;
  ban?: string;
  replan?: boolean;
  day?: string;
  timeLimit?: string;
  mipTimeLimit?: string;
  seed?: string;
  json?: boolean;
}

function num(value: string | undefined, flag: string, check: (n: number) => boolean, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new Error(`${flag}: expected ${what}, got "${value}"`);
  return n;
}

const list = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

function isRouting(r: RoutingSummary | { skipped: string }): r is RoutingSummary {
  return !('skipped' in r);
}

export function formatHubs(r: HubsResult): string {
  const out: string[] = [];
  const head =
    r.model === 'p-median'
      ? `p-median (p = ${String(r.params.p)})`
      : r.model === 'set-cover'
        ? `set covering (≤ ${String(r.params.maxMinutes)} min)`
        : 'capacitated facility location';
  out.push(`${head}: hubs ${r.hubs.length > 0 ? r.hubs.join(', ') : '(none: warehouse only)'}`);
  const gap = r.gap === null ? 'gap unknown' : `gap ${(r.gap * 100).toFixed(3)}%`;
  out.push(
    `objective ${r.objective} ${r.objectiveUnit}; bound ${r.bound ?? 'n/a'}, ${gap}, ${r.status}, ${r.solver}, MIP ${r.mipSeconds.toFixed(2)} s, total ${r.seconds.toFixed(2)} s`,
  );
  if (r.estimatedTravel) out.push('note: no road data — travel times are straight-line ESTIMATES');
  if (r.detail) out.push(`note: ${r.detail}`);
  out.push('');
  const cr = r.routing;
  const cu = r.current.routing;
  const cell = (x: RoutingSummary | { skipped: string }, f: (s: RoutingSummary) => string) =>
    isRouting(x) ? f(x) : '—';
  const rows: string[][] = [
    ['hubs', r.hubs.join(' ') || '—', r.current.hubs.join(' ') || '—'],
    ['objective', String(r.objective), r.current.objective === null ? 'infeasible' : String(r.current.objective)],
    [
      'parcel-minutes/day',
      String(r.weightedMinutes),
      r.current.weightedMinutes === null ? '—' : String(r.current.weightedMinutes),
    ],
    ['routing totalCost (yuan)', cell(cr, (s) => s.totalCost.toFixed(2)), cell(cu, (s) => s.totalCost.toFixed(2))],
    [
      'serviceCompliance',
      cell(cr, (s) => `${(s.serviceCompliance * 100).toFixed(1)}%`),
      cell(cu, (s) => `${(s.serviceCompliance * 100).toFixed(1)}%`),
    ],
    ['km', cell(cr, (s) => s.km.toFixed(1)), cell(cu, (s) => s.km.toFixed(1))],
    ['vehicles used', cell(cr, (s) => String(s.vehiclesUsed)), cell(cu, (s) => String(s.vehiclesUsed))],
    [
      'stations served / unassigned',
      cell(cr, (s) => `${s.stationsServed} / ${s.stationsUnassigned}`),
      cell(cu, (s) => `${s.stationsServed} / ${s.stationsUnassigned}`),
    ],
  ];
  out.push(textTable(['', 'chosen', 'current'], rows));
  if (isRouting(cr))
    out.push(`(routes re-planned for day ${cr.day}${isRouting(cu) ? '' : '; current layout not re-planned'})`);
  else out.push(`(routing: ${cr.skipped})`);
  if (r.current.detail) out.push(`current layout: ${r.current.detail}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  out.push('');
  const perDepot = new Map<string, number>();
  for (const d of Object.values(r.assignment)) perDepot.set(d, (perDepot.get(d) ?? 0) + 1);
  out.push(
    textTable(
      ['depot', '>stations'],
      [...perDepot].sort((a, b) => b[1] - a[1]).map(([d, n]) => [d, String(n)]),
    ),
  );
  if (isRouting(cr) && cr.fleetChanges.length > 0) {
    out.push('');
    out.push('fleet changes for the chosen layout:');
    for (const f of cr.fleetChanges) out.push(`  ${f.fleetId}: ${f.action} ${f.from} → ${f.to}`);
  }
  if (r.unserved.length > 0) {
    out.push('');
    out.push(`stations the model cannot serve/cover (${r.unserved.length}):`);
    for (const u of r.unserved.slice(0, 30)) out.push(`  ${u.stationId}: ${u.reason}`);
    if (r.unserved.length > 30) out.push(`  … ${r.unserved.length - 30} more (see --json)`);
  }
  if (isRouting(cr) && cr.unassigned.length > 0) {
    out.push('');
    out.push(`unassigned in the re-plan (${cr.unassigned.length}):`);
    for (const u of cr.unassigned.slice(0, 30))
      out.push(`  ${u.stationId}: ${u.reason}${u.detail ? ` — ${u.detail}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('hubs')
    .description(
      'choose township hubs (p-median, set covering or capacitated, HiGHS MIP) and re-plan routes against the current layout',
    )
    .argument('<scenario>', 'stored scenario id or scenario folder')
    .option('--p <n>', 'p-median: number of hubs (pinned included)')
    .option('--max-minutes <t>', 'set covering: every station within T minutes of the warehouse or a hub')
    .option('--fixed-costs', 'capacitated facility location with hub opening costs and capacities')
    .option('--fixed-cost <yuan>', 'capacitated: opening cost per hub per day (default 300)')
    .option('--capacity <parcels>', 'capacitated: parcels per day a hub can handle (default 2000)')
    .option('--cost-per-parcel-hour <yuan>', 'capacitated: transport rate (default derived from the shared fleet)')
    .option('--pin <ids>', 'comma-separated candidates that must be open')
    .option('--ban <ids>', 'comma-separated candidates that may not open')
    .option('--no-replan', 'skip re-planning routes (location model only)')
    .option('--day <n>', 'day to re-plan (default: the first day with demand)')
    .option('--time-limit <s>', 'engine seconds per re-plan', '5')
    .option('--mip-time-limit <s>', 'HiGHS seconds per MIP', '60')
    .option('--seed <n>', 'engine seed')
    .option('--json', 'print JSON')
    .action(async (arg: string, opts: HubsCliOptions, cmd: Command) => {
      const chosen = [opts.p !== undefined, opts.maxMinutes !== undefined, opts.fixedCosts === true].filter(
        Boolean,
      ).length;
      if (chosen !== 1)
        throw new Error(
          'choose exactly one model: --p N (p-median), --max-minutes T (set covering) or --fixed-costs (capacitated)',
        );
      const model: HubModel =
        opts.p !== undefined ? 'p-median' : opts.maxMinutes !== undefined ? 'set-cover' : 'capacitated';
      const p = num(opts.p, '--p', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
      const maxMinutes = num(opts.maxMinutes, '--max-minutes', (n) => n > 0, 'a positive number of minutes');
      const fixedCost = num(opts.fixedCost, '--fixed-cost', (n) => n >= 0, 'a number ≥ 0');
      const capacity = num(opts.capacity, '--capacity', (n) => n > 0, 'a positive number of parcels');
      const rate = num(opts.costPerParcelHour, '--cost-per-parcel-hour', (n) => n >= 0, 'a number ≥ 0');
      if (model !== 'capacitated' && (fixedCost !== undefined || capacity !== undefined || rate !== undefined)) {
        throw new Error('--fixed-cost, --capacity and --cost-per-parcel-hour apply to --fixed-costs only');
      }
      const day = num(opts.day, '--day', (n) => Number.isInteger(n) && n >= 1, 'a whole day number ≥ 1');
      const timeLimit = num(opts.timeLimit, '--time-limit', (n) => n > 0, 'a positive number of seconds');
      const mipTimeLimit = num(opts.mipTimeLimit, '--mip-time-limit', (n) => n > 0, 'a positive number of seconds');
      const seed = num(opts.seed, '--seed', (n) => Number.isInteger(n), 'a whole number');
      const { scenario } = await loadScenarioArg(arg, { dataDir: dataDirOption(cmd) });
      const result = await locateHubs(scenario, {
        model,
        ...(p !== undefined ? { p } : {}),
        ...(maxMinutes !== undefined ? { maxMinutes } : {}),
        ...(fixedCost !== undefined ? { fixedCost } : {}),
        ...(capacity !== undefined ? { capacity } : {}),
        ...(rate !== undefined ? { costPerParcelHour: rate } : {}),
        pinned: list(opts.pin),
        banned: list(opts.ban),
        replan: opts.replan !== false,
        ...(day !== undefined ? { day } : {}),
        ...(timeLimit !== undefined ? { planTimeLimit: timeLimit } : {}),
        ...(seed !== undefined ? { seed } : {}),
        mip: { timeLimitS: mipTimeLimit ?? 60 },
        log: (m) => process.stderr.write(`${m}\n`),
      });
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatHubs(result));
    });
}
