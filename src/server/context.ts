/**
 * What every router of the API shares: the store, the job runner, the options, and the small lookups that
 * turn a missing id into a 404. Routers are `(ctx) => express.Router()` (see ./routes/ and app.ts).
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../store/types.ts';
import type { JobRunner } from './jobs.ts';
import { HttpError, notFound } from './errors.ts';

export interface AppContext {
  store: Store;
  jobs: JobRunner;
  /** Built web app folder. */
  webDir: string;
  /** Upload limit of one request in bytes. */
  uploadLimitBytes: number;
  /** 'token-required-for-writes' | 'token-required' | 'open' (shown by /api/health). */
  authMode: string;
  scenarioOr404(id: string): NonNullable<ReturnType<Store['getScenario']>>;
  planOr404(id: string): NonNullable<ReturnType<Store['getPlan']>>;
  jobOr404(id: string): NonNullable<ReturnType<Store['getJob']>>;
  /** Key of a scenario version for the travel-network cache (a replaced scenario gets a new key). */
  networkKey(id: string): string;
}

/** A router factory: one per resource, mounted under /api by createApp. */
export type RouterFactory = (ctx: AppContext) => Router;

export function lookups(store: Store): Pick<AppContext, 'scenarioOr404' | 'planOr404' | 'jobOr404' | 'networkKey'> {
  return {
    scenarioOr404(id) {
      const scenario = store.getScenario(id);
      if (!scenario) throw notFound('scenario', id);
      return scenario;
    },
    planOr404(id) {
      const plan = store.getPlan(id);
      if (!plan) throw notFound('plan', id);
      return plan;
    },
    jobOr404(id) {
      const job = store.getJob(id);
      if (!job) throw notFound('job', id);
      return job;
    },
    networkKey: (id) => `${id}@${store.listScenarios().find((s) => s.id === id)?.updatedAt ?? ''}`,
  };
}

/** Parses with zod; the first issue becomes a 400 naming its field path (e.g. "day", "pinned.0"). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', 'expected a JSON object body (Content-Type: application/json)', '');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  let field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) field = issue.keys[0];
  throw new HttpError(400, 'invalid_body', `${field || 'body'}: ${issue.message}`, field);
}
