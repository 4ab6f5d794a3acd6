/**
 * Scenario versions over HTTP: history, one version's scenario (detail and map GeoJSON), diff, revert.
 * Edits that create versions are in ./edits.ts. Mounted under /api (auth on writes is the app's).
 */
import { Router } from 'express';
import { ScenarioError } from '../../model/validate.ts';
import { SqliteStore } from '../../store/sqlite.ts';
import type { Store } from '../../store/types.ts';
import { ScenarioVersions } from '../../store/versions.ts';
import { HttpError, notFound } from '../errors.ts';
import { scenarioDetail, scenarioGeoJson } from '../geojson.ts';
import { deleteBoundaries, getBoundaries, parseBoundaries, saveBoundaries } from '../../store/versions-boundaries.ts';
import { parseCrs } from '../../io/crs.ts';
import { authorOf } from '../security.ts';

/** The SQLite store (versions and boundaries live in its tables). */
function sqliteOf(store: Store): SqliteStore {
  if (!(store instanceof SqliteStore))
    throw new HttpError(501, 'not_implemented', 'scenario versions need the SQLite store');
  return store;
}

export function versionsOf(store: Store): ScenarioVersions {
  return new ScenarioVersions(sqliteOf(store));
}

/** Turns store errors into API errors: invalid edits → 400 with every issue, unknown ids → 404. */
export function asHttpError(err: unknown): unknown {
  if (err instanceof ScenarioError) {
    const first = err.issues[0];
    return new HttpError(400, 'invalid_edit', err.message, first?.field ?? undefined, err.issues);
  }
  if (err instanceof Error && /^unknown scenario|has no version/.test(err.message))
    return new HttpError(404, 'not_found', err.message);
  if (err instanceof Error && /changed while the edit was prepared/.test(err.message))
    return new HttpError(409, 'conflict', err.message);
  return err;
}

function versionParam(text: unknown, field: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new HttpError(400, 'invalid_query', `${field}: a version number ≥ 1 is required`, field);
  return n;
}

export function versionsRouter(store: Store): Router {
  const router = Router();
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw asHttpError(err);
    }
  };
  const scenarioOr404 = (id: string) => {
    if (!store.getScenario(id)) throw notFound('scenario', id);
  };

  router.get('/scenarios/:id/versions', (req, res) => {
    scenarioOr404(req.params.id);
    res.json({ versions: wrap(() => versionsOf(store).list(req.params.id)) });
  });

  router.get('/scenarios/:id/versions/diff', (req, res) => {
    scenarioOr404(req.params.id);
    const from = versionParam(req.query.from, 'from');
    const to = versionParam(req.query.to, 'to');
    res.json(wrap(() => versionsOf(store).diff(req.params.id, from, to)));
  });

  router.get('/scenarios/:id/versions/:version', (req, res) => {
    scenarioOr404(req.params.id);
    const v = versionParam(req.params.version, 'version');
    const scenario = wrap(() => versionsOf(store).get(req.params.id, v));
    if (!scenario) throw notFound('version', `${req.params.id}@${v}`);
    res.json({ ...scenarioDetail(req.params.id, scenario), version: v });
  });

  router.get('/scenarios/:id/versions/:version/geojson', (req, res) => {
    scenarioOr404(req.params.id);
    const v = versionParam(req.params.version, 'version');
    const scenario = wrap(() => versionsOf(store).get(req.params.id, v));
    if (!scenario) throw notFound('version', `${req.params.id}@${v}`);
    res.type('application/geo+json').send(JSON.stringify(scenarioGeoJson(scenario)));
  });

  router.post('/scenarios/:id/versions/:version/revert', (req, res) => {
    scenarioOr404(req.params.id);
    const v = versionParam(req.params.version, 'version');
    // The token's name, never the body's word (authorOf refuses a body author naming someone else).
    const author = authorOf(req, (req.body as { author?: unknown } | undefined)?.author);
    res.status(201).json(wrap(() => versionsOf(store).revert(req.params.id, v, author)));
  });

  // Real township boundaries (GeoJSON); absent → the map's Voronoi zones are the labelled fallback.
  router.get('/scenarios/:id/boundaries', (req, res) => {
    scenarioOr404(req.params.id);
    const b = wrap(() => getBoundaries(sqliteOf(store), req.params.id));
    if (!b)
      throw new HttpError(
        404,
        'not_found',
        `scenario "${req.params.id}" has no township boundaries (PUT a GeoJSON FeatureCollection to import them)`,
      );
    res.type('application/geo+json').send(JSON.stringify(b));
  });

  router.put('/scenarios/:id/boundaries', (req, res) => {
    const scenario = store.getScenario(req.params.id);
    if (!scenario) throw notFound('scenario', req.params.id);
    let crs: ReturnType<typeof parseCrs> = 'wgs84';
    try {
      if (typeof req.query.crs === 'string' && req.query.crs) crs = parseCrs(req.query.crs);
    } catch (err) {
      throw new HttpError(400, 'invalid_query', `crs: ${(err as Error).message}`, 'crs');
    }
    const b = wrap(() => parseBoundaries(req.body, scenario, crs));
    saveBoundaries(sqliteOf(store), req.params.id, b);
    res.status(201).json({ townships: b.features.length, of: scenario.townships.length });
  });

  router.delete('/scenarios/:id/boundaries', (req, res) => {
    scenarioOr404(req.params.id);
    deleteBoundaries(sqliteOf(store), req.params.id);
    res.status(204).end();
  });

  return router;
}
