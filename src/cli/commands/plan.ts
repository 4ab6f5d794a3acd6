/**
 * `gongpei plan <scenario|folder> --day D [--compare] [--horizon N] [--time S] [--seed N] [--json] [--out DIR]`:
 * the daily shared-delivery plan (optionally with the shared-vs-separate comparison and the N-day periodic
 * schedule). `--json` prints exactly one PlanResult (src/planning/types.ts); progress goes to stderr. The plan is
 * saved in the store (a folder is stored as a scenario named after the folder first) and its id printed on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadScenarioArg } from '../scenario-arg.ts';
import { auditCli, dataDirOption, openCommandStore } from '../store-arg.ts';
import { defaultScenarioId } from './import.ts';
import { planningNetwork } from '../../planning/network.ts';
import { planRequest, type PlanRequest } from '../../planning/request.ts';
import { routeSheetsCsv, routesGeoJson } from '../../planning/export.ts';
import type { PlanResult } from '../../planning/types.ts';
import { planDateCommand } from '../../operations/plan-date-cli.ts';

interface PlanOpts {
  day?: string;
  date?: string;
  compare?: boolean;
  horizon?: string;
  time?: string;
  seed?: string;
  iterations?: string;
  json?: boolean;
  out?: string;
  lang?: string;
  save: boolean;
  /** false with --no-bus. */
  bus?: boolean;
  /** --rounds: trips as the older greedy rounds (PlanParams.engineTrips = 0). */
  rounds?: boolean;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive whole number, got "${text}"`);
  return n;
}

/** The command line → the plan request shared with the server (src/planning/request.ts). */
function planRequestOf(dayText: string, opts: PlanOpts): PlanRequest {
  const day = positiveInt(dayText, '--day');
  const horizon = opts.horizon !== undefined ? positiveInt(opts.horizon, '--horizon') : undefined;
  if (horizon !== undefined && day > horizon)
    throw new Error(`--day ${day} lies outside the --horizon of ${horizon} days`);
  const timeLimit = opts.time !== undefined ? Number(opts.time) : undefined;
  if (timeLimit !== undefined && !(timeLimit > 0))
    throw new Error(`--time: expected a positive number of seconds, got "${opts.time}"`);
  const seed = opts.seed !== undefined ? positiveInt(opts.seed, '--seed') : undefined;
  const maxIterations = opts.iterations !== undefined ? positiveInt(opts.iterations, '--iterations') : undefined;
  const request: PlanRequest = {
    day,
    mode: opts.compare ? 'compare' : 'shared',
    horizon,
    timeLimit,
    seed,
    maxIterations,
  };
  if (opts.bus === false) request.noBus = true;
  if (opts.rounds) request.params = { engineTrips: 0 };
  return request;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'plan a day of shared delivery (two tiers: warehouse + township hubs); optional comparison and N-day schedule',
    )
    .argument('<scenario>', 'scenario folder or stored scenario id')
    .option('--day <D>', 'day of the horizon (1-based, as in demand.csv)')
    .option(
      '--date <YYYY-MM-DD>',
      'plan a calendar date: its carrier manifests plus carried-over parcels (stored scenario)',
    )
    .option('--compare', 'also plan each carrier alone and report the savings of shared delivery')
    .option(
      '--horizon <N>',
      'periodic plan over N days (stations with an N-day limit visited less often); routes are day D of it',
    )
    .option('--time <S>', 'engine seconds per daily plan (default 3)')
    .option('--seed <N>', 'random seed (default 1)')
    .option('--iterations <N>', 'engine iterations per solve (with --seed: the same plan on any machine)')
    .option('--json', 'print the plan as JSON (one document on stdout)')
    .option('--out <dir>', 'write plan.json, route-sheets.csv and routes.geojson to this folder')
    .option('--lang <zh|en>', 'route-sheets.csv headers: zh (default) or en (the English column names tools read)')
    .option('--no-save', 'do not save the plan in the store')
    .option('--no-bus', 'plan without passenger-bus legs even when the scenario has bus_lines.csv')
    .option('--rounds', "plan each depot's trips as greedy rounds instead of inside the engine (for comparison)")
    .action(async (arg: string, opts: PlanOpts, cmd: Command) => {
      if (opts.date !== undefined && opts.day === undefined) return planDateCommand(arg, opts.date, opts, cmd);
      if (opts.day === undefined || opts.date !== undefined)
        throw new Error('give exactly one of --day N or --date YYYY-MM-DD');
      if (opts.lang !== undefined && opts.lang !== 'zh' && opts.lang !== 'en')
        throw new Error(`--lang: expected zh or en, got "${opts.lang}"`);
      const request = planRequestOf(opts.day, opts);
      const day = request.day;
      const dataDir = dataDirOption(cmd);
      const loaded = await loadScenarioArg(arg, { dataDir });
      const scenario = loaded.scenario;
      const log = (text: string) => process.stderr.write(`${text}\n`);

      const started = Date.now();
      const network = await planningNetwork(scenario);
      log(
        `matrix: ${network.matrix.size} places${network.fromCache ? ' (cached)' : ''}${network.matrix.estimated ? ', straight-line ESTIMATE (no road data)' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      let lastShown = -1;
      let plan: PlanResult = await planRequest(scenario, request, {
        matrix: network.matrix,
        log,
        onProgress: (fraction, cost) => {
          const pct = Math.floor(fraction * 10) * 10;
          if (pct > lastShown) {
            lastShown = pct;
            log(`planning… ${pct}%${cost !== null ? `  best cost ${cost.toFixed(0)}` : ''}`);
          }
        },
      });
      log(
        `planned day ${day} in ${((Date.now() - started) / 1000).toFixed(1)} s: cost ${plan.kpis.totalCost}, ${plan.kpis.vehiclesUsed} vehicles, ${plan.kpis.stationsServed} stations served, ${plan.kpis.stationsUnassigned} unassigned`,
      );
      if (plan.check && !plan.check.feasible)
        log(
          `WARNING: the checker found ${plan.check.violations.length} violations: ${plan.check.violations.slice(0, 3).join('; ')}`,
        );

      if (opts.save) {
        const store = openCommandStore(cmd);
        try {
          let scenarioId = loaded.id;
          if (!scenarioId) {
            // A folder: reuse the stored scenario of the same name (or an earlier copy of this very folder) when its
            // content is identical; never overwrite a different stored scenario — store this folder under a fresh id.
            const base = defaultScenarioId(arg);
            const text = JSON.stringify(scenario);
            const same = store
              .listScenarios()
              .map((x) => x.id)
              .filter((id) => id === base || id.startsWith(`${base}-`))
              .find((id) => JSON.stringify(store.getScenario(id)) === text);
            if (same) {
              scenarioId = same;
            } else {
              scenarioId = store.getScenario(base) ? `${base}-${Date.now().toString(36)}`.slice(0, 64) : base;
              store.saveScenario(scenarioId, scenario);
              log(
                `stored the folder as scenario "${scenarioId}"${scenarioId !== base ? ` (a different scenario "${base}" is already stored)` : ''}`,
              );
            }
          }
          const stored = store.savePlan(scenarioId, { ...plan, scenarioId });
          auditCli(store, `plan ${scenarioId} --day ${day} (plan ${stored.id})`);
          plan = { id: stored.id, ...stored.plan };
          log(`saved plan ${stored.id} (scenario ${scenarioId})`);
        } finally {
          store.close();
        }
      }

      if (opts.out) {
        mkdirSync(opts.out, { recursive: true });
        writeFileSync(path.join(opts.out, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
        writeFileSync(
          path.join(opts.out, 'route-sheets.csv'),
          routeSheetsCsv(scenario, plan, opts.lang === 'en' ? 'en' : 'zh'),
        );
        const geo = routesGeoJson(scenario, plan, network);
        writeFileSync(path.join(opts.out, 'routes.geojson'), `${JSON.stringify(geo)}\n`);
        log(
          `wrote plan.json, route-sheets.csv, routes.geojson to ${opts.out}${geo.estimatedTravel ? ' (straight legs: no road data)' : geo.straightLegs ? ` (${geo.straightLegs} legs without a road path drawn straight)` : ''}`,
        );
      }

      if (opts.json) {
        process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      } else {
        printPlan(plan);
      }
    });
}

