/** The PBF reader on a hand-built file: dense nodes with tags, a way, negative offsets, zlib and raw blobs. */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readOsmPbf } from '../../src/network/pbf.ts';

function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const zigzag = (n: number) => varint(BigInt(n >= 0 ? 2 * n : -2 * n - 1));
const key = (field: number, wireType: number) => varint(BigInt(field * 8 + wireType));
const lengthDelimited = (field: number, bytes: number[]) => [
  ...key(field, 2),
  ...varint(BigInt(bytes.length)),
  ...bytes,
];
const text = (s: string) => [...new TextEncoder().encode(s)];

function fileBlock(type: string, block: number[], compress: boolean): number[] {
  const blob = compress ? lengthDelimited(3, [...deflateSync(Uint8Array.from(block))]) : lengthDelimited(1, block);
  const header = [...lengthDelimited(1, text(type)), ...key(3, 0), ...varint(BigInt(blob.length))];
  return [0, 0, (header.length >> 8) & 0xff, header.length & 0xff, ...header, ...blob];
}

describe('readOsmPbf', () => {
  it('decodes dense nodes (delta ids, offsets, tags) and ways (delta refs, tags)', () => {
    // String table: 0 = "", 1 = "highway", 2 = "residential", 3 = "place", 4 = "village".
    const strings = ['', 'highway', 'residential', 'place', 'village'].flatMap((s) => lengthDelimited(1, text(s)));
    const packed = (field: number, values: number[], enc: (n: number) => number[]) =>
      lengthDelimited(field, values.flatMap(enc));
    const dense = [
      ...packed(1, [100, 1, 1], zigzag), // ids 100, 101, 102
      ...packed(8, [500_000, -10, 20], zigzag),
      ...packed(9, [1_150_000, 30, -40], zigzag),
      ...packed(10, [0, 3, 4, 0, 0], (n) => varint(BigInt(n))), // node 101 has place=village
    ];
    const way = [
      ...key(1, 0),
      ...varint(7n),
      ...packed(2, [1], (n) => varint(BigInt(n))),
      ...packed(3, [2], (n) => varint(BigInt(n))),
      ...packed(8, [100, 2, -1], zigzag), // refs 100, 102, 101
    ];
    const block = [
      ...lengthDelimited(1, strings),
      ...lengthDelimited(2, lengthDelimited(2, dense)),
      ...lengthDelimited(2, lengthDelimited(3, way)),
      ...key(19, 0),
      ...varint(-5000n), // lat_offset (negative: a 10-byte varint)
      ...key(20, 0),
      ...varint(7000n),
    ];
    const file = Uint8Array.from([...fileBlock('OSMHeader', [], false), ...fileBlock('OSMData', block, true)]);
    const nodes: Array<[number, number, number, Record<string, string> | null]> = [];
    const ways: Array<[number, number[], Record<string, string>]> = [];
    readOsmPbf(file, { node: (...n) => nodes.push(n), way: (...w) => ways.push(w) });
    const lat = (raw: number) => 1e-9 * (-5000 + 100 * raw);
    const lon = (raw: number) => 1e-9 * (7000 + 100 * raw);
    expect(nodes.map(([id]) => id)).toEqual([100, 101, 102]);
    nodes.forEach(([, lo, la], i) => {
      expect(lo).toBeCloseTo(lon([1_150_000, 1_150_030, 1_149_990][i]), 12);
      expect(la).toBeCloseTo(lat([500_000, 499_990, 500_010][i]), 12);
    });
    expect(nodes.map(([, , , tags]) => tags)).toEqual([null, { place: 'village' }, null]);
    expect(ways).toEqual([[7, [100, 102, 101], { highway: 'residential' }]]);
  });

  it('decodes plain (non-dense) nodes: sint64 id, tags, unknown fields skipped', () => {
    const strings = ['', 'place', 'village'].flatMap((s) => lengthDelimited(1, text(s)));
    const node = (id: number, lat: number, lon: number, tags: number[][]) => [
      ...key(1, 0),
      ...zigzag(id),
      ...lengthDelimited(
        2,
        tags.flatMap(([k]) => varint(BigInt(k))),
      ),
      ...lengthDelimited(
        3,
        tags.flatMap(([, v]) => varint(BigInt(v))),
      ),
      ...key(4, 0),
      ...varint(99n), // info-like field the reader does not know: skipped
      ...key(8, 0),
      ...zigzag(lat),
      ...key(9, 0),
      ...zigzag(lon),
    ];
    const group = [
      ...lengthDelimited(1, node(-42, 360_000, 1_159_000, [[1, 2]])),
      ...lengthDelimited(1, node(43, -1, 2, [])),
    ];
    const block = [...lengthDelimited(1, strings), ...lengthDelimited(2, group), ...key(17, 0), ...varint(1000n)];
    const file = Uint8Array.from(fileBlock('OSMData', block, false));
    const nodes: Array<[number, number, number, Record<string, string> | null]> = [];
    readOsmPbf(file, { node: (...n) => nodes.push(n) });
    expect(nodes.map(([id, , , tags]) => [id, tags])).toEqual([
      [-42, { place: 'village' }],
      [43, null],
    ]);
    // granularity 1000 nanodegrees, offsets 0
    expect(nodes[0][1]).toBeCloseTo(1e-9 * 1000 * 1_159_000, 12);
    expect(nodes[0][2]).toBeCloseTo(1e-9 * 1000 * 360_000, 12);
    expect(nodes[1][1]).toBeCloseTo(1e-9 * 1000 * 2, 12);
    expect(nodes[1][2]).toBeCloseTo(1e-9 * 1000 * -1, 12);
  });

  it('rejects a truncated file with a clear message', () => {
    const file = Uint8Array.from(fileBlock('OSMData', [1, 2, 3], false)).subarray(0, 12);
    expect(() => readOsmPbf(file, {})).toThrow('truncated PBF blob header');
  });
});

describe('readOsmPbf bounds', () => {
  it('refuses a blob that unpacks beyond the format limit (a zip bomb inside the PBF) without inflating it whole', () => {
    // 64 MiB of zeros deflate to ~64 KiB: a tiny file that would unpack to twice the 32 MiB blob limit.
    const bomb = [...deflateSync(new Uint8Array(64 * 1024 * 1024))];
    const blob = lengthDelimited(3, bomb);
    const header = [...lengthDelimited(1, text('OSMData')), ...key(3, 0), ...varint(BigInt(blob.length))];
    const file = Uint8Array.from([0, 0, (header.length >> 8) & 0xff, header.length & 0xff, ...header, ...blob]);
    expect(file.length).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    expect(() => readOsmPbf(file, { node: () => {}, way: () => {} })).toThrow(/unpacks to more than 32 MiB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });
});
