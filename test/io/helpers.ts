/** Test helpers: copy the tiny fixture county to a temp folder and edit its files. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINY_COUNTY = join(import.meta.dirname, '..', 'fixtures', 'tiny-county');

export function tempDir(prefix = 'gongpei-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh copy of the tiny county in a temp folder. */
export function copyTinyCounty(): string {
  const dir = join(tempDir(), 'tiny-county');
  cpSync(TINY_COUNTY, dir, { recursive: true });
  return dir;
}

/** Replace line `line` (1-based) of a file. */
export function setLine(file: string, line: number, text: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = text;
  writeFileSync(file, lines.join('\n'));
}

export function getLine(file: string, line: number): string {
  return readFileSync(file, 'utf8').split('\n')[line - 1];
}
