/** Helpers of the operations tests: the CLI as a child process, manifests generated from Daming's demand.csv. */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DAMING = path.join(ROOT, 'data/counties/daming');

export async function gongpei(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/gongpei.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export interface DemandLine {
  day: number;
  station_id: string;
  carrier_id: string;
  parcels_down: string;
  kg_down: string;
  parcels_up: string;
  kg_up: string;
  cold: string;
  up_zone: string;
}

/** demand.csv of Daming as objects (the file has no quoted cells). */
export function damingDemand(): DemandLine[] {
  const [head, ...lines] = readFileSync(path.join(DAMING, 'demand.csv'), 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => {
    const o = Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as Record<string, string>;
    return { ...o, day: Number(o.day) } as unknown as DemandLine;
  });
}

export const MANIFEST_HEADER = 'station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone';

/** One CSV per carrier for a day of demand.csv; returns carrier → file. */
export function writeManifests(dir: string, day: number, demand = damingDemand()): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  const byCarrier = new Map<string, string[]>();
  for (const r of demand.filter((x) => x.day === day)) {
    const list = byCarrier.get(r.carrier_id) ?? [];
    list.push([r.station_id, r.parcels_down, r.kg_down, r.parcels_up, r.kg_up, r.cold, r.up_zone].join(','));
    byCarrier.set(r.carrier_id, list);
  }
  for (const [carrier, lines] of byCarrier) {
    const file = path.join(dir, `day${day}-${carrier}.csv`);
    writeFileSync(file, `${MANIFEST_HEADER}\n${lines.join('\n')}\n`);
    out.set(carrier, file);
  }
  return out;
}
