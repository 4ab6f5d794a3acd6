import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as auditCommand from '../../src/cli/commands/audit.ts';
import * as exportCommand from '../../src/cli/commands/export.ts';
import * as importCommand from '../../src/cli/commands/import.ts';
import * as scenariosCommand from '../../src/cli/commands/scenarios.ts';
import { loadScenarioArg } from '../../src/cli/scenario-arg.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { copyTinyCounty, setLine, tempDir, TINY_COUNTY } from '../io/helpers.ts';

const REPO = join(import.meta.dirname, '..', '..');

/** Run CLI commands in-process (same modules as bin/gongpei.js) and capture stdout. */
async function gongpei(...args: string[]): Promise<string> {
  const program = new Command().exitOverride().option('--data-dir <dir>');
  for (const m of [auditCommand, exportCommand, importCommand, scenariosCommand]) m.register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'gongpei', ...args]);
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('CLI import / export / scenarios', () => {
  it('imports a folder, lists it, exports it back losslessly', async () => {
    const data = tempDir();
    const out = JSON.parse(await gongpei('--data-dir', data, 'import', TINY_COUNTY, '--json')) as Record<
      string,
      unknown
    >;
    expect(out).toMatchObject({ id: 'tiny-county', replaced: false, villages: 6, stations: 4 });
    const list = JSON.parse(await gongpei('--data-dir', data, 'scenarios', '--json')) as Array<{ id: string }>;
    expect(list.map((s) => s.id)).toEqual(['tiny-county']);
    const outDir = join(tempDir(), 'exported');
    await gongpei('--data-dir', data, 'export', 'tiny-county', outDir);
    expect(readScenarioFolder(outDir)).toEqual(readScenarioFolder(TINY_COUNTY));
  });

  it('re-import replaces; scenarios lists in a table; delete removes', async () => {
    const data = tempDir();
    await gongpei('--data-dir', data, 'import', TINY_COUNTY, '--id', 'tiny');
    const again = JSON.parse(await gongpei('--data-dir', data, 'import', TINY_COUNTY, '--id', 'tiny', '--json')) as {
      replaced: boolean;
    };
    expect(again.replaced).toBe(true);
    const table = (await gongpei('--data-dir', data, 'scenarios')).split('\n');
    expect(table[0]).toMatch(/^id\s+name\s+admin code\s+villages\s+stations\s+updated$/);
    expect(table[1]).toMatch(/^tiny\s+小县 Tiny County \(test fixture\)\s+130499\s+6\s+4\s+\d{4}-/);
    await gongpei('--data-dir', data, 'scenarios', 'delete', 'tiny');
    expect(await gongpei('--data-dir', data, 'scenarios', '--json')).toBe('[]\n');
    await expect(gongpei('--data-dir', data, 'scenarios', 'delete', 'tiny')).rejects.toThrow(
      'no stored scenario "tiny"',
    );
    await expect(gongpei('--data-dir', data, 'import', TINY_COUNTY, '--id', 'bad id')).rejects.toThrow(
      'invalid scenario id "bad id"',
    );
    // Writes from the command line are in the audit log like the API's, newest first; refused ones are not.
    const audit = JSON.parse(await gongpei('--data-dir', data, 'audit', '--json')) as {
      entries: Array<{ who: string; role: string; action: string }>;
      total: number;
    };
    expect(audit.entries.map((e) => e.action)).toEqual([
      'gongpei scenarios delete tiny',
      `gongpei import ${TINY_COUNTY} --id tiny`,
      `gongpei import ${TINY_COUNTY} --id tiny`,
    ]);
    expect(new Set(audit.entries.map((e) => `${e.role} ${e.who.startsWith('cli:')}`))).toEqual(new Set(['cli true']));
  });

  it('a failed import leaves the store exactly as it was', async () => {
    const data = tempDir();
    await gongpei('--data-dir', data, 'import', TINY_COUNTY, '--id', 'tiny');
    const store = openStore(data);
    const before = { list: store.listScenarios(), scenario: store.getScenario('tiny') };
    store.close();

    const broken = copyTinyCounty();
    setLine(join(broken, 'demand.csv'), 3, '1,V1,zto,-20,31.2,0,0,false,');
    setLine(join(broken, 'places.csv'), 8, 'V4,village,万堤村,130425999,115.19,36.39,650,false,true,');
    const failure = gongpei('--data-dir', data, 'import', broken, '--id', 'tiny');
    await expect(failure).rejects.toThrow(`${broken}: invalid scenario: 2 problems`);
    await expect(gongpei('--data-dir', data, 'import', broken, '--id', 'tiny')).rejects.toThrow(
      'places.csv:8:township: unknown township "130425999" (not in townships.csv)\ndemand.csv:3:parcels_down: must be ≥ 0, got -20',
    );

    // --dry-run validates the same way and never opens the store.
    await expect(gongpei('--data-dir', data, 'import', broken, '--dry-run')).rejects.toThrow(
      'demand.csv:3:parcels_down: must be ≥ 0, got -20',
    );
    const dryData = tempDir();
    expect(JSON.parse(await gongpei('--data-dir', dryData, 'import', TINY_COUNTY, '--dry-run', '--json'))).toEqual({
      id: 'tiny-county',
      valid: true,
      villages: 6,
      stations: 4,
    });
    expect(existsSync(join(dryData, 'gongpei.sqlite'))).toBe(false);

    const after = openStore(data);
    expect(after.listScenarios()).toEqual(before.list);
    expect(after.getScenario('tiny')).toEqual(before.scenario);
    after.close();
  });

  it('loadScenarioArg: folder, stored id, and a clear error naming the stored ids', async () => {
    const data = tempDir();
    const none = await loadScenarioArg('nothing-here', { dataDir: data }).catch((e: Error) => e.message);
    expect(none).toBe('no scenario folder or stored scenario named "nothing-here"; stored: (none)');
    await gongpei('--data-dir', data, 'import', TINY_COUNTY, '--id', 'tiny');
    const folder = await loadScenarioArg(TINY_COUNTY, { dataDir: data });
    expect(folder.source).toBe('folder');
    expect(folder.id).toBeNull();
    const stored = await loadScenarioArg('tiny', { dataDir: data });
    expect(stored).toEqual({ scenario: folder.scenario, id: 'tiny', source: 'store' });
    await expect(loadScenarioArg('tinny', { dataDir: data })).rejects.toThrow(
      'no scenario folder or stored scenario named "tinny"; stored: tiny',
    );
  });
});