function printPlan(plan: PlanResult): void {
  const k = plan.kpis;
  const out: string[] = [];
  out.push(
    `Day ${plan.day} (${plan.mode})${plan.estimatedTravel ? ' — travel times are straight-line ESTIMATES' : ''}`,
  );
  out.push(
    `  total cost ${k.totalCost} yuan, ${k.costPerParcel} per parcel; ${k.km} km, ${k.hours} h; ${k.vehiclesUsed} vehicles`,
  );
  out.push(
    `  stations served ${k.stationsServed}, unassigned ${k.stationsUnassigned}; service compliance ${(k.serviceCompliance * 100).toFixed(1)}%; parcels down ${k.parcelsDown}, up ${k.parcelsUp}`,
  );
  for (const r of plan.routes) {
    out.push(
      `  ${r.vehicle}${r.trip && r.trip > 1 ? ` trip ${r.trip}` : ''} [${r.kind}] ${r.depot} ${r.departure}–${r.returnTime}: ${r.stops.length} stops, ${r.km} km, ${r.cost} yuan`,
    );
  }
  for (const u of plan.unassigned)
    out.push(`  unassigned ${u.stationId}: ${u.reason}${u.detail ? ` — ${u.detail}` : ''}`);
  for (const leg of plan.busLegs ?? []) {
    out.push(
      `  bus ${leg.line} ${leg.departure}: ${leg.stops.map((s) => `${s.stationId} ${s.parcels} @${s.arrival}`).join(', ')}`,
    );
  }
  if (k.busCost) out.push(`  bus legs cost ${k.busCost} yuan (in the total)`);
  if (plan.compare) {
    const c = plan.compare;
    out.push(
      `Shared vs separate: shared ${c.shared.totalCost} vs separate ${c.separate.totalCost} yuan → saves ${c.savings.cost} (${(c.savings.costShare * 100).toFixed(1)}%), ${c.savings.km} km, ${c.savings.vehicles} vehicles, ${c.savings.stops} stops`,
    );
    for (const p of c.perCarrier ?? [])
      out.push(`  ${p.carrierId}: alone ${p.separateCost}, share of shared ${p.sharedAllocated}, saves ${p.savings}`);
    if (c.allocationRule) out.push(`  rule: ${c.allocationRule}`);
    if (c.separateSameNetwork && c.savingsDecomposition) {
      const d = c.savingsDecomposition;
      out.push(
        `Each carrier alone on the shared network: ${c.separateSameNetwork.totalCost} yuan → savings ${d.total} = network ${d.network} + pooling ${d.pooling}`,
      );
    }
    if (c.engineTime) out.push(`  engine time: ${c.engineTime.note}`);
    if (c.sharedWithoutBus) out.push(`  shared plan without buses: ${c.sharedWithoutBus.totalCost} yuan`);
    const a = c.allocation;
    for (const p of c.perCarrier ?? []) {
      if (a?.shapley)
        out.push(
          `  ${p.carrierId}: Shapley ${p.shapley} (${p.paysLessThanAloneShapley ? 'pays less' : 'does NOT pay less'} than alone ${p.separateCost}), parcel share ${a.parcelShare[p.carrierId]}`,
        );
    }
    if (a?.shapley)
      out.push(
        `  Shapley: ${a.note}; coalition plans at ${a.coalitionSecondsPerStation} engine s per station, scale ${a.coalitionScale}`,
      );
  }
  if (plan.horizon) {
    const h = plan.horizon;
    const fewer = h.stations.filter((s) => s.visitDays.length < h.days).length;
    out.push(
      `Horizon ${h.days} days: total ${h.totalCost} vs every day ${h.everyDayCost} yuan; ${fewer} stations visited on fewer days`,
    );
  }
  if (plan.check)
    out.push(
      `Checker: ${plan.check.feasible ? 'feasible' : `INFEASIBLE (${plan.check.violations.length} violations)`}`,
    );
  process.stdout.write(`${out.join('\n')}\n`);
}
