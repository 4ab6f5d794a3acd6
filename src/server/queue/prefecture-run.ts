/**
 * `gongpei prefecture run`: plan every county of a prefecture folder (made by `npm run make:prefecture`) for a
 * day, score each on the 100-point scorecard and rank them. In-process when no Redis URL is given; else one
 * `coverage` job per county on the BullMQ queue, the results collected and stored here, once each.
 * A county whose folder is broken fails with its error; the others finish.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../model/types.ts';
import { isScenarioFolder, readScenarioFolder } from '../../io/scenario-folder.ts';
import type { Store } from '../../store/types.ts';
import {
  attainment,
  parseScoreWeights,
  rankCounties,
  scoreIndicators,
  type ScoreWeights,
} from '../../planning/prefecture.ts';
import { placesHull } from '../../generate/prefecture.ts';
import { runCoverageTask, type CoverageJobParams, type CoverageJobResult } from './county-task.ts';
import { QueueClient } from './producer.ts';

export interface PrefectureRunOptions {
  day: number;
  store: Store;
  redisUrl?: string;
  prefix?: string;
  timeLimit?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface IndicatorScore {
  value: number | null;
  target: number;
  op: '>=' | '<=';
  pass: boolean | null;
  weight: number;
  points: number;
}

export interface CountyScore {
  id: string;
  name: string;
  planId: string | null;
  score: number | null;
  totalCost: number | null;
  costPerParcel: number | null;
  indicators: Record<string, IndicatorScore>;
  /** Stored scenario id (open it in the web app when the server uses the same store). */
  scenarioId?: string;
  /** County shape for the prefecture map ([lon, lat] ring): from prefecture.json, else the hull of its places. */
  outline?: [number, number][];
  jobId?: string;
  error?: string;
}

export interface PrefectureRun {
  name: string;
  counties: CountyScore[];
  ranking: CountyScore[];
  failed: number;
  seconds: number;
}

interface CountyEntry {
  id: string;
  name: string;
  dir: string;
  outline?: [number, number][];
}

/** The counties of a prefecture folder: prefecture.json when present, else every sub-folder with a county.json. */
export function listPrefecture(dir: string): { name: string; counties: CountyEntry[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such prefecture folder`);
  const manifestFile = join(dir, 'prefecture.json');
  if (existsSync(manifestFile)) {
    let manifest: { name?: unknown; counties?: Array<{ id?: unknown; name?: unknown; dir?: unknown }> };
    try {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    } catch (err) {
      throw new Error(`${manifestFile}: not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(manifest.counties)) throw new Error(`${manifestFile}:counties: expected an array`);
    const counties = manifest.counties.map((c, i) => {
      if (typeof c.id !== 'string' || typeof c.dir !== 'string')
        throw new Error(`${manifestFile}:counties[${i}]: expected "id" and "dir" strings`);
      const outline = Array.isArray((c as { outline?: unknown }).outline)
        ? (c as { outline: [number, number][] }).outline
        : undefined;
      return {
        id: c.id,
        name: typeof c.name === 'string' ? c.name : c.id,
        dir: join(dir, c.dir),
        ...(outline ? { outline } : {}),
      };
    });
    return { name: typeof manifest.name === 'string' ? manifest.name : dir, counties };
  }
  const counties = readdirSync(dir)
    .sort()
    .filter((d) => isScenarioFolder(join(dir, d)))
    .map((d) => ({ id: d, name: d, dir: join(dir, d) }));
  if (counties.length === 0)
    throw new Error(`${dir}: not a prefecture folder (no prefecture.json and no county folders with a county.json)`);
  return { name: dir, counties };
}

function loadCounty(entry: CountyEntry): { scenario: Scenario; weights: ScoreWeights } {
  const scenario = readScenarioFolder(entry.dir);
  const file = join(entry.dir, 'county.json');
  return { scenario, weights: parseScoreWeights(JSON.parse(readFileSync(file, 'utf8')), file) };
}

/** Store the county's scenario under a stable id (a fresh id if a different scenario holds it). */
function storeScenario(store: Store, entry: CountyEntry, scenario: Scenario): string {
  const base = `pref-${entry.id}`.slice(0, 64);
  const stored = store.getScenario(base);
  if (!stored) store.saveScenario(base, scenario);
  else if (JSON.stringify(stored) !== JSON.stringify(scenario)) {
    const id = `${base}-${Date.now().toString(36)}`;
    store.saveScenario(id, scenario);
    return id;
  }
  return base;
}

