/**
 * VRPLIB / TSPLIB CVRP reader (CVRPLIB sets A, B, E, P, X, CMT) and the `.sol` solution format.
 *
 * Matrix layout: location index = node number in the file − 1 (node 1 is location 0). Jobs are the
 * non-depot nodes in file order; their external ids are the node numbers as written in the file.
 * The fleet is unlimited (one vehicle per customer available), as the literature's best-known values assume:
 * the `-kNN` in an instance name is a lower bound on routes, not a fleet limit.
 *
 * Distance conventions (the checker adds matrix entries as given, so the convention lives here):
 *  - 'nint'  : TSPLIB EUC_2D, Math.floor(euclid + 0.5) per edge — the convention of the A/B/E/P/X BKS values.
 *  - 'exact' : real-valued Euclidean in double precision — the CMT literature's convention (CMT1 = 524.61).
 *  - 'ceil'  : CEIL_2D.
 *  - 'auto'  : 'exact' for instances named CMT*, otherwise what EDGE_WEIGHT_TYPE says (EUC_2D → nint).
 * Durations equal distances (CVRP has no time); the objective is total distance.
 */
import type { Problem, Solution } from '../solver/types.ts';
import { check } from '../solver/check.ts';

/** What every benchmark/instance reader returns. */
export interface InstanceRead {
  name: string;
  problem: Problem;
  /** Best-known value if the file states one (e.g. "Optimal value: 784" in a COMMENT). */
  bks?: number;
  /** External job ids, in job order (node or customer numbers as in the file; VROOM ids). */
  jobIds: string[];
  /** The distance convention used to build the matrices, in words (for reports). */
  convention: string;
}

export type EuclidConvention = 'auto' | 'nint' | 'exact' | 'ceil';

export interface VrplibOptions {
  distance?: EuclidConvention;
  /** Name used in error messages (`file:line:field: message`). */
  source?: string;
}

/** Error naming the file, line and field, as every loader in the project does. */
export function formatError(source: string, line: number | undefined, field: string, message: string): Error {
  return new Error(`${source}:${line ?? '-'}:${field}: ${message}`);
}

interface Line {
  no: number; // 1-based line number in the file
  text: string; // trimmed, without \r
}

function splitLines(text: string): Line[] {
  return text.split('\n').map((raw, i) => ({ no: i + 1, text: raw.replace(/\r$/, '').trim() }));
}

const SECTION_RE = /^([A-Z_]+_SECTION)\s*:?\s*$/;
const SECTION_START_RE = /^[A-Z][A-Z_]*_SECTION\b/;

function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0);
}

function toNumber(token: string | undefined, source: string, line: number, field: string): number {
  const value = token === undefined ? NaN : Number(token);
  if (!Number.isFinite(value)) throw formatError(source, line, field, `expected a number, got "${token ?? ''}"`);
  return value;
}

export function euclidean(dx: number, dy: number, convention: Exclude<EuclidConvention, 'auto'>): number {
  const d = Math.sqrt(dx * dx + dy * dy);
  if (convention === 'nint') return Math.floor(d + 0.5);
  if (convention === 'ceil') return Math.ceil(d);
  return d;
}

type Sections = Map<string, { line: number; rows: Line[] }>;
type Header = Map<string, { value: string; line: number }>;

export function readVrplib(text: string, options: VrplibOptions = {}): InstanceRead {
  const source = options.source ?? 'input';
  const { header, sections } = parseSections(text, source);
  const name = header.get('NAME')?.value ?? 'unnamed';
  const h = readHeader(header, source);
  const depot = readDepot(sections, h.dimension, source);
  const demand = readDemands(sections, h.dimension, source);
  const { distances, convention } = readDistances(sections, header, name, h.dimension, options, source);
  const size = h.dimension;
  const jobs: Problem['jobs'] = [];
  const jobIds: string[] = [];
  for (let i = 0; i < size; i++) {
    if (i === depot) continue;
    jobs.push({
      id: String(i + 1),
      location: i,
      delivery: [demand[i]],
      pickup: [0],
      service: h.service,
      timeWindows: [],
      skills: [],
      priority: 0,
    });
    jobIds.push(String(i + 1));
  }
  const problem: Problem = {
    size,
    distances,
    durations: distances, // same numbers; nothing mutates matrices
    vehicles: [
      {
        id: 'vehicle',
        start: depot,
        end: depot,
        capacity: [h.capacity],
        skills: [],
        twStart: 0,
        twEnd: Infinity,
        // CMT-style DISTANCE limits count service time too, so they are a duration limit here (durations = distances).
        maxDuration: h.maxRouteLength,
        maxDistance: Infinity,
        fixedCost: 0,
        costPerDistance: 1,
        costPerDuration: 0,
        count: Math.max(1, jobs.length),
      },
    ],
    jobs,
  };
  const comment = header.get('COMMENT')?.value ?? '';
  const bksMatch = /(?:Optimal|Best)\s+value\s*:\s*([0-9.]+)/i.exec(comment);
  return { name, problem, bks: bksMatch ? Number(bksMatch[1]) : undefined, jobIds, convention };
}

