/**
 * Text of a PDF for tests: pdftotext (poppler-utils) when installed; else the characters the PDF's ToUnicode
 * maps declare (every stream inflated, bfchar/bfrange targets collected), which proves the text is extractable.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

/** Checks Chinese text is extractable: as a phrase with pdftotext, else every character via ToUnicode. */
export function pdfHasText(file: string, phrase: string): boolean {
  const text = pdfText(file);
  return hasPdftotext()
    ? text.replace(/\s+/g, ' ').includes(phrase)
    : [...phrase.replace(/\s/g, '')].every((c) => text.includes(c));
}

export function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pdfText(file: string): string {
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  } catch {
    return toUnicodeChars(readFileSync(file));
  }
}

export function toUnicodeChars(pdf: Buffer): string {
  const out = new Set<string>();
  const hexChars = (hex: string) => {
    const codes: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...codes);
  };
  let at = 0;
  for (;;) {
    const s = pdf.indexOf('stream', at);
    if (s < 0) break;
    const start = pdf[s + 6] === 0x0d ? s + 8 : s + 7;
    const end = pdf.indexOf('endstream', start);
    if (end < 0) break;
    at = end + 9;
    let text: string;
    try {
      text = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    if (!text.includes('beginbf')) continue;
    for (const m of text.matchAll(/<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>/g)) out.add(hexChars(m[1]));
    for (const m of text.matchAll(/<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\[([^\]]*)\]/g))
      for (const h of m[1].matchAll(/<([0-9a-fA-F]+)>/g)) out.add(hexChars(h[1]));
  }
  return [...out].join('');
}
