/**
 * Small mixed-integer programming layer for the hub-location and siting models.
 *
 * Models are built once as plain arrays (CSR rows) by `MipBuilder` and solved either by HiGHS (npm `highs`,
 * WebAssembly, loaded once per process and reused) or by javascript-lp-solver. javascript-lp-solver is only
 * chosen automatically for tiny models, where it was measured faster than HiGHS (no WASM model set-up);
 * see docs/hubs-coverage.md for the measurement. Everything else goes to HiGHS.
 */
import highsImport from 'highs';
import jsLpImport from 'javascript-lp-solver';

// Both packages ship CommonJS-style typings with `export default`, while Node's ESM loader hands us the
// real default export: under NodeNext the types see `module.exports`, so take `.default` when present.
type LoadHighs = typeof highsImport.default;
const loadHighs = ((highsImport as unknown as { default?: LoadHighs }).default ?? highsImport) as LoadHighs;
type JsLp = typeof jsLpImport.default;
const jsLpSolver = ((jsLpImport as unknown as { default?: JsLp }).default ?? jsLpImport) as JsLp;

export type MipSolverName = 'highs' | 'javascript-lp-solver';

/** A minimisation MIP: colLower ≤ x ≤ colUpper, rowLower ≤ A x ≤ rowUpper, x_j integer where integer[j] = 1. */
export interface MipModel {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  integer: Uint8Array;
  /** CSR matrix: row r has entries rowStart[r] .. rowStart[r + 1] − 1. */
  rowStart: Int32Array;
  colIndex: Int32Array;
  value: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** Constant added to the objective. */
  offset: number;
}

export type MipStatus = 'optimal' | 'time_limit' | 'infeasible' | 'error';

export interface MipResult {
  status: MipStatus;
  /** Objective of the best solution found (Infinity when none). */
  objective: number;
  /** Best proven lower bound. */
  bound: number;
  /** Relative gap (objective − bound) / |objective| as HiGHS reports it; 0 when proven optimal. */
  gap: number;
  /** Values of the columns of the best solution (empty when none). */
  x: Float64Array;
  seconds: number;
  solver: MipSolverName;
  /** Human text for non-optimal outcomes. */
  detail?: string;
}

export interface MipSolveOptions {
  /** 'auto' (default): javascript-lp-solver for tiny models, HiGHS otherwise. */
  solver?: 'auto' | MipSolverName;
  timeLimitS?: number;
  /** Relative gap at which the MIP search stops (default 1e-6: proven optimal for our purposes). */
  relGap?: number;
  /** A feasible starting solution (all columns) handed to HiGHS as its first incumbent. */
  start?: Float64Array;
  /** HiGHS presolve (default on). */
  presolve?: boolean;
}

/** Accumulates columns and rows; `build()` returns the typed-array model. */
export class MipBuilder {
  private cost: number[] = [];
  private lower: number[] = [];
  private upper: number[] = [];
  private integerFlags: number[] = [];
  private starts: number[] = [0];
  private indices: number[] = [];
  private values: number[] = [];
  private rLower: number[] = [];
  private rUpper: number[] = [];
  offset = 0;

  get numCols(): number {
    return this.cost.length;
  }

  get numRows(): number {
    return this.rLower.length;
  }

  addCol(cost: number, lower: number, upper: number, integer: boolean): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integerFlags.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  addRow(cols: readonly number[], coefs: readonly number[], lower: number, upper: number): number {
    for (let k = 0; k < cols.length; k++) {
      this.indices.push(cols[k]);
      this.values.push(coefs[k]);
    }
    this.starts.push(this.indices.length);
    this.rLower.push(lower);
    this.rUpper.push(upper);
    return this.rLower.length - 1;
  }

  build(): MipModel {
    return {
      numCols: this.cost.length,
      numRows: this.rLower.length,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integer: Uint8Array.from(this.integerFlags),
      rowStart: Int32Array.from(this.starts),
      colIndex: Int32Array.from(this.indices),
      value: Float64Array.from(this.values),
      rowLower: Float64Array.from(this.rLower),
      rowUpper: Float64Array.from(this.rUpper),
      offset: this.offset,
    };
  }
}

type Highs = Awaited<ReturnType<LoadHighs>>;
let highsPromise: Promise<Highs> | null = null;

/** The HiGHS WASM runtime, loaded on first use and shared by every solve of the process. */
export function getHighs(): Promise<Highs> {
  if (!highsPromise) highsPromise = loadHighs();
  return highsPromise;
}