function scoreCounty(
  entry: CountyEntry,
  scenario: Scenario,
  weights: ScoreWeights,
  result: CoverageJobResult,
  planId: string,
  scenarioId: string,
): CountyScore {
  const indicators: Record<string, IndicatorScore> = {};
  for (const ind of result.coverage.indicators) {
    const weight = weights[ind.id] ?? 0;
    indicators[ind.id] = {
      value: ind.value,
      target: ind.target,
      op: ind.op,
      pass: ind.pass,
      weight,
      points: Math.round(100 * weight * attainment(ind)) / 100,
    };
  }
  return {
    id: entry.id,
    name: scenario.county.name || entry.name,
    planId,
    score: scoreIndicators(result.coverage.indicators, weights),
    totalCost: result.plan.kpis.totalCost,
    costPerParcel: result.plan.kpis.costPerParcel,
    indicators,
    scenarioId,
    outline: entry.outline ?? placesHull(scenario),
  };
}

function failedCounty(entry: CountyEntry, error: string): CountyScore {
  return {
    id: entry.id,
    name: entry.name,
    planId: null,
    score: null,
    totalCost: null,
    costPerParcel: null,
    indicators: {},
    error,
  };
}

export async function runPrefecture(dir: string, options: PrefectureRunOptions): Promise<PrefectureRun> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { name, counties: entries } = listPrefecture(dir);
  // Connect first: an unreachable Redis is an error at start, before any work.
  const client = options.redisUrl ? await QueueClient.open(options.redisUrl, { prefix: options.prefix }) : null;
  const params: CoverageJobParams = { day: options.day, timeLimit: options.timeLimit, seed: options.seed };
  const results = new Map<string, CountyScore>();
  const loaded = new Map<string, { scenario: Scenario; weights: ScoreWeights; scenarioId: string }>();
  const finish = (entry: CountyEntry, jobId: string, result: CoverageJobResult) => {
    const c = loaded.get(entry.id)!;
    const plan = options.store.savePlan(c.scenarioId, { ...result.plan, scenarioId: c.scenarioId });
    options.store.updateJob(jobId, {
      status: 'done',
      progress: 1,
      planId: plan.id,
      result: { coverage: result.coverage.indicators },
    });
    results.set(entry.id, { ...scoreCounty(entry, c.scenario, c.weights, result, plan.id, c.scenarioId), jobId });
    log(`${entry.id} ${entry.name}: score ${results.get(entry.id)!.score}`);
  };
  const fail = (entry: CountyEntry, jobId: string, error: string) => {
    options.store.updateJob(jobId, { status: 'failed', error });
    results.set(entry.id, { ...failedCounty(entry, error), jobId });
    log(`${entry.id}: ${error}`);
  };
  const todo: Array<{ entry: CountyEntry; jobId: string }> = [];
  try {
    // Load, store and (with Redis) submit county by county, so workers start while later counties load.
    for (const entry of entries) {
      try {
        const { scenario, weights } = loadCounty(entry);
        const scenarioId = storeScenario(options.store, entry, scenario);
        loaded.set(entry.id, { scenario, weights, scenarioId });
        const job = options.store.createJob(scenarioId, 'coverage', params);
        if (client) {
          await client.submit(job.id, 'coverage', scenarioId, scenario, params).catch((err: Error) => {
            options.store.updateJob(job.id, { status: 'failed', error: err.message });
            throw err;
          });
        }
        todo.push({ entry, jobId: job.id });
      } catch (err) {
        results.set(entry.id, failedCounty(entry, err instanceof Error ? err.message : String(err)));
        log(`${entry.id}: ${results.get(entry.id)!.error}`);
      }
    }
    if (client) {
      const byJob = new Map(todo.map((t) => [t.jobId, t.entry]));
      await client.waitAll([...byJob.keys()], (o) => {
        const entry = byJob.get(o.id)!;
        if (o.ok) finish(entry, o.id, o.value.result as CoverageJobResult);
        else fail(entry, o.id, o.error);
      });
    } else {
      for (const { entry, jobId } of todo) {
        options.store.updateJob(jobId, { status: 'running' });
        try {
          finish(
            entry,
            jobId,
            await runCoverageTask(loaded.get(entry.id)!.scenario, params, {
              onProgress: () => {},
              shouldStop: () => false,
            }),
          );
        } catch (err) {
          fail(entry, jobId, err instanceof Error ? err.message : String(err));
        }
      }
    }
  } finally {
    await client?.close();
  }
  const counties = entries.map((e) => results.get(e.id)!);
  const ok = counties.filter(
    (c): c is CountyScore & { score: number; costPerParcel: number } => c.score !== null && c.costPerParcel !== null,
  );
  return {
    name,
    counties,
    ranking: rankCounties(ok),
    failed: counties.length - ok.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