/** Header lines (KEY : value) and the rows of each section, with their line numbers. */
function parseSections(text: string, source: string): { header: Header; sections: Sections } {
  const header: Header = new Map();
  const sections: Sections = new Map();
  let current: { line: number; rows: Line[] } | undefined;
  for (const line of splitLines(text)) {
    if (line.text === '') continue;
    if (line.text === 'EOF') break;
    const section =
      SECTION_RE.exec(line.text) ?? (SECTION_START_RE.test(line.text) ? [line.text, tokens(line.text)[0]] : null);
    if (section) {
      const key = section[1].replace(/:$/, '');
      if (sections.has(key)) throw formatError(source, line.no, key, 'section appears twice');
      current = { line: line.no, rows: [] };
      sections.set(key, current);
      continue;
    }
    const colon = line.text.indexOf(':');
    if (colon > 0 && /^[A-Z_]+$/.test(line.text.slice(0, colon).trim())) {
      header.set(line.text.slice(0, colon).trim(), { value: line.text.slice(colon + 1).trim(), line: line.no });
      current = undefined;
      continue;
    }
    if (!current) throw formatError(source, line.no, 'line', `unexpected content outside any section: "${line.text}"`);
    current.rows.push(line);
  }
  return { header, sections };
}

function readHeader(
  header: Header,
  source: string,
): { dimension: number; capacity: number; maxRouteLength: number; service: number } {
  const type = header.get('TYPE')?.value;
  if (type !== undefined && type !== 'CVRP') {
    throw formatError(source, header.get('TYPE')?.line, 'TYPE', `only CVRP is supported, got "${type}"`);
  }
  const dimEntry = header.get('DIMENSION');
  if (!dimEntry) throw formatError(source, undefined, 'DIMENSION', 'missing DIMENSION');
  const dimension = toNumber(dimEntry.value, source, dimEntry.line, 'DIMENSION');
  if (!Number.isInteger(dimension) || dimension < 2) {
    throw formatError(source, dimEntry.line, 'DIMENSION', `must be an integer ≥ 2, got ${dimEntry.value}`);
  }
  const capEntry = header.get('CAPACITY');
  if (!capEntry) throw formatError(source, undefined, 'CAPACITY', 'missing CAPACITY');
  const capacity = toNumber(capEntry.value, source, capEntry.line, 'CAPACITY');
  const distanceLimit = header.get('DISTANCE');
  const serviceTime = header.get('SERVICE_TIME');
  const maxRouteLength = distanceLimit
    ? toNumber(distanceLimit.value, source, distanceLimit.line, 'DISTANCE')
    : Infinity;
  const service = serviceTime ? toNumber(serviceTime.value, source, serviceTime.line, 'SERVICE_TIME') : 0;
  return { dimension, capacity, maxRouteLength, service };
}

/** The one depot (0-based node index); node 1 when DEPOT_SECTION is absent. */
function readDepot(sections: Sections, dimension: number, source: string): number {
  const depotSection = sections.get('DEPOT_SECTION');
  const depots: number[] = [];
  if (depotSection) {
    for (const row of depotSection.rows) {
      for (const t of tokens(row.text)) {
        const id = toNumber(t, source, row.no, 'DEPOT_SECTION');
        if (id === -1) break;
        if (!Number.isInteger(id) || id < 1 || id > dimension) {
          throw formatError(source, row.no, 'DEPOT_SECTION', `depot node ${t} outside 1…${dimension}`);
        }
        depots.push(id);
      }
    }
  }
  if (depots.length === 0) depots.push(1);
  if (depots.length > 1) {
    throw formatError(
      source,
      depotSection?.line,
      'DEPOT_SECTION',
      `several depots (${depots.join(', ')}) are not supported`,
    );
  }
  return depots[0] - 1;
}

