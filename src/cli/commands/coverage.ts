/**
 * `gongpei coverage <scenario> [--plan ID] [--json]`: the policy scorecard (DESIGN.md §2) with pass/fail
 * marks, the per-township table, the villages that should have a station and do not, and the cheapest new
 * stations that reach the village coverage targets (siting).
 *
 * Plan-based indicators (same day, within limit, carriers, upstream parity) come from `--plan ID` (a stored
 * plan), else from a plan of the first demand day made now (`--no-plan` to use travel times only).
 */
import type { Command } from 'commander';
import type { PlanResult } from '../../planning/types.ts';
import {
  coverage,
  DEFAULT_LARGE_VILLAGE_POPULATION,
  type CoverageResult,
  type Indicator,
} from '../../planning/coverage.ts';
import { siteStations, type SitingResult } from '../../planning/siting.ts';
import { firstDemandDay } from '../../planning/hubs.ts';
import { planRequest } from '../../planning/request.ts';
import { scenarioMatrix } from '../../network/index.ts';
import { loadScenarioArg } from '../scenario-arg.ts';
import { dataDirOption, openCommandStore } from '../store-arg.ts';

export interface CoverageJson extends CoverageResult {
  siting?: SitingResult;
}

interface CoverageCliOptions {
  plan?: string | boolean;
  day?: string;
  timeLimit?: string;
  large?: string;
  siting?: boolean;
  json?: boolean;
}

