/** Scenarios: list, detail, map GeoJSON, export zip, import (zip or multipart), delete. */
import express, { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { AppContext } from '../context.ts';
import { requireRole } from '../security.ts';
import { HttpError } from '../errors.ts';
import { scenarioDetail, scenarioGeoJson } from '../geojson.ts';
import { DEFAULT_UPLOAD_LIMITS, expandUpload, scenarioFromFiles, scenarioZip, type UploadedFile } from '../upload.ts';

export const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function scenariosRouter(ctx: AppContext): Router {
  const { store, jobs } = ctx;
  const router = Router();
  const uploadLimit = ctx.uploadLimitBytes;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: Math.min(uploadLimit, DEFAULT_UPLOAD_LIMITS.maxFileBytes),
      files: 30,
      fields: 20,
      fieldSize: 1024,
    },
  });
  // The whole request is bounded before multer or the raw parser buffer anything (30 parts × the part limit
  // would otherwise be held in memory).
  const boundedUpload: RequestHandler = (req, _res, next) => {
    const length = Number(req.headers['content-length'] ?? NaN);
    if (!Number.isFinite(length))
      return next(new HttpError(411, 'length_required', 'uploads need a Content-Length header'));
    if (length > uploadLimit)
      return next(new HttpError(413, 'payload_too_large', `request body too large (limit ${uploadLimit} bytes)`));
    next();
  };
  const rawZip = express.raw({ type: ['application/zip', 'application/octet-stream'], limit: uploadLimit });

  router.get('/scenarios', (_req, res) => {
    res.json({ scenarios: store.listScenarios() });
  });

  router.get('/scenarios/:id', (req, res) => {
    const scenario = ctx.scenarioOr404(req.params.id);
    res.json({ ...scenarioDetail(req.params.id, scenario), plans: store.listPlans(req.params.id) });
  });

  router.get('/scenarios/:id/geojson', (req, res) => {
    res.type('application/geo+json').send(JSON.stringify(scenarioGeoJson(ctx.scenarioOr404(req.params.id))));
  });

  router.get('/scenarios/:id/export', async (req, res) => {
    const scenario = ctx.scenarioOr404(req.params.id);
    const zip = await scenarioZip(scenario, req.params.id);
    res.type('application/zip').attachment(`${req.params.id}.zip`).send(Buffer.from(zip));
  });

  router.post('/scenarios', requireRole('admin'), boundedUpload, rawZip, upload.any(), async (req, res) => {
    const id = String(
      req.query.id ??
        (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? (req.body.id ?? '') : ''),
    );
    if (!SCENARIO_ID.test(id)) {
      throw new HttpError(
        400,
        'invalid_id',
        'id: a scenario id (letters, digits, "-" or "_", at most 64) is required as ?id= or a form field',
        'id',
      );
    }
    const replace = req.query.replace === 'true' || req.query.replace === '1';
    if (!replace && store.getScenario(id)) {
      throw new HttpError(409, 'conflict', `scenario "${id}" already exists (add ?replace=true to overwrite it)`, 'id');
    }
    let parts: UploadedFile[];
    if (Buffer.isBuffer(req.body))
      parts = req.body.length === 0 ? [] : [{ name: 'upload.zip', bytes: new Uint8Array(req.body) }];
    else {
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      parts = files.map((f) => ({ name: f.originalname || f.fieldname, bytes: new Uint8Array(f.buffer) }));
    }
    const scenario = await scenarioFromFiles(expandUpload(parts));
    store.saveScenario(id, scenario, req.auth?.name ?? 'anonymous');
    res.status(201).json(scenarioDetail(id, scenario));
  });

  router.delete('/scenarios/:id', requireRole('admin'), (req, res) => {
    const id = String(req.params.id);
    ctx.scenarioOr404(id);
    // Stop the scenario's jobs first: a worker must not report into rows the delete removes.
    jobs.cancelScenario(id);
    store.deleteScenario(id);
    res.status(204).end();
  });

  return router;
}
