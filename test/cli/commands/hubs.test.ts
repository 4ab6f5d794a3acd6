import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tiny = path.join(root, 'test/fixtures/tiny-county');

function gongpei(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [path.join(root, 'bin/gongpei.js'), ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.concurrent('gongpei hubs / coverage CLI', () => {
  it('hubs --json prints one JSON document with the stable fields', async () => {
    const r = await gongpei(['hubs', tiny, '--p', '1', '--no-replan', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.model).toBe('p-median');
    expect(j.hubs).toHaveLength(1);
    expect(Object.keys(j.assignment).sort()).toEqual(['V1', 'V2', 'V4', 'V5']);
    for (const k of ['objective', 'gap', 'routing', 'current', 'seconds', 'solver']) expect(j).toHaveProperty(k);
    expect(j.current.hubs).toEqual(['H1']);
    expect(r.stderr).toContain('p-median: 4 stations × 2 candidates, p = 1');
  }, 30_000);

  it('hubs refuses an ambiguous model choice', async () => {
    const r = await gongpei(['hubs', tiny, '--p', '1', '--max-minutes', '20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'gongpei: choose exactly one model: --p N (p-median), --max-minutes T (set covering) or --fixed-costs (capacitated)\n',
    );
    expect(r.stdout).toBe('');
  }, 30_000);

  it('coverage --json lists every indicator and the missing stations', async () => {
    const r = await gongpei(['coverage', tiny, '--no-plan', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.indicators.map((i: { id: string }) => i.id)).toEqual([
      'village_station_share',
      'poverty_village_station_share',
      'large_village_station_share',
      'township_express_share',
      'same_day_share',
      'within_limit_share',
      'carriers_shared',
      'upstream_parity',
      'produce_station_share',
    ]);
    for (const i of j.indicators) for (const k of ['label', 'value', 'target', 'pass']) expect(i).toHaveProperty(k);
    // V6 (520 residents) has no station; V3 (300, not poverty) is not required
    expect(j.missingStations).toEqual([
      {
        villageId: 'V6',
        name: '后堤村, 二组',
        township: '130425102',
        townshipName: '万堤镇',
        why: 'large',
        population: 520,
      },
    ]);
    expect(j.siting.stations.map((s: { villageId: string }) => s.villageId)).toEqual(['V6']);
    expect(j.townships).toHaveLength(2);
  }, 30_000);
});
