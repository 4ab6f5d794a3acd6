/**
 * Scenario versions: every map edit makes a new version holding the whole scenario document after it
 * (who, when, what), so that any two versions can be diffed and any version restored exactly. A revert is
 * itself a new version: history is never rewritten.
 *
 * Version 1 is the scenario as imported, recorded on first use; a scenario replaced by a new import after
 * versions exist gets an "import" version before the next edit, so history always ends at what is stored.
 */
import type { Place, Scenario } from '../model/types.ts';
import { PLACE_FIELDS } from '../model/schemas.ts';
import type { SqliteStore } from './sqlite.ts';
import { applyEdits, type Edit } from './versions-edit.ts';
import { getBoundaries } from './versions-boundaries.ts';

export type VersionKind = 'import' | 'edit' | 'revert' | 'hubs' | 'siting';

export interface VersionSummary {
  version: number;
  createdAt: string;
  author: string;
  kind: VersionKind;
  /** What changed, one line per edit. */
  summary: string[];
  edits: Edit[];
  /** Plans computed while this version was the current one (newest first). */
  plans: string[];
}

interface VersionRow {
  scenario_id: string;
  version: number;
  created_at: string;
  author: string;
  kind: VersionKind;
  summary: string;
  edits: string;
  doc?: string;
}

export interface EditRequest {
  edits: Edit[];
  author?: string;
  kind?: VersionKind;
  /** Free text added to the summary (e.g. "hub proposal p-median p=5"). */
  message?: string;
}

/** Document text of a scenario as the scenarios table keeps it (road bytes stay in their BLOB). */
function docText(scenario: Scenario): string {
  const r = scenario.roads;
  return JSON.stringify({
    ...scenario,
    roads: r.format === 'osm' || r.format === 'osm.pbf' ? { format: r.format } : r,
  });
}

export class ScenarioVersions {
  constructor(private readonly store: SqliteStore) {}

  private get db() {
    return this.store.handle;
  }

  private requireScenario(id: string): Scenario {
    const scenario = this.store.getScenario(id);
    if (!scenario) throw new Error(`unknown scenario "${id}"`);
    return scenario;
  }

  private latest(id: string): VersionRow | undefined {
    return this.db
      .prepare('SELECT * FROM scenario_versions WHERE scenario_id = ? ORDER BY version DESC LIMIT 1')
      .get(id) as VersionRow | undefined;
  }

  /** Record the stored document as a version when history does not end at it (first use, re-import). */
  private syncImport(id: string): number {
    const row = this.db.prepare('SELECT doc, updated_at FROM scenarios WHERE id = ?').get(id) as
      { doc: string; updated_at: string } | undefined;
    if (!row) throw new Error(`unknown scenario "${id}"`);
    const last = this.latest(id);
    if (last && last.doc === row.doc) return last.version;
    const version = (last?.version ?? 0) + 1;
    this.insert(
      id,
      version,
      last ? new Date().toISOString() : row.updated_at,
      'import',
      'import',
      [last ? 'scenario replaced by an import' : 'scenario as imported'],
      [],
      row.doc,
    );
    return version;
  }

