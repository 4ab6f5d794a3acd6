/**
 * The operations use cases shared by the CLI and the API: each takes the store and plain arguments, validates
 * everything before writing, and returns the JSON the interfaces print.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store/types.ts';
import { newId, OperationsStore } from '../store/operations.ts';
import type { PlanDayOptions } from '../planning/day.ts';
import { planningNetwork } from '../planning/network.ts';
import { planDate } from './date-plan.ts';
import { draftDispatch, type DispatchPick } from './dispatch.ts';
import { dispatchCsv, dispatchPdf, dispatchXlsx } from './sheets.ts';
import { InputError } from './table-file.ts';
import type { Lang } from './i18n.ts';
import type { DatePlan, Dispatch } from './types.ts';

export const DISPATCH_FILES = ['dispatch.pdf', 'dispatch.xlsx', 'routes.csv'] as const;

function scenarioOf(store: Store, id: string) {
  const s = store.getScenario(id);
  if (!s) throw new InputError([{ file: 'scenario', row: null, field: null, message: `unknown scenario "${id}"` }]);
  return s;
}

/** Plans a calendar date and saves the plan with what it was built from. */
export async function planDateAndSave(
  store: Store,
  scenarioId: string,
  date: string,
  options: PlanDayOptions = {},
): Promise<DatePlan & { id: string; scenarioId: string }> {
  const scenario = scenarioOf(store, scenarioId);
  const ops = OperationsStore.of(store);
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  const { plan, basis } = await planDate(scenario, scenarioId, date, ops, { ...options, matrix });
  const stored = store.savePlan(scenarioId, { ...plan, scenarioId });
  ops.saveDatePlanBasis(stored.id, scenarioId, basis);
  return { ...(stored.plan as DatePlan), id: stored.id, scenarioId };
}

/** Freezes a date plan as the date's dispatch; writes its files to outDir when given. */
export async function dispatchPlan(
  store: Store,
  planId: string,
  outDir?: string,
  lang: Lang = 'zh',
  pick: DispatchPick = {},
): Promise<Dispatch> {
  const stored = store.getPlan(planId);
  if (!stored) throw new InputError([{ file: 'planId', row: null, field: null, message: `unknown plan "${planId}"` }]);
  const scenario = scenarioOf(store, stored.scenarioId);
  const ops = OperationsStore.of(store);
  // Atomic: the sheets are built (and written) before the frozen record commits, so a sheet that cannot be
  // built leaves no dispatch behind, and a dispatch whose sheets answer 500 for ever cannot arise.
  const draft: Dispatch = {
    ...draftDispatch(scenario, ops, stored, pick),
    id: newId('dsp'),
    createdAt: new Date().toISOString(),
  };
  const files = await dispatchFiles(store, draft, lang);
  if (!outDir) return ops.saveDispatch(draft);
  const written = Object.keys(files).map((name) => path.join(outDir, name));
  return ops.saveDispatch({ ...draft, files: written }, () => {
    // Inside the transaction, after the date is checked again: a refused dispatch overwrites no files.
    mkdirSync(outDir, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(outDir, name), bytes);
  });
}

export async function dispatchFiles(
  store: Store,
  d: Dispatch,
  lang: Lang = 'zh',
): Promise<Record<(typeof DISPATCH_FILES)[number], Buffer>> {
  const scenario = scenarioOf(store, d.scenarioId);
  return {
    'dispatch.pdf': await dispatchPdf(scenario, d, lang),
    'dispatch.xlsx': await dispatchXlsx(scenario, d, lang),
    'routes.csv': Buffer.from(dispatchCsv(scenario, d, lang), 'utf8'),
  };
}

/** A short view of a dispatch (the CLI/API answer): `{ id, planId, date, files }` plus counts. */
export function dispatchView(d: Dispatch): {
  id: string;
  planId: string;
  day?: number;
  date: string;
  files: string[];
  scenarioId: string;
  vehicles: number;
  parcelsDown: number;
  notDispatched: number;
} {
  return {
    id: d.id,
    planId: d.planId,
    ...(d.day !== undefined ? { day: d.day } : {}),
    date: d.date,
    files: d.files,
    scenarioId: d.scenarioId,
    vehicles: new Set(d.lines.map((l) => l.vehicle)).size,
    parcelsDown: d.lines.reduce((s, l) => s + l.parcelsDown, 0),
    notDispatched: d.notDispatched.reduce((s, l) => s + l.parcels, 0),
  };
}