/** Display width of a string in a terminal (CJK characters take two columns). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

/** An aligned text table; columns whose header starts with '>' are right-aligned. */
export function textTable(header: string[], rows: string[][]): string {
  const right = header.map((h) => h.startsWith('>'));
  const head = header.map((h) => h.replace(/^>/, ''));
  const widths = head.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - displayWidth(cell));
        return right[c] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: expected a positive number, got "${value}"`);
  return n;
}

export function formatIndicatorValue(i: Pick<Indicator, 'id' | 'value'>): string {
  if (i.value === null) return 'n/a';
  if (i.id.endsWith('_share')) return `${(i.value * 100).toFixed(1)}%`;
  if (i.id === 'carriers_shared') return String(i.value);
  return i.value.toFixed(2);
}

function formatTarget(i: Indicator): string {
  const v = i.id.endsWith('_share')
    ? `${(i.target * 100).toFixed(0)}%`
    : i.id === 'carriers_shared'
      ? String(i.target)
      : i.target.toFixed(2);
  return `${i.op === '>=' ? '≥' : '≤'} ${v}`;
}

const mark = (pass: boolean | null) => (pass === null ? '–' : pass ? '✓' : '✗');

export function formatCoverage(r: CoverageJson, scenarioName: string): string {
  const out: string[] = [];
  const basis = r.basis.plan
    ? `plan of day ${r.basis.plan.day}${r.basis.plan.id ? ` (${r.basis.plan.id})` : ''}`
    : 'travel times (no plan)';
  out.push(`Coverage scorecard — ${scenarioName} (plan-based indicators from ${basis})`);
  if (r.basis.estimatedTravel) out.push('note: no road data — travel times are straight-line ESTIMATES');
  out.push('');
  out.push(
    textTable(
      ['indicator', '指标', '>value', '>target', 'pass', 'detail'],
      r.indicators.map((i) => [i.label, i.labelZh, formatIndicatorValue(i), formatTarget(i), mark(i.pass), i.detail]),
    ),
  );
  out.push('');
  out.push('Townships');
  out.push(
    textTable(
      [
        'township',
        'name',
        '>villages',
        '>stations',
        '>poverty covered',
        `>${r.largeVillagePopulation}+ covered`,
        'hub',
        'express',
        'pass',
      ],
      r.townships.map((t) => [
        t.township,
        t.name,
        String(t.villages),
        String(t.stations),
        `${t.povertyCovered}/${t.povertyVillages}`,
        `${t.largeCovered}/${t.largeVillages}`,
        t.hasHub ? 'yes' : '',
        t.express ? 'yes' : 'NO',
        mark(t.pass.poverty && t.pass.large && t.pass.express),
      ]),
    ),
  );
  out.push('');
  if (r.missingStations.length === 0) {
    out.push('Every poverty village and every village of 500+ residents has a station.');
  } else {
    out.push(`Villages that should have a station and do not (${r.missingStations.length})`);
    out.push(
      textTable(
        ['village', 'name', 'township', 'why', '>population'],
        r.missingStations.map((m) => [
          m.villageId,
          m.name,
          m.townshipName,
          m.why,
          m.population === null ? '' : String(m.population),
        ]),
      ),
    );
  }
  if (r.siting) {
    const s = r.siting;
    out.push('');
    out.push(
      `Station siting: ${s.stations.length} new stations, added cost ≈ ${s.addedCost.toFixed(2)} yuan/day (${s.costBasis}, ${s.solver})`,
    );
    const pctOrDash = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
    out.push(
      `  villages ${pctOrDash(s.before.village)} → ${pctOrDash(s.after.village)}, poverty ${pctOrDash(s.before.poverty)} → ${pctOrDash(s.after.poverty)}, large ${pctOrDash(s.before.large)} → ${pctOrDash(s.after.large)}${s.reached ? '' : ' — targets NOT reached'}`,
    );
    for (const u of s.unmet) out.push(`  unmet: ${u}`);
    if (s.stations.length > 0) {
      out.push(
        textTable(
          ['village', 'name', 'why', '>added yuan/day', 'basis'],
          s.stations.map((x) => [x.villageId, x.name, x.why, x.addedCost.toFixed(2), x.basis]),
        ),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('coverage')
    .description(
      'policy coverage scorecard: indicators vs county targets, township table, missing stations, station siting',
    )
    .argument('<scenario>', 'stored scenario id or scenario folder')
    .option(
      '--plan <id>',
      'stored plan for the plan-based indicators (same day, within limit, carriers, upstream parity)',
    )
    .option('--no-plan', 'do not plan a day: plan-based indicators from travel times, upstream parity not computed')
    .option('--day <n>', 'day to plan when no --plan is given (default: the first day with demand)')
    .option('--time-limit <s>', 'engine seconds for that plan', '3')
    .option(
      '--large <n>',
      `residents from which a village must have a station (default ${DEFAULT_LARGE_VILLAGE_POPULATION})`,
    )
    .option('--no-siting', 'skip the station siting')
    .option('--json', 'print JSON')
    .action(async (arg: string, opts: CoverageCliOptions, cmd: Command) => {
      const { scenario, id } = await loadScenarioArg(arg, { dataDir: dataDirOption(cmd) });
      const large = positiveNumber(opts.large, '--large', DEFAULT_LARGE_VILLAGE_POPULATION);
      const matrix = await scenarioMatrix(scenario);
      let plan: PlanResult | null = null;
      let planId: string | undefined;
      if (typeof opts.plan === 'string') {
        const store = openCommandStore(cmd);
        try {
          const stored = store.getPlan(opts.plan);
          if (!stored) throw new Error(`--plan: no stored plan "${opts.plan}"`);
          if (id !== null && stored.scenarioId !== id)
            throw new Error(`--plan: plan "${opts.plan}" belongs to scenario "${stored.scenarioId}", not "${id}"`);
          plan = stored.plan;
          planId = stored.id;
        } finally {
          store.close();
        }
      } else if (opts.plan !== false) {
        const day = opts.day !== undefined ? positiveNumber(opts.day, '--day', 1) : firstDemandDay(scenario);
        if (day !== null) {
          const timeLimit = positiveNumber(opts.timeLimit, '--time-limit', 3);
          process.stderr.write(
            `planning day ${day} (${timeLimit} s engine) for the plan-based indicators; --plan ID uses a stored plan, --no-plan skips\n`,
          );
          try {
            plan = await planRequest(scenario, { day, timeLimit }, { matrix });
          } catch (err) {
            // the scorecard still stands on travel times; say why the plan-based figures are missing
            process.stderr.write(
              `planning day ${day} failed (${err instanceof Error ? err.message : String(err)}); plan-based indicators from travel times\n`,
            );
          }
        }
      }
      const result: CoverageJson = coverage(scenario, {
        plan,
        matrix,
        largeVillagePopulation: large,
        ...(planId ? { planId } : {}),
      });
      if (opts.siting !== false)
        result.siting = await siteStations(scenario, matrix, { plan, largeVillagePopulation: large });
      process.stdout.write(
        opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatCoverage(result, scenario.county.name),
      );
    });
}
