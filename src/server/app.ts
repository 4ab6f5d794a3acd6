/**
 * The HTTP API (express 5) and the static web app. `createApp` builds the app around a store and is
 * independent of listening (tests run it on an ephemeral port); `startServer` (./start.ts) adds the port,
 * the seeding of the default county and restart recovery.
 *
 * Errors are always JSON `{ error: { code, message, field? } }` (see ./errors.ts). Reads are open; write
 * endpoints (POST/PUT/PATCH/DELETE) need `Authorization: Bearer <token>` when a token is configured.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { Store } from '../store/types.ts';
import type { PlanResult } from '../planning/types.ts';
import { HttpError, apiNotFound, jsonErrors, notFound } from './errors.ts';
import { JobRunner, TERMINAL, jobView, type JobEvent } from './jobs.ts';
import { scenarioDetail, scenarioGeoJson } from './geojson.ts';
import { DEFAULT_UPLOAD_LIMITS, expandUpload, scenarioFromFiles, scenarioZip, type UploadedFile } from './upload.ts';
import { coverageReport, routeSheetsCsv, routesGeoJson, upstreamReport } from './reports.ts';
import { operationsRouter } from './routes/operations.ts';
import { versionsRouter } from './routes/versions.ts';
import { editsRouter } from './routes/edits.ts';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DEFAULT_WEB_DIR = path.join(REPO_ROOT, 'dist', 'web');

export interface AppOptions {
  store: Store;
  /** Bearer token required on write endpoints; undefined/empty = no auth (read-only viewers need none anyway). */
  token?: string;
  /** Built web app (default dist/web). */
  webDir?: string;
  /** JSON body limit in bytes (default 1 MiB). */
  jsonLimitBytes?: number;
  /** Upload limit per file in bytes (default 64 MiB). */
  uploadLimitBytes?: number;
  /** Parallel solver workers (default 1). */
  concurrency?: number;
}

export type GongpeiApp = Express & {
  jobs: JobRunner;
  /** Stops the workers (jobs still running become failed). The store is the caller's to close. */
  shutdown(): Promise<void>;
};

