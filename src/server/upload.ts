/**
 * Scenario import/export over HTTP. An upload (a zip of a scenario folder, or the folder's files sent as
 * multipart parts) is unpacked in memory under byte limits and read with the same reader as `gongpei import`
 * (parseScenarioFiles) in a worker thread, so the API and the CLI validate identically and a big file never
 * blocks other requests. Nothing touches the store until the whole folder is valid.
 */
import { mkdtemp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Unzip, UnzipInflate, zipSync } from 'fflate';
import type { FieldIssue, Scenario } from '../model/types.ts';
import { writeScenarioFolder, type ScenarioFiles } from '../io/scenario-folder.ts';
import { formatIssues } from '../model/validate.ts';
import { HttpError } from './errors.ts';
import type { WorkerInput } from './protocol.ts';
import type { ParseOutcome } from './parse-worker.ts';

const BOOT_URL = new URL('./worker-boot.mjs', import.meta.url);
const PARSE_WORKER_URL = new URL('./parse-worker.ts', import.meta.url).href;
/** Heap of the parser worker: a 64 MB upload parses in a few hundred MB; beyond that it is refused. */
const PARSE_HEAP_MB = 768;

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Bounds of one upload, far below the server's memory: a 1 MB zip may claim anything in its headers, so the
 * bytes are counted as they come out of the inflater, never trusted from the directory.
 */
export interface UploadLimits {
  /** Unpacked bytes of one file of the zip. */
  maxFileBytes: number;
  /** Unpacked bytes of all files together. */
  maxTotalBytes: number;
  /** Entries in the zip (folders and skipped files included). */
  maxEntries: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 200,
};

/** Issues returned in an error body: the first 100 and the total count (a bad 30 MB file has millions). */
export const MAX_ISSUES_IN_BODY = 100;
/** One issue message is cut here, so an error never echoes a large piece of the file back. */
const MAX_ISSUE_MESSAGE = 300;
/** Compressed bytes handed to the inflater at once: deflate expands at most ~1032×, so one push adds ≤ ~16 MB. */
const INFLATE_CHUNK = 16 * 1024;

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const tooLarge = (message: string) => new HttpError(413, 'payload_too_large', message, 'file');

/**
 * Flattens a zip to the files of the folder that holds county.json. Streams the inflation in small pushes
 * and stops at the first limit crossed (413), so a zip bomb costs at most about one limit of memory.
 */