/**
 * Size up to which 'auto' picks javascript-lp-solver. Measured with `npm run bench:hubs -- --tiny-only`
 * (p-median models, median of 5, 2-core machine under load): HiGHS needs ~15–200 ms per tiny MIP
 * (WASM model set-up, presolve, MIP heuristics) while javascript-lp-solver answers 10–126-column models in
 * 1–35 ms; from ~200 columns the two are even and javascript-lp-solver's branch and bound gets erratic
 * (548 s on a 40 × 400 model in issue 5), so everything larger goes to HiGHS.
 */
export const TINY_MODEL_COLS = 130;

export async function solveMip(model: MipModel, options: MipSolveOptions = {}): Promise<MipResult> {
  const choice = options.solver ?? 'auto';
  const solver: MipSolverName =
    choice === 'auto' ? (model.numCols <= TINY_MODEL_COLS ? 'javascript-lp-solver' : 'highs') : choice;
  if (model.numCols === 0) {
    // nothing to decide (e.g. every candidate pinned or banned): feasible iff every row admits 0
    let ok = true;
    for (let r = 0; r < model.numRows; r++) if (model.rowLower[r] > 0 || model.rowUpper[r] < 0) ok = false;
    return ok
      ? {
          status: 'optimal',
          objective: model.offset,
          bound: model.offset,
          gap: 0,
          x: new Float64Array(0),
          seconds: 0,
          solver,
        }
      : {
          status: 'infeasible',
          objective: Infinity,
          bound: Infinity,
          gap: Infinity,
          x: new Float64Array(0),
          seconds: 0,
          solver,
          detail: 'model is infeasible',
        };
  }
  return solver === 'highs' ? solveWithHighs(model, options) : solveWithJsLp(model, options);
}

type HighsHandle = ReturnType<Highs['createModel']>;

/** The model in HiGHS's CSR form (its own infinity for open bounds). */
function highsModel(highs: Highs, model: MipModel, hasIntegers: boolean): HighsHandle {
  const inf = highs.infinity;
  const clampInf = (a: Float64Array): Float64Array => a.map((v) => (v === Infinity ? inf : v === -Infinity ? -inf : v));
  return highs.createModel({
    numCols: model.numCols,
    numRows: model.numRows,
    offset: model.offset,
    colCost: model.colCost,
    colLower: clampInf(model.colLower),
    colUpper: clampInf(model.colUpper),
    rowLower: clampInf(model.rowLower),
    rowUpper: clampInf(model.rowUpper),
    matrix: {
      format: 'csr',
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.rowStart,
      indices: model.colIndex,
      values: model.value,
    },
    ...(hasIntegers ? { integrality: Int32Array.from(model.integer) } : {}),
  });
}

/** HiGHS's model status, solution and bounds → our MipResult. */
function highsResult(
  highs: Highs,
  handle: HighsHandle,
  model: MipModel,
  hasIntegers: boolean,
  seconds: number,
): MipResult {
  const code = handle.getModelStatus();
  const st = highs.constants.modelStatus;
  const base = { seconds, solver: 'highs' as const };
  if (code === st.infeasible || code === st.unboundedOrInfeasible) {
    return {
      ...base,
      status: 'infeasible',
      objective: Infinity,
      bound: Infinity,
      gap: Infinity,
      x: new Float64Array(0),
      detail: 'model is infeasible',
    };
  }
  const x = Float64Array.from(handle.getSolution().colValue ?? []);
  const objective = x.length === model.numCols ? handle.getObjectiveValue() : Infinity;
  let bound = objective;
  let gap = 0;
  if (hasIntegers) {
    const b = Number(handle.info.get('mip_dual_bound'));
    const g = Number(handle.info.get('mip_gap'));
    bound = Number.isFinite(b) ? b : -Infinity;
    gap = Number.isFinite(g) ? Math.max(0, g) : Infinity;
  }
  if (code === st.optimal) return { ...base, status: 'optimal', objective, bound, gap, x };
  if (code === st.timeLimit || code === st.iterationLimit || code === st.interrupted) {
    const within = Number.isFinite(gap)
      ? `best solution within ${(gap * 100).toFixed(2)}% of the bound`
      : 'no lower bound yet (gap unknown)';
    return {
      ...base,
      status: 'time_limit',
      objective,
      bound,
      gap,
      x,
      detail: `HiGHS stopped at the time/iteration limit; ${within}`,
    };
  }
  return { ...base, status: 'error', objective, bound, gap, x, detail: `HiGHS model status ${code}` };
}

export async function solveWithHighs(model: MipModel, options: MipSolveOptions = {}): Promise<MipResult> {
  const highs = await getHighs();
  const started = performance.now();
  const hasIntegers = model.integer.some((f) => f === 1);
  const handle = highsModel(highs, model, hasIntegers);
  try {
    handle.options.set({
      output_flag: false,
      mip_rel_gap: options.relGap ?? 1e-6,
      ...(options.presolve === false ? { presolve: 'off' } : {}),
      ...(options.timeLimitS !== undefined ? { time_limit: options.timeLimitS } : {}),
    });
    if (options.start && options.start.length === model.numCols) handle.setSolution({ colValue: options.start });
    handle.run();
    return highsResult(highs, handle, model, hasIntegers, (performance.now() - started) / 1000);
  } finally {
    handle.dispose();
  }
}