const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const planBodySchema = z
  .object({
    day: z.number().int().min(1).max(366),
    mode: z.enum(['shared', 'separate', 'compare']).default('shared'),
    horizon: z.number().int().min(1).max(28).optional(),
    timeLimit: z.number().positive().max(600).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();

export const hubsBodySchema = z
  .object({
    model: z.enum(['p-median', 'set-cover', 'capacitated']).default('p-median'),
    p: z.number().int().min(1).max(200).optional(),
    maxMinutes: z.number().positive().max(24 * 60).optional(),
    pinned: z.array(z.string().min(1)).max(1000).optional(),
    banned: z.array(z.string().min(1)).max(1000).optional(),
    timeLimit: z.number().positive().max(600).optional(),
    fixedCost: z.union([z.number().min(0), z.record(z.string(), z.number().min(0))]).optional(),
    capacity: z.union([z.number().positive(), z.record(z.string(), z.number().positive())]).optional(),
  })
  .strict();

/** Parses with zod; the first issue becomes a 400 naming its field path (e.g. "day", "pinned.0"). */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', 'expected a JSON object body (Content-Type: application/json)', '');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) field = issue.keys[0]!;
  throw new HttpError(400, 'invalid_body', `${field || 'body'}: ${issue.message}`, field);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!.trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createApp(options: AppOptions): GongpeiApp {
  const { store } = options;
  const token = options.token || undefined;
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const jobs = new JobRunner(store, { concurrency: options.concurrency });
  const jsonLimit = options.jsonLimitBytes ?? 1024 * 1024;
  const uploadLimit = options.uploadLimitBytes ?? 64 * 1024 * 1024;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: Math.min(uploadLimit, DEFAULT_UPLOAD_LIMITS.maxFileBytes), files: 30, fields: 20, fieldSize: 1024 },
  });
  // The whole request is bounded before multer or the raw parser buffer anything (30 parts × the part limit
  // would otherwise be held in memory).
  const boundedUpload: RequestHandler = (req, _res, next) => {
    const length = Number(req.headers['content-length'] ?? NaN);
    if (!Number.isFinite(length)) return next(new HttpError(411, 'length_required', 'uploads need a Content-Length header'));
    if (length > uploadLimit) return next(new HttpError(413, 'payload_too_large', `request body too large (limit ${uploadLimit} bytes)`));
    next();
  };

  const app = express() as GongpeiApp;
  app.disable('x-powered-by');
  app.set('json spaces', 0);
  app.set('query parser', 'simple');

  // --- auth on writes -------------------------------------------------------------------------
  const requireToken: RequestHandler = (req, _res, next) => {
    if (!token || req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (!bearerMatches(req.headers.authorization, token)) {
      return next(new HttpError(401, 'unauthorized', 'this server requires "Authorization: Bearer <token>" on write requests', 'authorization'));
    }
    next();
  };
  app.use('/api', requireToken);
  app.use('/api', express.json({ limit: jsonLimit }));
  app.use('/api', operationsRouter(store));

  const scenarioOr404 = (id: string) => {
    const scenario = store.getScenario(id);
    if (!scenario) throw notFound('scenario', id);
    return scenario;
  };
  /** Key of a scenario version for the travel-network cache (a replaced scenario gets a new key). */
  const networkKey = (id: string) => `${id}@${store.listScenarios().find((s) => s.id === id)?.updatedAt ?? ''}`;
  /** Route geometries by plan id (plans never change once stored). */
  const routeGeometries = new Map<string, string>();
  const planOr404 = (id: string) => {
    const plan = store.getPlan(id);
    if (!plan) throw notFound('plan', id);
    return plan;
  };
  const jobOr404 = (id: string) => {
    const job = store.getJob(id);
    if (!job) throw notFound('job', id);
    return job;
  };

  // --- health ---------------------------------------------------------------------------------
  app.get('/api/health', (_req, res) => {
    res.json({
      ok: true,
      version: '0.1.0',
      scenarios: store.listScenarios().length,
      activeJobs: jobs.activeCount,
      auth: token ? 'token-required-for-writes' : 'open',
      web: existsSync(path.join(webDir, 'index.html')),
    });
  });

  // --- scenarios ------------------------------------------------------------------------------
  app.get('/api/scenarios', (_req, res) => {
    res.json({ scenarios: store.listScenarios() });
  });

  app.get('/api/scenarios/:id', (req, res) => {
    const scenario = scenarioOr404(req.params.id);
    res.json({ ...scenarioDetail(req.params.id, scenario), plans: store.listPlans(req.params.id) });
  });

  app.get('/api/scenarios/:id/geojson', (req, res) => {
    res.type('application/geo+json').send(JSON.stringify(scenarioGeoJson(scenarioOr404(req.params.id))));
  });

  app.get('/api/scenarios/:id/export', async (req, res) => {
    const scenario = scenarioOr404(req.params.id);
    const zip = await scenarioZip(scenario, req.params.id);
    res.type('application/zip').attachment(`${req.params.id}.zip`).send(Buffer.from(zip));
  });

  const rawZip = express.raw({ type: ['application/zip', 'application/octet-stream'], limit: uploadLimit });
  app.post('/api/scenarios', boundedUpload, rawZip, upload.any(), async (req, res) => {
    const id = String(req.query.id ?? (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? req.body.id ?? '' : ''));
    if (!SCENARIO_ID.test(id)) {
      throw new HttpError(400, 'invalid_id', 'id: a scenario id (letters, digits, "-" or "_", at most 64) is required as ?id= or a form field', 'id');
    }
    const replace = req.query.replace === 'true' || req.query.replace === '1';
    if (!replace && store.getScenario(id)) {
      throw new HttpError(409, 'conflict', `scenario "${id}" already exists (add ?replace=true to overwrite it)`, 'id');
    }
    let parts: UploadedFile[];
    if (Buffer.isBuffer(req.body)) parts = [{ name: 'upload.zip', bytes: new Uint8Array(req.body) }];
    else {
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      parts = files.map((f) => ({ name: f.originalname || f.fieldname, bytes: new Uint8Array(f.buffer) }));
    }
    const scenario = await scenarioFromFiles(expandUpload(parts));
    store.saveScenario(id, scenario);
    res.status(201).json(scenarioDetail(id, scenario));
  });

  app.delete('/api/scenarios/:id', (req, res) => {
    scenarioOr404(req.params.id);
    // Stop the scenario's jobs first: a worker must not report into rows the delete removes.
    jobs.cancelScenario(req.params.id);
    store.deleteScenario(req.params.id);
    res.status(204).end();
  });

  // --- plans (jobs) ---------------------------------------------------------------------------
  app.post('/api/scenarios/:id/plans', (req, res) => {
    scenarioOr404(req.params.id);
    const params = parseBody(planBodySchema, req.body);
    const job = jobs.submitPlan(req.params.id, params);
    res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id, status: job.status });
  });

  app.get('/api/scenarios/:id/plans', (req, res) => {
    scenarioOr404(req.params.id);
    res.json({ plans: store.listPlans(req.params.id) });
  });

  app.post('/api/scenarios/:id/hubs', (req, res) => {
    const scenario = scenarioOr404(req.params.id);
    const params = parseBody(hubsBodySchema, req.body);
    const candidates = new Set(scenario.places.filter((p) => p.kind === 'hub' || p.kind === 'hub_candidate').map((p) => p.id));
    for (const key of ['pinned', 'banned'] as const) {
      params[key]?.forEach((placeId, i) => {
        if (!candidates.has(placeId)) throw new HttpError(400, 'invalid_body', `${key}.${i}: "${placeId}" is not a hub or hub candidate of this scenario`, `${key}.${i}`);
      });
    }
    if (params.model === 'p-median' && params.p === undefined) throw new HttpError(400, 'invalid_body', 'p: required for the p-median model', 'p');
    if (params.model === 'set-cover' && params.maxMinutes === undefined) throw new HttpError(400, 'invalid_body', 'maxMinutes: required for the set-cover model', 'maxMinutes');
    const job = jobs.submitHubs(req.params.id, params);
    res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id, status: job.status });
  });

  app.get('/api/jobs', (req, res) => {
    const scenarioId = typeof req.query.scenarioId === 'string' ? req.query.scenarioId : undefined;
    res.json({ jobs: store.listJobs(scenarioId).map(jobView) });
  });

  app.get('/api/jobs/:id', (req, res) => {
    res.json(jobView(jobOr404(req.params.id)));
  });

  app.delete('/api/jobs/:id', (req, res) => {
    jobOr404(req.params.id);
    res.json(jobView(jobs.cancel(req.params.id)!));
  });

  // Server-Sent Events: `progress` (progress, bestCost), then one of `done` / `failed` / `cancelled`.
  app.get('/api/jobs/:id/events', (req: Request<{ id: string }>, res: Response) => {
    const job = jobOr404(req.params.id);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const send = (event: JobEvent) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.job)}\n\n`);
    };
    const view = jobView(job);
    if (TERMINAL.has(job.status)) {
      send({ type: job.status as JobEvent['type'], job: view });
      res.end();
      return;
    }
    send({ type: 'status', job: view });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const unsubscribe = jobs.subscribe(job.id, (event) => {
      send(event);
      if (TERMINAL.has(event.job.status)) {
        cleanup();
        res.end();
      }
    });
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', cleanup);
  });

  app.get('/api/plans/:id', (req, res) => {
    const stored = planOr404(req.params.id);
    res.json({ ...stored.plan, id: stored.id, scenarioId: stored.scenarioId, createdAt: stored.createdAt });
  });

  app.get('/api/plans/:id/routes.geojson', async (req, res) => {
    const stored = planOr404(req.params.id);
    const scenario = scenarioOr404(stored.scenarioId);
    let body = routeGeometries.get(stored.id);
    if (!body) {
      body = JSON.stringify(await routesGeoJson(scenario, stored.plan, networkKey(stored.scenarioId)));
      routeGeometries.set(stored.id, body);
      while (routeGeometries.size > 20) routeGeometries.delete(routeGeometries.keys().next().value!);
    }
    res.type('application/geo+json').send(body);
  });

  app.get('/api/plans/:id/route-sheets.csv', async (req, res) => {
    const stored = planOr404(req.params.id);
    const scenario = scenarioOr404(stored.scenarioId);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`route-sheets-${stored.scenarioId}-day${stored.plan.day}.csv`)
      .send(await routeSheetsCsv(scenario, stored.plan));
  });

  // --- coverage and upstream ------------------------------------------------------------------
  const planForScenario = (scenarioId: string, planId: unknown): PlanResult | undefined => {
    if (planId === undefined || planId === '') return undefined;
    const stored = planOr404(String(planId));
    if (stored.scenarioId !== scenarioId) throw new HttpError(400, 'invalid_query', `planId: plan "${stored.id}" belongs to scenario "${stored.scenarioId}"`, 'planId');
    return stored.plan;
  };

  app.get('/api/scenarios/:id/coverage', async (req, res) => {
    const scenario = scenarioOr404(req.params.id);
    const planId = typeof req.query.planId === 'string' && req.query.planId ? req.query.planId : undefined;
    res.json(await coverageReport(scenario, networkKey(req.params.id), planForScenario(req.params.id, planId), planId));
  });

  app.get('/api/scenarios/:id/upstream', async (req, res) => {
    const scenario = scenarioOr404(req.params.id);
    let plan = planForScenario(req.params.id, req.query.planId);
    if (!plan) {
      const day = Number(req.query.day ?? NaN);
      if (!Number.isInteger(day) || day < 1) throw new HttpError(400, 'invalid_query', 'day: a day number ≥ 1 (or planId) is required', 'day');
      for (const summary of store.listPlans(req.params.id).slice().sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
        const candidate = store.getPlan(summary.id)!.plan;
        if (candidate.day === day && candidate.mode !== 'separate') {
          plan = candidate;
          break;
        }
      }
      if (!plan) {
        throw new HttpError(409, 'plan_required', `no stored plan for day ${day}: run POST /api/scenarios/${req.params.id}/plans first`, 'day');
      }
    }
    res.json(await upstreamReport(scenario, plan));
  });

  app.use('/api', versionsRouter(store), editsRouter(store));
  app.use('/api', apiNotFound);

  // --- the web app ----------------------------------------------------------------------------
  app.use(express.static(webDir, { index: 'index.html', maxAge: '1h', setHeaders: (res, file) => {
    if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
  } }));
  app.get('/{*path}', (_req, res) => {
    const index = path.join(webDir, 'index.html');
    if (existsSync(index)) return res.sendFile(index);
    res
      .status(503)
      .type('text/plain; charset=utf-8')
      .send(`The web app is not built (${path.relative(process.cwd(), webDir) || webDir}/index.html missing).\nRun "npm run build:web" (npm start does it for you). The API is available under /api.\n`);
  });

  app.use(jsonErrors);

  app.jobs = jobs;
  app.shutdown = () => jobs.close();
  return app;
}
