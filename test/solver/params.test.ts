/** HgsParams: defaults valid, every range enforced with a message naming the parameter, docs table in step. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HGS_PARAMS, HGS_PARAM_RANGES, hgsParams, type HgsParams } from '../../src/solver/params.ts';
import { solve } from '../../src/solver/index.ts';
import { check } from '../../src/solver/check.ts';
import { randomProblem } from './helpers.ts';

const keys = Object.keys(DEFAULT_HGS_PARAMS) as Array<keyof HgsParams>;

describe('hgsParams', () => {
  it('accepts the defaults and every range has a default inside it', () => {
    expect(hgsParams()).toEqual(DEFAULT_HGS_PARAMS);
    expect(Object.keys(HGS_PARAM_RANGES).sort()).toEqual(keys.slice().sort());
    for (const k of keys) {
      const r = HGS_PARAM_RANGES[k];
      expect(DEFAULT_HGS_PARAMS[k]).toBeGreaterThanOrEqual(r.min);
      expect(DEFAULT_HGS_PARAMS[k]).toBeLessThanOrEqual(r.max);
    }
  });

  it('refuses a value just outside each range, naming the parameter', () => {
    for (const k of keys) {
      const r = HGS_PARAM_RANGES[k];
      const above = r.max + (r.integer ? 1 : Math.max(1e-9, Math.abs(r.max) * 1e-6));
      expect(() => hgsParams({ [k]: above } as Partial<HgsParams>)).toThrow(
        new RegExp(`^HgsParams\\.${k}: .* is outside`),
      );
      const below = r.openMin ? r.min : r.min - (r.integer ? 1 : 1e-9);
      expect(() => hgsParams({ [k]: below } as Partial<HgsParams>)).toThrow(new RegExp(`^HgsParams\\.${k}: `));
      if (r.integer) expect(() => hgsParams({ [k]: r.min + 0.5 } as Partial<HgsParams>)).toThrow(/not an integer/);
      expect(() => hgsParams({ [k]: Number.NaN } as Partial<HgsParams>)).toThrow(new RegExp(`^HgsParams\\.${k}: NaN`));
    }
  });

  it('refuses unknown names and inconsistent pairs', () => {
    expect(() => hgsParams({ nieghbours: 3 } as unknown as Partial<HgsParams>)).toThrow(
      /^HgsParams\.nieghbours: unknown parameter/,
    );
    expect(() => hgsParams({ minPenalty: 10, maxPenalty: 5 })).toThrow(
      /^HgsParams\.minPenalty: 10 must be below maxPenalty 5/,
    );
    expect(() => hgsParams({ targetFeasible: 0.5, feasibleBand: 0.5 })).toThrow(/^HgsParams\.feasibleBand/);
    expect(hgsParams({ neighbours: 7 }).neighbours).toBe(7);
  });

  it('solve() validates params before anything runs, and uses them', () => {
    const problem = randomProblem({ n: 30, seed: 5, timeWindows: true });
    expect(() => solve(problem, { params: { targetFeasible: 2 } })).toThrow(
      /^HgsParams\.targetFeasible: 2 is outside \[0, 1\]/,
    );
    const sol = solve(problem, {
      maxIterations: 30,
      params: { neighbours: 5, minPopulationSize: 3, generationSize: 3 },
    });
    const checked = check(problem, sol);
    expect(checked.violations).toEqual([]);
    expect(sol.cost).toBeCloseTo(checked.cost, 6);
  });

  it('docs/engine.md lists every parameter with its default', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/engine.md'), 'utf8');
    for (const k of keys) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${k}\` |`));
      expect(row, `docs/engine.md has no row for ${k}`).toBeDefined();
      const cell = row!.split('|')[2].trim();
      expect(Number(cell)).toBe(DEFAULT_HGS_PARAMS[k]);
    }
  });
});
