/**
 * What travels through Redis (issue 14). A job carries its scenario (gzip + base64 JSON, ~150 KB for a county
 * of 700 villages) so a worker on another machine needs only the Redis URL: no shared disk, no API access.
 * The BullMQ job id is our job id, so submitting the same job twice is one job (BullMQ ignores the duplicate).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Scenario } from '../../model/types.ts';
import type { HubJobParams, PlanJobParams } from '../protocol.ts';
import type { CoverageJobParams } from './county-task.ts';

export const QUEUE_KINDS = ['plan', 'hubs', 'coverage'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** Key prefix of every BullMQ key (tests use a unique one per run). */
export const DEFAULT_QUEUE_PREFIX = 'gongpei';

/** One queue; the BullMQ job name is the kind, so one worker pool with one concurrency serves all kinds. */
export const QUEUE_NAME = 'gongpei-jobs';

/** Redis key whose existence asks the worker running the job to stop. */
export function cancelKey(prefix: string, jobId: string): string {
  return `${prefix}:cancel:${jobId}`;
}

export type QueueParams = PlanJobParams | HubJobParams | CoverageJobParams;

export interface QueueJobData {
  jobId: string;
  kind: QueueKind;
  scenarioId: string;
  /** gzip + base64 of the scenario JSON. */
  scenarioGz: string;
  params: QueueParams;
}

export function packScenario(scenario: Scenario): string {
  return gzipSync(JSON.stringify(scenario)).toString('base64');
}

export function unpackScenario(gz: string): Scenario {
  return JSON.parse(gunzipSync(Buffer.from(gz, 'base64')).toString('utf8')) as Scenario;
}

/** The task a worker thread runs. */
export type QueueTask =
  | { kind: 'plan'; scenarioId: string; scenario: Scenario; params: PlanJobParams }
  | { kind: 'hubs'; scenarioId: string; scenario: Scenario; params: HubJobParams }
  | { kind: 'coverage'; scenarioId: string; scenario: Scenario; params: CoverageJobParams };
