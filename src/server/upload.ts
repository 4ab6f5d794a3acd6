/**
 * Scenario import/export over HTTP. An upload (a zip of a scenario folder, or the folder's files sent as
 * multipart parts) is unpacked into a temporary folder and read with the same reader as `gongpei import`,
 * so the API and the CLI validate identically. Nothing touches the store until the whole folder is valid.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { FieldIssue, Scenario } from '../model/types.ts';
import { readScenarioFolder, writeScenarioFolder } from '../io/scenario-folder.ts';
import { formatIssues } from '../model/validate.ts';
import { HttpError } from './errors.ts';

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** Largest total of unpacked bytes accepted from one zip (zip bombs). */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Flattens a zip to the files of the folder that holds county.json. */
export function unzipScenario(bytes: Uint8Array, zipName = 'upload.zip'): UploadedFile[] {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNPACKED_BYTES) throw new HttpError(413, 'payload_too_large', `${zipName}: unpacked size exceeds ${MAX_UNPACKED_BYTES} bytes`);
        return !file.name.endsWith('/') && !file.name.startsWith('__MACOSX/');
      },
    });
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'invalid_upload', `${zipName}: not a readable zip file (${err instanceof Error ? err.message : err})`, 'file');
  }
  const countyPaths = Object.keys(entries)
    .filter((name) => path.posix.basename(name) === 'county.json')
    .sort((a, b) => a.length - b.length);
  if (countyPaths.length === 0) {
    throw new HttpError(400, 'invalid_scenario', `${zipName}: no county.json in the zip (expected a scenario folder)`, 'file', [
      { file: 'county.json', row: null, field: null, message: 'missing from the upload' },
    ]);
  }
  const root = path.posix.dirname(countyPaths[0]!);
  const prefix = root === '.' ? '' : `${root}/`;
  const files: UploadedFile[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (rest.includes('/')) continue; // sub-folders are not part of the format
    files.push({ name: rest, bytes: data });
  }
  return files;
}

/** Expand uploaded parts: a single zip part becomes its files. */
export function expandUpload(parts: UploadedFile[]): UploadedFile[] {
  if (parts.length === 0) {
    throw new HttpError(400, 'invalid_upload', 'no files uploaded: send a zip of a scenario folder or its files as multipart parts', 'file');
  }
  const zipParts = parts.filter((p) => isZip(p.bytes) && !p.name.endsWith('.pbf'));
  if (zipParts.length > 0) {
    if (parts.length > 1) throw new HttpError(400, 'invalid_upload', 'send either one zip or the individual files, not both', 'file');
    return unzipScenario(zipParts[0]!.bytes, zipParts[0]!.name);
  }
  return parts;
}

function issuesOf(err: unknown): FieldIssue[] | undefined {
  const issues = (err as { issues?: unknown })?.issues;
  return Array.isArray(issues) ? (issues as FieldIssue[]) : undefined;
}

/** Validates the files as a scenario folder. Throws HttpError 400 with the file:row:field issues. */
export async function scenarioFromFiles(files: UploadedFile[]): Promise<Scenario> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongpei-upload-'));
  try {
    const seen = new Set<string>();
    for (const f of files) {
      const name = path.basename(f.name);
      if (!SAFE_NAME.test(name)) throw new HttpError(400, 'invalid_upload', `unsafe file name "${f.name}"`, 'file');
      if (seen.has(name)) throw new HttpError(400, 'invalid_upload', `file "${name}" uploaded twice`, 'file');
      seen.add(name);
      await writeFile(path.join(dir, name), f.bytes);
    }
    if (!seen.has('county.json')) {
      throw new HttpError(400, 'invalid_scenario', 'county.json: missing from the upload', 'file', [
        { file: 'county.json', row: null, field: null, message: 'missing from the upload' },
      ]);
    }
    try {
      return await readScenarioFolder(dir);
    } catch (err) {
      const issues = issuesOf(err);
      if (issues && issues.length > 0) {
        const n = issues.length;
        throw new HttpError(400, 'invalid_scenario', `invalid scenario: ${n} problem${n === 1 ? '' : 's'}\n${formatIssues(issues)}`, undefined, issues);
      }
      // Not a field problem (e.g. unreadable file): keep the reader's text, without our temp folder path.
      const message = (err instanceof Error ? err.message : String(err)).replaceAll(dir + path.sep, '').replaceAll(dir, 'upload');
      throw new HttpError(400, 'invalid_scenario', message, undefined, [{ file: '', row: null, field: null, message }]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