  private insert(
    id: string,
    version: number,
    createdAt: string,
    author: string,
    kind: VersionKind,
    summary: string[],
    edits: unknown[],
    doc: string,
  ): void {
    this.db
      .prepare(
        'INSERT INTO scenario_versions (scenario_id, version, created_at, author, kind, summary, edits, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, version, createdAt, author, kind, JSON.stringify(summary), JSON.stringify(edits), doc);
  }

  list(id: string): VersionSummary[] {
    this.requireScenario(id);
    this.db.transaction(() => this.syncImport(id)).immediate();
    const rows = this.db
      .prepare(
        'SELECT scenario_id, version, created_at, author, kind, summary, edits FROM scenario_versions WHERE scenario_id = ? ORDER BY version DESC',
      )
      .all(id) as VersionRow[];
    const plans = this.store.listPlans(id);
    return rows.map((r, i) => {
      const next = rows[i - 1]; // newer version (rows are newest first)
      return {
        version: r.version,
        createdAt: r.created_at,
        author: r.author,
        kind: r.kind,
        summary: JSON.parse(r.summary) as string[],
        edits: JSON.parse(r.edits) as Edit[],
        plans: plans
          .filter((p) => p.createdAt >= r.created_at && (!next || p.createdAt < next.created_at))
          .map((p) => p.id),
      };
    });
  }

  /** The scenario of a version (OSM road bytes are those of the stored scenario: edits never change roads). */
  get(id: string, version: number): Scenario | null {
    const current = this.requireScenario(id);
    this.db.transaction(() => this.syncImport(id)).immediate();
    const row = this.db
      .prepare('SELECT doc FROM scenario_versions WHERE scenario_id = ? AND version = ?')
      .get(id, version) as { doc: string } | undefined;
    if (!row) return null;
    const scenario = JSON.parse(row.doc) as Scenario;
    if (scenario.roads.format === 'osm' || scenario.roads.format === 'osm.pbf') scenario.roads = current.roads;
    return scenario;
  }

  /**
   * Apply edits to the current scenario, validate as an import does, then save scenario and version in one
   * transaction. Any problem throws and nothing is stored.
   */
  async edit(id: string, request: EditRequest): Promise<VersionSummary> {
    const before = this.requireScenario(id);
    const { scenario, summary } = await applyEdits(before, request.edits, getBoundaries(this.store, id));
    if (request.message) summary.unshift(request.message);
    return this.commit(id, before, scenario, request.author, request.kind ?? 'edit', summary, request.edits);
  }

  /** Make the scenario of `version` current again, as a new version. */
  revert(id: string, version: number, author?: string): VersionSummary {
    const before = this.requireScenario(id);
    const target = this.get(id, version);
    if (!target) throw new Error(`scenario "${id}" has no version ${version}`);
    return this.commit(
      id,
      before,
      target,
      author,
      'revert',
      [`reverted to version ${version}`],
      [{ op: 'revert', version }],
    );
  }

  private commit(
    id: string,
    before: Scenario,
    after: Scenario,
    author: string | undefined,
    kind: VersionKind,
    summary: string[],
    edits: unknown[],
  ): VersionSummary {
    const doc = docText(after);
    let version = 0;
    this.db
      .transaction(() => {
        // Someone else's edit between our read and this write would be lost: refuse instead.
        const stored = this.db.prepare('SELECT doc FROM scenarios WHERE id = ?').get(id) as { doc: string };
        if (stored.doc !== docText(before))
          throw new Error(`scenario "${id}" changed while the edit was prepared; reload and try again`);
        version = this.syncImport(id) + 1;
        this.store.saveScenario(id, after);
        this.insert(id, version, new Date().toISOString(), author?.trim() || 'anonymous', kind, summary, edits, doc);
      })
      .immediate();
    return this.list(id).find((v) => v.version === version)!;
  }

  diff(id: string, from: number, to: number): VersionDiff {
    const a = this.get(id, from);
    const b = this.get(id, to);
    if (!a) throw new Error(`scenario "${id}" has no version ${from}`);
    if (!b) throw new Error(`scenario "${id}" has no version ${to}`);
    return { from, to, ...diffScenarios(a, b) };
  }
}

/** The fields a place diff compares: every places.csv field but the id, which pairs the places. */
const DIFF_FIELDS = PLACE_FIELDS.filter((f) => f !== 'id');

export interface PlaceChange {
  id: string;
  name: string;
  fields: Array<{ field: string; from: unknown; to: unknown }>;
}

export interface VersionDiff {
  from: number;
  to: number;
  added: Place[];
  removed: Place[];
  changed: PlaceChange[];
  /** Fleet rows whose depot changed (hub layouts). */
  fleet: Array<{ id: string; from: string | null; to: string | null }>;
  demandRows: { from: number; to: number };
}

export function diffScenarios(a: Scenario, b: Scenario): Omit<VersionDiff, 'from' | 'to'> {
  const before = new Map(a.places.map((p) => [p.id, p]));
  const after = new Map(b.places.map((p) => [p.id, p]));
  const changed: PlaceChange[] = [];
  for (const p of b.places) {
    const q = before.get(p.id);
    if (!q) continue;
    const fields = DIFF_FIELDS.filter((f) => q[f] !== p[f]).map((f) => ({ field: f, from: q[f], to: p[f] }));
    if (fields.length) changed.push({ id: p.id, name: p.name, fields });
  }
  const fa = new Map(a.fleet.map((f) => [f.id, f.depotId]));
  const fb = new Map(b.fleet.map((f) => [f.id, f.depotId]));
  const fleet: VersionDiff['fleet'] = [];
  for (const fid of new Set([...fa.keys(), ...fb.keys()])) {
    if (fa.get(fid) !== fb.get(fid)) fleet.push({ id: fid, from: fa.get(fid) ?? null, to: fb.get(fid) ?? null });
  }
  return {
    added: b.places.filter((p) => !before.has(p.id)),
    removed: a.places.filter((p) => !after.has(p.id)),
    changed,
    fleet,
    demandRows: { from: a.demand.length, to: b.demand.length },
  };
}
