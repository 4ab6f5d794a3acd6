/**
 * Scenario upload parser thread (started through worker-boot.mjs by ./upload.ts): receives the files of a
 * folder, answers with the validated scenario or its issues (the first 100 and the total count).
 */
import { parentPort } from 'node:worker_threads';
import { parseScenarioFiles, type ScenarioFiles } from '../io/scenario-folder.ts';
import type { FieldIssue, Scenario } from '../model/types.ts';

export type ParseOutcome = { ok: true; scenario: Scenario } | { ok: false; issues: FieldIssue[]; issueCount: number };

const MAX_ISSUES = 100;

parentPort?.once('message', (files: ScenarioFiles) => {
  let outcome: ParseOutcome;
  try {
    outcome = { ok: true, scenario: parseScenarioFiles(files) };
  } catch (err) {
    const issues = (err as { issues?: unknown }).issues;
    if (Array.isArray(issues) && issues.length > 0)
      outcome = { ok: false, issues: (issues as FieldIssue[]).slice(0, MAX_ISSUES), issueCount: issues.length };
    else {
      // Not a field problem: a generic message; the reader's text may quote the file, so keep it short.
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 200);
      outcome = { ok: false, issues: [{ file: '', row: null, field: null, message }], issueCount: 1 };
    }
  }
  parentPort!.postMessage(outcome);
});
parentPort?.postMessage({ type: 'ready' });
