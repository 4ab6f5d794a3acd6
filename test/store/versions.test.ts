import { lineString, point, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { readScenarioFolder, serializeScenarioFiles } from '../../src/io/scenario-folder.ts';
import { ScenarioError } from '../../src/model/validate.ts';
import { haversineM } from '../../src/network/index.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { ScenarioVersions } from '../../src/store/versions.ts';
import { tempDir, TINY_COUNTY } from '../io/helpers.ts';

const tiny = () => readScenarioFolder(TINY_COUNTY);

function setup() {
  const store = openStore(tempDir());
  store.saveScenario('tiny', tiny());
  return { store, versions: new ScenarioVersions(store) };
}

async function rejected(p: Promise<unknown>): Promise<ScenarioError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScenarioError);
  return err as ScenarioError;
}

describe('scenario versions', () => {
  it('version 1 is the import; a move makes version 2 with who/what, the stored scenario changes, revert restores it byte for byte', async () => {
    const { store, versions } = setup();
    const original = store.getScenario('tiny')!;
    expect(versions.list('tiny').map((v) => [v.version, v.kind])).toEqual([[1, 'import']]);

    // V3 is 3.3 km from the road ends; move V1 along the tertiary road by a few hundred metres.
    const v2 = await versions.edit('tiny', {
      author: '张工',
      edits: [{ op: 'move', id: 'V1', lon: 115.158, lat: 36.272 }],
    });
    expect(v2.version).toBe(2);
    expect(v2.author).toBe('张工');
    const moved = Math.round(haversineM(115.16, 36.27, 115.158, 36.272));
    expect(v2.summary).toEqual([`moved village V1 (东关村) ${moved} m`]);
    const now = store.getScenario('tiny')!;
    expect(now.places.find((p) => p.id === 'V1')).toMatchObject({ lon: 115.158, lat: 36.272 });

    const diff = versions.diff('tiny', 1, 2);
    expect(diff.changed).toEqual([
      {
        id: 'V1',
        name: '东关村',
        fields: [
          { field: 'lon', from: 115.16, to: 115.158 },
          { field: 'lat', from: 36.27, to: 36.272 },
        ],
      },
    ]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);

    const v3 = versions.revert('tiny', 1, 'lead');
    expect(v3).toMatchObject({ version: 3, kind: 'revert', author: 'lead', summary: ['reverted to version 1'] });
    expect(store.getScenario('tiny')).toEqual(original);
    expect(serializeScenarioFiles(store.getScenario('tiny')!)).toEqual(serializeScenarioFiles(original));
    expect(versions.list('tiny').map((v) => v.version)).toEqual([3, 2, 1]);
    store.close();
  });

  it('add, set and delete: a station removed takes its demand rows with it; the diff lists each change', async () => {
    const { store, versions } = setup();
    const before = store.getScenario('tiny')!;
    const v2Rows = before.demand.filter((r) => r.stationId === 'V2').length;
    expect(v2Rows).toBeGreaterThan(0);
    await versions.edit('tiny', {
      edits: [
        { op: 'add', kind: 'hub_candidate', lon: 115.155, lat: 36.3, name: '新候选' },
        { op: 'set', id: 'V3', hasStation: true, population: 310 },
        { op: 'set', id: 'V2', hasStation: false },
        { op: 'delete', id: 'V6' },
      ],
    });
    const after = store.getScenario('tiny')!;
    const added = after.places.find((p) => p.id === 'new-hub-candidate-1')!;
    expect(added).toMatchObject({ kind: 'hub_candidate', township: '130425100', name: '新候选' });
    expect(after.places.find((p) => p.id === 'V3')).toMatchObject({ hasStation: true, population: 310 });
    expect(after.places.some((p) => p.id === 'V6')).toBe(false);
    expect(after.demand.length).toBe(before.demand.length - v2Rows);
    const diff = versions.diff('tiny', 1, 2);
    expect(diff.added.map((p) => p.id)).toEqual(['new-hub-candidate-1']);
    expect(diff.removed.map((p) => p.id)).toEqual(['V6']);
    expect(diff.changed.map((c) => c.id).sort()).toEqual(['V2', 'V3']);
    expect(diff.demandRows).toEqual({ from: before.demand.length, to: before.demand.length - v2Rows });
    store.close();
  });

  it('bad edits are rejected like an import and create no version: outside the county, far from any road, duplicate id, negative population', async () => {
    const { store, versions } = setup();
    const original = store.getScenario('tiny')!;
    const outside = await rejected(versions.edit('tiny', { edits: [{ op: 'move', id: 'V1', lon: 116.5, lat: 37.5 }] }));
    expect(outside.message).toMatch(/places\.csv:5:lon: V1 \(东关村\) at 116\.50000, 37\.50000 is outside the county/);
    // Inside the outline but 2+ km from every road of the tiny county (limit 1000 m).
    const roads = original.roads.format === 'geojson' ? original.roads.data.features : [];
    const nearestKm = Math.min(
      ...roads.map((f) =>
        pointToLineDistance(point([115.135, 36.33]), lineString(f.geometry.coordinates), { units: 'kilometers' }),
      ),
    );
    expect(nearestKm).toBeGreaterThan(1.5);
    const far = await rejected(
      versions.edit('tiny', { edits: [{ op: 'add', kind: 'village', id: 'V9', lon: 115.135, lat: 36.33 }] }),
    );
    expect(far.message).toContain(
      `places.csv:11:lon: V9 (V9) at 115.13500, 36.33000 is too far from any road: ${nearestKm.toFixed(1)} km from the nearest road (limit 1000 m`,
    );
    const dup = await rejected(
      versions.edit('tiny', { edits: [{ op: 'add', kind: 'village', id: 'V1', lon: 115.16, lat: 36.271 }] }),
    );
    expect(dup.message).toContain('places.csv:11:id: duplicate id "V1"');
    const negative = await rejected(versions.edit('tiny', { edits: [{ op: 'set', id: 'V4', population: -5 }] }));
    expect(negative.message).toContain('places.csv:8:population: must be ≥ 0, got -5');
    const unknown = await rejected(
      versions.edit('tiny', { edits: [{ op: 'move', id: 'nope', lon: 115.16, lat: 36.27 }] }),
    );
    expect(unknown.message).toContain('unknown place "nope"');
    expect(store.getScenario('tiny')).toEqual(original);
    expect(versions.list('tiny').map((v) => v.version)).toEqual([1]);
    store.close();
  });

  it('a re-import after edits is recorded as its own version before the next edit', async () => {
    const { store, versions } = setup();
    await versions.edit('tiny', { edits: [{ op: 'set', id: 'V4', population: 700 }] });
    store.saveScenario('tiny', tiny());
    const v = await versions.edit('tiny', { edits: [{ op: 'set', id: 'V5', poverty: false }] });
    expect(v.version).toBe(4);
    expect(versions.list('tiny').map((x) => x.kind)).toEqual(['edit', 'import', 'edit', 'import']);
    expect(versions.get('tiny', 3)).toEqual(tiny());
    store.close();
  });
});