function readDemands(sections: Sections, dimension: number, source: string): Float64Array {
  const demand = new Float64Array(dimension);
  readNodeSection(sections, 'DEMAND_SECTION', '<node> <demand>', 'no demand given', dimension, source, (i, t, no) => {
    const d = toNumber(t[1], source, no, 'DEMAND_SECTION');
    if (d < 0) throw formatError(source, no, 'DEMAND_SECTION', `negative demand ${d}`);
    demand[i] = d;
  });
  return demand;
}

/**
 * A per-node section, rows "<node> <value>…" as `format` shows them: each row's node within 1…size, and every
 * node given (else `missing` "for node k"); `read` gets the 0-based node, the row's tokens and its line.
 */
function readNodeSection(
  sections: Sections,
  name: string,
  format: string,
  missing: string,
  size: number,
  source: string,
  read: (node: number, t: string[], no: number) => void,
): void {
  const section = sections.get(name);
  if (!section) throw formatError(source, undefined, name, `missing ${name}`);
  const arity = format.split(' ').length;
  const seen = new Uint8Array(size);
  for (const row of section.rows) {
    const t = tokens(row.text);
    if (t.length !== arity) throw formatError(source, row.no, name, `expected "${format}", got "${row.text}"`);
    const id = toNumber(t[0], source, row.no, name);
    if (!Number.isInteger(id) || id < 1 || id > size) {
      throw formatError(source, row.no, name, `node ${t[0]} outside 1…${size}`);
    }
    read(id - 1, t, row.no);
    seen[id - 1] = 1;
  }
  for (let i = 0; i < size; i++) {
    if (!seen[i]) throw formatError(source, section.line, name, `${missing} for node ${i + 1}`);
  }
}

/** The distance matrix (EXPLICIT, or Euclidean with the rounding convention) and a description of it. */
function readDistances(
  sections: Sections,
  header: Header,
  name: string,
  size: number,
  options: VrplibOptions,
  source: string,
): { distances: Float64Array; convention: string } {
  const weightType = header.get('EDGE_WEIGHT_TYPE')?.value ?? 'EUC_2D';
  const distances = new Float64Array(size * size);
  if (weightType === 'EXPLICIT') {
    readExplicit(sections, header, size, distances, source);
    return {
      distances,
      convention: `explicit matrix (${header.get('EDGE_WEIGHT_FORMAT')?.value ?? 'FULL_MATRIX'}) as given`,
    };
  }
  if (weightType !== 'EUC_2D' && weightType !== 'CEIL_2D') {
    throw formatError(
      source,
      header.get('EDGE_WEIGHT_TYPE')?.line,
      'EDGE_WEIGHT_TYPE',
      `"${weightType}" is not supported (EUC_2D, CEIL_2D, EXPLICIT)`,
    );
  }
  const requested = options.distance ?? 'auto';
  const rule: Exclude<EuclidConvention, 'auto'> =
    requested !== 'auto' ? requested : /^CMT/i.test(name) ? 'exact' : weightType === 'CEIL_2D' ? 'ceil' : 'nint';
  const { xs, ys } = readCoordinates(sections, size, source);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++)
      distances[i * size + j] = i === j ? 0 : euclidean(xs[i] - xs[j], ys[i] - ys[j], rule);
  }
  const convention = {
    nint: 'Euclidean rounded to the nearest integer per edge (TSPLIB EUC_2D)',
    exact: 'real-valued Euclidean, no rounding (double precision)',
    ceil: 'Euclidean rounded up per edge (CEIL_2D)',
  }[rule];
  return { distances, convention };
}

function readCoordinates(sections: Sections, size: number, source: string): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(size);
  const ys = new Float64Array(size);
  readNodeSection(sections, 'NODE_COORD_SECTION', '<node> <x> <y>', 'no coordinates', size, source, (i, t, no) => {
    xs[i] = toNumber(t[1], source, no, 'NODE_COORD_SECTION');
    ys[i] = toNumber(t[2], source, no, 'NODE_COORD_SECTION');
  });
  return { xs, ys };
}

