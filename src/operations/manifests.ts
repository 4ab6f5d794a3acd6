/**
 * Carrier manifests of a calendar date (issue 12): parse, validate everything, then store all or nothing.
 * Columns: station_id (or code, or name + township), parcels_down, kg_down, parcels_up, kg_up, cold, up_zone.
 */
import type { FieldIssue, Place, Scenario } from '../model/types.ts';
import type { OperationsStore } from '../store/operations.ts';
import type { ManifestRow, ManifestSummary } from './types.ts';
import { parseDecimal, RANGES } from '../model/ranges.ts';
import { InputError, nearest, readTableFile, requireOperationalDate } from './table-file.ts';

/**
 * Above these a row is refused as implausible (a typo such as an extra digit), per station and carrier: the
 * same limits as a scenario's demand.csv (one rule per quantity, wherever it enters: src/model/ranges.ts).
 */
export const MAX_PARCELS_PER_ROW = RANGES.parcelsPerRow.max;
export const MAX_KG_PER_PARCEL = RANGES.kgPerParcel.max;
/** Longest station id, code, name or township accepted: longer text is an error with no hint computed. */
export const MAX_ID_LENGTH = 64;
/** "Did you mean" hints are computed for the first this many unknown names of a file only (bounded work). */
export const MAX_HINTS_PER_FILE = 20;

const NUMBER_COLUMNS = ['parcels_down', 'kg_down', 'parcels_up', 'kg_up'] as const;

export interface ImportManifestInput {
  scenarioId: string;
  scenario: Scenario;
  date: string;
  carrierId: string;
  fileName: string;
  bytes: Uint8Array;
  replace: boolean;
}

export async function importManifest(ops: OperationsStore, input: ImportManifestInput): Promise<ManifestSummary> {
  const date = requireOperationalDate(input.date, '--date');
  // Refused before the file is read (and again in the saving transaction): it would never be planned.
  ops.checkManifestDate(input.scenarioId, date);
  if (!input.scenario.carriers.some((c) => c.id === input.carrierId)) {
    const known = input.scenario.carriers.map((c) => c.id).join(', ');
    throw new InputError([
      {
        file: '--carrier',
        row: null,
        field: null,
        message: `unknown carrier "${input.carrierId}"; carriers: ${known}`,
      },
    ]);
  }
  const rows = await parseManifest(input.scenario, input.fileName, input.bytes);
  const { manifest, replaced } = ops.saveManifest(
    { scenarioId: input.scenarioId, date, carrierId: input.carrierId, source: input.fileName, rows },
    input.replace,
  );
  return { ...manifestSummary(manifest), replaced };
}

export function manifestSummary(m: {
  id: string;
  date: string;
  carrierId: string;
  rows: ManifestRow[];
}): ManifestSummary {
  return {
    id: m.id,
    date: m.date,
    carrier: m.carrierId,
    rows: m.rows.length,
    parcelsDown: m.rows.reduce((s, r) => s + r.parcelsDown, 0),
    parcelsUp: m.rows.reduce((s, r) => s + r.parcelsUp, 0),
  };
}

export async function parseManifest(scenario: Scenario, file: string, bytes: Uint8Array): Promise<ManifestRow[]> {
  const table = await readTableFile(file, bytes);
  const issues: FieldIssue[] = [];
  const has = (c: string) => table.header.includes(c);
  const byStation = has('station_id') || has('code');
  if (!byStation && !(has('name') && has('township'))) {
    issues.push({
      file,
      row: 1,
      field: 'station_id',
      message: 'missing column: give station_id (or code, or name + township)',
    });
  }
  for (const c of NUMBER_COLUMNS)
    if (!has(c)) issues.push({ file, row: 1, field: c, message: `missing column "${c}"` });
  if (issues.length > 0) throw new InputError(issues);
  if (table.records.length === 0)
    throw new InputError([{ file, row: 2, field: null, message: 'the manifest has no rows' }]);

  const resolver = stationResolver(scenario);
  const zones = new Set(scenario.tariffs.map((t) => t.zone));
  const seen = new Map<string, number>();
  const rows: ManifestRow[] = [];
  for (const rec of table.records) {
    const at = (field: string, message: string) => issues.push({ file, row: rec.line, field, message });
    const c = rec.cells;
    const station = resolver(c, at);
    const nums: Record<string, number> = {};
    for (const col of NUMBER_COLUMNS) {
      const text = c[col] ?? '';
      const v = text === '' ? 0 : (parseDecimal(text) ?? NaN);
      if (!Number.isFinite(v)) at(col, `"${clip(text)}" is not a number (plain decimal digits only)`);
      else if (v < 0) at(col, `must not be negative (${text})`);
      else if (col.startsWith('parcels') && !Number.isInteger(v)) at(col, `parcels are whole numbers (${text})`);
      else if (col.startsWith('parcels') && v > MAX_PARCELS_PER_ROW)
        at(col, `${v} parcels for one station is implausible (limit ${MAX_PARCELS_PER_ROW}); check the figure`);
      nums[col] = v;
    }
    for (const dir of ['down', 'up'] as const) {
      const p = nums[`parcels_${dir}`];
      const kg = nums[`kg_${dir}`];
      if (p > 0 && kg / p > MAX_KG_PER_PARCEL)
        at(`kg_${dir}`, `${kg} kg for ${p} parcels is over ${MAX_KG_PER_PARCEL} kg a parcel; check the figure`);
      if (p === 0 && kg > 0) at(`kg_${dir}`, `${kg} kg but no parcels`);
    }
    const cold = parseBool(c.cold ?? '');
    if (cold === null) at('cold', `"${c.cold}" is not true/false (also 1/0, yes/no, 是/否)`);
    const upZone = c.up_zone ?? '';
    if (nums.parcels_up! > 0 && upZone === '') at('up_zone', 'pick-up parcels need a destination zone (up_zone)');
    if (upZone !== '' && !zones.has(upZone))
      at('up_zone', `unknown zone "${upZone}"; zones: ${[...zones].slice(0, 12).join(', ')}`);
    if (!station) continue;
    const key = `${station.id}|${cold ? 'cold' : 'normal'}`;
    const first = seen.get(key);
    if (first !== undefined) {
      at(
        byStation ? (has('station_id') ? 'station_id' : 'code') : 'name',
        `duplicate row: station ${station.id} (${station.name})${cold ? ' cold' : ''} is already on row ${first}`,
      );
      continue;
    }
    seen.set(key, rec.line);
    rows.push({
      stationId: station.id,
      parcelsDown: nums.parcels_down!,
      kgDown: nums.kg_down!,
      parcelsUp: nums.parcels_up!,
      kgUp: nums.kg_up!,
      cold: cold ?? false,
      upZone,
    });
  }
  if (issues.length > 0) throw new InputError(issues);
  return rows;
}

