/**
 * Disk cache of travel matrices, keyed by a SHA-256 of everything the result depends on (road data,
 * points, options, format version). One file per matrix:
 *   "GPMX1\n" | uint32 LE header length | header JSON (ids, snaps, unreachable, estimated) | zero pad to 8 |
 *   distanceM float64[size²] | durationS float64[size²]
 * Binary because a 3000-point matrix is 2 × 72 MB of doubles, and Infinity has no JSON form.
 * A file that does not parse or does not match the request exactly is ignored (and later overwritten).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoadSource } from '../model/types.ts';
import { CLASS_SPEED_HEADROOM, DEFAULT_SPEED_KMH, MAX_VAN_SPEED_KMH, MAXSPEED_FACTOR } from './road-class.ts';
import type { MatrixPoint, TravelMatrix } from './types.ts';

/** Bump when the computation changes meaning, so that old cache files stop matching. */
const FORMAT_VERSION = 'gongpei-matrix-3';
const MAGIC = 'GPMX1\n';

export function defaultCacheDir(): string {
  return process.env.GONGPEI_CACHE_DIR || '.cache/matrices';
}

/** Digest of the road data, once per source object (hashing a county's GeoJSON takes a while). */
const roadDigests = new WeakMap<object, string>();
function roadsDigest(source: Exclude<RoadSource, { format: 'none' }>): string {
  const key = source.format === 'geojson' ? source.data : source.bytes;
  let digest = roadDigests.get(key);
  if (digest === undefined) {
    const h = createHash('sha256');
    if (source.format === 'geojson') h.update(JSON.stringify(source.data));
    else h.update(source.bytes);
    digest = h.digest('hex');
    roadDigests.set(key, digest);
  }
  return digest;
}

export function matrixCacheKey(source: RoadSource, points: MatrixPoint[], options: object): string {
  const h = createHash('sha256');
  h.update(FORMAT_VERSION);
  // The speed rules are part of the result: a changed table must not serve old matrices.
  h.update(JSON.stringify([DEFAULT_SPEED_KMH, MAX_VAN_SPEED_KMH, MAXSPEED_FACTOR, CLASS_SPEED_HEADROOM]));
  h.update(JSON.stringify(options, Object.keys(options).sort()));
  h.update(source.format);
  if (source.format !== 'none') h.update(roadsDigest(source));
  h.update(JSON.stringify(points.map((p) => [p.id, p.lon, p.lat])));
  return h.digest('hex');
}

function cacheFile(dir: string, key: string): string {
  return join(dir, `${key}.matrix`);
}

export function writeMatrixCache(dir: string, key: string, m: TravelMatrix): void {
  try {
    mkdirSync(dir, { recursive: true });
    const header = Buffer.from(
      JSON.stringify({ ids: m.ids, size: m.size, estimated: m.estimated, snaps: m.snaps, unreachable: m.unreachable }),
    );
    const headStart = MAGIC.length + 4;
    const dataStart = Math.ceil((headStart + header.length) / 8) * 8;
    const n = m.size * m.size;
    const buf = Buffer.alloc(dataStart + 16 * n);
    buf.write(MAGIC, 0, 'latin1');
    buf.writeUInt32LE(header.length, MAGIC.length);
    header.copy(buf, headStart);
    new Float64Array(buf.buffer, buf.byteOffset + dataStart, n).set(m.distanceM);
    new Float64Array(buf.buffer, buf.byteOffset + dataStart + 8 * n, n).set(m.durationS);
    const file = cacheFile(dir, key);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, buf);
    renameSync(tmp, file);
    pruneCache(dir, file);
  } catch {
    // A cache that cannot be written only costs time next run.
  }
}

/** Cache size limit in bytes: $GONGPEI_CACHE_MAX_MB (default 2048 MB). */
function cacheLimitBytes(): number {
  const mb = Number(process.env.GONGPEI_CACHE_MAX_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 2048) * 1024 * 1024;
}

/** Delete the least recently written matrices beyond the size limit (never the one just written). */
function pruneCache(dir: string, keep: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.matrix'))
    .map((f) => {
      const path = join(dir, f);
      const st = statSync(path);
      return { path, size: st.size, mtime: st.mtimeMs };
    })
    .sort((a, b) => b.mtime - a.mtime);
  let total = 0;
  for (const f of files) {
    total += f.size;
    if (total > cacheLimitBytes() && f.path !== keep) unlinkSync(f.path);
  }
}

/** The cached matrix, or null when absent, corrupt, or not for these points. */
export function readMatrixCache(dir: string, key: string, points: MatrixPoint[]): TravelMatrix | null {
  let buf: Buffer;
  try {
    buf = readFileSync(cacheFile(dir, key));
  } catch {
    return null;
  }
  try {
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const headerLength = buf.readUInt32LE(MAGIC.length);
    const headStart = MAGIC.length + 4;
    const header = JSON.parse(buf.toString('utf8', headStart, headStart + headerLength)) as TravelMatrix;
    const size = points.length;
    if (header.size !== size || !Array.isArray(header.ids) || header.ids.length !== size) return null;
    if (header.ids.some((id, i) => id !== points[i].id)) return null;
    if (!Array.isArray(header.snaps) || !Array.isArray(header.unreachable)) return null;
    const dataStart = Math.ceil((headStart + headerLength) / 8) * 8;
    const n = size * size;
    if (buf.length !== dataStart + 16 * n) return null;
    // slice() copies into a fresh, aligned ArrayBuffer (the file buffer may be pooled/unaligned).
    const at = buf.byteOffset + dataStart;
    const distanceM = new Float64Array(buf.buffer.slice(at, at + 8 * n));
    const durationS = new Float64Array(buf.buffer.slice(at + 8 * n, at + 16 * n));
    // JSON turned Infinity snap distances into null.
    const snaps = header.snaps.map((s) => ({ ...s, snapDistanceM: s.snapDistanceM ?? Infinity }));
    return {
      ids: header.ids,
      size,
      distanceM,
      durationS,
      estimated: !!header.estimated,
      snaps,
      unreachable: header.unreachable,
    };
  } catch {
    return null;
  }
}
