/**
 * The HTTP API (express 5) and the static web app. `createApp` builds the app around a store and is
 * independent of listening (tests run it on an ephemeral port); `startServer` (./start.ts) adds the port,
 * the seeding of the default county and restart recovery.
 *
 * createApp only wires: security middleware (./security.ts), one express Router per resource
 * (./routes/*.ts, each `(ctx: AppContext) => Router`), the web app and the JSON errors (./errors.ts).
 * To add a resource: write `src/server/routes/<name>.ts` exporting a RouterFactory and add ONE line to
 * ROUTERS below. Errors are always JSON `{ error: { code, message, field? } }`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Store } from '../store/types.ts';
import { lookups, type AppContext, type RouterFactory } from './context.ts';
import { apiNotFound, jsonErrors } from './errors.ts';
import { JobRunner } from './jobs.ts';
import {
  auditWrites,
  authenticate,
  carrierGate,
  hostAndOriginCheck,
  loadTokens,
  parseAllowedOrigins,
  readsNeedToken,
  requestIds,
  securityHeaders,
  writesNeedOperator,
  type TokenEntry,
} from './security.ts';
import { carrierRouter } from './carrier.ts';
import { healthRouter } from './routes/health.ts';
import { scenariosRouter } from './routes/scenarios.ts';
import { plansRouter } from './routes/plans.ts';
import { jobsRouter } from './routes/jobs.ts';
import { reportsRouter } from './routes/reports.ts';
import { auditRouter } from './routes/audit.ts';
import { operationsRouter } from './routes/operations.ts';
import { versionsRouter } from './routes/versions.ts';
import { editsRouter } from './routes/edits.ts';

export { planBodySchema, hubsBodySchema } from './routes/plans.ts';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DEFAULT_WEB_DIR = path.join(REPO_ROOT, 'dist', 'web');

/** Routers mounted under /api, in order. Other features append one line each. */
const ROUTERS: RouterFactory[] = [
  healthRouter,
  scenariosRouter,
  // before plansRouter: POST /scenarios/:id/plans with { date } is a plan by calendar date (issue 12)
  (ctx) => operationsRouter(ctx.store),
  plansRouter,
  jobsRouter,
  reportsRouter,
  carrierRouter,
  auditRouter,
  (ctx) => versionsRouter(ctx.store),
  (ctx) => editsRouter(ctx.store),
];

export interface AppOptions {
  store: Store;
  /** Legacy single admin token (GONGPEI_TOKEN); undefined/empty = none. */
  token?: string;
  /** Tokens with roles (default: from GONGPEI_TOKENS / GONGPEI_TOKENS_FILE, plus `token`). */
  tokens?: TokenEntry[];
  /**
   * Require a token for reads too (default: $GONGPEI_REQUIRE_TOKEN_FOR_READS, and always with carrier tokens;
   * `false` with carrier tokens throws: see readsNeedToken in ./security.ts).
   */
  requireTokenForReads?: boolean;
  /** Host names served besides loopback (default: $GONGPEI_ALLOWED_HOSTS, comma separated). */
  allowedHosts?: string[];
  /** Origins whose pages may write besides the server's own (default: $GONGPEI_ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
  /** Built web app (default dist/web). */
  webDir?: string;
  /** JSON body limit in bytes (default 1 MiB). */
  jsonLimitBytes?: number;
  /** Upload limit per request in bytes (default 64 MiB). */
  uploadLimitBytes?: number;
  /** Parallel solver workers (default 1). */
  concurrency?: number;
  /** Jobs waiting at most before 429 (default 20). */
  maxQueued?: number;
  /** Request log lines (default: none). */
  requestLog?: (line: string) => void;
}

export type GongpeiApp = Express & {
  jobs: JobRunner;
  /** Stops the workers (jobs still running become failed). The store is the caller's to close. */
  shutdown(): Promise<void>;
};

export function createApp(options: AppOptions): GongpeiApp {
  const { store } = options;
  const tokens = options.tokens ?? loadTokens(process.env, options.token || undefined);
  const requireTokenForReads = readsNeedToken(
    tokens,
    options.requireTokenForReads ?? process.env.GONGPEI_REQUIRE_TOKEN_FOR_READS,
  );
  const allowedHosts = options.allowedHosts ?? (process.env.GONGPEI_ALLOWED_HOSTS ?? '').split(',').filter(Boolean);
  const allowedOrigins = options.allowedOrigins ?? parseAllowedOrigins(process.env.GONGPEI_ALLOWED_ORIGINS);
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const jobs = new JobRunner(store, { concurrency: options.concurrency, maxQueued: options.maxQueued });
  const ctx: AppContext = {
    store,
    jobs,
    webDir,
    uploadLimitBytes: options.uploadLimitBytes ?? 64 * 1024 * 1024,
    authMode: tokens.length === 0 ? 'open' : requireTokenForReads ? 'token-required' : 'token-required-for-writes',
    ...lookups(store),
  };

  const app = express() as GongpeiApp;
  app.disable('x-powered-by');
  app.set('json spaces', 0);
  app.set('query parser', 'simple');

  app.use(requestIds(options.requestLog ?? null));
  app.use(securityHeaders());
  app.use('/api', hostAndOriginCheck(allowedHosts, allowedOrigins));
  app.use('/api', authenticate({ tokens, requireTokenForReads }));
  app.use('/api', auditWrites(store));
  app.use('/api', carrierGate);
  app.use('/api', writesNeedOperator);
  app.use('/api', express.json({ limit: options.jsonLimitBytes ?? 1024 * 1024 }));
  for (const factory of ROUTERS) app.use('/api', factory(ctx));
  app.use('/api', apiNotFound);

  // --- the web app ----------------------------------------------------------------------------
  app.use(
    express.static(webDir, {
      index: 'index.html',
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get('/{*path}', (_req, res) => {
    const index = path.join(webDir, 'index.html');
    if (existsSync(index)) return res.sendFile(index);
    res
      .status(503)
      .type('text/plain; charset=utf-8')
      .send(
        `The web app is not built (${path.relative(process.cwd(), webDir) || webDir}/index.html missing).\nRun "npm run build:web" (npm start does it for you). The API is available under /api.\n`,
      );
  });

  app.use(jsonErrors);

  app.jobs = jobs;
  app.shutdown = () => jobs.close();
  return app;
}
