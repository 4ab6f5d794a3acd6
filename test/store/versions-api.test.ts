import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as revertCommand from '../../src/cli/commands/revert.ts';
import * as versionsCommand from '../../src/cli/commands/versions.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { ScenarioVersions } from '../../src/store/versions.ts';
import { tempDir, TINY_COUNTY } from '../io/helpers.ts';
import { json, post, startTestServer, type TestServer } from '../server/helpers.ts';

let server: TestServer | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = null;
});

async function gongpei(...args: string[]): Promise<string> {
  const program = new Command().exitOverride().option('--data-dir <dir>');
  for (const m of [versionsCommand, revertCommand]) m.register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'gongpei', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('versions API', () => {
  it('POST edits → 201 version; GET history and diff; a bad edit → 400 naming places.csv row and field, nothing stored; revert → 201', async () => {
    server = await startTestServer({ token: 'secret' });
    const auth = { Authorization: 'Bearer secret' };
    const base = `${server.url}/api/scenarios/tiny`;
    expect((await post(`${base}/edits`, { edits: [{ op: 'set', id: 'V3', hasStation: true }] })).status).toBe(401);

    const created = await post(
      `${base}/edits`,
      {
        // no author: with a token the version is signed with the token's name (the legacy token is "admin")
        edits: [
          { op: 'set', id: 'V3', hasStation: true },
          { op: 'move', id: 'V1', lon: 115.158, lat: 36.272 },
        ],
      },
      auth,
    );
    expect(created.status).toBe(201);
    const v2 = await json(created);
    expect(v2).toMatchObject({ version: 2, author: 'admin', kind: 'edit' });
    const detail = await json(await fetch(base));
    expect(detail.counts.station).toBe(5); // V1, V2, V4, V5 + V3

    const bad = await post(`${base}/edits`, { edits: [{ op: 'set', id: 'V4', population: -1 }] }, auth);
    expect(bad.status).toBe(400);
    const err = await json(bad);
    expect(err.error.code).toBe('invalid_edit');
    expect(err.error.issues).toEqual([
      { file: 'places.csv', row: 8, field: 'population', message: 'must be ≥ 0, got -1' },
    ]);
    const badShape = await post(`${base}/edits`, { edits: [{ op: 'teleport', id: 'V4' }] }, auth);
    expect(badShape.status).toBe(400);

    const history = await json(await fetch(`${base}/versions`));
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const diff = await json(await fetch(`${base}/versions/diff?from=1&to=2`));
    expect(diff.changed.map((c: { id: string }) => c.id).sort()).toEqual(['V1', 'V3']);
    const v1geo = await json(await fetch(`${base}/versions/1/geojson`));
    const v1 = v1geo.features.find((f: any) => f.properties.id === 'V1');
    expect(v1.geometry.coordinates).toEqual([115.16, 36.27]);

    const reverted = await post(`${base}/versions/1/revert`, {}, auth);
    expect(reverted.status).toBe(201);
    expect(server.store.getScenario('tiny')).toEqual(readScenarioFolder(TINY_COUNTY));
    expect((await fetch(`${base}/versions/9/geojson`)).status).toBe(404);
  });
});

describe('CLI versions / revert', () => {
  it('lists the history, prints a diff, reverts', async () => {
    const data = tempDir();
    const store = openStore(data);
    store.saveScenario('tiny', readScenarioFolder(TINY_COUNTY));
    await new ScenarioVersions(store).edit('tiny', {
      author: '李工',
      edits: [{ op: 'set', id: 'V6', hasStation: true, population: 530 }],
    });
    store.close();

    const table = await gongpei('--data-dir', data, 'versions', 'tiny');
    expect(table).toMatch(/^version\s+when\s+who\s+kind\s+what\s+plans/);
    expect(table).toContain('李工');
    expect(table).toContain('set V6 (后堤村, 二组) hasStation false → true, population 520 → 530');
    expect(await gongpei('--data-dir', data, 'versions', 'tiny', '--diff', '1', '2')).toBe(
      'version 1 → 2\n~ V6 (后堤村, 二组): population 520 → 530, hasStation false → true\n',
    );
    expect(await gongpei('--data-dir', data, 'revert', 'tiny', '1')).toBe(
      'scenario "tiny" reverted to version 1 (now version 3)\n',
    );
    const after = openStore(data);
    expect(after.getScenario('tiny')).toEqual(readScenarioFolder(TINY_COUNTY));
    const list = JSON.parse(await gongpei('--data-dir', data, 'versions', 'tiny', '--json'));
    expect(list.versions.map((v: { kind: string }) => v.kind)).toEqual(['revert', 'edit', 'import']);
    after.close();
  });
});
