/**
 * CJK text in server-side PDFs (pdfmake 0.2 / pdfkit) with a font from npm, no system font: LXGW WenKai Lite
 * (霞鹜文楷 Lite, SIL OFL) from the package lxgw-wenkai-lite-webfont. Why this one: it covers GB 2312 plus
 * common characters, is OFL, and ships as ~100 unicode-range subsets of WOFF2 (which fontkit reads), so a
 * document reads only the few subsets its text uses. The package's CSS says which subset holds which code
 * point; text is cut into runs per subset, each run naming its subset as the pdfmake font. fontkit's own WOFF2
 * reader yields glyph tables its subsetter cannot re-encode, so the used subsets are decoded to TTF first with
 * wawoff2 (Google's woff2 decoder compiled to WebAssembly).
 */
import { loadWoff2 } from './lazy.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.dirname(require.resolve('lxgw-wenkai-lite-webfont/package.json'));
const CSS = 'lxgwwenkailite-regular.css';

export interface TextRun {
  text: string;
  font: string;
}

interface FontIndex {
  /** Sorted [from, to, subset] ranges. */
  ranges: Array<[number, number, number]>;
  files: string[];
}

let index: FontIndex | null = null;

function fontIndex(): FontIndex {
  if (index) return index;
  const css = readFileSync(path.join(PACKAGE_DIR, CSS), 'utf8');
  const files: string[] = [];
  const ranges: Array<[number, number, number]> = [];
  for (const block of css.split('@font-face').slice(1)) {
    const src = /url\('?\.\/([^')]+)'?\)/.exec(block);
    const range = /unicode-range:\s*([^;}]+)/.exec(block);
    if (!src || !range) continue;
    const k = files.push(path.join(PACKAGE_DIR, src[1])) - 1;
    for (const part of range[1].split(',')) {
      const m = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (!m) continue;
      const from = parseInt(m[1].replace(/\?/g, '0'), 16);
      const to = m[2] ? parseInt(m[2], 16) : parseInt(m[1].replace(/\?/g, 'f'), 16);
      ranges.push([from, to, k]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  index = { ranges, files };
  return index;
}

function subsetOf(cp: number): number {
  const { ranges } = fontIndex();
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return r[2];
  }
  return -1;
}

/** pdfmake font name of subset k. */
const fontName = (k: number) => `wk${k}`;

/** Cuts text into runs that each one subset can draw; characters no subset has fall back to the space's subset. */
export function cjkRuns(text: string): TextRun[] {
  const fallback = subsetOf(0x20);
  const runs: TextRun[] = [];
  for (const ch of text) {
    let k = subsetOf(ch.codePointAt(0)!);
    if (k < 0) k = fallback;
    const last = runs[runs.length - 1];
    if (last && last.font === fontName(k)) last.text += ch;
    else runs.push({ text: ch, font: fontName(k) });
  }
  return runs;
}

type FontFaces = { normal: string; bold: string; italics: string; bolditalics: string };

/** Decoded TTFs are cached as files (pdfmake 0.2 in Node takes font paths; Buffers do not survive its font table). */
const CACHE_DIR = path.join(
  process.env.GONGPEI_CACHE_DIR ?? path.join(tmpdir(), 'gongpei-cache'),
  'fonts',
  'lxgw-wenkai-lite',
);

/** The pdfmake font table for the runs of a document: only the subsets they use, decoded to TTF once. */
export async function cjkFonts(runs: Iterable<TextRun>): Promise<Record<string, FontFaces>> {
  const used = new Set<string>([DEFAULT_FONT()]);
  for (const r of runs) used.add(r.font);
  const out: Record<string, FontFaces> = {};
  mkdirSync(CACHE_DIR, { recursive: true });
  for (const name of used) {
    const k = Number(name.slice(2));
    const src = fontIndex().files[k];
    const file = path.join(CACHE_DIR, `${path.basename(src, '.woff2')}.ttf`);
    if (!existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.from(await (await loadWoff2()).decompress(readFileSync(src))));
      renameSync(tmp, file);
    }
    out[name] = { normal: file, bold: file, italics: file, bolditalics: file };
  }
  return out;
}

export const DEFAULT_FONT = () => fontName(subsetOf(0x20));