function parseBool(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['', 'false', '0', 'no', 'n', '否'].includes(t)) return false;
  if (['true', '1', 'yes', 'y', '是'].includes(t)) return true;
  return null;
}

type At = (field: string, message: string) => void;

/** A cell quoted in a message, cut so that a hostile megabyte cell is not echoed back. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Finds the station of a row by id/code or by village name + township (id or name), with a nearest-name hint. */
function stationResolver(scenario: Scenario): (cells: Record<string, string>, at: At) => Place | null {
  const villages = scenario.places.filter((p) => p.kind === 'village');
  const byId = new Map(villages.map((p) => [p.id, p] as const));
  const townshipName = new Map(scenario.townships.map((t) => [t.id, t.name] as const));
  const describe = (p: Place) => `${p.id} ${p.name} (${townshipName.get(p.township) ?? p.township})`;
  const withStation = (p: Place, field: string, at: At): Place | null => {
    if (p.hasStation) return p;
    at(field, `village ${describe(p)} has no station: its parcels cannot be delivered there`);
    return null;
  };
  const stations = villages.filter((v) => v.hasStation);
  let hints = 0;
  // the hint search costs stations × length²: bounded per file so one upload cannot freeze the server
  const hinted = <T>(items: T[], key: (t: T) => string, target: string): T | undefined =>
    hints++ < MAX_HINTS_PER_FILE ? nearest(items, key, target) : undefined;
  return (c, at) => {
    for (const f of ['station_id', 'code', 'name', 'township'])
      if ((c[f] ?? '').length > MAX_ID_LENGTH) {
        at(f, `${c[f].length} characters is too long (at most ${MAX_ID_LENGTH})`);
        return null;
      }
    const idField =
      c.station_id !== undefined && c.station_id !== ''
        ? 'station_id'
        : c.code !== undefined && c.code !== ''
          ? 'code'
          : null;
    if (idField) {
      const id = c[idField];
      const p = byId.get(id);
      if (p) return withStation(p, idField, at);
      const hint = hinted(stations, (v) => v.id, id);
      at(idField, `unknown station "${id}"${hint ? `; nearest: ${describe(hint)}` : ''}`);
      return null;
    }
    const name = c.name ?? '';
    const town = c.township ?? '';
    if (name === '') {
      at('station_id', 'no station_id, code or name given');
      return null;
    }
    const townIds = new Set(scenario.townships.filter((t) => t.id === town || t.name === town).map((t) => t.id));
    if (townIds.size === 0) {
      const hint = hinted(scenario.townships, (t) => t.name, town);
      at('township', `unknown township "${town}"${hint ? `; nearest: ${hint.name} (${hint.id})` : ''}`);
      return null;
    }
    const inTown = villages.filter((v) => townIds.has(v.township));
    const matches = inTown.filter((v) => v.name === name);
    if (matches.length === 1) return withStation(matches[0], 'name', at);
    if (matches.length > 1) {
      at('name', `"${name}" is ambiguous in ${town}: ${matches.map((m) => m.id).join(', ')}; give station_id`);
      return null;
    }
    const hint = hinted(inTown, (v) => v.name, name) ?? hinted(villages, (v) => v.name, name);
    at('name', `unknown village "${name}" in ${town}${hint ? `; nearest: ${describe(hint)}` : ''}`);
    return null;
  };
}
