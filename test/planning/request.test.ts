/**
 * One plan request for the CLI and the server: the same request gives the same plan (KPIs and routes) through
 * `gongpei plan` and through the server's plan task (src/server/tasks.ts, what a plan job runs). The engine gets
 * an iteration cap so that the plan does not depend on the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { runTask } from '../../src/server/tasks.ts';
import type { PlanJobParams } from '../../src/server/protocol.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import { planRequest, validatePlanRequest } from '../../src/planning/request.ts';
import { planningNetwork } from '../../src/planning/network.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const TINY = path.join(ROOT, 'test/fixtures/tiny-county');
const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-request-'));
const env = { GONGPEI_DATA_DIR: path.join(dir, 'var'), GONGPEI_CACHE_DIR: path.join(dir, 'cache') };
process.env.GONGPEI_CACHE_DIR = env.GONGPEI_CACHE_DIR;

async function cliPlan(args: string[]): Promise<PlanResult> {
  const { stdout } = await run(
    process.execPath,
    [path.join(ROOT, 'bin/gongpei.js'), 'plan', TINY, '--json', '--no-save', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    },
  );
  return JSON.parse(stdout) as PlanResult;
}

async function serverPlan(params: PlanJobParams): Promise<PlanResult> {
  return (await runTask(
    { kind: 'plan', scenarioId: 'tiny', scenario: readScenarioFolder(TINY), params },
    { onProgress: () => {}, shouldStop: () => false },
  )) as PlanResult;
}

/** What must agree: KPIs, the comparison, the horizon and every route (vehicle, stops, times, costs). */
function essence(p: PlanResult) {
  return {
    day: p.day,
    mode: p.mode,
    kpis: p.kpis,
    routes: p.routes,
    unassigned: p.unassigned,
    compare: p.compare,
    horizon: p.horizon,
    check: p.check,
  };
}

describe('planRequest: the CLI and the server give the same plan', () => {
  const cases: Array<[string, string[], PlanJobParams]> = [
    ['shared day', ['--day', '1'], { day: 1, mode: 'shared' }],
    ['compare', ['--day', '1', '--compare'], { day: 1, mode: 'compare' }],
    [
      'horizon with compare (the server used to ignore the mode here)',
      ['--day', '2', '--horizon', '2', '--compare'],
      { day: 2, mode: 'compare', horizon: 2 },
    ],
  ];
  for (const [name, args, params] of cases) {
    it(
      name,
      async () => {
        const common = ['--seed', '3', '--time', '30', '--iterations', '25'];
        const [cli, server] = await Promise.all([
          cliPlan([...args, ...common]),
          serverPlan({ ...params, seed: 3, timeLimit: 30, maxIterations: 25 }),
        ]);
        expect(essence(server)).toEqual(essence(cli));
        expect(cli.check?.feasible).toBe(true);
        if (params.mode === 'compare') expect(cli.compare?.separate.totalCost).toBeGreaterThan(0);
        if (params.horizon) expect(cli.horizon?.days).toBe(params.horizon);
      },
      120_000,
    );
  }

  it('separate mode plans each carrier alone without solving (or reporting) the shared plan', async () => {
    const plan = await serverPlan({ day: 1, mode: 'separate', seed: 2, timeLimit: 30, maxIterations: 15 });
    expect(plan.mode).toBe('separate');
    expect(plan.compare).toBeUndefined();
    expect(plan.routes.length).toBeGreaterThan(0);
    for (const r of plan.routes) expect(r.vehicle).toMatch(/^[^:]+:/);
    // KPIs are those of the routes shown: Σ route costs (rounded per route) ≈ total.
    const sum = plan.routes.reduce((a, r) => a + r.cost, 0);
    expect(Math.abs(sum - plan.kpis.totalCost)).toBeLessThanOrEqual(0.01 * plan.routes.length + 1e-9);
  }, 120_000);

  it('refuses requests it cannot plan, naming the field', async () => {
    expect(() => validatePlanRequest({ day: 0 })).toThrow('day: expected a positive whole number, got 0');
    expect(() => validatePlanRequest({ day: 3, horizon: 2 })).toThrow('day: day 3 lies outside the horizon of 2 days');
    expect(() => validatePlanRequest({ day: 1, horizon: 2, mode: 'separate' })).toThrow(
      'mode: separate cannot be combined with horizon',
    );
    expect(() => validatePlanRequest({ day: 1, maxIterations: 1.5 })).toThrow('maxIterations');
    const scenario = readScenarioFolder(TINY);
    const { matrix } = await planningNetwork(scenario);
    await expect(planRequest(scenario, { day: 1, params: { hubUtilisation: 3 } }, { matrix })).rejects.toThrow(
      'hubUtilisation = 3',
    );
  });
});