export function unzipScenario(
  bytes: Uint8Array,
  zipName = 'upload.zip',
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): UploadedFile[] {
  const entries = new Map<string, Uint8Array[]>();
  let total = 0;
  let count = 0;
  let failure: HttpError | null = null;
  const unzip = new Unzip((file) => {
    count++;
    if (count > limits.maxEntries) {
      failure ??= tooLarge(`${zipName}: more than ${limits.maxEntries} entries`);
      return;
    }
    if (file.name.endsWith('/') || file.name.startsWith('__MACOSX/')) return;
    if (entries.has(file.name)) {
      // Two entries of one name: the reader would keep the last, silently, so the folder checked is not the
      // folder the user sees in their zip tool.
      failure ??= new HttpError(
        400,
        'invalid_upload',
        `${zipName}: entry "${file.name.slice(0, 200)}" appears twice in the zip; keep one (压缩包中条目“${file.name.slice(0, 200)}”出现两次，请只保留一个)`,
        'file',
      );
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    entries.set(file.name, chunks);
    file.ondata = (err, data) => {
      if (failure) return;
      if (err) {
        failure = new HttpError(
          400,
          'invalid_upload',
          `${zipName}: ${file.name}: not readable (${err.message})`,
          'file',
        );
        return;
      }
      size += data.length;
      total += data.length;
      if (size > limits.maxFileBytes) {
        failure = tooLarge(
          `${zipName}: ${file.name} unpacks to more than ${limits.maxFileBytes} bytes (the limit of one file)`,
        );
        file.terminate();
      } else if (total > limits.maxTotalBytes) {
        failure = tooLarge(`${zipName}: unpacked size exceeds ${limits.maxTotalBytes} bytes`);
        file.terminate();
      } else chunks.push(data);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !failure; at += INFLATE_CHUNK) {
      const end = Math.min(bytes.length, at + INFLATE_CHUNK);
      unzip.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch (err) {
    failure ??= new HttpError(
      400,
      'invalid_upload',
      `${zipName}: not a readable zip file (${err instanceof Error ? err.message : err})`,
      'file',
    );
  }
  if (failure) throw failure;
  const countyPaths = [...entries.keys()]
    .filter((name) => path.posix.basename(name) === 'county.json')
    .sort((a, b) => a.length - b.length);
  if (countyPaths.length === 0) {
    throw new HttpError(
      400,
      'invalid_scenario',
      `${zipName}: no county.json in the zip (expected a scenario folder)`,
      'file',
      [{ file: 'county.json', row: null, field: null, message: 'missing from the upload' }],
    );
  }
  const root = path.posix.dirname(countyPaths[0]);
  const prefix = root === '.' ? '' : `${root}/`;
  const files: UploadedFile[] = [];
  for (const [name, chunks] of entries) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (rest.includes('/')) continue; // sub-folders are not part of the format
    files.push({ name: rest, bytes: concat(chunks) });
  }
  return files;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Expand uploaded parts: a single zip part becomes its files. Parts sent one by one are bounded the same way. */
export function expandUpload(parts: UploadedFile[], limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): UploadedFile[] {
  if (parts.length === 0) {
    throw new HttpError(
      400,
      'invalid_upload',
      'no files uploaded: send a zip of a scenario folder or its files as multipart parts',
      'file',
    );
  }
  const zipParts = parts.filter((p) => isZip(p.bytes) && !p.name.endsWith('.pbf'));
  if (zipParts.length > 0) {
    if (parts.length > 1)
      throw new HttpError(400, 'invalid_upload', 'send either one zip or the individual files, not both', 'file');
    return unzipScenario(zipParts[0].bytes, zipParts[0].name, limits);
  }
  let total = 0;
  for (const p of parts) {
    if (p.bytes.length > limits.maxFileBytes)
      throw tooLarge(`${p.name}: larger than ${limits.maxFileBytes} bytes (the limit of one file)`);
    total += p.bytes.length;
  }
  if (total > limits.maxTotalBytes) throw tooLarge(`upload: files total more than ${limits.maxTotalBytes} bytes`);
  return parts;
}

/** The first MAX_ISSUES_IN_BODY issues, each message cut short; the caller reports the full count. */
export function boundIssues(issues: FieldIssue[]): FieldIssue[] {
  return issues
    .slice(0, MAX_ISSUES_IN_BODY)
    .map((i) =>
      i.message.length > MAX_ISSUE_MESSAGE ? { ...i, message: `${i.message.slice(0, MAX_ISSUE_MESSAGE)}…` } : i,
    );
}

/**
 * Validates the files as a scenario folder, in a worker thread with its own heap limit: a large or hostile
 * file never blocks the requests of others, nor grows the server's heap. Throws HttpError 400 with the first
 * 100 file:row:field issues and their total count.
 */
export async function scenarioFromFiles(files: UploadedFile[]): Promise<Scenario> {
  const named: ScenarioFiles = {};
  for (const f of files) {
    const name = path.basename(f.name);
    if (!SAFE_NAME.test(name))
      throw new HttpError(400, 'invalid_upload', `unsafe file name "${f.name.slice(0, 100)}"`, 'file');
    if (named[name] !== undefined) throw new HttpError(400, 'invalid_upload', `file "${name}" uploaded twice`, 'file');
    named[name] = f.bytes;
  }
  if (named['county.json'] === undefined) {
    throw new HttpError(400, 'invalid_scenario', 'county.json: missing from the upload', 'file', [
      { file: 'county.json', row: null, field: null, message: 'missing from the upload' },
    ]);
  }
  const outcome = await parseInWorker(named);
  if (outcome.ok) return outcome.scenario;
  const issues = outcome.issues;
  const n = outcome.issueCount;
  const shown = boundIssues(issues);
  throw new HttpError(
    400,
    'invalid_scenario',
    `invalid scenario: ${n} problem${n === 1 ? '' : 's'}\n${formatIssues(shown)}`,
    undefined,
    shown,
    n,
  );
}

/** Parser worker: the same reader as `gongpei import`, off the request thread, with a bounded heap. */
function parseInWorker(files: ScenarioFiles): Promise<ParseOutcome> {
  return new Promise((resolve, reject) => {
    const input: WorkerInput = { entry: PARSE_WORKER_URL };
    const worker = new Worker(BOOT_URL, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: PARSE_HEAP_MB },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on('message', (msg: ParseOutcome | { type: 'ready' }) => {
      if ('type' in msg) {
        worker.postMessage(files);
        return;
      }
      finish(() => resolve(msg));
    });
    worker.on('error', (err) =>
      finish(() =>
        reject(
          (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLarge(`the upload needs more than ${PARSE_HEAP_MB} MB to read: split it or reduce it`)
            : new HttpError(400, 'invalid_scenario', 'the upload could not be read'),
        ),
      ),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(
          new HttpError(400, 'invalid_scenario', `the upload could not be read (reader exited with code ${code})`),
        ),
      ),
    );
  });
}

/** The scenario as a zip of its folder (the same files `gongpei export` writes). */
export async function scenarioZip(scenario: Scenario, folderName: string): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongpei-export-'));
  try {
    const out = path.join(dir, folderName);
    await mkdir(out);
    await writeScenarioFolder(scenario, out);
    const entries: Record<string, Uint8Array> = {};
    for (const name of await readdir(out)) entries[`${folderName}/${name}`] = await readFile(path.join(out, name));
    return zipSync(entries, { level: 6 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
