import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/matrix.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { scenarioMatrix } from '../../src/network/index.ts';

const FIXTURE = 'test/fixtures/tiny-county';
const tmp = mkdtempSync(join(tmpdir(), 'gongpei-cli-matrix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function gongpei(...args: string[]) {
  return spawnSync(process.execPath, ['bin/gongpei.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GONGPEI_CACHE_DIR: join(tmp, 'cache'), GONGPEI_DATA_DIR: join(tmp, 'var') },
  });
}

describe('gongpei matrix', () => {
  it('prints a JSON summary and writes the full matrix equal to scenarioMatrix', async () => {
    const out = join(tmp, 'm.json');
    const r = gongpei('matrix', FIXTURE, '--json', '--out', out);
    expect(r.stderr).not.toMatch(/gongpei: (?!wrote)/);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    const scenario = readScenarioFolder(FIXTURE);
    const expected = await scenarioMatrix(scenario, { cacheDir: null });
    expect(Object.keys(summary).sort()).toEqual(['estimated', 'ids', 'seconds', 'size', 'snaps', 'unreachable']);
    expect(summary.ids).toEqual(scenario.places.map((p) => p.id));
    expect(summary.size).toBe(scenario.places.length);
    expect(summary.estimated).toBe(expected.estimated);
    expect(summary.unreachable).toEqual(expected.unreachable);
    const snapDistances = expected.snaps.map((s) => s.snapDistanceM);
    expect(summary.snaps.max).toBeCloseTo(Math.max(...snapDistances), 1);

    const full = JSON.parse(readFileSync(out, 'utf8'));
    expect(full.distanceM).toHaveLength(expected.size * expected.size);
    full.distanceM.forEach((d: number | null, k: number) => {
      const e = expected.distanceM[k];
      if (Number.isFinite(e)) expect(d).toBeCloseTo(e, 0);
      else expect(d).toBeNull();
    });
  });

  it('prints a readable summary and rejects a bad --metric (in process)', async () => {
    const program = new Command().exitOverride();
    program.option('--data-dir <dir>');
    register(program);
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'gongpei', 'matrix', FIXTURE, '--metric', 'distance', '--no-cache']);
    } finally {
      write.mockRestore();
    }
    const text = written.join('');
    expect(text).toMatch(/9×9 travel matrix \(shortest routes\)/);
    expect(text).toMatch(/^unreachable: 0$/m);
    await expect(program.parseAsync(['node', 'gongpei', 'matrix', FIXTURE, '--metric', 'fast'])).rejects.toThrow(
      '--metric: must be duration or distance, got "fast"',
    );
  });
});