function readExplicit(sections: Sections, header: Header, size: number, out: Float64Array, source: string): void {
  const section = sections.get('EDGE_WEIGHT_SECTION');
  if (!section)
    throw formatError(source, undefined, 'EDGE_WEIGHT_SECTION', 'missing EDGE_WEIGHT_SECTION for EXPLICIT weights');
  const format = header.get('EDGE_WEIGHT_FORMAT')?.value ?? 'FULL_MATRIX';
  const values: number[] = [];
  for (const row of section.rows)
    for (const t of tokens(row.text)) values.push(toNumber(t, source, row.no, 'EDGE_WEIGHT_SECTION'));
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      switch (format) {
        case 'FULL_MATRIX':
          pairs.push([i, j]);
          break;
        case 'LOWER_ROW':
          if (j < i) pairs.push([i, j]);
          break;
        case 'LOWER_DIAG_ROW':
          if (j <= i) pairs.push([i, j]);
          break;
        case 'UPPER_ROW':
          if (j > i) pairs.push([i, j]);
          break;
        case 'UPPER_DIAG_ROW':
          if (j >= i) pairs.push([i, j]);
          break;
        default:
          throw formatError(
            source,
            header.get('EDGE_WEIGHT_FORMAT')?.line,
            'EDGE_WEIGHT_FORMAT',
            `"${format}" is not supported`,
          );
      }
    }
  }
  if (values.length !== pairs.length) {
    throw formatError(
      source,
      section.line,
      'EDGE_WEIGHT_SECTION',
      `${format} of dimension ${size} needs ${pairs.length} numbers, found ${values.length}`,
    );
  }
  pairs.forEach(([i, j], k) => {
    out[i * size + j] = values[k];
    if (format !== 'FULL_MATRIX') out[j * size + i] = values[k];
  });
}

/** A `.sol` file: `Route #k: c1 c2 …` lines and an optional `Cost X` line. */
export interface SolFile {
  /** Customer numbers as written. CVRPLIB: customer c is node c+1; Solomon: CUST NO. c. Both = location index c. */
  routes: number[][];
  cost?: number;
}

export function readSol(text: string, source = 'input'): SolFile {
  const routes: number[][] = [];
  let cost: number | undefined;
  for (const line of splitLines(text)) {
    if (line.text === '') continue;
    const route = /^Route\s*#\s*(\d+)\s*:(.*)$/i.exec(line.text);
    if (route) {
      routes.push(
        tokens(route[2]).map((t) => {
          const c = toNumber(t, source, line.no, `Route #${route[1]}`);
          if (!Number.isInteger(c) || c < 0)
            throw formatError(source, line.no, `Route #${route[1]}`, `"${t}" is not a customer number`);
          return c;
        }),
      );
      continue;
    }
    const costLine = /^Cost\s*:?\s*(\S+)\s*$/i.exec(line.text);
    if (costLine) {
      cost = toNumber(costLine[1], source, line.no, 'Cost');
      continue;
    }
    throw formatError(source, line.no, 'line', `expected "Route #k: …" or "Cost …", got "${line.text}"`);
  }
  return { routes, cost };
}

/**
 * Turns `.sol` routes (customer numbers = location indices, see SolFile) into a Solution on vehicle type 0,
 * leaving at the shift start. The cost is the checker's.
 */
export function solutionFromSol(problem: Problem, sol: SolFile, vehicle = 0): Solution {
  const jobAt = new Map<number, number>();
  problem.jobs.forEach((j, i) => jobAt.set(j.location, i));
  const v = problem.vehicles[vehicle];
  const departure = Number.isFinite(v.twStart) ? v.twStart : 0;
  const routes = sol.routes.map((customers, k) => ({
    vehicle,
    departure,
    jobs: customers.map((c) => {
      const j = jobAt.get(c);
      if (j === undefined) throw new Error(`solution route #${k + 1}: customer ${c} is not a job of the instance`);
      return j;
    }),
  }));
  const served = new Set(routes.flatMap((r) => r.jobs));
  const unassigned = problem.jobs
    .map((_, i) => i)
    .filter((i) => !served.has(i))
    .map((job) => ({ job, reason: 'capacity' as const, detail: 'not in the .sol file' }));
  const solution: Solution = { routes, unassigned, cost: 0 };
  solution.cost = check(problem, solution).cost;
  return solution;
}

/** Writes routes in `.sol` format (customer number = location index), with the given cost. */
export function writeSol(problem: Problem, solution: Solution, cost: number): string {
  const lines = solution.routes
    .filter((r) => r.jobs.length > 0)
    .map((r, k) => `Route #${k + 1}: ${r.jobs.map((j) => problem.jobs[j].location).join(' ')}`);
  lines.push(`Cost ${cost}`);
  return lines.join('\n') + '\n';
}
