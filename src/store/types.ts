/**
 * Persistence interface. SQLite (./sqlite.ts) is the default implementation; a server database can be
 * added behind the same interface later. Every write is atomic: a failed save changes nothing.
 */
import type { Scenario } from '../model/types.ts';
import type { PlanResult } from '../planning/types.ts';

export interface ScenarioSummary {
  id: string;
  name: string;
  adminCode: string;
  createdAt: string;
  updatedAt: string;
  stations: number;
  villages: number;
  /** Who saved this version (API token name, or `cli:<user>`); absent when unknown. */
  updatedBy?: string;
}

export interface StoredPlan {
  id: string;
  scenarioId: string;
  createdAt: string;
  plan: PlanResult;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  scenarioId: string;
  /** What the job computes, e.g. 'plan' or 'hubs'. */
  kind: string;
  params: unknown;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  bestCost: number | null;
  planId: string | null;
  /** Result of non-plan jobs (e.g. hub location JSON). */
  result: unknown | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  /** Who submitted the job (token name, or 'anonymous'); null for jobs of older versions. */
  createdBy?: string | null;
  /** How many times a crash (not a graceful drain) interrupted this job while it was running. */
  attempts?: number;
}

/** Marks a job a graceful shutdown put back in the queue: the next start runs it instead of failing it. */
export const REQUEUED_MARK = 're-queued at shutdown';

/** A job interrupted by a crash this many times is failed instead of run again (SqliteStore.recoverInterruptedJobs). */
export const MAX_JOB_ATTEMPTS = 3;

/** The error of a job failed by MAX_JOB_ATTEMPTS (zh-CN first, English kept). */
export function interruptedMessage(times: number): string {
  return `任务运行时服务器已中断 ${times} 次，不再重试；请检查该任务的参数后重新提交 / the server was interrupted ${times} times while this job was running; it is not retried again: check its parameters and submit it again`;
}

/** One write request as the audit log keeps it. */
export interface AuditEntry {
  id: number;
  at: string;
  who: string;
  role: string;
  /** "POST /api/scenarios" */
  action: string;
  status: number;
  ip: string;
  requestId: string;
}

export interface Store {
  listScenarios(): ScenarioSummary[];
  getScenario(id: string): Scenario | null;
  /** Insert or replace, atomically. */
  saveScenario(id: string, scenario: Scenario, updatedBy?: string): void;
  deleteScenario(id: string): boolean;

  /** `jobId`: the job the plan was solved for (at most one plan per job). */
  savePlan(scenarioId: string, plan: PlanResult, jobId?: string): StoredPlan;
  /** Store a plan job's plan and mark the job done, in one transaction. */
  finishPlanJob(jobId: string, plan: PlanResult): { plan: StoredPlan; job: JobRecord };
  getPlan(id: string): StoredPlan | null;
  listPlans(scenarioId: string): Array<Omit<StoredPlan, 'plan'>>;

  createJob(scenarioId: string, kind: string, params: unknown, createdBy?: string): JobRecord;
  updateJob(
    id: string,
    patch: Partial<Pick<JobRecord, 'status' | 'progress' | 'bestCost' | 'planId' | 'result' | 'error'>>,
  ): JobRecord;
  getJob(id: string): JobRecord | null;
  listJobs(scenarioId?: string): JobRecord[];
  /**
   * Jobs left queued/running by a previous process become failed ("server restarted"), except those a
   * graceful shutdown re-queued (REQUEUED_MARK). The server no longer calls it (recoverInterruptedJobs).
   */
  failInterruptedJobs(): number;
  /**
   * At start-up: plan jobs whose plan is stored become done; jobs interrupted MAX_JOB_ATTEMPTS times become
   * failed; the others go back to queued and are returned (oldest first) to be run again.
   */
  recoverInterruptedJobs(maxAttempts?: number): {
    requeue: string[];
    completed: number;
    failed: number;
    /** Of those, the jobs not re-queued by a graceful drain (REQUEUED_MARK): a crash or kill left them. */
    interrupted: number;
  };

  addAudit(entry: Omit<AuditEntry, 'id' | 'at'>): void;
  listAudit(limit?: number, offset?: number): { entries: AuditEntry[]; total: number };

  close(): void;
}
