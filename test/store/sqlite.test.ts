import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import type { Scenario } from '../../src/model/types.ts';
import { ScenarioError } from '../../src/model/validate.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import { openStore, SCHEMA_VERSION, STORE_FILE } from '../../src/store/sqlite.ts';
import { tempDir, TINY_COUNTY } from '../io/helpers.ts';

const tiny = () => readScenarioFolder(TINY_COUNTY);

function samplePlan(day: number): PlanResult {
  return {
    day,
    mode: 'shared',
    estimatedTravel: false,
    kpis: {
      totalCost: 512.25,
      costPerParcel: 4.7,
      km: 61.2,
      hours: 3.5,
      vehiclesUsed: 1,
      stationsServed: 4,
      stationsUnassigned: 0,
      serviceCompliance: 1,
      parcelsDown: 60,
      parcelsUp: 11,
    },
    routes: [],
    unassigned: [],
  };
}

describe('SQLite store', () => {
  it('creates <dir>/gongpei.sqlite in WAL mode with the schema version; reopening migrates nothing and keeps data', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const store = openStore(dir);
    expect(existsSync(join(dir, STORE_FILE))).toBe(true);
    expect(store.pragmaInfo()).toEqual({ journalMode: 'wal', userVersion: SCHEMA_VERSION });
    store.saveScenario('tiny', tiny());
    store.close();

    const again = openStore(dir);
    expect(again.pragmaInfo()).toEqual({ journalMode: 'wal', userVersion: SCHEMA_VERSION });
    expect(again.getScenario('tiny')).toEqual(tiny());
    again.close();

    // Independent look at the file: the migration ran once, the tables exist once.
    const db = new Database(join(dir, STORE_FILE), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['audit', 'jobs', 'plans', 'scenarios']));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('uses $GONGPEI_DATA_DIR when no directory is given', () => {
    const dir = tempDir();
    const saved = process.env.GONGPEI_DATA_DIR;
    process.env.GONGPEI_DATA_DIR = dir;
    try {
      openStore().close();
      expect(existsSync(join(dir, STORE_FILE))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GONGPEI_DATA_DIR;
      else process.env.GONGPEI_DATA_DIR = saved;
    }
  });

  it('refuses a store written by a newer schema', () => {
    const dir = tempDir();
    openStore(dir).close();
    const db = new Database(join(dir, STORE_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(dir)).toThrow(
      `schema version ${SCHEMA_VERSION + 1} is newer than this program (${SCHEMA_VERSION}); upgrade gongpei`,
    );
  });

  it('saves and loads scenarios without loss (GeoJSON roads, OSM bytes), lists and deletes them', () => {
    const store = openStore(tempDir());
    const s = tiny();
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
    const osm: Scenario = { ...s, roads: { format: 'osm.pbf', bytes } };
    store.saveScenario('tiny', s);
    store.saveScenario('tiny-osm', osm);
    expect(store.getScenario('tiny')).toEqual(s);
    const back = store.getScenario('tiny-osm')!;
    expect(back).toEqual(osm);
    expect(back.roads.format === 'osm.pbf' && back.roads.bytes).toBeInstanceOf(Uint8Array);
    expect(store.getScenario('nope')).toBeNull();

    const villages = s.places.filter((p) => p.kind === 'village');
    const list = store.listScenarios();
    expect(list.map((x) => x.id)).toEqual(['tiny', 'tiny-osm']);
    expect(list[0]).toMatchObject({
      name: s.county.name,
      adminCode: s.county.adminCode,
      villages: villages.length,
      stations: villages.filter((v) => v.hasStation).length,
    });

    expect(store.deleteScenario('tiny-osm')).toBe(true);
    expect(store.deleteScenario('tiny-osm')).toBe(false);
    expect(store.listScenarios().map((x) => x.id)).toEqual(['tiny']);
    store.close();
  });

  it('replacing a scenario keeps createdAt and moves updatedAt', async () => {
    const store = openStore(tempDir());
    store.saveScenario('tiny', tiny());
    const first = store.listScenarios()[0];
    await new Promise((r) => setTimeout(r, 5));
    const renamed = tiny();
    renamed.county.name = '改名县';
    store.saveScenario('tiny', renamed);
    const second = store.listScenarios()[0];
    expect(second.createdAt).toBe(first.createdAt);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(store.getScenario('tiny')!.county.name).toBe('改名县');
    store.close();
  });

  it('a failed save changes nothing: invalid scenario or invalid id', () => {
    const store = openStore(tempDir());
    const good = tiny();
    store.saveScenario('tiny', good);
    const before = store.listScenarios();
    const bad = tiny();
    bad.demand[0] = { ...bad.demand[0], parcelsDown: -5 };
    expect(() => store.saveScenario('tiny', bad)).toThrow(ScenarioError);
    expect(() => store.saveScenario('tiny', bad)).toThrow('demand.csv:2:parcels_down: must be ≥ 0, got -5');
    expect(() => store.saveScenario('../evil', good)).toThrow('invalid scenario id "../evil"');
    expect(store.listScenarios()).toEqual(before);
    expect(store.getScenario('tiny')).toEqual(good);
    store.close();
  });

  it('plans: save, get, list newest first; unknown scenario rejected; deleted with their scenario', async () => {
    const store = openStore(tempDir());
    store.saveScenario('tiny', tiny());
    const p1 = store.savePlan('tiny', samplePlan(1));
    await new Promise((r) => setTimeout(r, 3));
    const p2 = store.savePlan('tiny', samplePlan(2));
    expect(p1.id).not.toBe(p2.id);
    expect(p1.id).toMatch(/^plan-/);
    expect(store.getPlan(p1.id)).toEqual(p1);
    expect(store.getPlan(p2.id)!.plan).toEqual(samplePlan(2));
    expect(store.getPlan('plan-missing')).toBeNull();
    expect(store.listPlans('tiny')).toEqual([
      { id: p2.id, scenarioId: 'tiny', createdAt: p2.createdAt },
      { id: p1.id, scenarioId: 'tiny', createdAt: p1.createdAt },
    ]);
    expect(() => store.savePlan('nope', samplePlan(1))).toThrow('unknown scenario "nope"');
    store.deleteScenario('tiny');
    expect(store.getPlan(p1.id)).toBeNull();
    store.close();
  });

  it('jobs: create, update, list, and failInterruptedJobs after a restart', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.saveScenario('tiny', tiny());
    store.saveScenario('other', tiny());
    const a = store.createJob('tiny', 'plan', { day: 1, seconds: 5 });
    expect(a).toMatchObject({
      scenarioId: 'tiny',
      kind: 'plan',
      params: { day: 1, seconds: 5 },
      status: 'queued',
      progress: 0,
      bestCost: null,
      planId: null,
      result: null,
      error: null,
    });
    const b = store.createJob('tiny', 'hubs', { p: 5 });
    const c = store.createJob('other', 'plan', {});
    const d = store.createJob('tiny', 'plan', {});

    const running = store.updateJob(a.id, { status: 'running', progress: 0.4, bestCost: 812.5 });
    expect(running).toMatchObject({ status: 'running', progress: 0.4, bestCost: 812.5 });
    expect(running.updatedAt >= a.updatedAt).toBe(true);
    store.updateJob(b.id, { status: 'done', progress: 1, result: { hubs: ['H1'] } });
    expect(store.getJob(b.id)!.result).toEqual({ hubs: ['H1'] });
    store.updateJob(d.id, { status: 'cancelled' });

    expect(() => store.updateJob('job-missing', { progress: 0.5 })).toThrow('unknown job "job-missing"');
    expect(() => store.updateJob(a.id, { progress: 1.5 })).toThrow('job progress must be within 0..1, got 1.5');
    expect(() => store.createJob('nope', 'plan', {})).toThrow('unknown scenario "nope"');

    expect(
      store
        .listJobs('tiny')
        .map((j) => j.id)
        .sort(),
    ).toEqual([a.id, b.id, d.id].sort());
    expect(store.listJobs()).toHaveLength(4);
    store.close();

    // A new process: a (running) and c (queued) were interrupted; b (done) and d (cancelled) stay.
    const restarted = openStore(dir);
    expect(restarted.failInterruptedJobs()).toBe(2);
    expect(restarted.getJob(a.id)).toMatchObject({
      status: 'failed',
      error: 'server restarted',
      progress: 0.4,
      bestCost: 812.5,
    });
    expect(restarted.getJob(c.id)).toMatchObject({ status: 'failed', error: 'server restarted' });
    expect(restarted.getJob(b.id)!.status).toBe('done');
    expect(restarted.getJob(d.id)!.status).toBe('cancelled');
    expect(restarted.failInterruptedJobs()).toBe(0);
    restarted.close();
  });
});
