/**
 * Minimal synchronous OpenStreetMap PBF reader (nodes, dense nodes, ways; relations skipped).
 *
 * Why our own: osm-read 0.7 on Node only reads from a file path (its in-memory buffer reader is
 * browser-only), is callback-based and returns 64-bit ids as protobufjs Long objects. A road graph
 * needs only node positions, way node lists and tags, which is a small part of the format
 * (https://wiki.openstreetmap.org/wiki/PBF_Format): blobs are [int32 header size][BlobHeader][Blob],
 * Blob data is zlib-deflated or raw, a PrimitiveBlock holds a string table and groups.
 * OSM ids fit in 2^53, so plain numbers are used.
 */
import { inflateSync } from 'node:zlib';

export interface OsmVisitor {
  node?(id: number, lon: number, lat: number, tags: Record<string, string> | null): void;
  way?(id: number, refs: number[], tags: Record<string, string>): void;
}

/** Cursor over a protobuf message (wire format: varint keys, varint / length-delimited / fixed values). */
class ProtoReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  more(): boolean {
    return this.pos < this.end;
  }

  /** Unsigned varint as a JS number (exact up to 2^53). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
  }

  /** Zigzag-decoded signed varint (sint32/sint64). */
  svarint(): number {
    const n = this.varint();
    return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
  }

  /** int32/int64 varint (two's complement for negatives, 10 bytes: decoded exactly with BigInt). */
  ivarint(): number {
    const start = this.pos;
    const n = this.varint();
    if (n < 2 ** 53) return n;
    let big = 0n;
    for (let p = this.pos - 1; p >= start; p--) big = (big << 7n) | BigInt(this.buf[p] & 0x7f);
    return Number(BigInt.asIntN(64, big));
  }

  bytes(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.end) throw new Error('truncated length-delimited field');
    return [start, this.pos];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wireType}`);
  }

  /** Repeated numeric field: packed (wire type 2) or a single unpacked value. */
  repeated(wireType: number, read: (r: ProtoReader) => number, out: number[]): void {
    if (wireType === 2) {
      const [s, e] = this.bytes();
      const sub = new ProtoReader(this.buf, s, e);
      while (sub.more()) out.push(read(sub));
    } else {
      out.push(read(this));
    }
  }
}

const utf8 = new TextDecoder();

interface BlockContext {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

/**
 * Bounds on decompression, so that a small file cannot unpack into gigabytes (a "zip bomb" inside the PBF):
 * the format caps one blob at 32 MiB uncompressed; the whole file may unpack to at most 1 GiB, far beyond any
 * county (a whole German state is ~1 GiB unpacked; a county extract a few MiB).
 */
export const PBF_MAX_BLOB_BYTES = 32 * 1024 * 1024;
export const PBF_MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

/** Read a whole .osm.pbf held in memory and call the visitor for each node and way. */
export function readOsmPbf(bytes: Uint8Array, visitor: OsmVisitor): void {
  let pos = 0;
  let unpacked = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new Error('truncated PBF blob header size');
    const headerSize = view.getInt32(pos, false);
    pos += 4;
    if (headerSize < 0 || pos + headerSize > bytes.length) throw new Error('truncated PBF blob header');
    let type = '';
    let dataSize = 0;
    const h = new ProtoReader(bytes, pos, pos + headerSize);
    while (h.more()) {
      const key = h.varint();
      const field = Math.floor(key / 8);
      if (field === 1) {
        const [s, e] = h.bytes();
        type = utf8.decode(bytes.subarray(s, e));
      } else if (field === 3) dataSize = h.varint();
      else h.skip(key & 7);
    }
    pos += headerSize;
    const blobEnd = pos + dataSize;
    if (blobEnd > bytes.length) throw new Error('truncated PBF blob');
    if (type === 'OSMData') {
      const data = blobData(bytes, pos, blobEnd);
      unpacked += data.length;
      if (unpacked > PBF_MAX_TOTAL_BYTES)
        throw new Error(`PBF unpacks to more than ${PBF_MAX_TOTAL_BYTES / 2 ** 20} MiB: not a county road extract`);
      readPrimitiveBlock(data, visitor);
    } else if (type !== 'OSMHeader') throw new Error(`unknown PBF blob type "${type}"`);
    pos = blobEnd;
  }
}

function blobData(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const r = new ProtoReader(bytes, start, end);
  while (r.more()) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    if (field === 1) {
      const [s, e] = r.bytes();
      return bytes.subarray(s, e);
    }
    if (field === 3) {
      const [s, e] = r.bytes();
      try {
        return inflateSync(bytes.subarray(s, e), { maxOutputLength: PBF_MAX_BLOB_BYTES });
      } catch (err) {
        if (err instanceof RangeError)
          throw new Error(`PBF blob unpacks to more than ${PBF_MAX_BLOB_BYTES / 2 ** 20} MiB (the format's limit)`);
        throw err;
      }
    }
    if (field === 4 || field === 6 || field === 7) throw new Error('unsupported PBF compression (only zlib and raw)');
    r.skip(key & 7);
  }
  throw new Error('PBF blob without data');
}