describe('gongpei info (real bin)', () => {
  it('counts places by kind and reports an off-road village as unreachable', () => {
    const dir = copyTinyCounty();
    // Move V3 about 5 km east of every road (limit: maxSnapMeters 1000).
    setLine(join(dir, 'places.csv'), 7, 'V3,village,北营村,130425100,115.23,36.3,300,false,false,');
    const env = { ...process.env, GONGPEI_DATA_DIR: tempDir(), GONGPEI_CACHE_DIR: tempDir() };
    const run = spawnSync(process.execPath, [join(REPO, 'bin', 'gongpei.js'), 'info', dir, '--json'], {
      cwd: REPO,
      env,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const info = JSON.parse(run.stdout) as {
      places: Record<string, number>;
      townships: number;
      carriers: number;
      roadKm: number;
      estimatedTravel: boolean;
      unreachable: Array<{ id: string; reason: string }>;
      synthetic: string[];
      demand: { days: number[] };
    };
    // Recount from the CSV text, independently of the reader.
    const rows = readFileSync(join(dir, 'places.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const kinds = (k: string) => rows.filter((r) => r[1] === k).length;
    expect(info.places).toEqual({
      warehouse: kinds('warehouse'),
      hub: kinds('hub'),
      hub_candidate: kinds('hub_candidate'),
      station: rows.filter((r) => r[1] === 'village' && r[r.length - 2] === 'true').length,
      village: kinds('village'),
    });
    expect(info.townships).toBe(2);
    expect(info.carriers).toBe(2);
    expect(info.demand.days).toEqual([1, 2]);
    expect(info.estimatedTravel).toBe(false);
    expect(info.roadKm).toBeGreaterThan(20);
    expect(info.synthetic).toEqual(['places', 'demand', 'fleet', 'tariffs', 'roads']);
    expect(info.unreachable.map((u) => [u.id, u.reason])).toEqual([['V3', 'off_road']]);
  });
});