/** javascript-lp-solver's JSON model of a MipModel (column names c<j>, row names r<i>). */
export function toJsLpModel(model: MipModel, timeoutMs?: number): Record<string, unknown> {
  const constraints: Record<string, { min?: number; max?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  for (let j = 0; j < model.numCols; j++) {
    const v: Record<string, number> = { cost: model.colCost[j] };
    variables[`c${j}`] = v;
    if (model.integer[j] === 1) ints[`c${j}`] = 1;
    const lo = model.colLower[j];
    const hi = model.colUpper[j];
    if (lo > 0 || Number.isFinite(hi)) {
      // javascript-lp-solver has no column bounds (columns are ≥ 0): bounds become one-term rows.
      const bound: { min?: number; max?: number } = {};
      if (lo > 0) bound.min = lo;
      if (Number.isFinite(hi)) bound.max = hi;
      constraints[`b${j}`] = bound;
      v[`b${j}`] = 1;
    }
  }
  for (let r = 0; r < model.numRows; r++) {
    const bound: { min?: number; max?: number } = {};
    if (Number.isFinite(model.rowLower[r])) bound.min = model.rowLower[r];
    if (Number.isFinite(model.rowUpper[r])) bound.max = model.rowUpper[r];
    constraints[`r${r}`] = bound;
    for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) {
      const vars = variables[`c${model.colIndex[k]}`];
      vars[`r${r}`] = (vars[`r${r}`] ?? 0) + model.value[k];
    }
  }
  return {
    optimize: 'cost',
    opType: 'min',
    constraints,
    variables,
    ints,
    ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
  };
}

export async function solveWithJsLp(model: MipModel, options: MipSolveOptions = {}): Promise<MipResult> {
  for (let j = 0; j < model.numCols; j++) {
    if (model.colLower[j] < 0)
      throw new Error('javascript-lp-solver backend: negative column lower bounds are not supported');
  }
  const started = performance.now();
  const timeoutMs = options.timeLimitS !== undefined ? options.timeLimitS * 1000 : undefined;
  const raw = jsLpSolver.Solve(toJsLpModel(model, timeoutMs) as never) as Record<string, unknown>;
  const seconds = (performance.now() - started) / 1000;
  if (!raw['feasible']) {
    return {
      status: 'infeasible',
      objective: Infinity,
      bound: Infinity,
      gap: Infinity,
      x: new Float64Array(0),
      seconds,
      solver: 'javascript-lp-solver',
      detail: 'model is infeasible',
    };
  }
  const x = new Float64Array(model.numCols);
  for (let j = 0; j < model.numCols; j++) {
    const v = raw[`c${j}`];
    x[j] = typeof v === 'number' ? v : 0;
  }
  let objective = model.offset;
  for (let j = 0; j < model.numCols; j++) objective += model.colCost[j] * x[j];
  const timedOut = timeoutMs !== undefined && seconds * 1000 >= timeoutMs;
  // javascript-lp-solver reports no dual bound: a completed branch and bound is optimal (gap 0), an
  // interrupted one has an unknown gap.
  return timedOut
    ? {
        status: 'time_limit',
        objective,
        bound: -Infinity,
        gap: Infinity,
        x,
        seconds,
        solver: 'javascript-lp-solver',
        detail: 'javascript-lp-solver hit its time limit; gap unknown',
      }
    : { status: 'optimal', objective, bound: objective, gap: 0, x, seconds, solver: 'javascript-lp-solver' };
}

/** Checks a solution against the model (bounds, rows, integrality) within `tol`; returns violations. */
export function mipViolations(model: MipModel, x: Float64Array, tol = 1e-6): string[] {
  const out: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    const v = x[j];
    if (v < model.colLower[j] - tol || v > model.colUpper[j] + tol) out.push(`column ${j} = ${v} outside bounds`);
    if (model.integer[j] === 1 && Math.abs(v - Math.round(v)) > tol) out.push(`column ${j} = ${v} not integer`);
  }
  for (let r = 0; r < model.numRows; r++) {
    let s = 0;
    for (let k = model.rowStart[r]; k < model.rowStart[r + 1]; k++) s += model.value[k] * x[model.colIndex[k]];
    if (s < model.rowLower[r] - tol || s > model.rowUpper[r] + tol) out.push(`row ${r} activity ${s} outside bounds`);
  }
  return out;
}