function readPrimitiveBlock(buf: Uint8Array, visitor: OsmVisitor): void {
  const ctx: BlockContext = { strings: [], granularity: 100, latOffset: 0, lonOffset: 0 };
  const groups: Array<[number, number]> = [];
  const r = new ProtoReader(buf);
  while (r.more()) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    if (field === 1) {
      const [s, e] = r.bytes();
      const st = new ProtoReader(buf, s, e);
      while (st.more()) {
        const k = st.varint();
        if (Math.floor(k / 8) === 1) {
          const [a, b] = st.bytes();
          ctx.strings.push(utf8.decode(buf.subarray(a, b)));
        } else st.skip(k & 7);
      }
    } else if (field === 2) groups.push(r.bytes());
    else if (field === 17) ctx.granularity = r.varint();
    else if (field === 19) ctx.latOffset = r.ivarint();
    else if (field === 20) ctx.lonOffset = r.ivarint();
    else r.skip(key & 7);
  }
  for (const [s, e] of groups) readGroup(buf, s, e, ctx, visitor);
}

function readGroup(buf: Uint8Array, start: number, end: number, ctx: BlockContext, visitor: OsmVisitor): void {
  const r = new ProtoReader(buf, start, end);
  while (r.more()) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    if (field === 1 && visitor.node) readNode(buf, ...r.bytes(), ctx, visitor);
    else if (field === 2 && visitor.node) readDense(buf, ...r.bytes(), ctx, visitor);
    else if (field === 3 && visitor.way) readWay(buf, ...r.bytes(), ctx, visitor);
    else r.skip(key & 7);
  }
}

function tagsOf(keys: number[], vals: number[], strings: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) tags[strings[keys[i]]] = strings[vals[i]];
  return tags;
}

const readU = (r: ProtoReader) => r.varint();
const readS = (r: ProtoReader) => r.svarint();

/** Fields 1–3 of a Node or a Way (id, tag keys, tag values); `other` reads any other field and says whether it did. */
function readElement(
  r: ProtoReader,
  id: (r: ProtoReader) => number,
  other: (field: number, wireType: number) => boolean,
): { id: number; keys: number[]; vals: number[] } {
  const element = { id: 0, keys: [] as number[], vals: [] as number[] };
  while (r.more()) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    if (field === 1) element.id = id(r);
    else if (field === 2) r.repeated(key & 7, readU, element.keys);
    else if (field === 3) r.repeated(key & 7, readU, element.vals);
    else if (!other(field, key & 7)) r.skip(key & 7);
  }
  return element;
}

/** A node's position: lat/lon in units of `granularity` nanodegrees from the block's offsets. */
function visitNode(
  visitor: OsmVisitor,
  ctx: BlockContext,
  id: number,
  lat: number,
  lon: number,
  tags: Record<string, string> | null,
): void {
  visitor.node!(
    id,
    1e-9 * (ctx.lonOffset + ctx.granularity * lon),
    1e-9 * (ctx.latOffset + ctx.granularity * lat),
    tags,
  );
}

function readNode(buf: Uint8Array, start: number, end: number, ctx: BlockContext, visitor: OsmVisitor): void {
  const r = new ProtoReader(buf, start, end);
  let lat = 0;
  let lon = 0;
  // Node ids are sint64
  const node = readElement(r, readS, (field) => {
    if (field === 8) lat = r.svarint();
    else if (field === 9) lon = r.svarint();
    else return false;
    return true;
  });
  visitNode(visitor, ctx, node.id, lat, lon, node.keys.length ? tagsOf(node.keys, node.vals, ctx.strings) : null);
}

function readDense(buf: Uint8Array, start: number, end: number, ctx: BlockContext, visitor: OsmVisitor): void {
  const r = new ProtoReader(buf, start, end);
  const ids: number[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const keysVals: number[] = [];
  while (r.more()) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    if (field === 1) r.repeated(key & 7, readS, ids);
    else if (field === 8) r.repeated(key & 7, readS, lats);
    else if (field === 9) r.repeated(key & 7, readS, lons);
    else if (field === 10) r.repeated(key & 7, readU, keysVals);
    else r.skip(key & 7);
  }
  let id = 0;
  let lat = 0;
  let lon = 0;
  let kv = 0;
  for (let i = 0; i < ids.length; i++) {
    id += ids[i];
    lat += lats[i];
    lon += lons[i];
    // keys_vals: (key, val)* 0 per node; empty when no node in the block has tags.
    let tags: Record<string, string> | null = null;
    if (keysVals.length) {
      while (kv < keysVals.length && keysVals[kv] !== 0) {
        tags ??= {};
        tags[ctx.strings[keysVals[kv]]] = ctx.strings[keysVals[kv + 1]];
        kv += 2;
      }
      kv++;
    }
    visitNode(visitor, ctx, id, lat, lon, tags);
  }
}

function readWay(buf: Uint8Array, start: number, end: number, ctx: BlockContext, visitor: OsmVisitor): void {
  const r = new ProtoReader(buf, start, end);
  const deltas: number[] = [];
  // Way ids are int64
  const way = readElement(r, readU, (field, wireType) => {
    if (field !== 8) return false;
    r.repeated(wireType, readS, deltas);
    return true;
  });
  const refs = new Array<number>(deltas.length);
  let ref = 0;
  for (let i = 0; i < deltas.length; i++) refs[i] = ref += deltas[i];
  visitor.way!(way.id, refs, tagsOf(way.keys, way.vals, ctx.strings));
}
