/**
 * The bad-input corpus (test/fixtures/bad/<folder>/cases.json, described in its README): every case gets the
 * expected status / exit code and message fragment, and the store is logically unchanged afterwards (every
 * row of every table compared, not counts; the audit table alone grows, by design).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { zipSync } from 'fflate';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { REPO, TINY_DIR, startTestServer, type TestServer } from './helpers.ts';

const BAD = path.join(REPO, 'test/fixtures/bad');

interface Expect {
  status?: number;
  exit?: number;
  message: string;
}
interface Case {
  name: string;
  expect: Expect;
  [key: string]: unknown;
}
interface Outcome {
  status?: number;
  exit?: number;
  text: string;
}

let srv: TestServer;
let work = '';
beforeAll(async () => {
  srv = await startTestServer();
  work = mkdtempSync(path.join(tmpdir(), 'gongpei-bad-'));
  process.env.GONGPEI_LOG = 'silent';
});
afterAll(async () => {
  await srv?.close();
  rmSync(work, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  new Promise<Outcome>((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO, 'bin/gongpei.js'), ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ exit: err ? Number((err as { code?: number }).code ?? 1) : 0, text: `${stdout}\n${stderr}` });
      },
    );
  });

/** The API's error message (JSON unescaped), or the CLI's output as it is. */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // not JSON: CLI output
  }
  return text;
}

let n = 0;
/** The tiny county with the case's edits, in a fresh folder. */
function editedFolder(edits: Array<Record<string, unknown>>): string {
  const dir = path.join(work, `case-${++n}`);
  cpSync(TINY_DIR, dir, { recursive: true });
  for (const op of edits) {
    if (op.delete) rmSync(path.join(dir, String(op.delete)));
    else if (op.write) writeFileSync(path.join(dir, (op.write as string[])[0]), (op.write as string[])[1]);
    else if (op.writeBytes)
      writeFileSync(
        path.join(dir, (op.writeBytes as string[])[0]),
        Buffer.from((op.writeBytes as string[])[1], 'base64'),
      );
    else if (op.append) {
      const [file, line] = op.append as string[];
      const text = readFileSync(path.join(dir, file!), 'utf8');
      writeFileSync(path.join(dir, file!), `${text.replace(/\n?$/, '\n')}${line}\n`);
    } else if (op.replace) {
      const [file, from, to] = op.replace as string[];
      const text = readFileSync(path.join(dir, file!), 'utf8');
      if (!text.includes(from!)) throw new Error(`case edit: "${from}" not in ${file}`);
      writeFileSync(path.join(dir, file!), text.replace(from!, to!));
    } else throw new Error(`unknown edit ${JSON.stringify(op)}`);
  }
  return dir;
}

/** A zip of stored (uncompressed) entries in the given order; names may repeat. */
function storedZip(list: Array<{ name: string; bytes: Buffer }>): Uint8Array<ArrayBuffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, bytes } of list) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(bytes.length, 20);
    central.writeUInt32LE(bytes.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, bytes);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + bytes.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(list.length, 8);
  end.writeUInt16LE(list.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Uint8Array.from(Buffer.concat([...locals, cd, end]));
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const RUNNERS: Record<string, (c: Case) => Promise<Outcome[]>> = {
  async folder(c) {
    const dir = editedFolder(c.edit as Array<Record<string, unknown>>);
    const entries: Record<string, Uint8Array> = {};
    for (const name of readdirSync(dir)) entries[`county/${name}`] = readFileSync(path.join(dir, name));
    // `zipAlso`: more entries after the folder's, names may repeat one already there (fflate's zipSync takes
    // an object, so those zips are written stored, by hand).
    const also = (c.zipAlso as string[][] | undefined) ?? [];
    const body = also.length
      ? storedZip([
          ...Object.entries(entries).map(([name, bytes]) => ({ name, bytes: Buffer.from(bytes) })),
          ...also.map(([name, text]) => ({ name: name!, bytes: Buffer.from(text!) })),
        ])
      : zipSync(entries);
    const res = await fetch(`${srv.url}/api/scenarios?id=badcase`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/zip' },
      body,
    });
    const out: Outcome[] = [{ status: res.status, text: await res.text() }];
    if (c.cli) out.push(await cli('--data-dir', srv.dir, 'import', dir, '--id', 'badcase'));
    return out;
  },
  async request(c) {
    const r = c.request as {
      method: string;
      path: string;
      body?: unknown;
      bodyText?: string;
      contentType?: string;
      headers?: Record<string, string>;
    };
    const body = r.bodyText ?? (r.body === undefined ? undefined : JSON.stringify(r.body));
    const res = await fetch(srv.url + r.path, {
      method: r.method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': r.contentType ?? 'application/json' } : {}),
        ...(r.headers ?? {}),
      },
      body,
    });
    return [{ status: res.status, text: await res.text() }];
  },
  async solve(c) {
    const file = path.join(work, `solve-${++n}`, String(c.file));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, String(c.content));
    return [await cli('solve', file, '--time', '1', '--json')];
  },
};

const groups = readdirSync(BAD, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(BAD, d.name, 'cases.json')))
  .map((d) => ({
    folder: d.name,
    ...(JSON.parse(readFileSync(path.join(BAD, d.name, 'cases.json'), 'utf8')) as { kind: string; cases: Case[] }),
  }));

test('the corpus has at least 120 cases and every kind has a runner', () => {
  expect(groups.reduce((s, g) => s + g.cases.length, 0)).toBeGreaterThanOrEqual(120);
  for (const g of groups) {
    expect(Object.keys(RUNNERS), g.folder).toContain(g.kind);
    for (const c of g.cases) if (c.kind) expect(Object.keys(RUNNERS), c.name).toContain(c.kind);
  }
});

for (const group of groups) {
  describe(group.folder, () => {
    for (const c of group.cases) {
      test(
        c.name,
        async () => {
          const store = srv.store as SqliteStore;
          // The audit table records the refused attempt on purpose; every other table must be unchanged.
          const dump = () => {
            const { audit: _audit, ...rest } = store.logicalDump();
            return rest;
          };
          const before = dump();
          for (const out of await RUNNERS[(c.kind as string | undefined) ?? group.kind](c)) {
            if (out.status !== undefined) expect(out.status, out.text.slice(0, 500)).toBe(c.expect.status);
            if (out.exit !== undefined) expect(out.exit, out.text.slice(0, 500)).toBe(c.expect.exit);
            expect(messageOf(out.text)).toContain(c.expect.message);
            expect(out.text).not.toMatch(/at .*\.ts:\d+/); // no stack traces
          }
          expect(dump()).toEqual(before);
        },
        90_000,
      );
    }
  });
}
